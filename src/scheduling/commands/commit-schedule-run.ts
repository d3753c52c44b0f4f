import { sql } from 'kysely';
import { SYSTEM_ACTOR, type Department } from '../../access/roles';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { postponeLines } from '../../entry/commands/postpone-lines';
import type { ScheduleResult } from '../policies/plan-schedule';
import { requireScheduleRun } from '../queries/get-schedule-run';
import { schedulingInputs } from '../queries/scheduling-inputs';
import { scheduleRunMachine } from '../transitions';

/**
 * Make a what-if run the current schedule, all in one transaction: refused as stale (409) when its inputs
 * are no longer what they were; the current schedule is superseded and its open handoffs closed; the run's
 * operations are stored; each late line is re-promised to the date its work allows, with the reason on the
 * order's timeline; and each order's operations are handed to the departments that run them.
 */
export async function commitScheduleRun(tx: Tx, id: string) {
  // One commit at a time: the current schedule is read and replaced under this lock.
  await sql`select pg_advisory_xact_lock(hashtext('omc.schedule.commit'))`.execute(tx.db);
  const run = await tx.db.selectFrom('schedule_runs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!run) return requireScheduleRun(tx.db, id); // the 404
  if (run.status === 'what_if') {
    const now = await schedulingInputs(tx.db, tx.now);
    if (now.digest !== run.inputs_digest) {
      throw new AppError('schedule_stale', undefined, { run_id: id, computed_at: run.created_at.toISOString() });
    }
  }
  const current = await tx.db.selectFrom('schedule_runs').select('id').where('status', '=', 'committed').executeTakeFirst();
  // The current one goes first (only one committed run may exist); a refusal below rolls it all back.
  if (current && current.id !== id) {
    await applyTransition(tx, scheduleRunMachine, { id: current.id, to: 'superseded', stage: 'scheduling', data: { by: id } });
    await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, current.id, `schedule ${current.id} superseded by ${id}`);
  }
  await applyTransition(tx, scheduleRunMachine, { id, to: 'committed', stage: 'scheduling', data: { superseding: current?.id ?? null } });
  await tx.db.updateTable('schedule_runs').set({ committed_at: tx.now }).where('id', '=', id).execute();

  const result = run.result as ScheduleResult;
  const customerOf = new Map(result.orders.map((o) => [o.order_id, o.customer_id]));
  if (result.operations.length > 0) {
    await tx.db
      .insertInto('scheduled_operations')
      .values(
        result.operations.map((o) => ({
          id: newId('scheduledOperation'),
          run_id: id,
          order_id: o.order_id,
          customer_id: customerOf.get(o.order_id)!,
          order_line_id: o.order_line_id,
          kind: o.kind,
          step: o.step,
          routing_operation_id: o.routing_operation_id,
          work_center_id: o.work_center_id,
          unit: o.unit,
          description: o.description,
          minutes: o.minutes,
          starts_at: new Date(o.start),
          ends_at: new Date(o.end),
          segments: JSON.stringify(o.segments),
        })),
      )
      .execute();
  }

  for (const order of result.orders) {
    const late = order.lines.filter((l) => l.late);
    if (late.length === 0) continue;
    const why = `schedule ${id}: the work ends ${late.map((l) => l.work_ends_at.slice(0, 16).replace('T', ' ')).sort().at(-1)} UTC, so the order can reach the customer by ${order.feasible_promise_date} (${order.days_late} days later than promised)`;
    await postponeLines(
      tx,
      late.map((l) => ({ lineId: l.order_line_id, date: l.feasible_promise_date })),
      why,
    );
  }

  // One handoff per order and department: what to run where and when, due when its first operation starts.
  const handoffs = new Map<string, { orderId: string; department: Department; first: string; notes: string[] }>();
  for (const o of result.operations) {
    const key = `${o.order_id} ${o.department}`;
    const h = handoffs.get(key) ?? { orderId: o.order_id, department: o.department, first: o.start, notes: [] };
    if (o.start < h.first) h.first = o.start;
    h.notes.push(`${o.work_center_code}#${o.unit + 1} ${o.start.slice(0, 16).replace('T', ' ')}–${o.end.slice(0, 16).replace('T', ' ')}: ${o.description}`);
    handoffs.set(key, h);
  }
  for (const h of [...handoffs.values()].sort((a, b) => a.orderId.localeCompare(b.orderId) || a.department.localeCompare(b.department))) {
    await openHandoff(tx, {
      subject: { type: 'schedule_run', id },
      stage: 'scheduling',
      department: h.department,
      dueAt: new Date(h.first),
      note: h.notes.join('; ').slice(0, 2000),
      orderId: h.orderId,
      customerId: customerOf.get(h.orderId)!,
    });
  }
  return requireScheduleRun(tx.db, id);
}
