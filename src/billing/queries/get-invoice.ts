import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../../access/roles';
import { calendarDate } from '../../core/clock';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import { presentInvoice, type InvoiceLineRow, type InvoiceView } from '../schemas';
import { OPEN_INVOICE_STATUSES } from '../transitions';

/** Per invoice: the gross of its credit notes and the payments allocated to it (sums of immutable rows). */
export async function settledAmounts(db: Kysely<DB>, ids: string[]): Promise<Map<string, { credited: number; paid: number }>> {
  const result = new Map(ids.map((id) => [id, { credited: 0, paid: 0 }]));
  if (ids.length === 0) return result;
  const [credits, allocations] = await Promise.all([
    db.selectFrom('credit_notes').select(['invoice_id', sql<number>`sum(gross_amount)::bigint`.as('sum')]).where('invoice_id', 'in', ids).groupBy('invoice_id').execute(),
    db.selectFrom('payment_allocations').select(['invoice_id', sql<number>`sum(amount)::bigint`.as('sum')]).where('invoice_id', 'in', ids).groupBy('invoice_id').execute(),
  ]);
  for (const c of credits) result.get(c.invoice_id)!.credited = Number(c.sum);
  for (const a of allocations) result.get(a.invoice_id)!.paid = Number(a.sum);
  return result;
}

/** Invoice lines with the order and shipment numbers a reader needs, and what credit notes took back. */
export async function invoiceLines(db: Kysely<DB>, invoiceIds: string[]): Promise<InvoiceLineRow[]> {
  if (invoiceIds.length === 0) return [];
  return invoiceLinesQuery(db).where('l.invoice_id', 'in', invoiceIds).execute();
}

function invoiceLinesQuery(db: Kysely<DB>) {
  return db
    .selectFrom('invoice_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('shipments as s', 's.id', 'l.shipment_id')
    // An aggregate without GROUP BY: one row per line, zeros when nothing was credited.
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('credit_note_lines as cl')
          .select([sql<number>`coalesce(sum(cl.quantity), 0)::int`.as('quantity'), sql<number>`coalesce(sum(cl.net_amount), 0)::bigint`.as('amount')])
          .whereRef('cl.invoice_line_id', '=', 'l.id')
          .as('c'),
      (join) => join.onTrue(),
    )
    .selectAll('l')
    .select(['o.number as order_number', 's.number as shipment_number', 'c.quantity as credited_quantity', 'c.amount as credited_amount']);
}

/**
 * Invoices as the API shows them, in the order of `ids`: each with its lines (as JSON) and what was credited
 * and paid on it (the sums of `settledAmounts`), in one statement.
 */
export async function invoicesByIds(db: Kysely<DB>, ids: string[], now: Date): Promise<InvoiceView[]> {
  if (ids.length === 0) return [];
  const invoices = await db
    .selectFrom('invoices as i')
    .selectAll('i')
    .select((eb) => [
      jsonArrayFrom(invoiceLinesQuery(db).where('l.invoice_id', '=', eb.ref('i.id'))).as('lines'),
      eb.selectFrom('credit_notes as cn').select(sql<number>`coalesce(sum(cn.gross_amount), 0)::bigint`.as('sum')).whereRef('cn.invoice_id', '=', 'i.id').as('credited'),
      eb.selectFrom('payment_allocations as pa').select(sql<number>`coalesce(sum(pa.amount), 0)::bigint`.as('sum')).whereRef('pa.invoice_id', '=', 'i.id').as('paid'),
    ])
    .where('i.id', 'in', ids)
    .execute();
  const byId = new Map(invoices.map((i) => [i.id, i]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const { lines, credited, paid, ...invoice } = byId.get(id)!;
      return presentInvoice(invoice, lines, Number(credited), Number(paid), now);
    });
}

/** One invoice; a customer's key sees only its own customer's issued invoices (drafts and others are 404). */
export async function getInvoice(db: Kysely<DB>, actor: Actor, id: string, now: Date): Promise<InvoiceView> {
  const [invoice] = await invoicesByIds(db, [id], now);
  if (!invoice || (actor.role === 'customer' && (invoice.customer_id !== actor.customerId || invoice.status === 'draft' || invoice.status === 'discarded'))) {
    throw notFound('invoice', id);
  }
  return invoice;
}

export interface InvoiceFilter {
  limit: number;
  starting_after?: string | undefined;
  customer_id?: string | undefined;
  status?: string | undefined;
  overdue?: boolean | undefined;
}

/**
 * Newest first. Overdue = open (issued or partially paid — a settled invoice is paid or credited) and due
 * before today. A customer's key sees only its own issued invoices, whatever filter it sends.
 */
export async function listInvoices(db: Kysely<DB>, actor: Actor, filter: InvoiceFilter, now: Date) {
  let query = db.selectFrom('invoices').select('id').orderBy('id', 'desc').limit(filter.limit + 1);
  if (actor.role === 'customer') query = query.where('customer_id', '=', actor.customerId!).where('status', 'not in', ['draft', 'discarded']);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  if (filter.status) query = query.where('status', '=', filter.status);
  const today = calendarDate(now);
  if (filter.overdue === true) query = query.where('status', 'in', OPEN_INVOICE_STATUSES).where('due_date', '<', today);
  if (filter.overdue === false) query = query.where((eb) => eb.or([eb('status', 'not in', OPEN_INVOICE_STATUSES), eb('due_date', '>=', today)]));
  const ids = (await query.execute()).map((r) => r.id);
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await invoicesByIds(db, page.data, now) };
}
