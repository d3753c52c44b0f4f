import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stageTimes, type StageHandoff } from './stage-times';
import { percentile } from './stats';

const t = (hours: number) => new Date(Date.UTC(2026, 2, 2) + hours * 3_600_000);
const H = 3_600_000;

describe('stage times', () => {
  it('gives the time between events to the furthest stage reached and marks the waiting part', () => {
    const events = [
      { at: t(0), stage: 4 }, // entered
      { at: t(2), stage: 5 }, // confirmed: in the priority queue
      { at: t(26), stage: 7 }, // shipment created: 24 h in the queue, all of it waiting
      { at: t(30), stage: 7 }, // shipped
      { at: t(30), stage: 8 }, // handed to finance
      { at: t(33), stage: 7 }, // delivery confirmed: still in billing
    ];
    const handoffs: StageHandoff[] = [
      { stage: 4, department: 'csr', created_at: t(0), taken_at: null, completed_at: t(2), due_at: t(4) },
      { stage: 7, department: 'warehouse', created_at: t(26), taken_at: t(27), completed_at: t(29), due_at: t(74) }, // an hour in the queue
      { stage: 8, department: 'finance', created_at: t(30), taken_at: null, completed_at: null, due_at: t(40) },
    ];
    const times = stageTimes(events, handoffs, t(50), true);
    expect(times.map((s) => [s.stage, s.duration_ms / H, s.waiting_ms / H, s.current, s.overdue, s.waiting_on])).toEqual([
      [4, 2, 2, false, false, []],
      [5, 24, 24, false, false, []],
      [7, 4, 1, false, false, []],
      [8, 20, 20, true, true, ['finance']],
    ]);
    expect(times[0]!.entered_at).toEqual(t(0));
  });

  it('stops the clock at the end it is given', () => {
    const [only] = stageTimes([{ at: t(0), stage: 8 }], [{ stage: 8, department: 'finance', created_at: t(0), taken_at: null, completed_at: null, due_at: t(1) }], t(0), false);
    expect(only).toMatchObject({ duration_ms: 0, waiting_ms: 0, current: false });
  });

  it('accounts for every moment once, and never waits longer than it stayed', () => {
    const event = fc.record({ at: fc.integer({ min: 0, max: 500 }), stage: fc.integer({ min: 1, max: 10 }) });
    const handoff = fc.record({ stage: fc.integer({ min: 1, max: 10 }), from: fc.integer({ min: 0, max: 500 }), length: fc.option(fc.integer({ min: 0, max: 300 })), taken: fc.option(fc.integer({ min: 0, max: 300 })) });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 30 }), fc.array(handoff, { maxLength: 20 }), fc.integer({ min: 0, max: 200 }), (es, hs, tail) => {
        const events = es.map((e) => ({ at: t(e.at), stage: e.stage }));
        const last = Math.max(...es.map((e) => e.at));
        const handoffs = hs.map((h) => ({
          stage: h.stage,
          department: 'csr',
          created_at: t(h.from),
          taken_at: h.taken === null ? null : t(h.from + Math.min(h.taken, h.length ?? h.taken)),
          completed_at: h.length === null ? null : t(h.from + h.length),
          due_at: t(h.from + 10),
        }));
        const times = stageTimes(events, handoffs, t(last + tail), true);
        const total = times.reduce((sum, s) => sum + s.duration_ms, 0);
        expect(total).toBe((last + tail - Math.min(...es.map((e) => e.at))) * H);
        for (const s of times) expect(s.waiting_ms).toBeGreaterThanOrEqual(0);
        for (const s of times) expect(s.waiting_ms).toBeLessThanOrEqual(s.duration_ms);
        expect(times.filter((s) => s.current)).toHaveLength(1);
      }),
    );
  });
});

describe('percentile', () => {
  it('interpolates between ranks like percentile_cont', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 0, 20], 90)).toBe(18);
  });
});
