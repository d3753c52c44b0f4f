import { SYSTEM_ACTOR, type Department } from '../../access/roles';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { reserveMadeUnits } from '../../entry/commands/reserve-made-units';
import { moveStock } from '../../planning/commands/move-stock';
import { workOrderMachine, workOrderOperationMachine } from '../transitions';
import { lockOperation } from './lock-work-order';
import { startOperation } from './start-operation';

/**
 * The department finishes its operation (starting it first if nobody said so). The next operation's
 * department gets the handoff; after the last, the work order is done: components are consumed, the product
 * is received and reserved for its line, and the warehouse gets the handoff to ship it.
 */
export async function completeOperation(tx: Tx, workOrderId: string, sequence: number, note?: string) {
  const first = await lockOperation(tx, workOrderId, sequence);
  if (first.operation.status === 'pending') await startOperation(tx, workOrderId, sequence);
  const { order, workOrder, operations, operation } = await lockOperation(tx, workOrderId, sequence);
  const at = { orderId: order.id, customerId: order.customer_id, stage: 'fulfillment' as const };
  await applyTransition(tx, workOrderOperationMachine, { id: operation.id, to: 'done', ...at, data: { work_order: workOrder.number, sequence, ...(note ? { note } : {}) } });
  await tx.db.updateTable('work_order_operations').set({ completed_at: tx.now, completed_by: tx.actor.id }).where('id', '=', operation.id).execute();
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, workOrder.id, `operation ${sequence} done`);

  const next = operations.find((o) => o.sequence > sequence && o.status !== 'done');
  if (next) {
    await openHandoff(tx, { subject: { type: 'work_order', id: workOrder.id }, department: next.department as Department, ...at, note: `${workOrder.number}: ${next.description}` });
    return workOrderId;
  }
  await finishWorkOrder(tx, workOrder, at);
  return workOrderId;
}

async function finishWorkOrder(
  tx: Tx,
  workOrder: { id: string; number: string; order_line_id: string; product_id: string; quantity: number; warehouse_id: string },
  at: { orderId: string; customerId: string; stage: 'fulfillment' },
) {
  const reason = `work order ${workOrder.number}`;
  const materials = await tx.db.selectFrom('work_order_materials').selectAll().where('work_order_id', '=', workOrder.id).orderBy('component_id').execute();
  // Free stock only: a component reserved for someone's order is not taken (moveStock refuses, naming it).
  for (const m of materials) {
    await moveStock(tx, { productId: m.component_id, warehouseId: workOrder.warehouse_id, kind: 'consumption', onHandDelta: -m.quantity, reservedDelta: 0, orderId: at.orderId, reason });
  }
  await tx.db.updateTable('work_order_materials').set({ consumed: true }).where('work_order_id', '=', workOrder.id).execute();
  await moveStock(tx, { productId: workOrder.product_id, warehouseId: workOrder.warehouse_id, kind: 'production', onHandDelta: workOrder.quantity, reservedDelta: 0, orderId: at.orderId, orderLineId: workOrder.order_line_id, reason });
  const warehouse = await tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('id', '=', workOrder.warehouse_id).executeTakeFirstOrThrow();
  const reserved = await reserveMadeUnits(tx, workOrder.order_line_id, workOrder.quantity, warehouse, `${reason} done at ${warehouse.code}`);
  await applyTransition(tx, workOrderMachine, { id: workOrder.id, to: 'done', ...at, data: { number: workOrder.number, quantity: workOrder.quantity, reserved_for_line: reserved } });
  await tx.db.updateTable('work_orders').set({ completed_at: tx.now }).where('id', '=', workOrder.id).execute();
  await openHandoff(tx, { subject: { type: 'order', id: at.orderId }, department: 'warehouse', ...at, note: `${workOrder.number} done: ${workOrder.quantity} ready to ship from ${warehouse.code}` });
}
