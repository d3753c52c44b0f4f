import type { z } from 'zod';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { assertMaySee, lockCustomer } from '../queries/get-customer';
import { presentAddress, type AddressInput } from '../schemas';

/** Add a billing or shipping address; a new default takes the flag from the old default of its kind. */
export async function addAddress(tx: Tx, customerId: string, input: z.infer<typeof AddressInput>) {
  assertMaySee(tx.actor, customerId);
  await lockCustomer(tx.db, customerId);
  if (input.is_default) {
    await tx.db.updateTable('customer_addresses').set({ is_default: false }).where('customer_id', '=', customerId).where('kind', '=', input.kind).where('is_default', '=', true).execute();
  }
  const row = {
    id: newId('address'),
    customer_id: customerId,
    kind: input.kind,
    line1: input.line1,
    line2: input.line2 ?? null,
    city: input.city,
    postal_code: input.postal_code ?? null,
    region: input.region ?? null,
    country: input.country,
    is_default: input.is_default ?? false,
    created_at: tx.now,
  };
  await tx.db.insertInto('customer_addresses').values(row).execute();
  await appendEvent(tx, {
    type: 'customer.address_added',
    subject: { type: 'customer', id: customerId },
    customerId,
    data: { address_id: row.id, kind: row.kind, city: row.city, country: row.country },
  });
  return presentAddress(row);
}
