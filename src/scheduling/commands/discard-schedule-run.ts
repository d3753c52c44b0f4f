import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { requireScheduleRun } from '../queries/get-schedule-run';
import { scheduleRunMachine } from '../transitions';

/** Drop a what-if run: it stays on record as discarded and can no longer be committed. */
export async function discardScheduleRun(tx: Tx, id: string) {
  await applyTransition(tx, scheduleRunMachine, { id, to: 'discarded', stage: 'scheduling' });
  return requireScheduleRun(tx.db, id);
}
