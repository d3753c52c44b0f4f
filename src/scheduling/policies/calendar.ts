/**
 * Working time on a work center's calendar, pure: the schedule counts whole minutes from its start (minute 0);
 * each working day a unit works one stretch of that day's minutes, from 08:00 UTC (earlier when the day is
 * longer than 16 hours, so that it ends by midnight). An operation takes its working minutes from the first
 * stretch at or after its earliest start and carries on over the next working days when a day runs out.
 */

const DAY_MS = 86_400_000;
const SHIFT_START_MINUTE = 8 * 60;
/** Ten years of days: an operation that finds no working time by then is not placed. */
const MAX_DAYS = 3_660;

export interface Placement {
  start: number;
  end: number;
  /** The working stretches [start, end) used, in minutes from the schedule start. */
  segments: [number, number][];
}

export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** One work center's working stretches, day by day from the schedule start; `minutesOn(date)` per unit. */
export class WorkingTime {
  private readonly firstDayMs: number;
  private readonly offset: number;
  private readonly cache = new Map<number, number>();

  constructor(
    private readonly startMs: number,
    private readonly minutesOn: (date: string) => number,
  ) {
    this.firstDayMs = Math.floor(startMs / DAY_MS) * DAY_MS;
    this.offset = (startMs - this.firstDayMs) / 60_000; // minutes from the first day's midnight to minute 0
  }

  /** The working stretch of day d (0 = the schedule start's day) in schedule minutes; empty when it does not work. */
  stretch(day: number): [number, number] {
    let minutes = this.cache.get(day);
    if (minutes === undefined) {
      minutes = Math.max(0, Math.min(1440, this.minutesOn(dateOf(this.firstDayMs + day * DAY_MS))));
      this.cache.set(day, minutes);
    }
    const from = day * 1440 - this.offset + Math.min(SHIFT_START_MINUTE, 1440 - minutes);
    return [from, from + minutes];
  }

  /** Working minutes per unit over the `days` days from the start's day (the mapping's rate of work). */
  minutesOver(days: number): number {
    let total = 0;
    for (let d = 0; d < days; d++) {
      const [from, to] = this.stretch(d);
      total += to - from;
    }
    return total;
  }

  /** Place `minutes` (> 0) of work at or after `earliest`; null when no working time is found. */
  place(earliest: number, minutes: number): Placement | null {
    const segments: [number, number][] = [];
    let left = minutes;
    let day = Math.max(0, Math.floor((earliest + this.offset) / 1440));
    for (let seen = 0; left > 0 && seen < MAX_DAYS; day++, seen++) {
      const [from, to] = this.stretch(day);
      const begin = Math.max(from, earliest);
      if (begin >= to) continue;
      const take = Math.min(left, to - begin);
      segments.push([begin, begin + take]);
      left -= take;
    }
    if (left > 0) return null;
    return { start: segments[0]![0], end: segments.at(-1)![1], segments };
  }
}
