import type { z } from 'zod';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentBomLine, type BomLineInput } from '../manufacturing-schemas';
import { requireProduct } from '../queries/get-catalog';
import { checkBomComponents, lockBomStructure, refuseBomCycles } from './guard-bom-structure';

/** Add one component to a product's bill of materials, after its last line; a cycle is refused with its path. */
export async function addBomLine(tx: Tx, productId: string, input: z.infer<typeof BomLineInput>) {
  await lockBomStructure(tx);
  await requireProduct(tx.db, productId);
  const components = await checkBomComponents(tx, [input.component_id], () => 'component_id');
  const component = components.get(input.component_id)!;
  const existing = await tx.db
    .selectFrom('bom_lines')
    .select(['id', 'component_id', 'position'])
    .where('product_id', '=', productId)
    .execute();
  const same = existing.find((l) => l.component_id === input.component_id);
  if (same) {
    throw new AppError('already_exists', `${component.sku} is already in this bill of materials (line ${same.id}); replace the BOM to change its quantity.`, {
      fields: { component_id: 'Already in this bill of materials.' },
      id: same.id,
    });
  }
  await refuseBomCycles(tx, productId, [input.component_id], () => 'component_id');
  const row = {
    id: newId('bomLine'),
    product_id: productId,
    component_id: input.component_id,
    position: Math.max(0, ...existing.map((l) => l.position)) + 1,
    quantity: input.quantity,
    scrap_percent: input.scrap_percent ?? 0,
    created_at: tx.now,
  };
  await tx.db.insertInto('bom_lines').values(row).execute();
  await appendEvent(tx, {
    type: 'bom.line_added',
    subject: { type: 'product', id: productId },
    stage: 'planning',
    data: { line_id: row.id, component_id: row.component_id, quantity: row.quantity, scrap_percent: row.scrap_percent },
  });
  return presentBomLine({ ...row, component_sku: component.sku, component_name: component.name });
}
