import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';

/** The product row or a 404; other modules call this to check a product id they were given. */
export async function requireProduct(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('product', id);
  return row;
}

export async function requireWarehouse(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('warehouses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('warehouse', id);
  return row;
}
