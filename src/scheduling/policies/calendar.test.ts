import { describe, expect, it } from 'vitest';
import { WorkingTime } from './calendar';
import { shopInstance, timetable, workDueDate, type PlanCenter, type PlanJob } from './shop-mapping';

// Monday 2 March 2026, 09:00 UTC; weekdays 8 h from 08:00, nothing at weekends.
const START = Date.parse('2026-03-02T09:00:00Z');
const weekdays = (date: string) => ([0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()) ? 0 : 480);
const at = (minute: number) => new Date(START + minute * 60_000).toISOString();

describe('working time', () => {
  it('starts no earlier than minute 0 and carries work over to the next working day', () => {
    const time = new WorkingTime(START, weekdays);
    const first = time.place(0, 600)!; // 7 h left on Monday (to 16:00), 3 h on Tuesday from 08:00
    expect(first.segments.map(([s, e]) => [at(s), at(e)])).toEqual([
      ['2026-03-02T09:00:00.000Z', '2026-03-02T16:00:00.000Z'],
      ['2026-03-03T08:00:00.000Z', '2026-03-03T11:00:00.000Z'],
    ]);
    const friday = time.place(first.end + 3 * 1440, 120)!; // from Friday 11:00: 2 h that day
    expect([at(friday.start), at(friday.end)]).toEqual(['2026-03-06T11:00:00.000Z', '2026-03-06T13:00:00.000Z']);
    const weekend = time.place(friday.end + 180, 120)!; // Friday 16:00 is the end of the day: Monday 08:00
    expect(at(weekend.start)).toBe('2026-03-09T08:00:00.000Z');
  });

  it('ends a long day by midnight and finds nothing on a calendar that never works', () => {
    const long = new WorkingTime(START, () => 1200); // 20 h: from 04:00
    expect(long.stretch(1).map(at)).toEqual(['2026-03-03T04:00:00.000Z', '2026-03-04T00:00:00.000Z']);
    expect(new WorkingTime(START, () => 0).place(0, 10)).toBeNull();
    expect(new WorkingTime(START, weekdays).minutesOver(7)).toBe(5 * 480);
  });
});

describe('the mapping onto the solver and back', () => {
  const centers: PlanCenter[] = [
    { id: 'cut', units: 1, minutesOn: weekdays },
    { id: 'paint', units: 2, minutesOn: weekdays },
  ];
  const job = (minutes: number[], promisedDate: string | null): PlanJob => ({
    orderId: 'o',
    orderLineId: 'l',
    lines: [{ id: 'l', promisedDate }],
    operations: minutes.map((m, i) => ({ kind: 'routing', workCenterId: i % 2 ? 'paint' : 'cut', routingOperationId: null, description: '', minutes: m })),
    shippingDays: 3,
    weight: 2,
  });

  it('stretches durations to elapsed time per unit and dues to the end of the last day the work may end', () => {
    const times = new Map(centers.map((c) => [c.id, new WorkingTime(START, c.minutesOn)]));
    const instance = shopInstance([job([480, 480], '2026-03-09')], centers, times, START);
    // 4 weeks: 40 320 calendar minutes over 9 600 working minutes = 4.2 per working minute; painting has two units
    expect(instance.jobs[0]!.operations.map((o) => o.duration)).toEqual([2016, 1008]);
    expect(workDueDate(job([1], '2026-03-09'))).toBe('2026-03-06');
    expect(instance.jobs[0]!.due).toBe((Date.parse('2026-03-07T00:00:00Z') - START) / 60_000);
    expect(instance.jobs[0]!.weight).toBe(2);
  });

  it('dispatches in the given order to the unit that can start first, after the job predecessor', () => {
    const jobs = [job([60, 120], null), job([30, 120], null), job([30, 120], null)];
    const times = new Map(centers.map((c) => [c.id, new WorkingTime(START, c.minutesOn)]));
    const placed = timetable(jobs, centers, times, [
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ],
      [
        [0, 1],
        [1, 1],
        [2, 1],
      ],
    ])!;
    expect(placed.map((p) => p.map((o) => [o.start, o.end, o.unit]))).toEqual([
      [
        [0, 60, 0],
        [60, 180, 0],
      ],
      [
        [60, 90, 0],
        [90, 210, 1],
      ],
      [
        [90, 120, 0],
        [180, 300, 0],
      ],
    ]);
  });
});
