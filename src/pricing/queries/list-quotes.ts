import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { QUOTE_STATUSES_WITH_US } from '../transitions';
import { presentQuotes } from './get-quote';

export interface QuoteFilter {
  limit: number;
  starting_after?: string | undefined;
  customer_id?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
  holder?: string | undefined;
  overdue?: boolean | undefined;
}

/** Newest first. A customer's key sees only its own quotes whatever filter it sends. */
export async function listQuotes(db: Kysely<DB>, actor: Actor, filter: QuoteFilter, now: Date) {
  let query = db.selectFrom('quotes as q').selectAll('q').orderBy('q.id', 'desc').limit(filter.limit + 1);
  if (actor.role === 'customer') query = query.where('q.customer_id', '=', actor.customerId!);
  if (filter.starting_after) query = query.where('q.id', '<', filter.starting_after);
  if (filter.customer_id) query = query.where('q.customer_id', '=', filter.customer_id);
  if (filter.status) query = query.where('q.status', '=', filter.status);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('q.number', 'ilike', pattern),
        eb.exists(eb.selectFrom('customers as c').select('c.id').whereRef('c.id', '=', 'q.customer_id').where('c.name', 'ilike', pattern)),
      ]),
    );
  }
  if (filter.overdue !== undefined) {
    const late = sql<boolean>`q.status in (${sql.join(QUOTE_STATUSES_WITH_US)}) and q.response_due_at < ${now}`;
    query = query.where(filter.overdue ? late : sql<boolean>`not (${late})`);
  }
  if (filter.holder) {
    query = query.where(
      sql<string>`(select e.data->>'holder' from events e where e.subject_type = 'quote' and e.subject_id = q.id and e.data ? 'holder' order by e.seq desc limit 1)`,
      '=',
      filter.holder,
    );
  }
  const rows = await query.execute();
  const page = toPage(rows, filter.limit, (r) => r.id, (r) => r);
  return { ...page, data: await presentQuotes(db, actor, page.data, now) };
}
