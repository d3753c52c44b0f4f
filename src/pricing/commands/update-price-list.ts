import type { z } from 'zod';
import { invalidFields, notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import type { UpdatePriceListBody } from '../price-list-schemas';
import { priceListById } from '../queries/price-lists';

/** Rename, end (valid_to) or switch off a price list. */
export async function updatePriceList(tx: Tx, id: string, changes: z.infer<typeof UpdatePriceListBody>) {
  const list = await tx.db.selectFrom('price_lists').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!list) throw notFound('price list', id);
  if (changes.valid_to && changes.valid_to < list.valid_from) throw invalidFields({ valid_to: `Ends before it starts (${list.valid_from}).` });
  await tx.db.updateTable('price_lists').set({ ...changes, updated_at: tx.now }).where('id', '=', id).execute();
  await appendEvent(tx, { type: 'price_list.updated', subject: { type: 'price_list', id }, stage: 'pricing', data: { changes } });
  return (await priceListById(tx.db, id))!;
}
