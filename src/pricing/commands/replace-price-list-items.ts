import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { priceListById } from '../queries/price-lists';
import { checkReferences, writeItems, type Items } from './price-list-items';

/** Replace every item (product, quantity break, price) of a list at once. */
export async function replacePriceListItems(tx: Tx, id: string, items: Items) {
  const list = await tx.db.selectFrom('price_lists').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!list) throw notFound('price list', id);
  await checkReferences(tx, items);
  await writeItems(tx, id, items);
  await tx.db.updateTable('price_lists').set({ updated_at: tx.now }).where('id', '=', id).execute();
  await appendEvent(tx, { type: 'price_list.items_replaced', subject: { type: 'price_list', id }, stage: 'pricing', data: { items: items.length } });
  return (await priceListById(tx.db, id))!;
}
