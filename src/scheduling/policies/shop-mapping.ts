/**
 * Confirmed orders → the solver's job shop → a timetable on the work centers' calendars, pure.
 *
 * Jobs: each made-to-order line is a job (its routing's operations in sequence), and each order's stocked
 * units reserved in one warehouse are a job of one pick / pack operation on that warehouse's pick / pack work
 * center. A job is due when its work must be done for the promise to hold (the promised date less the days
 * to ship), weighted by its order's priority score.
 *
 * The solver knows one unit per machine and continuous time; the work centers have parallel units and
 * calendars. So a work center is one machine whose durations are stretched to elapsed time — working minutes
 * × (calendar minutes ÷ working minutes of one unit over the next four weeks) ÷ parallel units — which is how
 * fast the work center gets through work. The solver orders the operations on each work center (minimising
 * total weighted tardiness); `timetable` then dispatches them in that order to the unit that can start
 * each the earliest, on the real calendar, after its job predecessor. The timetable, not the solver's
 * estimate, gives the dates.
 */
import type { JobShopInstance } from '../solver';
import { dateOf, WorkingTime, type Placement } from './calendar';

const DAY_MS = 86_400_000;
const RATE_DAYS = 28;

export interface PlanCenter {
  id: string;
  units: number;
  minutesOn: (date: string) => number;
}

export interface PlanOperation {
  kind: 'routing' | 'pick_pack';
  workCenterId: string;
  routingOperationId: string | null;
  description: string;
  /** Working minutes, a whole number > 0. */
  minutes: number;
}

export interface PlanLine {
  id: string;
  promisedDate: string | null;
}

export interface PlanJob {
  orderId: string;
  orderLineId: string | null;
  /** The order lines whose promise this job's completion decides. */
  lines: PlanLine[];
  operations: PlanOperation[];
  /** Calendar days from the end of the work to the customer. */
  shippingDays: number;
  weight: number;
}

export interface PlacedOperation extends Placement {
  job: number;
  step: number;
  unit: number;
}

export function addDays(date: string, days: number): string {
  return dateOf(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

/** Minutes from minute 0 (startMs) to the end of a calendar date. */
function endOfDate(startMs: number, date: string): number {
  return Math.floor((Date.parse(`${date}T00:00:00Z`) + DAY_MS - startMs) / 60_000);
}

/** The day by which the job's work must be done for every line's promise to hold; null when none is promised. */
export function workDueDate(job: PlanJob): string | null {
  const dates = job.lines.map((l) => l.promisedDate).filter((d): d is string => d !== null);
  if (dates.length === 0) return null;
  return addDays(dates.sort()[0]!, -job.shippingDays);
}

export function workingTimes(centers: PlanCenter[], startMs: number): Map<string, WorkingTime> {
  return new Map(centers.map((c) => [c.id, new WorkingTime(startMs, c.minutesOn)]));
}

/** The solver's instance: machine m is centers[m]; durations in elapsed minutes (see the file's comment). */
export function shopInstance(jobs: PlanJob[], centers: PlanCenter[], times: Map<string, WorkingTime>, startMs: number): JobShopInstance {
  const machineOf = new Map(centers.map((c, m) => [c.id, m]));
  const stretch = new Map(centers.map((c) => [c.id, (RATE_DAYS * 1440) / Math.max(1, times.get(c.id)!.minutesOver(RATE_DAYS)) / c.units]));
  return {
    machines: centers.length,
    jobs: jobs.map((job) => {
      const due = workDueDate(job);
      return {
        operations: job.operations.map((o) => ({ machine: machineOf.get(o.workCenterId)!, duration: Math.max(1, Math.round(o.minutes * stretch.get(o.workCenterId)!)) })),
        ...(due === null ? {} : { due: endOfDate(startMs, due) }),
        weight: job.weight,
      };
    }),
  };
}

/**
 * Dispatch the operations on the real calendars: work center by work center in the solver's order, each to
 * the unit where it can start the earliest (after its job predecessor ends), taking working minutes only.
 * Returns null when an operation finds no working time (a work center that never works).
 */
export function timetable(
  jobs: PlanJob[],
  centers: PlanCenter[],
  times: Map<string, WorkingTime>,
  machineSequences: [number, number][][],
): PlacedOperation[][] | null {
  const placed: PlacedOperation[][] = jobs.map(() => []);
  const unitFree = centers.map((c) => new Array<number>(c.units).fill(0));
  const next = machineSequences.map(() => 0);
  let remaining = jobs.reduce((s, j) => s + j.operations.length, 0);
  while (remaining > 0) {
    let progress = false;
    for (let m = 0; m < machineSequences.length; m++) {
      const sequence = machineSequences[m]!;
      for (; next[m]! < sequence.length; next[m]!++) {
        const [j, k] = sequence[next[m]!]!;
        if (placed[j]!.length !== k) break; // its job predecessor is not placed yet
        const ready = k === 0 ? 0 : placed[j]![k - 1]!.end;
        const free = unitFree[m]!;
        let unit = 0;
        for (let u = 1; u < free.length; u++) if (Math.max(ready, free[u]!) < Math.max(ready, free[unit]!)) unit = u;
        const at = times.get(centers[m]!.id)!.place(Math.max(ready, free[unit]!), jobs[j]!.operations[k]!.minutes);
        if (!at) return null;
        free[unit] = at.end;
        placed[j]!.push({ ...at, job: j, step: k, unit });
        remaining--;
        progress = true;
      }
    }
    if (!progress) throw new Error('schedule: the machine sequences deadlock'); // the solver's orders are acyclic
  }
  return placed;
}
