import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import type { ScheduleResult } from '../policies/plan-schedule';
import { presentScheduleRun } from '../schemas';
import { scheduleRunMachine } from '../transitions';

export interface ComputedSchedule {
  startsAt: Date;
  digest: string;
  budgetMs: number;
  seed: number;
  result: ScheduleResult;
}

/**
 * Keep a computed schedule as a what-if: the run and its event, nothing else — no promise date, handoff or
 * order timeline changes until it is committed.
 */
export async function storeScheduleRun(tx: Tx, computed: ComputedSchedule) {
  const row = {
    id: newId('scheduleRun'),
    status: scheduleRunMachine.initial,
    starts_at: computed.startsAt,
    inputs_digest: computed.digest,
    budget_ms: computed.budgetMs,
    seed: computed.seed,
    result: computed.result,
    created_by: tx.actor.id,
    created_at: tx.now,
    committed_at: null,
    updated_at: tx.now,
  };
  await tx.db
    .insertInto('schedule_runs')
    .values({ ...row, result: JSON.stringify(row.result) })
    .execute();
  await appendEvent(tx, { type: 'schedule_run.computed', subject: { type: 'schedule_run', id: row.id }, stage: 'scheduling', data: { ...computed.result.summary, stopped_by: computed.result.solver.stopped_by } });
  return presentScheduleRun(row);
}
