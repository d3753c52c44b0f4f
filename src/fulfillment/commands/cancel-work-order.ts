import { SYSTEM_ACTOR } from '../../access/roles';
import { AppError } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import type { Tx } from '../../db/transaction';
import { workOrderMachine } from '../transitions';

/**
 * Stop a work order that is not done: nothing has been consumed or received yet (that happens when it is
 * done), so its line keeps its promise and can be released again.
 */
export async function cancelWorkOrder(tx: Tx, id: string, reason: string) {
  const workOrder = await tx.db.selectFrom('work_orders').innerJoin('orders', 'orders.id', 'work_orders.order_id').select(['work_orders.id', 'work_orders.number', 'work_orders.order_id', 'orders.customer_id']).where('work_orders.id', '=', id).executeTakeFirst();
  if (!workOrder) throw new AppError('not_found', `No work order with id ${id}.`, { id });
  await applyTransition(tx, workOrderMachine, { id, to: 'cancelled', orderId: workOrder.order_id, customerId: workOrder.customer_id, stage: 'fulfillment', data: { number: workOrder.number, reason } });
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, id, `work order cancelled: ${reason}`);
  return id;
}

/** An order is cancelled: its work orders that are not done stop with it. */
export async function cancelOpenWorkOrders(tx: Tx, orderId: string, reason: string) {
  const open = await tx.db.selectFrom('work_orders').select('id').where('order_id', '=', orderId).where('status', 'in', ['released', 'in_progress']).orderBy('id').execute();
  for (const w of open) await cancelWorkOrder({ ...tx, actor: SYSTEM_ACTOR }, w.id, reason);
}
