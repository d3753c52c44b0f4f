import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { addHours } from '../../core/clock';
import { appendEventsWith, pendingWrite, sendWrites, type PendingWrite } from '../../cycle/commands/append-event';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { moveStockMany } from '../../planning/commands/move-stock';
import type { ReservationsTable } from '../../entry/tables';
import { fulfillmentStatusOf, orderLinesFulfillmentQuery, toLinesFulfillment, withShipmentLines } from '../queries/line-fulfillment';
import { presentShipment } from '../schemas';
import { planAdvanceShipments, refuseOversizedBatch, refuseRepeatedShipments, shipmentLinesColumn } from './advance-shipment';
import { lockShipmentOrders, lockStockReservations, refuseShippingHolds, shippingHolds } from './lock-order';
import { fulfillmentStatusEvents } from './note-fulfillment-status';

export interface ShipInput {
  carrier: string;
  tracking_number: string;
  packages: number;
}

/** One shipment of a dispatch: which, and how it leaves. */
export interface ShipRequest extends ShipInput {
  shipmentId: string;
}

/**
 * The packed goods leave with a carrier: on hand and reserved both go down by what ships — one `shipment`
 * movement per shipment line — and the reservations it consumes become `shipped` (a reservation only partly
 * shipped is split: the rest stays active).
 */
export async function shipShipment(tx: Tx, id: string, input: ShipInput) {
  return (await shipShipments(tx, [{ shipmentId: id, ...input }]))[0]!;
}

/**
 * `shipShipment` for many packed shipments at once — a dispatch, when the carriers collect — in the
 * statements of one: locks in the fixed order (orders, shipments, reservations, stock, order lines), each
 * table written once for all lines; the shipments, their handoffs and the reservations in one statement, as
 * all their rows are locked by then. All or nothing.
 */
export async function shipShipments(tx: Tx, requests: ShipRequest[]) {
  const ids = requests.map((r) => r.shipmentId);
  refuseRepeatedShipments(ids, (i) => `shipments.${i}.shipment_id`);
  const orders = await lockShipmentOrders(tx, ids);
  const shipments = await lockShipments(tx, ids);
  refuseOversizedBatch([...shipments.values()].reduce((n, s) => n + s.lines.length, 0), 'shipments');
  const known = await ordersToShip(tx, orders.map((o) => o.id));
  refuseShippingHolds(known.flatMap((o) => o.holds));
  const steps = requests.map((r) => {
    const shipment = shipments.get(r.shipmentId)!;
    const handover = { carrier: r.carrier, tracking_number: r.tracking_number, packages: r.packages };
    return {
      shipment,
      data: handover,
      next: {
        department: 'operations' as const,
        note: `${shipment.number} with ${r.carrier}, tracking ${r.tracking_number}: confirm delivery`,
        dueAt: addHours(tx.now, 24 * (shipment.transit_days + 1)),
      },
      set: { ...handover, shipped_at: tx.now },
    };
  });
  const shipped = await planAdvanceShipments(tx, steps, 'shipped');
  const lines = [...shipments.values()].flatMap((s) => s.lines.map((l) => ({ ...l, warehouse_id: s.warehouse_id, warehouse_code: s.warehouse_code, number: s.number, order_id: s.order_id })));
  lines.sort((a, b) => a.order_line_id.localeCompare(b.order_line_id));
  const reserved = await lockStockReservations(tx, orders.map((o) => o.id), [...new Set(lines.map((l) => l.warehouse_id))]);
  await sendWrites(tx, [...shipped.writes, ...consumeReservations(tx, lines, reserved)]);
  await moveStockMany(
    tx,
    lines.map((line) => ({
      productId: line.product_id,
      warehouseId: line.warehouse_id,
      kind: 'shipment',
      onHandDelta: -line.quantity,
      reservedDelta: -line.quantity,
      orderId: line.order_id,
      orderLineId: line.order_line_id,
      reason: `shipment ${line.number} from ${line.warehouse_code}`,
    })),
  );
  // Stock before order lines, as receiving supply does: the two never wait on each other in opposite orders.
  // The orders' timelines hear of a changed fulfillment status in the same statement.
  const released = sql.join(lines.map((l) => sql`(${l.order_line_id}, ${l.quantity}::int)`));
  const changed = known.flatMap((o) => {
    const { lines: orderLines, done } = toLinesFulfillment(o.order_lines);
    const own = lines.filter((l) => l.order_id === o.id);
    return fulfillmentStatusEvents(o, fulfillmentStatusOf(orderLines, done), fulfillmentStatusOf(orderLines, withShipmentLines(done, own, 'shipped')));
  });
  await appendEventsWith(
    tx,
    sql`update order_lines set reserved_quantity = order_lines.reserved_quantity - v.quantity
      from (values ${released}) as v (id, quantity) where order_lines.id = v.id`,
    changed,
  );
  return shipped.shipments.map((s) => presentShipment(s, s.lines));
}

