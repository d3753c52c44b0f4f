import type { z } from 'zod';
import { invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import type { CreatePriceListBody } from '../price-list-schemas';
import { priceListById } from '../queries/price-lists';
import { checkReferences, writeItems } from './price-list-items';

/** A price list for named customers, customer tiers or everyone, valid from a date, with its items. */
export async function createPriceList(tx: Tx, input: z.infer<typeof CreatePriceListBody>) {
  if (input.valid_to && input.valid_to < input.valid_from) throw invalidFields({ valid_to: 'Ends before it starts.' });
  await checkReferences(tx, input.items, input.customer_ids);
  const id = newId('priceList');
  await tx.db
    .insertInto('price_lists')
    .values({ id, name: input.name, currency: input.currency, tiers: input.tiers ?? [], valid_from: input.valid_from, valid_to: input.valid_to ?? null, active: true, created_at: tx.now, updated_at: tx.now })
    .execute();
  const customerIds = [...new Set(input.customer_ids ?? [])];
  if (customerIds.length) await tx.db.insertInto('price_list_customers').values(customerIds.map((customer_id) => ({ price_list_id: id, customer_id }))).execute();
  await writeItems(tx, id, input.items);
  await appendEvent(tx, {
    type: 'price_list.created',
    subject: { type: 'price_list', id },
    stage: 'pricing',
    data: { name: input.name, currency: input.currency, items: input.items.length, tiers: input.tiers ?? [], customers: customerIds.length },
  });
  return (await priceListById(tx.db, id))!;
}
