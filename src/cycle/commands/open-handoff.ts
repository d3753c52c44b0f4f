import type { Department } from '../../access/roles';
import { addHours } from '../../core/clock';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { presentHandoff } from '../schemas';
import { stage, type StageKey } from '../stages';
import { handoffMachine } from '../transitions';
import { pendingWrite, sendWrites, type PendingWrite } from './append-event';

export interface NewHandoff {
  subject: { type: string; id: string };
  stage: StageKey;
  /** Default: the stage's first owning department. */
  department?: Department | undefined;
  /** Default: now + the stage's SLA. */
  dueAt?: Date | undefined;
  note?: string | undefined;
  orderId?: string | null | undefined;
  customerId?: string | null | undefined;
}

/** Pass work to a department: a handoff row with its due time, and the event that says so. */
export async function openHandoff(tx: Tx, input: NewHandoff) {
  const { handoff, pending } = planOpenHandoff(tx, input);
  await sendWrites(tx, [pending]);
  return handoff;
}

/** `openHandoff` as a write not sent yet, for `sendWrites` with the step's other writes. */
export function planOpenHandoff(tx: Tx, input: NewHandoff): { handoff: ReturnType<typeof presentHandoff>; pending: PendingWrite } {
  const { handoffs, pending } = planOpenHandoffs(tx, [input]);
  return { handoff: handoffs[0]!, pending: pending! };
}

/** Many handoffs in one insert with their events (in the order given); null pending when there are none. */
export function planOpenHandoffs(tx: Tx, inputs: NewHandoff[]): { handoffs: ReturnType<typeof presentHandoff>[]; pending: PendingWrite | null } {
  if (inputs.length === 0) return { handoffs: [], pending: null };
  const rows = inputs.map((input) => handoffRow(tx, input));
  const pending = pendingWrite(
    tx,
    tx.db.insertInto('handoffs').values(rows),
    rows.map((row, i) => ({
      type: 'handoff.opened',
      subject: inputs[i]!.subject,
      orderId: row.order_id,
      customerId: row.customer_id,
      stage: inputs[i]!.stage,
      data: { handoff_id: row.id, to_department: row.department, due_at: row.due_at.toISOString(), note: row.note },
    })),
  );
  return { handoffs: rows.map((row) => presentHandoff(row, tx.now)), pending };
}

function handoffRow(tx: Tx, input: NewHandoff) {
  const s = stage(input.stage);
  return {
    id: newId('handoff'),
    subject_type: input.subject.type,
    subject_id: input.subject.id,
    // A handoff of an order (or a customer) belongs on that order's (customer's) timeline even when the caller
    // did not repeat its id: the timeline and the portal read events by order_id and customer_id.
    order_id: input.orderId ?? (input.subject.type === 'order' ? input.subject.id : null),
    customer_id: input.customerId ?? (input.subject.type === 'customer' ? input.subject.id : null),
    stage: s.number,
    department: input.department ?? s.departments[0]!,
    status: handoffMachine.initial,
    owner: null,
    note: input.note ?? null,
    due_at: input.dueAt ?? addHours(tx.now, s.slaHours),
    created_by: tx.actor.id,
    created_at: tx.now,
    taken_at: null,
    completed_at: null,
    updated_at: tx.now,
  };
}
