import type { z } from 'zod';
import { invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { customersByIds } from '../queries/get-customer';
import type { CreateCustomerBody } from '../schemas';
import { customerMachine } from '../transitions';
import { addAddress } from './add-address';
import { addContact } from './add-contact';

export type NewCustomer = z.infer<typeof CreateCustomerBody>;

export async function createCustomer(tx: Tx, input: NewCustomer) {
  if (input.credit_limit && input.credit_limit.currency !== input.currency) {
    throw invalidFields({ 'credit_limit.currency': `The credit limit must be in the customer's currency (${input.currency}).` });
  }
  const id = newId('customer');
  await tx.db
    .insertInto('customers')
    .values({
      id,
      name: input.name,
      tier: input.tier,
      currency: input.currency,
      credit_limit_amount: input.credit_limit?.amount ?? null,
      payment_terms_days: input.payment_terms_days ?? 30,
      email: input.email ?? null,
      vat_id: input.vat_id ?? null,
      status: customerMachine.initial,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  await appendEvent(tx, {
    type: 'customer.created',
    subject: { type: 'customer', id },
    customerId: id,
    stage: 'generation',
    data: { name: input.name, tier: input.tier, currency: input.currency },
  });
  for (const contact of input.contacts ?? []) await addContact(tx, id, contact);
  for (const address of input.addresses ?? []) await addAddress(tx, id, address);
  return (await customersByIds(tx.db, [id]))[0]!;
}
