import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { requireProduct } from '../queries/get-catalog';
import { getBom } from '../queries/get-bom';
import { lockBomStructure } from './guard-bom-structure';

/** Take one line out of a product's bill of materials; answers the BOM as it is now. */
export async function removeBomLine(tx: Tx, productId: string, lineId: string) {
  await lockBomStructure(tx);
  await requireProduct(tx.db, productId);
  const removed = await tx.db.deleteFrom('bom_lines').where('id', '=', lineId).where('product_id', '=', productId).returningAll().executeTakeFirst();
  if (!removed) throw notFound('line of this bill of materials', lineId);
  await appendEvent(tx, {
    type: 'bom.line_removed',
    subject: { type: 'product', id: productId },
    stage: 'planning',
    data: { line_id: removed.id, component_id: removed.component_id, quantity: removed.quantity, scrap_percent: removed.scrap_percent },
  });
  return getBom(tx.db, productId);
}
