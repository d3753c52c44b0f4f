import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { lockShippableOrder } from './lock-order';

/**
 * A work order and the operation at `sequence`, locked after their order (the lock order of every fulfillment
 * write). Only the operation's own department — or operations, who run the shop — may work it.
 */
export async function lockOperation(tx: Tx, workOrderId: string, sequence: number) {
  const head = await tx.db.selectFrom('work_orders').select('order_id').where('id', '=', workOrderId).executeTakeFirst();
  if (!head) throw notFound('work order', workOrderId);
  const order = await lockShippableOrder(tx, head.order_id);
  const workOrder = await tx.db.selectFrom('work_orders').selectAll().where('id', '=', workOrderId).forUpdate().executeTakeFirstOrThrow();
  const operations = await tx.db.selectFrom('work_order_operations').selectAll().where('work_order_id', '=', workOrderId).orderBy('sequence').forUpdate().execute();
  const operation = operations.find((o) => o.sequence === sequence);
  if (!operation) throw notFound('operation', `${workOrder.number}/${sequence}`);
  const role = tx.actor.role;
  if (role !== operation.department && role !== 'operations' && role !== 'admin' && role !== 'system') {
    throw new AppError('forbidden', `Operation ${sequence} of ${workOrder.number} is ${operation.department}'s.`, { department: operation.department });
  }
  const before = operations.filter((o) => o.sequence < sequence && o.status !== 'done');
  if (before.length > 0) {
    throw new AppError('conflict', `Operation ${before[0]!.sequence} of ${workOrder.number} is not done yet; operations run in sequence.`, { waiting_for: before[0]!.sequence });
  }
  return { order, workOrder, operations, operation };
}
