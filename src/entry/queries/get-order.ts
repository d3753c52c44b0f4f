import type { Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { ordersFulfillment } from '../../fulfillment/queries/line-fulfillment';
import { presentOrder, type OrderView } from '../schemas';

/** Orders as the API shows them, lines and active promise parts included, in the order of `ids`. */
export async function ordersByIds(db: Kysely<DB>, ids: string[]): Promise<OrderView[]> {
  if (ids.length === 0) return [];
  const [orders, lines, parts, fulfillment] = await Promise.all([
    db.selectFrom('orders').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).execute(),
    db.selectFrom('reservations').selectAll().where('order_id', 'in', ids).where('status', '=', 'active').orderBy('id').execute(),
    ordersFulfillment(db, ids),
  ]);
  const byId = new Map(orders.map((o) => [o.id, o]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) =>
      presentOrder(
        byId.get(id)!,
        lines.filter((l) => l.order_id === id),
        parts.filter((p) => p.order_id === id),
        fulfillment,
      ),
    );
}

/** One order; a customer's key sees only its own customer's orders (others are 404). */
export async function getOrder(db: Kysely<DB>, actor: Actor, id: string): Promise<OrderView> {
  const [order] = await ordersByIds(db, [id]);
  if (!order || (actor.role === 'customer' && order.customer_id !== actor.customerId)) throw notFound('order', id);
  return order;
}
