import type { z } from 'zod';
import { AppError, invalidFields } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { requireProduct, requireWarehouse } from '../queries/get-catalog';
import type { AdjustmentBody } from '../schemas';
import { moveStock } from './move-stock';

/** A counted correction of stock on hand (cycle count, damage, found goods), with its reason. */
export async function adjustStock(tx: Tx, input: z.infer<typeof AdjustmentBody>) {
  const product = await requireProduct(tx.db, input.product_id);
  await requireWarehouse(tx.db, input.warehouse_id);
  if (product.kind === 'service') throw invalidFields({ product_id: `${product.sku} is a service; services have no stock.` });
  if (!product.active && input.quantity > 0) throw new AppError('conflict', `${product.sku} is inactive; reactivate it before adding stock.`, { product_id: product.id });
  const { movement, onHand, reserved } = await moveStock(tx, {
    productId: input.product_id,
    warehouseId: input.warehouse_id,
    kind: 'adjustment',
    onHandDelta: input.quantity,
    reservedDelta: 0,
    reason: input.reason,
  });
  await appendEvent(tx, {
    type: 'stock.adjusted',
    subject: { type: 'product', id: input.product_id },
    stage: 'planning',
    data: { warehouse_id: input.warehouse_id, quantity: input.quantity, reason: input.reason, movement_id: movement.id, on_hand: onHand, reserved },
  });
  return movement;
}
