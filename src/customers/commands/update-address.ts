import type { z } from 'zod';
import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { assertMaySee, lockCustomer } from '../queries/get-customer';
import { presentAddress, type AddressChanges } from '../schemas';

/**
 * Change an address. An address that is (or becomes) the default of its kind — also by changing kind — takes
 * the flag from the other default of that kind, so there is at most one default per kind. A change that
 * changes nothing records nothing.
 */
export async function updateAddress(tx: Tx, customerId: string, addressId: string, changes: z.infer<typeof AddressChanges>) {
  assertMaySee(tx.actor, customerId);
  await lockCustomer(tx.db, customerId);
  const address = await tx.db.selectFrom('customer_addresses').selectAll().where('id', '=', addressId).where('customer_id', '=', customerId).executeTakeFirst();
  if (!address) throw notFound('address', addressId);
  const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => changes[k] !== undefined && changes[k] !== address[k]);
  if (changed.length === 0) return presentAddress(address);
  const kind = changes.kind ?? address.kind;
  const isDefault = changes.is_default ?? address.is_default;
  if (isDefault && (changed.includes('is_default') || changed.includes('kind'))) {
    await tx.db
      .updateTable('customer_addresses')
      .set({ is_default: false })
      .where('customer_id', '=', customerId)
      .where('kind', '=', kind)
      .where('is_default', '=', true)
      .where('id', '!=', addressId)
      .execute();
  }
  const updated = await tx.db
    .updateTable('customer_addresses')
    .set(Object.fromEntries(changed.map((k) => [k, changes[k]])))
    .where('id', '=', addressId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvent(tx, {
    type: 'customer.address_updated',
    subject: { type: 'customer', id: customerId },
    customerId,
    data: { address_id: addressId, changed },
  });
  return presentAddress(updated);
}
