import type { z } from 'zod';
import { AppError, invalidFields, notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { customersByIds } from '../queries/get-customer';
import type { UpdateCustomerBody } from '../schemas';

export type CustomerChanges = z.infer<typeof UpdateCustomerBody>;

/** Change a customer's terms; the event records each field's old and new value. */
export async function updateCustomer(tx: Tx, id: string, changes: CustomerChanges) {
  const current = await tx.db.selectFrom('customers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw notFound('customer', id);
  const currency = current.currency.trim();
  if (changes.credit_limit && changes.credit_limit.currency !== currency) {
    throw invalidFields({ 'credit_limit.currency': `The credit limit must be in the customer's currency (${currency}).` });
  }
  if ((changes.credit_limit !== undefined || changes.payment_terms_days !== undefined) && !['finance', 'admin'].includes(tx.actor.role)) {
    throw new AppError('forbidden', 'Only finance may change credit limits and payment terms.', { fields: ['credit_limit', 'payment_terms_days'] });
  }
  const next = {
    name: changes.name ?? current.name,
    tier: changes.tier ?? current.tier,
    email: changes.email === undefined ? current.email : changes.email,
    credit_limit_amount: changes.credit_limit === undefined ? current.credit_limit_amount : (changes.credit_limit?.amount ?? null),
    payment_terms_days: changes.payment_terms_days ?? current.payment_terms_days,
  };
  const changed = Object.fromEntries(
    (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]).map((k) => [k, { from: current[k], to: next[k] }]),
  );
  if (Object.keys(changed).length > 0) {
    await tx.db.updateTable('customers').set({ ...next, updated_at: tx.now }).where('id', '=', id).execute();
    await appendEvent(tx, { type: 'customer.updated', subject: { type: 'customer', id }, customerId: id, data: { changes: changed } });
  }
  return (await customersByIds(tx.db, [id]))[0]!;
}
