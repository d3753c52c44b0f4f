import type { z } from 'zod';
import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentWarehouse, type UpdateWarehouseBody } from '../schemas';

export async function updateWarehouse(tx: Tx, id: string, changes: z.infer<typeof UpdateWarehouseBody>) {
  const current = await tx.db.selectFrom('warehouses').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw notFound('warehouse', id);
  const fields = Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined) as (keyof typeof changes)[];
  const changed = Object.fromEntries(fields.filter((k) => changes[k] !== current[k]).map((k) => [k, { from: current[k], to: changes[k] }]));
  if (Object.keys(changed).length === 0) return presentWarehouse(current);
  const updated = await tx.db.updateTable('warehouses').set({ ...changes, updated_at: tx.now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await appendEvent(tx, { type: 'warehouse.updated', subject: { type: 'warehouse', id }, stage: 'planning', data: { changes: changed } });
  return presentWarehouse(updated);
}
