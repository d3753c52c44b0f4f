/**
 * Checking and scoring a job-shop schedule from its start times alone. Deliberately independent of the
 * solver's internals (no disjunctive graph, no heads or tails): the tests use it to judge the solver.
 */
import type { JobShopInstance, JobShopSchedule } from './types';

export type ScheduleProblemKind = 'shape' | 'start' | 'release' | 'precedence' | 'overlap';

export interface ScheduleProblem {
  kind: ScheduleProblemKind;
  /** The operation at fault, as job and operation index. */
  job: number;
  operation: number;
  /** For precedence and overlap: the operation it conflicts with. */
  other?: { job: number; operation: number };
  message: string;
}

/**
 * Every way `schedule` breaks the instance: missing or extra start times, starts that are not finite
 * non-negative numbers, a first operation before its job's release, an operation starting before its job's
 * previous operation has finished, and two operations overlapping on one machine (operations of zero
 * duration occupy no time). An empty list means the schedule is feasible.
 */
export function validateJobShopSchedule(instance: JobShopInstance, schedule: JobShopSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (!schedule || !Array.isArray(schedule.start)) {
    return [{ kind: 'shape', job: -1, operation: -1, message: 'the schedule has no start array' }];
  }
  if (schedule.start.length !== instance.jobs.length) {
    problems.push({ kind: 'shape', job: -1, operation: -1, message: `start times for ${schedule.start.length} jobs, the instance has ${instance.jobs.length}` });
  }
  const intervals: { start: number; end: number; job: number; operation: number }[][] = Array.from({ length: instance.machines }, () => []);
  instance.jobs.forEach((job, j) => {
    const starts = schedule.start[j];
    if (!Array.isArray(starts) || starts.length !== job.operations.length) {
      problems.push({ kind: 'shape', job: j, operation: -1, message: `job ${j}: expected ${job.operations.length} start times` });
      return;
    }
    let previousEnd = -Infinity;
    job.operations.forEach((op, k) => {
      const start = starts[k];
      if (typeof start !== 'number' || !Number.isFinite(start) || start < 0) {
        problems.push({ kind: 'start', job: j, operation: k, message: `job ${j} operation ${k}: start ${String(start)} is not a finite non-negative number` });
        previousEnd = NaN;
        return;
      }
      if (k === 0 && start < (job.release ?? 0)) {
        problems.push({ kind: 'release', job: j, operation: k, message: `job ${j} starts at ${start}, before its release ${job.release}` });
      }
      if (k > 0 && start < previousEnd) {
        problems.push({
          kind: 'precedence',
          job: j,
          operation: k,
          other: { job: j, operation: k - 1 },
          message: `job ${j} operation ${k} starts at ${start}, before operation ${k - 1} ends at ${previousEnd}`,
        });
      }
      previousEnd = start + op.duration;
      if (op.duration > 0 && op.machine >= 0 && op.machine < instance.machines) {
        intervals[op.machine]!.push({ start, end: start + op.duration, job: j, operation: k });
      }
    });
  });
  intervals.forEach((list, m) => {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    let latest: (typeof list)[number] | undefined;
    for (const interval of list) {
      if (latest && interval.start < latest.end) {
        problems.push({
          kind: 'overlap',
          job: interval.job,
          operation: interval.operation,
          other: { job: latest.job, operation: latest.operation },
          message: `machine ${m}: job ${interval.job} operation ${interval.operation} [${interval.start}, ${interval.end}) overlaps job ${latest.job} operation ${latest.operation} [${latest.start}, ${latest.end})`,
        });
      }
      if (!latest || interval.end > latest.end) latest = interval;
    }
  });
  return problems;
}

/** Completion time of each job (end of its last operation; its release for a job without operations). */
export function jobCompletions(instance: JobShopInstance, schedule: JobShopSchedule): number[] {
  return instance.jobs.map((job, j) => {
    const k = job.operations.length - 1;
    return k < 0 ? (job.release ?? 0) : schedule.start[j]![k]! + job.operations[k]!.duration;
  });
}

/** The latest completion of any job. */
export function scheduleMakespan(instance: JobShopInstance, schedule: JobShopSchedule): number {
  return jobCompletions(instance, schedule).reduce((a, b) => Math.max(a, b), 0);
}

/** Σ weight · max(0, completion − due) over the jobs that have a due date (weight defaults to 1). */
export function scheduleWeightedTardiness(instance: JobShopInstance, schedule: JobShopSchedule): number {
  const completions = jobCompletions(instance, schedule);
  return instance.jobs.reduce((total, job, j) => (job.due === undefined ? total : total + (job.weight ?? 1) * Math.max(0, completions[j]! - job.due)), 0);
}
