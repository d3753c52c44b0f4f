import { departmentOf, type Department } from '../../access/roles';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { stage, type StageKey } from '../stages';

export interface NewEvent {
  /** Dotted, past tense: `customer.created`, `handoff.taken`. */
  type: string;
  subject: { type: string; id: string };
  orderId?: string | null;
  customerId?: string | null;
  stage?: StageKey | null;
  /** Defaults to the actor's department. */
  department?: Department | null;
  data?: Record<string, unknown>;
}

/** Append one event to the log, in the caller's transaction: it commits with the change it records, or not at all. */
export async function appendEvent(tx: Tx, event: NewEvent): Promise<string> {
  const id = newId('event');
  await tx.db
    .insertInto('events')
    .values({
      id,
      at: tx.now,
      type: event.type,
      subject_type: event.subject.type,
      subject_id: event.subject.id,
      order_id: event.orderId ?? null,
      customer_id: event.customerId ?? null,
      stage: event.stage ? stage(event.stage).number : null,
      department: event.department === undefined ? departmentOf(tx.actor) : event.department,
      actor: tx.actor.id,
      request_id: tx.requestId,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
  return id;
}
