import type { Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import type { DB } from '../../db/schema';
import { toPage, type Page } from '../../http/pagination';
import type { CustomerView } from '../schemas';
import { customersByIds } from './get-customer';

export interface CustomerFilter {
  limit: number;
  starting_after?: string | undefined;
  q?: string | undefined;
  tier?: string | undefined;
  status?: string | undefined;
}

/** Newest first; a customer's own key sees only itself. */
export async function listCustomers(db: Kysely<DB>, actor: Actor, filter: CustomerFilter): Promise<Page<CustomerView>> {
  let query = db.selectFrom('customers').select('id').orderBy('id', 'desc').limit(filter.limit + 1);
  if (actor.role === 'customer') query = query.where('id', '=', actor.customerId!);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.tier) query = query.where('tier', '=', filter.tier as CustomerView['tier']);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.q) query = query.where('name', 'ilike', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
  const ids = (await query.execute()).map((r) => r.id);
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await customersByIds(db, page.data) };
}
