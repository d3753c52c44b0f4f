import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { workOrderMachine, workOrderOperationMachine } from '../transitions';
import { lockOperation } from './lock-work-order';

/** The department starts its operation; the first one started puts the work order in progress. */
export async function startOperation(tx: Tx, workOrderId: string, sequence: number, note?: string) {
  const { order, workOrder, operation } = await lockOperation(tx, workOrderId, sequence);
  const at = { orderId: order.id, customerId: order.customer_id, stage: 'fulfillment' as const };
  await applyTransition(tx, workOrderOperationMachine, { id: operation.id, to: 'in_progress', ...at, data: { work_order: workOrder.number, sequence, ...(note ? { note } : {}) } });
  await tx.db.updateTable('work_order_operations').set({ started_at: tx.now }).where('id', '=', operation.id).execute();
  if (workOrder.status === 'released') {
    await applyTransition(tx, workOrderMachine, { id: workOrder.id, to: 'in_progress', ...at, data: { number: workOrder.number } });
    await tx.db.updateTable('work_orders').set({ started_at: tx.now }).where('id', '=', workOrder.id).execute();
  }
  return workOrderId;
}
