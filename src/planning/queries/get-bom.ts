import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { presentBomLine } from '../manufacturing-schemas';
import { requireProduct } from './get-catalog';

/** One level of a product's bill of materials, in line order, with each component's SKU and name. */
export async function getBom(db: Kysely<DB>, productId: string) {
  await requireProduct(db, productId);
  const lines = await db
    .selectFrom('bom_lines as b')
    .innerJoin('products as p', 'p.id', 'b.component_id')
    .selectAll('b')
    .select(['p.sku as component_sku', 'p.name as component_name'])
    .where('b.product_id', '=', productId)
    .orderBy('b.position')
    .orderBy('b.id')
    .execute();
  return { product_id: productId, lines: lines.map(presentBomLine) };
}
