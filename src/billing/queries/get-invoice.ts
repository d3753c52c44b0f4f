import { sql, type Kysely } from 'kysely';
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
  return db
    .selectFrom('invoice_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('shipments as s', 's.id', 'l.shipment_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('credit_note_lines')
          .select(['invoice_line_id', sql<number>`sum(quantity)::int`.as('quantity'), sql<number>`sum(net_amount)::bigint`.as('amount')])
          .groupBy('invoice_line_id')
          .as('c'),
      (join) => join.onRef('c.invoice_line_id', '=', 'l.id'),
    )
    .selectAll('l')
    .select(['o.number as order_number', 's.number as shipment_number', sql<number>`coalesce(c.quantity, 0)::int`.as('credited_quantity'), sql<number>`coalesce(c.amount, 0)::bigint`.as('credited_amount')])
    .where('l.invoice_id', 'in', invoiceIds)
    .execute();
}

/** Invoices as the API shows them, in the order of `ids`. */
export async function invoicesByIds(db: Kysely<DB>, ids: string[], now: Date): Promise<InvoiceView[]> {
  if (ids.length === 0) return [];
  const [invoices, lines, settled] = await Promise.all([
    db.selectFrom('invoices').selectAll().where('id', 'in', ids).execute(),
    invoiceLines(db, ids),
    settledAmounts(db, ids),
  ]);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  return ids.filter((id) => byId.has(id)).map((id) => presentInvoice(byId.get(id)!, lines, settled.get(id)!.credited, settled.get(id)!.paid, now));
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
