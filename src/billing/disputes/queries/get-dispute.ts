import type { Kysely } from 'kysely';
import type { Actor } from '../../../access/roles';
import { notFound } from '../../../core/errors';
import type { DB } from '../../../db/schema';
import { toPage } from '../../../http/pagination';
import { presentDispute, type DisputeRow, type DisputeView } from '../schemas';

/** Disputes as the API shows them, with the invoice and line they question, in the order of `ids`. */
export async function disputesByIds(db: Kysely<DB>, ids: string[]): Promise<DisputeView[]> {
  if (ids.length === 0) return [];
  const rows: DisputeRow[] = await db
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', 'i.id', 'd.invoice_id')
    .innerJoin('invoice_lines as l', 'l.id', 'd.invoice_line_id')
    .leftJoin('credit_notes as c', 'c.id', 'd.credit_note_id')
    .leftJoin('invoices as r', 'r.id', 'd.rebill_invoice_id')
    .selectAll('d')
    .select(['i.number as invoice_number', 'l.line_no', 'l.description', 'l.sku', 'l.quantity', 'c.number as credit_note_number', 'r.number as rebill_invoice_number'])
    .where('d.id', 'in', ids)
    .execute()
    .then((found) => found.map((r) => ({ ...r, invoice_number: r.invoice_number ?? '' })));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.filter((id) => byId.has(id)).map((id) => presentDispute(byId.get(id)!));
}

/** One dispute; a customer's key sees only its own customer's disputes (others are 404). */
export async function getDispute(db: Kysely<DB>, actor: Actor, id: string): Promise<DisputeView> {
  const [dispute] = await disputesByIds(db, [id]);
  if (!dispute || (actor.role === 'customer' && dispute.customer_id !== actor.customerId)) throw notFound('dispute', id);
  return dispute;
}

export interface DisputeFilter {
  limit: number;
  starting_after?: string | undefined;
  status?: string | undefined;
  invoice_id?: string | undefined;
  customer_id?: string | undefined;
}

/** Oldest first — finance works the queue from the top. A customer's key sees only its own, whatever it asks. */
export async function listDisputes(db: Kysely<DB>, actor: Actor, filter: DisputeFilter) {
  let query = db.selectFrom('disputes').select('id').orderBy('id').limit(filter.limit + 1);
  if (actor.role === 'customer') query = query.where('customer_id', '=', actor.customerId!);
  if (filter.starting_after) query = query.where('id', '>', filter.starting_after);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.invoice_id) query = query.where('invoice_id', '=', filter.invoice_id);
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  const ids = (await query.execute()).map((r) => r.id);
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await disputesByIds(db, page.data) };
}
