import { departmentOf } from '../../access/roles';
import { newId } from '../../core/ids';
import { requireCustomer } from '../../customers/queries/get-customer';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentNote } from '../views';

/**
 * A remark on a customer from any department — a CSR's call, a service technician's visit — so that sales sees
 * it. Notes are append-only; the event carries no text, since the feed leaves the company through webhooks.
 */
export async function addCustomerNote(tx: Tx, customerId: string, body: string) {
  await requireCustomer(tx.db, customerId);
  const note = {
    id: newId('customerNote'),
    customer_id: customerId,
    body,
    department: departmentOf(tx.actor),
    author: tx.actor.id,
    author_name: tx.actor.name,
    created_at: tx.now,
  };
  await tx.db.insertInto('customer_notes').values(note).execute();
  await appendEvent(tx, {
    type: 'customer.note_added',
    subject: { type: 'customer', id: customerId },
    customerId,
    stage: 'generation',
    data: { note_id: note.id },
  });
  return presentNote(note);
}
