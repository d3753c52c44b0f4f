import type { Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentShipment, type ShipmentView } from '../schemas';
import { SHIPPED_STATUSES } from '../transitions';

/** Shipments as the API shows them, in the order of `ids`. */
export async function shipmentsByIds(db: Kysely<DB>, ids: string[]): Promise<ShipmentView[]> {
  if (ids.length === 0) return [];
  const [shipments, lines] = await Promise.all([
    db.selectFrom('shipments').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('shipment_lines').selectAll().where('shipment_id', 'in', ids).execute(),
  ]);
  const byId = new Map(shipments.map((s) => [s.id, s]));
  return ids.filter((id) => byId.has(id)).map((id) => presentShipment(byId.get(id)!, lines));
}

/** One shipment; a customer's key sees only its own customer's shipments (others are 404). */
export async function getShipment(db: Kysely<DB>, actor: Actor, id: string): Promise<ShipmentView> {
  const [shipment] = await shipmentsByIds(db, [id]);
  if (!shipment || (actor.role === 'customer' && shipment.customer_id !== actor.customerId)) throw notFound('shipment', id);
  return shipment;
}

export interface ShipmentFilter {
  limit: number;
  starting_after?: string | undefined;
  status?: string | undefined;
  warehouse_id?: string | undefined;
  order_id?: string | undefined;
  unbilled?: boolean | undefined;
}

/**
 * Oldest first — the warehouse works its pick / pack / ship list from the top. A customer's key sees only its
 * own customer's shipments whatever filter it sends.
 */
export async function listShipments(db: Kysely<DB>, actor: Actor, filter: ShipmentFilter) {
  let query = db.selectFrom('shipments').select('id').orderBy('id').limit(filter.limit + 1);
  if (actor.role === 'customer') query = query.where('customer_id', '=', actor.customerId!);
  if (filter.starting_after) query = query.where('id', '>', filter.starting_after);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.warehouse_id) query = query.where('warehouse_id', '=', filter.warehouse_id);
  if (filter.order_id) query = query.where('order_id', '=', filter.order_id);
  // Finance's list: shipped and on no invoice yet (a discarded draft's lines are gone, so its shipments return).
  if (filter.unbilled) {
    query = query
      .where('status', 'in', SHIPPED_STATUSES)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('invoice_lines as l').select('l.id').whereRef('l.shipment_id', '=', 'shipments.id'))));
  }
  const ids = (await query.execute()).map((r) => r.id);
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await shipmentsByIds(db, page.data) };
}
