import { invalidFields, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { allocatePayment, openInvoicesOldestFirst, type Allocation } from './allocate-payment';

export interface NewPayment {
  customer_id: string;
  amount: { amount: number; currency: string };
  received_on: string;
  method: string;
  reference?: string | undefined;
  /** Where the money goes; default: the open invoices, oldest due first. What is left is customer credit. */
  allocations?: Allocation[] | undefined;
}

/**
 * Money received from a customer: an immutable payment, applied to invoices as asked (by default to the
 * oldest open ones). Over-payment stays unallocated: the customer's credit, applicable later. Returns its id.
 */
export async function recordPayment(tx: Tx, input: NewPayment): Promise<string> {
  const customer = await tx.db.selectFrom('customers').select(['id', 'currency']).where('id', '=', input.customer_id).executeTakeFirst();
  if (!customer) throw notFound('customer', input.customer_id);
  const currency = customer.currency.trim();
  if (input.amount.currency !== currency) throw invalidFields({ 'amount.currency': `Payments are in the customer's currency (${currency}).` });
  const id = newId('payment');
  await tx.db
    .insertInto('payments')
    .values({
      id,
      customer_id: customer.id,
      currency,
      amount: input.amount.amount,
      received_on: input.received_on,
      method: input.method,
      reference: input.reference ?? null,
      created_by: tx.actor.id,
      created_at: tx.now,
    })
    .execute();
  await appendEvent(tx, {
    type: 'payment.received',
    subject: { type: 'payment', id },
    customerId: customer.id,
    stage: 'billing',
    data: { amount: input.amount, received_on: input.received_on, method: input.method, reference: input.reference ?? null },
  });
  let allocations = input.allocations;
  if (!allocations) {
    // Oldest due first, until the money runs out.
    let left = input.amount.amount;
    allocations = [];
    for (const open of await openInvoicesOldestFirst(tx, customer.id, currency)) {
      if (left === 0) break;
      const amount = Math.min(left, open.amount);
      allocations.push({ invoice_id: open.invoice_id, amount });
      left -= amount;
    }
  }
  await allocatePayment(tx, { id, customer_id: customer.id, currency }, allocations);
  return id;
}