/** The shipments, locked in id order after their orders as every shipping step does, with their lines and warehouse. */
async function lockShipments(tx: Tx, ids: string[]) {
  const rows = await tx.db
    .selectFrom('shipments as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .selectAll('s')
    .select(['w.code as warehouse_code', 'w.transit_days', shipmentLinesColumn])
    .where('s.id', 'in', ids)
    .orderBy('s.id')
    .forUpdate('s')
    .execute();
  return new Map(rows.map((s) => [s.id, s]));
}

/**
 * Of each locked order, in one statement: the holds that stop its shipments, and its lines with what of each
 * has shipped (stable while the order is locked: every shipment ships under that lock).
 */
async function ordersToShip(tx: Tx, orderIds: string[]) {
  return tx.db
    .selectFrom('orders as o')
    .select((eb) => [
      'o.id',
      'o.customer_id',
      jsonArrayFrom(shippingHolds(tx, orderIds).where('order_id', '=', eb.ref('o.id'))).as('holds'),
      jsonArrayFrom(orderLinesFulfillmentQuery(tx.db, eb.ref('o.id'))).as('order_lines'),
    ])
    .where('o.id', 'in', orderIds)
    .orderBy('o.id')
    .execute();
}

/**
 * The writes that take the shipped units out of the reservations (already locked, in id order): the part
 * that ships keeps its id and says how much shipped; the rest lives on as a new active part. 409
 * `not_reserved` when a line has fewer units reserved in its warehouse than it ships.
 */
function consumeReservations(tx: Tx, lines: { order_line_id: string; warehouse_id: string; warehouse_code: string; quantity: number }[], reserved: ReservationsTable[]): PendingWrite[] {
  const taken = new Map<string, number>();
  for (const line of lines) {
    let need = line.quantity;
    for (const part of reserved.filter((p) => p.order_line_id === line.order_line_id && p.warehouse_id === line.warehouse_id)) {
      if (need === 0) break;
      const take = Math.min(need, part.quantity - (taken.get(part.id) ?? 0));
      need -= take;
      if (take > 0) taken.set(part.id, (taken.get(part.id) ?? 0) + take);
    }
    if (need > 0) {
      throw new AppError('not_reserved', `Line ${line.order_line_id} has ${line.quantity - need} of ${line.quantity} units reserved at ${line.warehouse_code}.`, {
        order_line_id: line.order_line_id,
        requested: line.quantity,
        reserved: line.quantity - need,
      });
    }
  }
  const rests: ReservationsTable[] = reserved
    .filter((part) => taken.has(part.id) && taken.get(part.id)! < part.quantity)
    .map((part) => ({ ...part, id: newId('reservation'), quantity: part.quantity - taken.get(part.id)!, status: 'active', ended_at: null }));
  const writes: PendingWrite[] = [];
  if (taken.size > 0) {
    const takes = sql.join([...taken].map(([id, quantity]) => sql`(${id}, ${quantity}::int)`));
    writes.push(
      pendingWrite(tx, sql`update reservations set status = 'shipped', quantity = v.quantity, ended_at = ${tx.now} from (values ${takes}) as v (id, quantity) where reservations.id = v.id`, []),
    );
  }
  if (rests.length > 0) writes.push(pendingWrite(tx, tx.db.insertInto('reservations').values(rests), []));
  return writes;
}
