import { sql } from 'kysely';
import { addHours } from '../../core/clock';
import { appendEventsWith } from '../../cycle/commands/append-event';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { moveStockMany, type StockMove } from '../../planning/commands/move-stock';
import type { ReservationsTable } from '../../entry/tables';
import { fulfillmentStatusOf, orderLinesFulfillment, withShipmentLines } from '../queries/line-fulfillment';
import { presentShipment } from '../schemas';
import type { ShipmentStatus } from '../transitions';
import { advanceShipment, findShipment } from './advance-shipment';
import { lockShippableOrder, lockStockReservations } from './lock-order';
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
 * order lines. Each table is written once for all lines.
 */
export async function shipShipment(tx: Tx, id: string, input: ShipInput) {
  const found = await findShipment(tx, id);
  const order = await lockShippableOrder(tx, found.order_id);
  const { lines: orderLines, done } = await orderLinesFulfillment(tx.db, order.id);
  // The shipment, locked after its order as every shipping step does, with its warehouse's code and transit time.
  const locked = await tx.db
    .selectFrom('shipments as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .select(['s.status', 'w.code', 'w.transit_days'])
    .where('s.id', '=', id)
    .forUpdate('s')
    .executeTakeFirstOrThrow();
  const shipped = await advanceShipment(
    tx,
    found,
    'shipped',
    { carrier: input.carrier, tracking_number: input.tracking_number, packages: input.packages },
    {
      department: 'operations',
      note: `${found.number} with ${input.carrier}, tracking ${input.tracking_number}: confirm delivery`,
      dueAt: addHours(tx.now, 24 * (locked.transit_days + 1)),
    },
    { lockedAs: locked.status as ShipmentStatus, set: { carrier: input.carrier, tracking_number: input.tracking_number, packages: input.packages, shipped_at: tx.now } },
  );
  const lines = [...found.lines].sort((a, b) => a.order_line_id.localeCompare(b.order_line_id));
  const reserved = await lockStockReservations(tx, order.id, found.warehouse_id);
  const reason = `shipment ${found.number} from ${locked.code}`;
  // The part that ships keeps its id and says how much shipped; the rest lives on as a new active part.
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
      throw new AppError('not_reserved', `Line ${line.order_line_id} has ${line.quantity - need} of ${line.quantity} units reserved at ${locked.code}.`, {
        order_line_id: line.order_line_id,
        requested: line.quantity,
        reserved: line.quantity - need,
      });
    }
  }
  if (taken.length > 0) {
    const takes = sql.join(taken.map((t) => sql`(${t.id}, ${t.quantity}::int)`));
    await sql`update reservations set status = 'shipped', quantity = v.quantity, ended_at = ${tx.now}
      from (values ${takes}) as v (id, quantity) where reservations.id = v.id`.execute(tx.db);
  }
  if (rests.length > 0) await tx.db.insertInto('reservations').values(rests).execute();
  const moves: StockMove[] = lines.map((line) => ({
    productId: line.product_id,
    warehouseId: found.warehouse_id,
    kind: 'shipment',
    onHandDelta: -line.quantity,
    reservedDelta: -line.quantity,
    orderId: order.id,
    orderLineId: line.order_line_id,
    reason,
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
  return presentShipment(shipped, shipped.lines);
}
