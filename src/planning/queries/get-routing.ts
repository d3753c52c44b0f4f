import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { presentRoutingOperation } from '../manufacturing-schemas';
import { requireProduct } from './get-catalog';

/** A product's routing: its operations in sequence order, with each work center's code. */
export async function getRouting(db: Kysely<DB>, productId: string) {
  await requireProduct(db, productId);
  const operations = await db
    .selectFrom('routing_operations as o')
    .innerJoin('work_centers as w', 'w.id', 'o.work_center_id')
    .selectAll('o')
    .select('w.code as work_center_code')
    .where('o.product_id', '=', productId)
    .orderBy('o.sequence')
    .execute();
  return { product_id: productId, operations: operations.map(presentRoutingOperation) };
}
