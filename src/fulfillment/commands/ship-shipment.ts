import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { addHours } from '../../core/clock';
import { appendEventsWith, pendingWrite, sendWrites, type PendingWrite } from '../../cycle/commands/append-event';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { moveStockMany, type StockMove } from '../../planning/commands/move-stock';
import type { ReservationsTable } from '../../entry/tables';
import { fulfillmentStatusOf, orderLinesFulfillmentQuery, toLinesFulfillment, withShipmentLines } from '../queries/line-fulfillment';
import { presentShipment } from '../schemas';
import type { ShipmentStatus } from '../transitions';
import { planAdvanceShipment, shipmentLinesColumn } from './advance-shipment';
import { lockShipmentOrder, lockStockReservations, refuseShippingHolds, shippingHolds } from './lock-order';
import { fulfillmentStatusEvents } from './note-fulfillment-status';

export interface ShipInput {
  carrier: string;
  tracking_number: string;
  packages: number;
}

/**
 * The packed goods leave with a carrier: on hand and reserved both go down by what ships — one `shipment`
 * movement per shipment line — and the reservations it consumes become `shipped` (a reservation only partly
 * shipped is split: the rest stays active). Locks in the fixed order: order, shipment, reservations, stock,
 * order lines. Each table is written once for all lines; the shipment, its handoffs and the reservations in
 * one statement, as all their rows are locked by then.
 */
export async function shipShipment(tx: Tx, id: string, input: ShipInput) {
  const order = await lockShipmentOrder(tx, id);
  const found = await lockShipment(tx, id, order.id);
  refuseShippingHolds(found.holds);
  const { lines: orderLines, done } = toLinesFulfillment(found.order_lines);
  const shipped = await planAdvanceShipment(
    tx,
    found,
    'shipped',
    { carrier: input.carrier, tracking_number: input.tracking_number, packages: input.packages },
    {
      department: 'operations',
      note: `${found.number} with ${input.carrier}, tracking ${input.tracking_number}: confirm delivery`,
      dueAt: addHours(tx.now, 24 * (found.transit_days + 1)),
    },
    { lockedAs: found.status as ShipmentStatus, set: { carrier: input.carrier, tracking_number: input.tracking_number, packages: input.packages, shipped_at: tx.now } },
  );
  const lines = [...found.lines].sort((a, b) => a.order_line_id.localeCompare(b.order_line_id));
  const reserved = await lockStockReservations(tx, order.id, found.warehouse_id);
  await sendWrites(tx, [...shipped.writes, ...consumeReservations(tx, lines, reserved, found.warehouse_code)]);
  const moves: StockMove[] = lines.map((line) => ({
    productId: line.product_id,
    warehouseId: found.warehouse_id,
    kind: 'shipment',
    onHandDelta: -line.quantity,
    reservedDelta: -line.quantity,
    orderId: order.id,
    orderLineId: line.order_line_id,
    reason: `shipment ${found.number} from ${found.warehouse_code}`,
  }));
  await moveStockMany(tx, moves);
  // Stock before order lines, as receiving supply does: the two never wait on each other in opposite orders.
  // The order's timeline hears of a changed fulfillment status in the same statement.
  const released = sql.join(lines.map((l) => sql`(${l.order_line_id}, ${l.quantity}::int)`));
  const before = fulfillmentStatusOf(orderLines, done);
  const after = fulfillmentStatusOf(orderLines, withShipmentLines(done, lines, 'shipped'));
  await appendEventsWith(
    tx,
    sql`update order_lines set reserved_quantity = order_lines.reserved_quantity - v.quantity
      from (values ${released}) as v (id, quantity) where order_lines.id = v.id`,
    fulfillmentStatusEvents(order, before, after),
  );
  return presentShipment(shipped.shipment, shipped.shipment.lines);
}

/**
 * The shipment, locked after its order as every shipping step does, in one statement with its lines, its
 * warehouse's code and transit time, the order's holds that stop shipping, and the order's lines with what of
 * each has shipped (stable while the order is locked: every shipment ships under that lock).
 */
async function lockShipment(tx: Tx, id: string, orderId: string) {
  return tx.db
    .selectFrom('shipments as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .selectAll('s')
    .select([
      'w.code as warehouse_code',
      'w.transit_days',
      shipmentLinesColumn,
      jsonArrayFrom(shippingHolds(tx, orderId)).as('holds'),
      jsonArrayFrom(orderLinesFulfillmentQuery(tx.db, orderId)).as('order_lines'),
    ])
    .where('s.id', '=', id)
    .forUpdate('s')
    .executeTakeFirstOrThrow();
}

/**
 * The writes that take the shipped units out of the reservations (already locked, in id order): the part
 * that ships keeps its id and says how much shipped; the rest lives on as a new active part. 409
 * `not_reserved` when a line has fewer units reserved than it ships.
 */
function consumeReservations(tx: Tx, lines: { order_line_id: string; quantity: number }[], reserved: ReservationsTable[], warehouseCode: string): PendingWrite[] {
  const taken: { id: string; quantity: number }[] = [];
  const rests: ReservationsTable[] = [];
  for (const line of lines) {
    let need = line.quantity;
    for (const part of reserved.filter((p) => p.order_line_id === line.order_line_id)) {
      if (need === 0) break;
      const take = Math.min(need, part.quantity);
      need -= take;
      taken.push({ id: part.id, quantity: take });
      if (take < part.quantity) rests.push({ ...part, id: newId('reservation'), quantity: part.quantity - take, status: 'active', ended_at: null });
    }
    if (need > 0) {
      throw new AppError('not_reserved', `Line ${line.order_line_id} has ${line.quantity - need} of ${line.quantity} units reserved at ${warehouseCode}.`, {
        order_line_id: line.order_line_id,
        requested: line.quantity,
        reserved: line.quantity - need,
      });
    }
  }
  const writes: PendingWrite[] = [];
  if (taken.length > 0) {
    const takes = sql.join(taken.map((t) => sql`(${t.id}, ${t.quantity}::int)`));
    writes.push(
      pendingWrite(tx, sql`update reservations set status = 'shipped', quantity = v.quantity, ended_at = ${tx.now} from (values ${takes}) as v (id, quantity) where reservations.id = v.id`, []),
    );
  }
  if (rests.length > 0) writes.push(pendingWrite(tx, tx.db.insertInto('reservations').values(rests), []));
  return writes;
}
