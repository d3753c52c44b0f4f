import type { z } from 'zod';
import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { assertMaySee, lockCustomer } from '../queries/get-customer';
import { presentContact, type ContactChanges } from '../schemas';

/** Change a contact; making it primary takes the flag from the old primary. A change that changes nothing records nothing. */
export async function updateContact(tx: Tx, customerId: string, contactId: string, changes: z.infer<typeof ContactChanges>) {
  assertMaySee(tx.actor, customerId);
  await lockCustomer(tx.db, customerId);
  const contact = await tx.db.selectFrom('customer_contacts').selectAll().where('id', '=', contactId).where('customer_id', '=', customerId).executeTakeFirst();
  if (!contact) throw notFound('contact', contactId);
  const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => changes[k] !== undefined && changes[k] !== contact[k]);
  if (changed.length === 0) return presentContact(contact);
  if (changes.is_primary) {
    await tx.db.updateTable('customer_contacts').set({ is_primary: false }).where('customer_id', '=', customerId).where('is_primary', '=', true).execute();
  }
  const updated = await tx.db
    .updateTable('customer_contacts')
    .set(Object.fromEntries(changed.map((k) => [k, changes[k]])))
    .where('id', '=', contactId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvent(tx, {
    type: 'customer.contact_updated',
    subject: { type: 'customer', id: customerId },
    customerId,
    data: { contact_id: contactId, changed },
  });
  return presentContact(updated);
}
