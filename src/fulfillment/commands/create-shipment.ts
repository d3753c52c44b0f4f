import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { AppError, invalidFields, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { pendingWrite, sendWrites } from '../../cycle/commands/append-event';
import { planTransitions } from '../../cycle/commands/apply-transition';
import { planOpenHandoffs } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { orderMachine } from '../../entry/transitions';
import { presentShipment, type CreateShipmentInput } from '../schemas';
import type { ShipmentLinesTable } from '../tables';
import { OPEN_SHIPMENT_STATUSES, shipmentMachine } from '../transitions';
import { refuseOversizedBatch } from './advance-shipment';
import { lockOrdersToShip, lockStockReservations, refuseShippingHolds, shippingHolds } from './lock-order';

/** A request for one order's pick list: `lines` as CreateShipmentBody has them; `field`: how errors name its input. */
export interface PickListRequest {
  orderId: string;
  lines?: CreateShipmentInput['lines'];
  field?: string;
}

/**
 * A pick list for one warehouse: the named units (default: everything of the order reserved there and not yet
 * on a shipment) are claimed from the order's stock reservations — locked first, so two shipments cannot
 * claim the same units — and the warehouse gets a handoff to pick them. The first shipment puts the order in
 * fulfillment.
 */
export async function createShipment(tx: Tx, orderId: string, input: CreateShipmentInput) {
  return (await createShipments(tx, input.warehouse_id, [{ orderId, lines: input.lines }]))[0]!;
}

/**
 * `createShipment` for many orders at one warehouse — a wave of pick lists — in the same few statements as
 * one: the orders locked in id order, then what they hold, claim and have reserved there read at once, then
 * every shipment written together. All or nothing: one order that cannot ship refuses the wave.
 */
export async function createShipments(tx: Tx, warehouseId: string, requests: PickListRequest[]) {
  const seen = new Set<string>();
  requests.forEach((r, i) => {
    if (seen.has(r.orderId)) throw invalidFields({ [`${r.field ?? `orders.${i}.`}order_id`]: 'Name each order once.' });
    seen.add(r.orderId);
  });
  const orders = new Map((await lockOrdersToShip(tx, requests.map((r) => r.orderId))).map((o) => [o.id, o]));
  const orderIds = [...orders.keys()];
  const { holds, warehouse, claimed, open_lines } = await shipFrom(tx, orderIds, warehouseId, requests.some((r) => r.lines));
  refuseShippingHolds(holds);
  if (!warehouse) throw notFound('warehouse', warehouseId);
  const reserved = await lockStockReservations(tx, orderIds, [warehouse.id]);
  // What each line may still put on a shipment here: reserved in this warehouse, less what open shipments hold.
  const free: FreeUnits = new Map();
  for (const r of reserved) {
    const f = free.get(r.order_line_id) ?? { orderId: r.order_id, productId: r.product_id, quantity: 0 };
    f.quantity += r.quantity;
    free.set(r.order_line_id, f);
  }
  for (const c of claimed) free.get(c.order_line_id)!.quantity -= Number(c.quantity);
  const openLines = new Set(open_lines.map((l) => `${l.order_id} ${l.id}`));
  const wanted = requests.map((r) => wantedLines(orders.get(r.orderId)!, r, warehouse, free, openLines));
  refuseOversizedBatch(wanted.reduce((n, w) => n + w.length, 0), 'orders');

  const rows = await tx.db
    .insertInto('shipments')
    .values(
      requests.map((r) => ({
        id: newId('shipment'),
        number: sql<string>`${`SH-${tx.now.getUTCFullYear()}-`} || lpad(nextval('shipment_number_seq')::text, 6, '0')`,
        order_id: r.orderId,
        customer_id: orders.get(r.orderId)!.customer_id,
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
      })),
    )
    .returningAll()
    .execute();
  const shipments = requests.map((r) => rows.find((s) => s.order_id === r.orderId)!);
  const lines: ShipmentLinesTable[] = shipments.flatMap((s, i) =>
    wanted[i]!
      .sort((a, b) => a.order_line_id.localeCompare(b.order_line_id))
      .map((l) => ({ id: newId('shipmentLine'), shipment_id: s.id, order_line_id: l.order_line_id, product_id: free.get(l.order_line_id)!.productId, quantity: l.quantity })),
  );
  const at = (s: { order_id: string; customer_id: string }) => ({ orderId: s.order_id, customerId: s.customer_id, stage: 'fulfillment' as const });
  const created = pendingWrite(
    tx,
    tx.db.insertInto('shipment_lines').values(lines),
    shipments.map((s) => ({
      type: 'shipment.created',
      subject: { type: 'shipment', id: s.id },
      ...at(s),
      data: { number: s.number, warehouse_id: warehouse.id, lines: lines.filter((l) => l.shipment_id === s.id).map((l) => ({ order_line_id: l.order_line_id, quantity: l.quantity })) },
    })),
  );
  // The order rows were locked above, their holds refused: nothing is left for the order machine's guard to find.
  const starting = shipments.filter((s) => orders.get(s.order_id)!.status === 'confirmed');
  const started = await planTransitions(
    tx,
    orderMachine,
    'in_fulfillment',
    starting.map((s) => ({ id: s.order_id, lockedAs: 'confirmed' as const, ...at(s), data: { shipment_id: s.id } })),
    {},
    false,
  );
  const pick = planOpenHandoffs(
    tx,
    shipments.map((s) => ({ subject: { type: 'shipment', id: s.id }, ...at(s), department: 'warehouse' as const, note: `pick ${s.number} at ${warehouse.code}` })),
  );
  await sendWrites(tx, [created, started, pick.pending]);
  return shipments.map((s) => presentShipment(s, lines));
}

type FreeUnits = Map<string, { orderId: string; productId: string; quantity: number }>;

/** The lines one request puts on its shipment, checked against what is free of its order at the warehouse. */
function wantedLines(order: { id: string; number: string }, request: PickListRequest, warehouse: { id: string; code: string }, free: FreeUnits, openLines: Set<string>) {
  const field = request.field ?? '';
  if (!request.lines) {
    const all = [...free.entries()].filter(([, f]) => f.orderId === order.id && f.quantity > 0).map(([id, f]) => ({ order_line_id: id, quantity: f.quantity }));
    if (all.length === 0) {
      throw new AppError('not_reserved', `Nothing of order ${order.number} is reserved at ${warehouse.code} and free of other shipments.`, { warehouse_id: warehouse.id, order_id: order.id, lines: [] });
    }
    return all;
  }
  const bad: Record<string, string> = {};
  const seen = new Set<string>();
  request.lines.forEach((l, i) => {
    if (!openLines.has(`${order.id} ${l.order_line_id}`)) bad[`${field}lines.${i}.order_line_id`] = `Order ${order.number} has no open line ${l.order_line_id}.`;
    else if (seen.has(l.order_line_id)) bad[`${field}lines.${i}.order_line_id`] = 'Name each line once.';
    seen.add(l.order_line_id);
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
  const short = request.lines
    .map((l) => ({ order_line_id: l.order_line_id, requested: l.quantity, available: Math.max(0, free.get(l.order_line_id)?.quantity ?? 0) }))
    .filter((l) => l.requested > l.available);
  if (short.length > 0) {
    throw new AppError('not_reserved', `Not that many units of order ${order.number} are reserved at ${warehouse.code} and free of other shipments.`, {
      warehouse_id: warehouse.id,
      order_id: order.id,
      lines: short,
    });
  }
  return request.lines.map((l) => ({ order_line_id: l.order_line_id, quantity: l.quantity }));
}

/**
 * In one statement after the orders' lock: the holds that stop their shipments, the warehouse to ship from,
 * what open shipments there already claim of each order line (no other shipment of a locked order is created
 * or ships meanwhile), and — when a request names lines — the orders' open lines.
 */
async function shipFrom(tx: Tx, orderIds: string[], warehouseId: string, withLines: boolean) {
  return tx.db
    .selectNoFrom((eb) => [
      jsonArrayFrom(shippingHolds(tx, orderIds)).as('holds'),
      jsonObjectFrom(eb.selectFrom('warehouses').select(['id', 'code']).where('id', '=', warehouseId)).as('warehouse'),
      jsonArrayFrom(
        eb
          .selectFrom('shipment_lines as sl')
          .innerJoin('shipments as s', 's.id', 'sl.shipment_id')
          .select(['sl.order_line_id', sql<number>`sum(sl.quantity)::int`.as('quantity')])
          .where('s.order_id', 'in', orderIds)
          .where('s.warehouse_id', '=', warehouseId)
          .where('s.status', 'in', OPEN_SHIPMENT_STATUSES)
          .groupBy('sl.order_line_id'),
      ).as('claimed'),
      jsonArrayFrom(
        eb
          .selectFrom('order_lines')
          .select(['id', 'order_id'])
          .where('order_id', 'in', orderIds)
          .where('status', '=', 'open')
          .where(sql<boolean>`${withLines}`),
      ).as('open_lines'),
    ])
    .executeTakeFirstOrThrow();
}
