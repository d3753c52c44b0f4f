import type { z } from 'zod';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import type { ReplaceBomBody } from '../manufacturing-schemas';
import { requireProduct } from '../queries/get-catalog';
import { getBom } from '../queries/get-bom';
import { checkBomComponents, lockBomStructure, refuseBomCycles } from './guard-bom-structure';

const summary = (l: { component_id: string; quantity: number; scrap_percent: number }) => ({
  component_id: l.component_id,
  quantity: l.quantity,
  scrap_percent: l.scrap_percent,
});

/** Replace a product's whole bill of materials (an empty list removes it); a cycle is refused with its path. */
export async function replaceBom(tx: Tx, productId: string, input: z.infer<typeof ReplaceBomBody>) {
  await lockBomStructure(tx);
  await requireProduct(tx.db, productId);
  const componentIds = input.lines.map((l) => l.component_id);
  await checkBomComponents(tx, componentIds, (i) => `lines.${i}.component_id`);
  await refuseBomCycles(tx, productId, componentIds, (i) => `lines.${i}.component_id`);
  const previous = await tx.db.selectFrom('bom_lines').selectAll().where('product_id', '=', productId).orderBy('position').orderBy('id').execute();
  const lines = input.lines.map((l) => ({ component_id: l.component_id, quantity: l.quantity, scrap_percent: l.scrap_percent ?? 0 }));
  if (JSON.stringify(previous.map(summary)) === JSON.stringify(lines)) return getBom(tx.db, productId);
  await tx.db.deleteFrom('bom_lines').where('product_id', '=', productId).execute();
  if (lines.length > 0) {
    await tx.db
      .insertInto('bom_lines')
      .values(lines.map((l, i) => ({ id: newId('bomLine'), product_id: productId, position: i + 1, created_at: tx.now, ...l })))
      .execute();
  }
  await appendEvent(tx, {
    type: 'bom.replaced',
    subject: { type: 'product', id: productId },
    stage: 'planning',
    data: { lines, previous: previous.map(summary) },
  });
  return getBom(tx.db, productId);
}
