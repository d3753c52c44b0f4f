import type { Actor } from '../../access/roles';
import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { presentHandoff } from '../schemas';
import { STAGES } from '../stages';
import type { HandoffsTable } from '../tables';
import { handoffMachine, type HandoffStatus } from '../transitions';
import { applyTransition } from './apply-transition';

/** Only its own department (or an admin, or the system) may act on a handoff. */
export function assertOwnDepartment(actor: Actor, handoff: { department: string }): void {
  if (actor.role !== 'admin' && actor.role !== 'system' && actor.role !== handoff.department) {
    throw new AppError('forbidden', `This handoff belongs to ${handoff.department}.`, { department: handoff.department });
  }
}

/** What the timeline says of a handoff's move (besides from and to). */
export function handoffMove(handoff: HandoffsTable, note: string | undefined) {
  return {
    id: handoff.id,
    lockedAs: handoff.status as HandoffStatus,
    orderId: handoff.order_id,
    customerId: handoff.customer_id,
    stage: STAGES[handoff.stage - 1]!.key,
    data: { subject: { type: handoff.subject_type, id: handoff.subject_id }, department: handoff.department, ...(note ? { note } : {}) },
  };
}

/**
 * Take, release or complete a handoff. Only its own department (or an admin) may act on it, and once taken
 * only its owner may release it.
 */
export async function moveHandoff(tx: Tx, id: string, to: Exclude<HandoffStatus, 'open'> | 'open', note?: string) {
  const handoff = await tx.db.selectFrom('handoffs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!handoff) throw notFound('handoff', id);
  const { actor } = tx;
  assertOwnDepartment(actor, handoff);
  // Only a taken handoff has an owner to guard; releasing one that is open or completed is not a move at all
  // and is left to the state table (409 invalid_transition), not refused as if it belonged to someone.
  if (to === 'open' && handoff.status === 'taken' && handoff.owner !== actor.id && actor.role !== 'admin' && actor.role !== 'system') {
    throw new AppError('forbidden', `Only its owner (${handoff.owner}) may give this handoff back.`, { owner: handoff.owner });
  }
  const stamps =
    to === 'taken' ? { owner: actor.id, taken_at: tx.now } : to === 'open' ? { owner: null, taken_at: null } : { completed_at: tx.now, owner: handoff.owner ?? actor.id };
  await applyTransition(tx, handoffMachine, { ...handoffMove(handoff, note), to, set: stamps });
  return presentHandoff({ ...handoff, ...stamps, status: to, updated_at: tx.now }, tx.now);
}
