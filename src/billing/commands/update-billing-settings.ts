import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentSettings, type BillingSettingsChanges } from '../settings-schemas';
import type { BillingSettingsTable } from '../tables';

/**
 * Change the seller's details. Issued invoices keep the details they were issued with (a snapshot), so a
 * change applies to the next invoice only. The event lists each changed field's old and new value.
 */
export async function updateBillingSettings(tx: Tx, changes: BillingSettingsChanges) {
  const current = await tx.db.selectFrom('billing_settings').selectAll().where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const { standard_rate, reduced_rate, ...plain } = changes;
  const next: Partial<BillingSettingsTable> = { ...plain };
  if (standard_rate !== undefined) next.standard_rate_bp = Math.round(standard_rate * 100);
  if (reduced_rate !== undefined) next.reduced_rate_bp = Math.round(reduced_rate * 100);
  const changed = Object.fromEntries(
    (Object.keys(next) as (keyof BillingSettingsTable)[])
      .filter((k) => next[k] !== undefined && next[k] !== (typeof current[k] === 'string' ? (current[k] as string).trim() : current[k]))
      .map((k) => [k, { from: current[k], to: next[k] }]),
  );
  if (Object.keys(changed).length === 0) return presentSettings(current);
  const updated = await tx.db
    .updateTable('billing_settings')
    .set({ ...next, updated_by: tx.actor.id, updated_at: tx.now })
    .where('id', '=', 1)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvent(tx, { type: 'billing_settings.updated', subject: { type: 'billing_settings', id: 'seller' }, stage: 'billing', data: { changes: changed } });
  return presentSettings(updated);
}
