import type { z } from 'zod';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { assertMaySee, lockCustomer } from '../queries/get-customer';
import { presentContact, type ContactInput } from '../schemas';

/** Add a person to talk to at the customer; a new primary contact takes the flag from the old one. */
export async function addContact(tx: Tx, customerId: string, input: z.infer<typeof ContactInput>) {
  assertMaySee(tx.actor, customerId);
  await lockCustomer(tx.db, customerId);
  if (input.is_primary) await tx.db.updateTable('customer_contacts').set({ is_primary: false }).where('customer_id', '=', customerId).where('is_primary', '=', true).execute();
  const row = {
    id: newId('contact'),
    customer_id: customerId,
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    job_title: input.job_title ?? null,
    is_primary: input.is_primary ?? false,
    created_at: tx.now,
  };
  await tx.db.insertInto('customer_contacts').values(row).execute();
  await appendEvent(tx, { type: 'customer.contact_added', subject: { type: 'customer', id: customerId }, customerId, data: { contact_id: row.id, name: row.name } });
  return presentContact(row);
}
