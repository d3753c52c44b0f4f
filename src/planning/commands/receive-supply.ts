import { invalidFields, notFound } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { presentSupply } from '../schemas';
import { supplyMachine } from '../transitions';
import { moveStock } from './move-stock';

/** Goods arrived: stock on hand goes up by a receipt movement; the supply is received in full or in part. */
export async function receiveSupply(tx: Tx, id: string, input: { quantity?: number | undefined; note?: string | undefined }) {
  const where = await tx.db.selectFrom('supply').select(['product_id', 'warehouse_id']).where('id', '=', id).executeTakeFirst();
  if (!where) throw notFound('supply', id);
  // Stock row before supply row: the same lock order as order entry, so the two never deadlock.
  await tx.db.selectFrom('stock').select('on_hand').where('product_id', '=', where.product_id).where('warehouse_id', '=', where.warehouse_id).forUpdate().execute();
  const supply = await tx.db.selectFrom('supply').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  const outstanding = supply.quantity - supply.received_quantity;
  const quantity = input.quantity ?? outstanding;
  if (quantity > outstanding && ['open', 'partially_received'].includes(supply.status)) {
    throw invalidFields({ quantity: `Only ${outstanding} of this supply are still expected.` });
  }
  const received = supply.received_quantity + quantity;
  // The transition checks the status first: receiving a cancelled or received supply is a 409.
  await applyTransition(tx, supplyMachine, {
    id,
    to: received === supply.quantity ? 'received' : 'partially_received',
    stage: 'planning',
    data: { product_id: supply.product_id, warehouse_id: supply.warehouse_id, quantity, received_quantity: received, note: input.note ?? null },
  });
  await moveStock(tx, {
    productId: supply.product_id,
    warehouseId: supply.warehouse_id,
    kind: 'receipt',
    onHandDelta: quantity,
    reservedDelta: 0,
    reason: input.note ?? `received from ${supply.reference ?? supply.id}`,
    supplyId: id,
  });
  // Received units that were promised to orders stop being promised incoming units: they are on hand now,
  // and entry reserves them for those orders in the same transaction.
  const updated = await tx.db
    .updateTable('supply')
    .set({ received_quantity: received, promised_quantity: supply.promised_quantity - Math.min(quantity, supply.promised_quantity) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentSupply(updated);
}
