import type { Department } from '../../access/roles';
import { sql } from 'kysely';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { defaultPromisePolicy } from '../../entry/policies/promise';
import { workOrdersByIds } from '../queries/get-work-order';
import type { WorkOrderMaterialsTable, WorkOrderOperationsTable, WorkOrdersTable } from '../work-order-tables';
import { workOrderMachine, workOrderOperationMachine } from '../transitions';
import { lockShippableOrder } from './lock-order';

/**
 * Release an order's made-to-order lines to the shop: one work order per line still waiting to be made, its
 * operations from the routing (each for its work center's department, in sequence) and its materials from
 * the bill of materials. The first operation's department gets the handoff. Lines that already have a work
 * order are left alone, so releasing twice makes nothing twice.
 */
export async function releaseWorkOrders(tx: Tx, orderId: string) {
  const order = await lockShippableOrder(tx, orderId);
  const lines = await sql<{ id: string; line_no: number; product_id: string; sku: string; backordered_quantity: number; warehouse_id: string | null }>`
    select l.id, l.line_no, l.product_id, p.sku, l.backordered_quantity,
           (select r.warehouse_id from reservations r where r.order_line_id = l.id and r.status = 'active' and r.warehouse_id is not null order by r.created_at limit 1) as warehouse_id
    from order_lines l join products p on p.id = l.product_id
    where l.order_id = ${orderId} and l.status = 'open' and p.kind = 'made_to_order' and l.backordered_quantity > 0
      and not exists (select 1 from work_orders w where w.order_line_id = l.id and w.status <> 'cancelled')
    order by l.line_no`.execute(tx.db);
  if (lines.rows.length === 0) return [];

  const productIds = lines.rows.map((l) => l.product_id);
  const [operations, bom, warehouses] = await Promise.all([
    tx.db.selectFrom('routing_operations as o').innerJoin('work_centers as w', 'w.id', 'o.work_center_id').select(['o.id', 'o.product_id', 'o.sequence', 'o.work_center_id', 'o.description', 'o.setup_minutes', 'o.run_minutes', 'w.department']).where('o.product_id', 'in', productIds).orderBy('o.sequence').execute(),
    tx.db.selectFrom('bom_lines').select(['product_id', 'component_id', 'quantity', 'scrap_percent']).where('product_id', 'in', productIds).orderBy('position').execute(),
    tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('active', '=', true).execute(),
  ]);
  const unrouted = lines.rows.filter((l) => !operations.some((o) => o.product_id === l.product_id));
  if (unrouted.length > 0) {
    throw new AppError('conflict', `No routing to build ${unrouted.map((l) => `${l.sku} (line ${l.line_no})`).join(', ')}; operations adds one first.`, { product_ids: unrouted.map((l) => l.product_id) });
  }
  const fallbackWarehouse = defaultPromisePolicy.warehouseOrder(warehouses, null)[0];

  const ids: string[] = [];
  for (const line of lines.rows) {
    const warehouseId = line.warehouse_id ?? fallbackWarehouse?.id;
    if (!warehouseId) throw new AppError('conflict', 'There is no active warehouse to build into.');
    const workOrder: WorkOrdersTable = {
      id: newId('workOrder'),
      number: '',
      order_id: orderId,
      order_line_id: line.id,
      product_id: line.product_id,
      quantity: line.backordered_quantity,
      warehouse_id: warehouseId,
      status: workOrderMachine.initial,
      created_by: tx.actor.id,
      created_at: tx.now,
      started_at: null,
      completed_at: null,
      updated_at: tx.now,
    };
    const numbered = await tx.db
      .insertInto('work_orders')
      .values({ ...workOrder, number: sql<string>`${`WO-${tx.now.getUTCFullYear()}-`} || lpad(nextval('work_order_number_seq')::text, 6, '0')` })
      .returning('number')
      .executeTakeFirstOrThrow();
    const steps: WorkOrderOperationsTable[] = operations
      .filter((o) => o.product_id === line.product_id)
      .map((o) => ({
        id: newId('workOrderOperation'),
        work_order_id: workOrder.id,
        sequence: o.sequence,
        routing_operation_id: o.id,
        work_center_id: o.work_center_id,
        department: o.department,
        description: o.description,
        planned_minutes: Math.ceil(o.setup_minutes + o.run_minutes * workOrder.quantity),
        status: workOrderOperationMachine.initial,
        started_at: null,
        completed_at: null,
        completed_by: null,
        updated_at: tx.now,
      }));
    await tx.db.insertInto('work_order_operations').values(steps).execute();
    const materials: WorkOrderMaterialsTable[] = bom
      .filter((b) => b.product_id === line.product_id)
      .map((b) => ({ id: newId('workOrderMaterial'), work_order_id: workOrder.id, component_id: b.component_id, quantity: Math.ceil(Number((b.quantity * workOrder.quantity * (1 + b.scrap_percent / 100)).toPrecision(15))), consumed: false }));
    if (materials.length > 0) await tx.db.insertInto('work_order_materials').values(materials).execute();
    await appendEvent(tx, {
      type: 'work_order.released',
      subject: { type: 'work_order', id: workOrder.id },
      orderId,
      customerId: order.customer_id,
      stage: 'fulfillment',
      data: { number: numbered.number, order_line_id: line.id, product: line.sku, quantity: workOrder.quantity, operations: steps.length },
    });
    await openHandoff(tx, {
      subject: { type: 'work_order', id: workOrder.id },
      stage: 'fulfillment',
      department: steps[0]!.department as Department,
      orderId,
      customerId: order.customer_id,
      note: `${numbered.number}: ${steps[0]!.description}`,
    });
    ids.push(workOrder.id);
  }
  return workOrdersByIds(tx.db, ids);
}
