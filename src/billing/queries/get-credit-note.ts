import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../access/roles';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage } from '../../http/pagination';
import type { CreditNote } from '../money-schemas';
import { moneyOf, presentSubtotals } from '../schemas';

type CreditNoteView = z.infer<typeof CreditNote>;

/** Credit notes as the API shows them, in the order of `ids`, each line with the invoice line it credits. */
export async function creditNotesByIds(db: Kysely<DB>, ids: string[]): Promise<CreditNoteView[]> {
  if (ids.length === 0) return [];
  const [notes, lines] = await Promise.all([
    db.selectFrom('credit_notes as c').innerJoin('invoices as i', 'i.id', 'c.invoice_id').selectAll('c').select('i.number as invoice_number').where('c.id', 'in', ids).execute(),
    db
      .selectFrom('credit_note_lines as cl')
      .innerJoin('invoice_lines as l', 'l.id', 'cl.invoice_line_id')
      .select(['cl.id', 'cl.credit_note_id', 'cl.line_no', 'cl.invoice_line_id', 'cl.quantity', 'cl.net_amount', 'l.description', 'l.sku', 'l.tax_category', 'l.tax_rate_bp'])
      .where('cl.credit_note_id', 'in', ids)
      .orderBy('cl.line_no')
      .execute(),
  ]);
  const byId = new Map(notes.map((n) => [n.id, n]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const n = byId.get(id)!;
      const c = n.currency.trim();
      return {
        id: n.id,
        number: n.number,
        invoice_id: n.invoice_id,
        invoice_number: n.invoice_number!,
        customer_id: n.customer_id,
        currency: c,
        issue_date: n.issue_date,
        reason: n.reason,
        lines: lines
          .filter((l) => l.credit_note_id === id)
          .map((l) => ({
            id: l.id,
            line_no: l.line_no,
            invoice_line_id: l.invoice_line_id,
            description: l.description,
            sku: l.sku,
            quantity: l.quantity,
            net: moneyOf(l.net_amount, c),
            tax_category: l.tax_category,
            tax_rate: l.tax_rate_bp / 100,
          })),
        tax_subtotals: presentSubtotals(n.tax_subtotals, c),
        net: moneyOf(n.net_amount, c),
        tax: moneyOf(n.tax_amount, c),
        gross: moneyOf(n.gross_amount, c),
        created_at: n.created_at.toISOString(),
      };
    });
}

export async function getCreditNote(db: Kysely<DB>, actor: Actor, id: string): Promise<CreditNoteView> {
  const [note] = await creditNotesByIds(db, [id]);
  if (!note || (actor.role === 'customer' && note.customer_id !== actor.customerId)) throw notFound('credit note', id);
  return note;
}

/** Newest first; a customer's key sees only its own. */
export async function listCreditNotes(db: Kysely<DB>, actor: Actor, filter: { limit: number; starting_after?: string | undefined; customer_id?: string | undefined; invoice_id?: string | undefined }) {
  let query = db.selectFrom('credit_notes').select('id').orderBy('id', 'desc').limit(filter.limit + 1);
  if (actor.role === 'customer') query = query.where('customer_id', '=', actor.customerId!);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  if (filter.invoice_id) query = query.where('invoice_id', '=', filter.invoice_id);
  const page = toPage((await query.execute()).map((r) => r.id), filter.limit, (id) => id, (id) => id);
  return { ...page, data: await creditNotesByIds(db, page.data) };
}
