import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentEvent } from '../schemas';
import { STAGES } from '../stages';

export interface EventFilter {
  limit: number;
  starting_after?: string | undefined;
  type?: string | undefined;
  subject_id?: string | undefined;
  order_id?: string | undefined;
  /** With order_id: also the events of these subjects (the quote an order came from). */
  or_subject_ids?: string[] | undefined;
  customer_id?: string | undefined;
  stage?: string | undefined;
  department?: string | undefined;
  since?: string | undefined;
}

/**
 * The oldest transaction still running in this database (or the next one to start): every event below it
 * is final. Transactions known to run in other databases of the cluster are left out, so they do not hold
 * this feed back; one that ends while we look is kept in, which only delays, never skips.
 */
const SETTLED_HORIZON = sql`coalesce(
  (select min(x) from pg_snapshot_xip(pg_current_snapshot()) x
   where x::text::bigint % 4294967296 not in (
     select backend_xid::text::bigint from pg_stat_activity where datname <> current_database() and backend_xid is not null)),
  pg_snapshot_xmax(pg_current_snapshot()))`;

/**
 * Events, oldest first. As a **feed** (`GET /v1/events`, what webhooks and analytics follow) it returns only
 * events of transactions older than every transaction still running, in (transaction, seq) order, so a
 * reader resuming from a cursor never skips an event that committed late. As a **timeline** (one order's or
 * customer's story) it returns every committed event in seq order, so a caller sees its own writes at once.
 */
export async function listEvents(db: Kysely<DB>, filter: EventFilter, { feed = false } = {}) {
  let query = db.selectFrom('events').selectAll().limit(filter.limit + 1);
  const [xid, seq] = filter.starting_after?.includes('.') ? filter.starting_after.split('.') : [null, filter.starting_after];
  if (feed) {
    query = query.where(sql<boolean>`xid < ${SETTLED_HORIZON}`).orderBy('xid').orderBy('seq');
    if (seq) {
      const after = xid ? sql`${xid}::xid8` : sql`(select e.xid from events e where e.seq = ${Number(seq)})`;
      query = query.where(sql<boolean>`(xid, seq) > (${after}, ${Number(seq)}::bigint)`);
    }
  } else {
    query = query.orderBy('seq');
    if (seq) query = query.where('seq', '>', Number(seq));
  }
  if (filter.type?.endsWith('.')) query = query.where('type', 'like', `${filter.type.replace(/[\\%_]/g, '\\$&')}%`);
  else if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.subject_id) query = query.where('subject_id', '=', filter.subject_id);
  if (filter.order_id) {
    const orderId = filter.order_id;
    const subjects = filter.or_subject_ids ?? [];
    query = query.where((eb) => (subjects.length ? eb.or([eb('order_id', '=', orderId), eb('subject_id', 'in', subjects)]) : eb('order_id', '=', orderId)));
  }
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  if (filter.stage) query = query.where('stage', '=', STAGES.find((s) => s.key === filter.stage)!.number);
  if (filter.department) query = query.where('department', '=', filter.department);
  if (filter.since) query = query.where('at', '>=', new Date(filter.since));
  const rows = await query.execute();
  return toPage(rows, filter.limit, (e) => (feed ? `${e.xid}.${e.seq}` : String(e.seq)), presentEvent);
}
