import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { AppError, invalidFields, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { pendingWrite, sendWrites } from '../../cycle/commands/append-event';
import { planTransition } from '../../cycle/commands/apply-transition';
import { planOpenHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { orderMachine } from '../../entry/transitions';
import { presentShipment, type CreateShipmentInput } from '../schemas';
import type { ShipmentLinesTable } from '../tables';
import { OPEN_SHIPMENT_STATUSES, shipmentMachine } from '../transitions';
import { lockOrderToShip, lockStockReservations, refuseShippingHolds, shippingHolds } from './lock-order';

/**
 * A pick list for one warehouse: the named units (default: everything of the order reserved there and not yet
 * on a shipment) are claimed from the order's stock reservations — locked first, so two shipments cannot
 * claim the same units — and the warehouse gets a handoff to pick them. The first shipment puts the order in
 * fulfillment.
 */
export async function createShipment(tx: Tx, orderId: string, input: CreateShipmentInput) {
  const order = await lockOrderToShip(tx, orderId);
  const { holds, warehouse, claimed } = await shipFrom(tx, orderId, input.warehouse_id);
  refuseShippingHolds(holds);
  if (!warehouse) throw notFound('warehouse', input.warehouse_id);
  const reserved = await lockStockReservations(tx, orderId, warehouse.id);
  // What each line may still put on a shipment here: reserved in this warehouse, less what open shipments hold.
  const free = new Map<string, { productId: string; quantity: number }>();
  for (const r of reserved) {
    const f = free.get(r.order_line_id) ?? { productId: r.product_id, quantity: 0 };
    f.quantity += r.quantity;
    free.set(r.order_line_id, f);
  }
  for (const c of claimed) free.get(c.order_line_id)!.quantity -= Number(c.quantity);

  let wanted: { order_line_id: string; quantity: number }[];
  if (input.lines) {
    const lineIds = new Set((await tx.db.selectFrom('order_lines').select('id').where('order_id', '=', orderId).where('status', '=', 'open').execute()).map((l) => l.id));
    const bad: Record<string, string> = {};
    const seen = new Set<string>();
    input.lines.forEach((l, i) => {
      if (!lineIds.has(l.order_line_id)) bad[`lines.${i}.order_line_id`] = `Order ${order.number} has no open line ${l.order_line_id}.`;
      else if (seen.has(l.order_line_id)) bad[`lines.${i}.order_line_id`] = 'Name each line once.';
      seen.add(l.order_line_id);
    });
    if (Object.keys(bad).length > 0) throw invalidFields(bad);
    const short = input.lines
      .map((l) => ({ order_line_id: l.order_line_id, requested: l.quantity, available: Math.max(0, free.get(l.order_line_id)?.quantity ?? 0) }))
      .filter((l) => l.requested > l.available);
    if (short.length > 0) {
      throw new AppError('not_reserved', `Not that many units are reserved at ${warehouse.code} and free of other shipments.`, { warehouse_id: warehouse.id, lines: short });
    }
    wanted = input.lines;
  } else {
    wanted = [...free.entries()].filter(([, f]) => f.quantity > 0).map(([id, f]) => ({ order_line_id: id, quantity: f.quantity }));
    if (wanted.length === 0) {
      throw new AppError('not_reserved', `Nothing of order ${order.number} is reserved at ${warehouse.code} and free of other shipments.`, { warehouse_id: warehouse.id, lines: [] });
    }
  }

  const id = newId('shipment');
  const row = await tx.db
    .insertInto('shipments')
    .values({
      id,
      number: sql<string>`${`SH-${tx.now.getUTCFullYear()}-`} || lpad(nextval('shipment_number_seq')::text, 6, '0')`,
      order_id: orderId,
      customer_id: order.customer_id,
      warehouse_id: warehouse.id,
      status: shipmentMachine.initial,
      carrier: null,
      tracking_number: null,
      packages: null,
      shipped_at: null,
      delivered_on: null,
      created_by: tx.actor.id,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const lines: ShipmentLinesTable[] = wanted
    .sort((a, b) => a.order_line_id.localeCompare(b.order_line_id))
    .map((l) => ({ id: newId('shipmentLine'), shipment_id: id, order_line_id: l.order_line_id, product_id: free.get(l.order_line_id)!.productId, quantity: l.quantity }));
  const at = { orderId, customerId: order.customer_id, stage: 'fulfillment' as const };
  const created = pendingWrite(tx, tx.db.insertInto('shipment_lines').values(lines), [
    {
      type: 'shipment.created',
      subject: { type: 'shipment', id },
      ...at,
      data: { number: row.number, warehouse_id: warehouse.id, lines: lines.map((l) => ({ order_line_id: l.order_line_id, quantity: l.quantity })) },
    },
  ]);
  // lockOrderToShip locked the order and read its status.
  const started = order.status === 'confirmed' ? await planTransition(tx, orderMachine, { id: orderId, to: 'in_fulfillment', lockedAs: 'confirmed', ...at, data: { shipment_id: id } }) : null;
  const pick = planOpenHandoff(tx, { subject: { type: 'shipment', id }, ...at, department: 'warehouse', note: `pick ${row.number} at ${warehouse.code}` });
  await sendWrites(tx, [created, started?.pending ?? null, pick.pending]);
  return presentShipment(row, lines);
}

/**
 * In one statement after the order's lock: the holds that stop its shipments, the warehouse to ship from, and
 * what open shipments there already claim of each order line (no other shipment of the order is created or
 * ships while the order is locked).
 */
async function shipFrom(tx: Tx, orderId: string, warehouseId: string) {
  return tx.db
    .selectNoFrom((eb) => [
      jsonArrayFrom(shippingHolds(tx, orderId)).as('holds'),
      jsonObjectFrom(eb.selectFrom('warehouses').select(['id', 'code']).where('id', '=', warehouseId)).as('warehouse'),
      jsonArrayFrom(
        eb
          .selectFrom('shipment_lines as sl')
          .innerJoin('shipments as s', 's.id', 'sl.shipment_id')
          .select(['sl.order_line_id', sql<number>`sum(sl.quantity)::int`.as('quantity')])
          .where('s.order_id', '=', orderId)
          .where('s.warehouse_id', '=', warehouseId)
          .where('s.status', 'in', OPEN_SHIPMENT_STATUSES)
          .groupBy('sl.order_line_id'),
      ).as('claimed'),
    ])
    .executeTakeFirstOrThrow();
}
