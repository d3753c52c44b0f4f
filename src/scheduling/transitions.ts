import { defineMachine } from '../core/state-machine';

/**
 * A schedule run is a what-if until operations commit it (it becomes the current schedule: promise dates
 * follow it and its operations are handed to their departments) or discard it. Committing another run
 * supersedes the current one; a what-if left alone when another run is committed stays a what-if (its commit
 * would then be refused as stale when the inputs moved).
 */
export const scheduleRunMachine = defineMachine({
  entity: 'schedule_run',
  table: 'schedule_runs',
  states: ['what_if', 'committed', 'discarded', 'superseded'],
  initial: 'what_if',
  transitions: [
    { from: 'what_if', to: 'committed', roles: ['operations'], event: 'schedule_run.committed' },
    { from: 'what_if', to: 'discarded', roles: ['operations'], event: 'schedule_run.discarded' },
    { from: 'committed', to: 'superseded', roles: ['operations'], event: 'schedule_run.superseded' },
  ],
});

export type ScheduleRunStatus = (typeof scheduleRunMachine.states)[number];
