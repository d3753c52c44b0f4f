import type { z } from 'zod';
import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { assertMaySee } from '../queries/get-customer';
import { presentContact, type ContactChanges } from '../schemas';

export async function updateContact(tx: Tx, customerId: string, contactId: string, changes: z.infer<typeof ContactChanges>) {
  assertMaySee(tx.actor, customerId);
  const contact = await tx.db
    .selectFrom('customer_contacts')
    .select('id')
    .where('id', '=', contactId)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  if (!contact) throw notFound('contact', contactId);
  if (changes.is_primary) await tx.db.updateTable('customer_contacts').set({ is_primary: false }).where('customer_id', '=', customerId).execute();
  const updated = await tx.db.updateTable('customer_contacts').set(changes).where('id', '=', contactId).returningAll().executeTakeFirstOrThrow();
  await appendEvent(tx, {
    type: 'customer.contact_updated',
    subject: { type: 'customer', id: customerId },
    customerId,
    data: { contact_id: contactId, changed: Object.keys(changes) },
  });
  return presentContact(updated);
}
