import { sql, type Expression, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

export type FulfillmentStatus = 'not_shipped' | 'partially_shipped' | 'shipped' | 'delivered';

export interface LineFulfillment {
  shipped: number;
  delivered: number;
}

/** Units of each order line that have shipped (shipped or delivered shipments) and that were delivered. */
export async function lineFulfillment(db: Kysely<DB>, orderIds: string[]): Promise<Map<string, LineFulfillment>> {
  const result = new Map<string, LineFulfillment>();
  if (orderIds.length === 0) return result;
  const rows = await db
    .selectFrom('shipment_lines as sl')
    .innerJoin('shipments as s', 's.id', 'sl.shipment_id')
    .select([
      'sl.order_line_id',
      sql<number>`sum(sl.quantity)::int`.as('shipped'),
      sql<number>`(sum(sl.quantity) filter (where s.status = 'delivered'))::int`.as('delivered'),
    ])
    .where('s.order_id', 'in', orderIds)
    .where('s.status', 'in', ['shipped', 'delivered'])
    .groupBy('sl.order_line_id')
    .execute();
  for (const r of rows) result.set(r.order_line_id, { shipped: Number(r.shipped), delivered: Number(r.delivered ?? 0) });
  return result;
}

/**
 * How far an order has shipped, derived from its lines — nothing stored that could disagree: `delivered` when
 * every unit of every line was delivered, `shipped` when every unit left, `partially_shipped` when some did.
 * Lines of service products never ship and do not count.
 */
export function fulfillmentStatusOf(lines: { id: string; quantity: number; ships: boolean }[], done: Map<string, LineFulfillment>): FulfillmentStatus {
  const physical = lines.filter((l) => l.ships);
  const of = (id: string) => done.get(id) ?? { shipped: 0, delivered: 0 };
  if (physical.length === 0 || physical.every((l) => of(l.id).shipped === 0)) return 'not_shipped';
  if (physical.every((l) => of(l.id).delivered >= l.quantity)) return 'delivered';
  if (physical.every((l) => of(l.id).shipped >= l.quantity)) return 'shipped';
  return 'partially_shipped';
}

export interface OrderLinesFulfillment {
  lines: { id: string; quantity: number; ships: boolean }[];
  done: Map<string, LineFulfillment>;
}

/** An order's open lines and what of each has shipped and been delivered, in one statement. */
export async function orderLinesFulfillment(db: Kysely<DB>, orderId: string): Promise<OrderLinesFulfillment> {
  return toLinesFulfillment(await orderLinesFulfillmentQuery(db, orderId).execute());
}

/**
 * The query of `orderLinesFulfillment`, to ride in another statement (as a JSON array) and be read by
 * `toLinesFulfillment`. `orderId`: an id, or a reference to the outer query's order id (not aliased `s`, `l`, `p` or `f`).
 */
export function orderLinesFulfillmentQuery(db: Kysely<DB>, orderId: string | Expression<string>) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('shipment_lines as sl')
          .innerJoin('shipments as s', 's.id', 'sl.shipment_id')
          .select([
            'sl.order_line_id',
            sql<number>`sum(sl.quantity)::int`.as('shipped'),
            sql<number | null>`(sum(sl.quantity) filter (where s.status = 'delivered'))::int`.as('delivered'),
          ])
          .where('s.order_id', '=', orderId)
          .where('s.status', 'in', ['shipped', 'delivered'])
          .groupBy('sl.order_line_id')
          .as('f'),
      (join) => join.onRef('f.order_line_id', '=', 'l.id'),
    )
    .select(['l.id', 'l.quantity', 'p.kind', 'f.shipped', 'f.delivered'])
    .where('l.order_id', '=', orderId)
    .where('l.status', '=', 'open');
}

/** `orderLinesFulfillment` of its query's rows, read already. */
export function toLinesFulfillment(rows: { id: string; quantity: number; kind: string; shipped: number | null; delivered: number | null }[]): OrderLinesFulfillment {
  const done = new Map<string, LineFulfillment>();
  for (const r of rows) if (r.shipped !== null) done.set(r.id, { shipped: Number(r.shipped), delivered: Number(r.delivered ?? 0) });
  return { lines: rows.map((r) => ({ id: r.id, quantity: r.quantity, ships: r.kind !== 'service' })), done };
}

/** The same lines once these shipment lines have shipped (or been delivered): how a step changes the status. */
export function withShipmentLines(done: Map<string, LineFulfillment>, lines: { order_line_id: string; quantity: number }[], as: 'shipped' | 'delivered') {
  const after = new Map([...done].map(([id, f]) => [id, { ...f }]));
  for (const l of lines) {
    const f = after.get(l.order_line_id) ?? { shipped: 0, delivered: 0 };
    if (as === 'shipped') f.shipped += l.quantity;
    else f.delivered += l.quantity;
    after.set(l.order_line_id, f);
  }
  return after;
}

/** One order's fulfillment status (open lines only). */
export async function orderFulfillmentStatus(db: Kysely<DB>, orderId: string): Promise<FulfillmentStatus> {
  const { lines, done } = await orderLinesFulfillment(db, orderId);
  return fulfillmentStatusOf(lines, done);
}

export interface OrdersFulfillment {
  lines: Map<string, LineFulfillment>;
  status: Map<string, FulfillmentStatus>;
}

/** Shipped and delivered units per line and the derived status per order, for the orders shown by entry. */
export async function ordersFulfillment(db: Kysely<DB>, orderIds: string[]): Promise<OrdersFulfillment> {
  const status = new Map<string, FulfillmentStatus>();
  if (orderIds.length === 0) return { lines: new Map(), status };
  const [lines, done] = await Promise.all([
    db
      .selectFrom('order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.id', 'l.order_id', 'l.quantity', 'p.kind'])
      .where('l.order_id', 'in', orderIds)
      .where('l.status', '=', 'open')
      .execute(),
    lineFulfillment(db, orderIds),
  ]);
  for (const id of orderIds) {
    const own = lines.filter((l) => l.order_id === id).map((l) => ({ id: l.id, quantity: l.quantity, ships: l.kind !== 'service' }));
    status.set(id, fulfillmentStatusOf(own, done));
  }
  return { lines: done, status };
}
