import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxFreshScore, scoreOrder, starvationBoundDays, type OrderFacts, type PriorityPolicy } from './priority';

const weight = fc.double({ min: 0, max: 100, noNaN: true });
const policies: fc.Arbitrary<PriorityPolicy> = fc.record({
  weights: fc.record({ tier: weight, value: weight, margin: weight, slack: weight, age: fc.double({ min: 0.01, max: 100, noNaN: true }) }),
  tier_values: fc.record({ strategic: fc.double({ min: 0, max: 1, noNaN: true }), key: fc.double({ min: 0, max: 1, noNaN: true }), standard: fc.double({ min: 0, max: 1, noNaN: true }) }),
  slack_horizon_days: fc.integer({ min: 1, max: 365 }),
  expedite_boost: weight,
});
const facts = (ageDays: fc.Arbitrary<number>): fc.Arbitrary<OrderFacts> =>
  fc.record({
    tier: fc.constantFrom('strategic' as const, 'key' as const, 'standard' as const),
    totalMajor: fc.double({ min: 0, max: 1e9, noNaN: true }),
    marginRatio: fc.option(fc.double({ min: -5, max: 1, noNaN: true }), { nil: null }),
    slackDays: fc.option(fc.integer({ min: -2000, max: 2000 }), { nil: null }),
    ageDays,
    expedited: fc.boolean(),
  });

describe('the priority score', () => {
  it('never starves: past the documented bound, any open order outranks any order entered now', () => {
    fc.assert(
      fc.property(policies, facts(fc.constant(0)), facts(fc.constant(0)), fc.double({ min: 0.001, max: 1000, noNaN: true }), (policy, fresh, waiting, extraDays) => {
        const old = { ...waiting, ageDays: starvationBoundDays(policy) + extraDays };
        expect(scoreOrder(policy, old).score).toBeGreaterThan(scoreOrder(policy, fresh).score);
      }),
      { numRuns: 2000 },
    );
  });

  it('is explained: the terms add up to the score, and no fresh order scores above the bound', () => {
    fc.assert(
      fc.property(policies, facts(fc.double({ min: 0, max: 3650, noNaN: true })), (policy, order) => {
        const { score, terms } = scoreOrder(policy, order);
        expect(terms.reduce((s, t) => s + t.contribution, 0)).toBeCloseTo(score, 6);
        for (const t of terms) expect(t.contribution).toBeCloseTo(t.value * t.weight, 3);
        if (order.ageDays === 0) expect(score).toBeLessThanOrEqual(maxFreshScore(policy) + 1e-6);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads as a CSR would explain it', () => {
    const policy: PriorityPolicy = { weights: { tier: 3, value: 2, margin: 1, slack: 4, age: 1 }, tier_values: { strategic: 1, key: 0.6, standard: 0.2 }, slack_horizon_days: 30, expedite_boost: 5 };
    const { score, terms } = scoreOrder(policy, { tier: 'key', totalMajor: 999, marginRatio: 0.25, slackDays: 6, ageDays: 2, expedited: true });
    expect(terms.map((t) => [t.term, t.input, Math.round(t.contribution * 1e6) / 1e6])).toEqual([
      ['tier', 'key customer', 1.8],
      ['value', 'order total 999.00', 1],
      ['margin', 'margin 25.0 %', 0.25],
      ['slack', '6 days to the promised date', 3.2],
      ['age', 'waiting 2.0 days', 2],
      ['expedite', 'expedite request accepted', 5],
    ]);
    expect(score).toBeCloseTo(13.25, 9);
    expect(starvationBoundDays(policy)).toBe(3 + 2 + 1 + 8 + 5);
  });
});
