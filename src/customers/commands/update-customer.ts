import type { z } from 'zod';
import { AppError, invalidFields, notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { customersByIds } from '../queries/get-customer';
import type { UpdateCustomerBody } from '../schemas';

export type CustomerChanges = z.infer<typeof UpdateCustomerBody>;

/** Who may change credit terms (credit limit, payment terms). */
const CREDIT_ROLES: readonly string[] = ['finance', 'admin'];

/** Change a customer's terms; the event records each changed field's old and new value, as the API shows it. */
export async function updateCustomer(tx: Tx, id: string, changes: CustomerChanges) {
  // Who may ask comes before whether the question is well put: sales learns nothing about credit terms.
  if ((changes.credit_limit !== undefined || changes.payment_terms_days !== undefined) && !CREDIT_ROLES.includes(tx.actor.role)) {
    throw new AppError('forbidden', 'Only finance may change credit limits and payment terms.', { fields: ['credit_limit', 'payment_terms_days'] });
  }
  const current = await tx.db.selectFrom('customers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw notFound('customer', id);
  const currency = current.currency.trim();
  if (changes.credit_limit && changes.credit_limit.currency !== currency) {
    throw invalidFields({ 'credit_limit.currency': `The credit limit must be in the customer's currency (${currency}).` });
  }
  const next = {
    name: changes.name ?? current.name,
    tier: changes.tier ?? current.tier,
    email: changes.email === undefined ? current.email : changes.email,
    vat_id: changes.vat_id === undefined ? current.vat_id : changes.vat_id,
    credit_limit_amount: changes.credit_limit === undefined ? current.credit_limit_amount : (changes.credit_limit?.amount ?? null),
    payment_terms_days: changes.payment_terms_days ?? current.payment_terms_days,
  };
  const creditLimit = (amount: number | null) => (amount === null ? null : { amount, currency });
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of ['name', 'tier', 'email', 'vat_id', 'payment_terms_days'] as const) {
    if (next[field] !== current[field]) changed[field] = { from: current[field], to: next[field] };
  }
  if (next.credit_limit_amount !== current.credit_limit_amount) {
    changed.credit_limit = { from: creditLimit(current.credit_limit_amount), to: creditLimit(next.credit_limit_amount) };
  }
  if (Object.keys(changed).length > 0) {
    await tx.db.updateTable('customers').set({ ...next, updated_at: tx.now }).where('id', '=', id).execute();
    await appendEvent(tx, { type: 'customer.updated', subject: { type: 'customer', id }, customerId: id, data: { changes: changed } });
  }
  return (await customersByIds(tx.db, [id]))[0]!;
}
