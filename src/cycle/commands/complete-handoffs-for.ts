import { sql } from 'kysely';
import type { Tx } from '../../db/transaction';
import { handoffMachine } from '../transitions';
import { sendWrites, type PendingWrite } from './append-event';
import { planTransitions } from './apply-transition';
import { assertOwnDepartment, handoffMove } from './move-handoff';

/**
 * Close every handoff still open on a subject (its work is moot: the order was cancelled, the hold released):
 * locked in id order, each checked as `moveHandoff` would, then completed in one UPDATE with one event each.
 */
export async function completeHandoffsFor(tx: Tx, subjectId: string, note: string): Promise<void> {
  await sendWrites(tx, [await planCompleteHandoffsFor(tx, subjectId, note)]);
}

/** `completeHandoffsFor` up to the write (null when none is open), for `sendWrites` with the step's other writes. */
export async function planCompleteHandoffsFor(tx: Tx, subjectId: string, note: string): Promise<PendingWrite | null> {
  return planCompleteHandoffsOf(tx, new Map([[subjectId, note]]));
}

/** `planCompleteHandoffsFor` for many subjects at once: subject id → the note its handoffs close with. */
export async function planCompleteHandoffsOf(tx: Tx, notes: Map<string, string>): Promise<PendingWrite | null> {
  if (notes.size === 0) return null;
  const open = await tx.db.selectFrom('handoffs').selectAll().where('subject_id', 'in', [...notes.keys()]).where('status', '<>', 'completed').orderBy('id').forUpdate().execute();
  for (const handoff of open) assertOwnDepartment(tx.actor, handoff);
  return planTransitions(
    tx,
    handoffMachine,
    'completed',
    open.map((h) => handoffMove(h, notes.get(h.subject_id))),
    { completed_at: tx.now, owner: sql`coalesce(owner, ${tx.actor.id})` },
  );
}
