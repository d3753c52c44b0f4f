import { AppError } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { updateProduct } from '../../planning/commands/update-product';
import { requireProduct } from '../../planning/queries/get-catalog';
import { productCost } from '../queries/product-cost';

/**
 * Make a product's rolled-up unit cost (for a lot of `quantity`) its standard cost. Planning's own command
 * changes the product (its `product.updated` event says from what to what); this adds the pricing event
 * with the totals it came from. Parents costed later use the roll-up of their made components anyway;
 * the standard cost is what quotes and reports read.
 */
export async function rollUpStandardCost(tx: Tx, productId: string, input: { quantity?: number | undefined }) {
  const quantity = input.quantity ?? 1;
  const before = (await requireProduct(tx.db, productId)).standard_cost_amount;
  const cost = await productCost(tx.db, productId, quantity);
  if (cost.method !== 'rolled_up') {
    throw new AppError('conflict', `${cost.sku} has no bill of materials or routing to roll up; set its standard cost with PATCH /v1/products/${productId}.`, {
      product_id: productId,
    });
  }
  const product = await updateProduct(tx, productId, { standard_cost: cost.unit.total });
  await appendEvent(tx, {
    type: 'product.standard_cost_rolled_up',
    subject: { type: 'product', id: productId },
    stage: 'pricing',
    data: {
      quantity,
      from: before === null ? null : { amount: before, currency: cost.currency },
      to: cost.unit.total,
      unit: cost.unit,
      totals: cost.totals,
    },
  });
  return { product, cost };
}
