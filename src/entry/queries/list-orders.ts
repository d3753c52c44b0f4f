import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { listEvents } from '../../cycle/queries/list-events';
import { getOrder, ordersByIds } from './get-order';

export interface OrderFilter {
  limit: number;
  starting_after?: string | undefined;
  customer_id?: string | undefined;
  status?: string | undefined;
  product_id?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  q?: string | undefined;
}

/** Newest first; a customer's key sees only its own orders whatever filter it sends. */
export async function listOrders(db: Kysely<DB>, actor: Actor, filter: OrderFilter) {
  let query = db.selectFrom('orders').select('id').orderBy('id', 'desc').limit(filter.limit + 1);
  const customerId = actor.role === 'customer' ? actor.customerId! : filter.customer_id;
  if (customerId) query = query.where('customer_id', '=', customerId);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.created_from) query = query.where('created_at', '>=', new Date(`${filter.created_from}T00:00:00Z`));
  if (filter.created_to) query = query.where('created_at', '<', new Date(new Date(`${filter.created_to}T00:00:00Z`).getTime() + 86_400_000));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('number', 'ilike', pattern),
        eb('external_ref', 'ilike', pattern),
        eb.exists(eb.selectFrom('customers').select('customers.id').whereRef('customers.id', '=', 'orders.customer_id').where('customers.name', 'ilike', pattern)),
      ]),
    );
  }
  if (filter.product_id) {
    const productId = filter.product_id;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('order_lines').select('order_lines.id').whereRef('order_lines.order_id', '=', 'orders.id').where('order_lines.product_id', '=', productId)),
    );
  }
  const ids = (await query.execute()).map((r) => r.id);
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await ordersByIds(db, page.data) };
}

/**
 * Every event of the order, oldest first — the order's journey through the cycle — starting with the quote it
 * came from (every version of it: the customer's request is on the first).
 */
export async function orderTimeline(db: Kysely<DB>, actor: Actor, id: string, page: { limit: number; starting_after?: string | undefined }) {
  await getOrder(db, actor, id); // 404 for orders the caller may not see
  const quotes = await sql<{ id: string }>`
    with recursive chain as (
      select q.id, q.supersedes_id from quotes q join orders o on o.quote_id = q.id where o.id = ${id}
      union all
      select q.id, q.supersedes_id from quotes q join chain c on q.id = c.supersedes_id)
    select id from chain`.execute(db);
  const events = await listEvents(db, { ...page, order_id: id, or_subject_ids: quotes.rows.map((q) => q.id) });
  const customer = actor.role === 'customer';
  const customerActors = customer ? await actorsOfCustomer(db, actor.customerId!) : new Set<string>();
  const label = (e: { actor: string; department: string | null }) =>
    e.actor === 'system' ? 'omc' : customerActors.has(e.actor) ? 'customer' : (e.department ?? 'staff');
  return {
    ...events,
    data: events.data.map((e) => ({
      id: e.id,
      at: e.at,
      type: e.type,
      stage: e.stage,
      department: e.department,
      // A customer reads which department acted, never which person, and no internal notes.
      actor: customer ? label(e) : e.actor,
      data: customer ? withoutNotes(e.data) : e.data,
    })),
  };
}

/** The customer's own users and keys: their steps read as the customer's. */
async function actorsOfCustomer(db: Kysely<DB>, customerId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('customer_id', '=', customerId)
    .unionAll(db.selectFrom('api_keys').select('id').where('customer_id', '=', customerId))
    .execute();
  return new Set(rows.map((r) => r.id));
}

function withoutNotes(data: Record<string, unknown>): Record<string, unknown> {
  const { note: _note, ...rest } = data;
  return rest;
}
