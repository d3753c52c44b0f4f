import { sql } from 'kysely';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { settledAmounts } from '../queries/get-invoice';
import { lockIssuedInvoices } from './lock-invoices';
import { settleInvoice } from './settle-invoice';

export interface Allocation {
  invoice_id: string;
  amount: number;
}

/** What of a payment is not yet applied to an invoice: the customer's credit from it. */
export async function unallocated(tx: Tx, paymentId: string): Promise<number> {
  const row = await tx.db
    .selectFrom('payments as p')
    .select(sql<number>`p.amount - coalesce((select sum(a.amount) from payment_allocations a where a.payment_id = p.id), 0)`.as('left'))
    .where('p.id', '=', paymentId)
    .executeTakeFirstOrThrow();
  return Number(row.left);
}

/**
 * Apply a payment's money to invoices of its customer: each allocation no more than the invoice's open
 * balance, all together no more than the payment has left. The caller holds the payment's row lock; the
 * invoices are locked here. Statuses follow the balances.
 */
export async function allocatePayment(tx: Tx, payment: { id: string; customer_id: string; currency: string }, allocations: Allocation[]) {
  if (allocations.length === 0) return;
  const invoices = await lockIssuedInvoices(tx, allocations.map((a) => a.invoice_id), payment.customer_id);
  const foreign = invoices.filter((i) => i.currency.trim() !== payment.currency);
  if (foreign.length > 0) throw new AppError('currency_mismatch', `The payment is in ${payment.currency}.`, { invoices: foreign.map((i) => ({ id: i.id, currency: i.currency.trim() })) });
  const settled = await settledAmounts(tx.db, invoices.map((i) => i.id));
  const left = await unallocated(tx, payment.id);
  const wanted = new Map<string, number>();
  for (const a of allocations) wanted.set(a.invoice_id, (wanted.get(a.invoice_id) ?? 0) + a.amount);
  const total = [...wanted.values()].reduce((s, a) => s + a, 0);
  const over = invoices
    .map((i) => ({ invoice_id: i.id, requested: wanted.get(i.id)!, open: i.gross_amount - settled.get(i.id)!.credited - settled.get(i.id)!.paid }))
    .filter((o) => o.requested > o.open);
  if (over.length > 0 || total > left) throw new AppError('over_allocation', undefined, { invoices: over, payment_unallocated: left, requested: total });
  for (const [invoiceId, amount] of wanted) {
    await tx.db.insertInto('payment_allocations').values({ id: newId('paymentAllocation'), payment_id: payment.id, invoice_id: invoiceId, amount, created_by: tx.actor.id, created_at: tx.now }).execute();
    const invoice = invoices.find((i) => i.id === invoiceId)!;
    await appendEvent(tx, {
      type: 'payment.allocated',
      subject: { type: 'invoice', id: invoiceId },
      customerId: payment.customer_id,
      stage: 'billing',
      data: { payment_id: payment.id, invoice_number: invoice.number, amount: { amount, currency: payment.currency } },
    });
    await settleInvoice(tx, invoiceId);
  }
}

/** The customer's open invoices, oldest due first, each with its open balance: where a payment goes by default. */
export async function openInvoicesOldestFirst(tx: Tx, customerId: string, currency: string): Promise<Allocation[]> {
  const rows = await tx.db
    .selectFrom('invoices')
    .select(['id', 'gross_amount'])
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', 'in', ['issued', 'partially_paid'])
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  const settled = await settledAmounts(tx.db, rows.map((r) => r.id));
  return rows.map((r) => ({ invoice_id: r.id, amount: r.gross_amount - settled.get(r.id)!.credited - settled.get(r.id)!.paid })).filter((a) => a.amount > 0);
}
