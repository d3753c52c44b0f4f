import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { ISSUED_INVOICE_STATUSES } from '../transitions';

/**
 * Lock issued invoices for a money move, in id order (concurrent payments and credit notes never deadlock).
 * Another customer's invoice is not found; a draft or discarded one cannot take money.
 */
export async function lockIssuedInvoices(tx: Tx, ids: string[], customerId: string | null) {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return [];
  const rows = await tx.db.selectFrom('invoices').selectAll().where('id', 'in', sorted).orderBy('id').forUpdate().execute();
  for (const id of sorted) {
    const row = rows.find((r) => r.id === id);
    if (!row || (customerId !== null && row.customer_id !== customerId)) throw notFound('invoice', id);
    if (!(ISSUED_INVOICE_STATUSES as string[]).includes(row.status)) {
      throw new AppError('conflict', `Invoice ${id} is ${row.status}: only issued invoices take payments and credit notes.`, { invoice_id: id, status: row.status });
    }
  }
  return rows;
}
