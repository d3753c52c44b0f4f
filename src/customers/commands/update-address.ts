import type { z } from 'zod';
import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { assertMaySee } from '../queries/get-customer';
import { presentAddress, type AddressChanges } from '../schemas';

export async function updateAddress(tx: Tx, customerId: string, addressId: string, changes: z.infer<typeof AddressChanges>) {
  assertMaySee(tx.actor, customerId);
  const address = await tx.db
    .selectFrom('customer_addresses')
    .select(['id', 'kind'])
    .where('id', '=', addressId)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  if (!address) throw notFound('address', addressId);
  if (changes.is_default) {
    await tx.db
      .updateTable('customer_addresses')
      .set({ is_default: false })
      .where('customer_id', '=', customerId)
      .where('kind', '=', changes.kind ?? address.kind)
      .execute();
  }
  const updated = await tx.db.updateTable('customer_addresses').set(changes).where('id', '=', addressId).returningAll().executeTakeFirstOrThrow();
  await appendEvent(tx, {
    type: 'customer.address_updated',
    subject: { type: 'customer', id: customerId },
    customerId,
    data: { address_id: addressId, changed: Object.keys(changes) },
  });
  return presentAddress(updated);
}
