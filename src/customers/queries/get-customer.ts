import type { Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { presentCustomer, type CustomerView } from '../schemas';

/** A customer's key or user sees only their own customer; any other id is "not found", never "forbidden". */
export function assertMaySee(actor: Actor, customerId: string): void {
  if (actor.role === 'customer' && actor.customerId !== customerId) throw notFound('customer', customerId);
}

/** The customer row, or a 404. Other modules call this to check a customer id they were given. */
export async function requireCustomer(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer', id);
  return row;
}

/**
 * Lock the customer row for the rest of the transaction, or a 404. Every change to a customer's contacts or
 * addresses takes this lock first, so that moving the primary / default flag is serialised per customer (two
 * concurrent "make me primary" would otherwise both win) and child rows are always locked in the same order.
 * NO KEY UPDATE: it does not block other modules inserting rows that merely reference the customer.
 */
export async function lockCustomer(db: Kysely<DB>, id: string): Promise<void> {
  const row = await db.selectFrom('customers').select('id').where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  if (!row) throw notFound('customer', id);
}

/** Customers as the API shows them, with contacts and addresses, in the order of `ids`. */
export async function customersByIds(db: Kysely<DB>, ids: string[]): Promise<CustomerView[]> {
  if (ids.length === 0) return [];
  const [rows, contacts, addresses] = await Promise.all([
    db.selectFrom('customers').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('customer_contacts').selectAll().where('customer_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('customer_addresses').selectAll().where('customer_id', 'in', ids).orderBy('id').execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) =>
      presentCustomer(
        byId.get(id)!,
        contacts.filter((c) => c.customer_id === id),
        addresses.filter((a) => a.customer_id === id),
      ),
    );
}

export async function getCustomer(db: Kysely<DB>, actor: Actor, id: string): Promise<CustomerView> {
  assertMaySee(actor, id);
  const [customer] = await customersByIds(db, [id]);
  if (!customer) throw notFound('customer', id);
  return customer;
}
