import { sql } from 'kysely';
import { notFound } from '../../core/errors';
import { findTransition, type StateMachine } from '../../core/state-machine';
import type { Tx } from '../../db/transaction';
import type { StageKey } from '../stages';
import { appendEvent } from './append-event';

export interface TransitionRequest<S extends string> {
  id: string;
  to: S;
  orderId?: string | null;
  customerId?: string | null;
  stage?: StageKey | null;
  /** Why, and anything else the timeline should show. */
  data?: Record<string, unknown>;
  /**
   * The status the row has, when this transaction inserted it a moment ago: no other transaction can see
   * the row yet, so there is nothing to lock or read. Anywhere else, leave it out.
   */
  insertedAs?: S;
}

/**
 * The only way a status changes: lock the row, check the move against the machine's table, the actor's role
 * and the machine's guard, write the new status and append the event — all in the caller's transaction.
 */
export async function applyTransition<S extends string>(
  tx: Tx,
  machine: StateMachine<S>,
  request: TransitionRequest<S>,
): Promise<{ from: S; to: S; eventId: string }> {
  const column = machine.statusColumn ?? 'status';
  const row = request.insertedAs
    ? { status: request.insertedAs }
    : (await sql<{ status: S }>`select ${sql.ref(column)} as status from ${sql.table(machine.table)} where id = ${request.id} for update`.execute(tx.db)).rows[0];
  if (!row) throw notFound(machine.entity, request.id);
  const transition = findTransition(machine, row.status, request.to, tx.actor.role);
  // A row this transaction has just inserted has nothing yet that a guard could find (no holds).
  if (!request.insertedAs) await machine.guard?.(tx, request.id, row.status, request.to);
  await sql`update ${sql.table(machine.table)} set ${sql.ref(column)} = ${request.to}, updated_at = ${tx.now} where id = ${request.id}`.execute(
    tx.db,
  );
  const eventId = await appendEvent(tx, {
    type: transition.event ?? `${machine.entity}.${request.to}`,
    subject: { type: machine.entity, id: request.id },
    orderId: request.orderId,
    customerId: request.customerId,
    stage: request.stage,
    data: { from: row.status, to: request.to, ...request.data },
  });
  return { from: row.status, to: request.to, eventId };
}
