import type { z } from 'zod';
import { invalidFields, notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import type { ReplaceRoutingBody, RoutingOperationInput } from '../manufacturing-schemas';
import { getRouting } from '../queries/get-routing';

type OperationInput = z.infer<typeof RoutingOperationInput>;

/**
 * Lock the product whose routing changes (FOR NO KEY UPDATE: orders referencing it are not blocked), so that
 * edits of one routing queue up; a 404 when there is no such product.
 */
export async function lockRoutingOf(tx: Tx, productId: string) {
  const product = await tx.db.selectFrom('products').select(['id', 'sku']).where('id', '=', productId).forNoKeyUpdate().executeTakeFirst();
  if (!product) throw notFound('product', productId);
  return product;
}

/** The work centers of new operations: each must exist and be active; a 400 naming each bad field. */
export async function checkOperations(tx: Tx, operations: readonly OperationInput[], prefix: string) {
  const ids = [...new Set(operations.map((o) => o.work_center_id))];
  const rows = ids.length === 0 ? [] : await tx.db.selectFrom('work_centers').select(['id', 'code', 'active']).where('id', 'in', ids).execute();
  const centers = new Map(rows.map((w) => [w.id, w]));
  const bad: Record<string, string> = {};
  const sequenceAt = new Map<number, number>();
  operations.forEach((o, i) => {
    const wc = centers.get(o.work_center_id);
    if (!wc) bad[`${prefix}${i}.work_center_id`] = `No work center ${o.work_center_id}.`;
    else if (!wc.active) bad[`${prefix}${i}.work_center_id`] = `Work center ${wc.code} is inactive.`;
    if (sequenceAt.has(o.sequence)) bad[`${prefix}${i}.sequence`] = `Sequence ${o.sequence} is used twice (also ${prefix}${sequenceAt.get(o.sequence)}).`;
    else sequenceAt.set(o.sequence, i);
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
  return centers;
}

export const operationRow = (tx: Tx, productId: string, o: OperationInput) => ({
  id: newId('routingOperation'),
  product_id: productId,
  sequence: o.sequence,
  work_center_id: o.work_center_id,
  description: o.description,
  setup_minutes: o.setup_minutes ?? 0,
  run_minutes: o.run_minutes,
  created_at: tx.now,
});

const summary = (o: { sequence: number; work_center_id: string; description: string; setup_minutes: number; run_minutes: number }) => ({
  sequence: o.sequence,
  work_center_id: o.work_center_id,
  description: o.description,
  setup_minutes: o.setup_minutes,
  run_minutes: o.run_minutes,
});

/** Replace a product's whole routing (an empty list removes it). */
export async function replaceRouting(tx: Tx, productId: string, input: z.infer<typeof ReplaceRoutingBody>) {
  await lockRoutingOf(tx, productId);
  await checkOperations(tx, input.operations, 'operations.');
  const previous = await tx.db.selectFrom('routing_operations').selectAll().where('product_id', '=', productId).orderBy('sequence').execute();
  const rows = [...input.operations].sort((a, b) => a.sequence - b.sequence).map((o) => operationRow(tx, productId, o));
  if (JSON.stringify(previous.map(summary)) === JSON.stringify(rows.map(summary))) return getRouting(tx.db, productId);
  await tx.db.deleteFrom('routing_operations').where('product_id', '=', productId).execute();
  if (rows.length > 0) await tx.db.insertInto('routing_operations').values(rows).execute();
  await appendEvent(tx, {
    type: 'routing.replaced',
    subject: { type: 'product', id: productId },
    stage: 'planning',
    data: { operations: rows.map(summary), previous: previous.map(summary) },
  });
  return getRouting(tx.db, productId);
}
