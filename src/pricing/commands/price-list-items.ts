import type { z } from 'zod';
import { invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import type { ReplaceItemsBody } from '../price-list-schemas';

export type Items = z.infer<typeof ReplaceItemsBody>['items'];

/** Every product and customer named must exist; every bad one is named (`items.3.product_id`). */
export async function checkReferences(tx: Tx, items: Items, customerIds: string[] = []): Promise<void> {
  const bad: Record<string, string> = {};
  const products = new Set(
    items.length ? (await tx.db.selectFrom('products').select('id').where('id', 'in', [...new Set(items.map((i) => i.product_id))]).execute()).map((p) => p.id) : [],
  );
  items.forEach((item, i) => {
    if (!products.has(item.product_id)) bad[`items.${i}.product_id`] = `No product ${item.product_id}.`;
  });
  const customers = new Set(customerIds.length ? (await tx.db.selectFrom('customers').select('id').where('id', 'in', customerIds).execute()).map((c) => c.id) : []);
  customerIds.forEach((id, i) => {
    if (!customers.has(id)) bad[`customer_ids.${i}`] = `No customer ${id}.`;
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
}

/** Replace a list's items with these. */
export async function writeItems(tx: Tx, priceListId: string, items: Items): Promise<void> {
  await tx.db.deleteFrom('price_list_items').where('price_list_id', '=', priceListId).execute();
  if (items.length === 0) return;
  await tx.db
    .insertInto('price_list_items')
    .values(items.map((i) => ({ id: newId('priceListItem'), price_list_id: priceListId, product_id: i.product_id, min_quantity: i.min_quantity ?? 1, unit_price_amount: i.unit_price })))
    .execute();
}
