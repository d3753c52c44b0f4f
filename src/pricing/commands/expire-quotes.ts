import { SYSTEM_ACTOR } from '../../access/roles';
import { calendarDate } from '../../core/clock';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { quoteMachine } from '../transitions';

/**
 * The expiry sweep: every sent quote past its validity date expires. Durable — it reads the database, so any
 * process that runs it catches every overdue quote — and safe to run in many processes at once: rows another
 * sweep holds are skipped, not waited for.
 */
export async function expireQuotes(tx: Tx, batch = 500) {
  const due = await tx.db
    .selectFrom('quotes')
    .select(['id', 'number', 'customer_id', 'valid_until'])
    .where('status', '=', 'sent')
    .where('valid_until', '<', calendarDate(tx.now))
    .orderBy('valid_until')
    .orderBy('id')
    .limit(batch)
    .forUpdate()
    .skipLocked()
    .execute();
  const system = { ...tx, actor: SYSTEM_ACTOR };
  for (const quote of due) {
    await applyTransition(system, quoteMachine, { id: quote.id, to: 'expired', customerId: quote.customer_id, stage: 'pricing', data: { number: quote.number, holder: null, valid_until: quote.valid_until } });
    await tx.db.updateTable('quotes').set({ decided_at: tx.now, decision_reason: `valid until ${quote.valid_until}` }).where('id', '=', quote.id).execute();
  }
  return due.map((q) => ({ id: q.id, number: q.number, valid_until: q.valid_until! }));
}
