import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultApprovalPolicy, marginPercent, type ApprovalRule } from './quote-approval';
import { quoteClock } from './quote-clock';

const rules: ApprovalRule[] = [
  { id: 'm', name: 'Margin', kind: 'margin_below_percent', threshold: 15, currency: null, approver_role: 'finance' },
  { id: 'd', name: 'Discount', kind: 'discount_above_percent', threshold: 20, currency: null, approver_role: 'finance' },
  { id: 't', name: 'Big deal', kind: 'total_above', threshold: 5_000_000, currency: 'EUR', approver_role: 'executive' },
];
const approvals = (figures: { total: number; cost: number | null; maxDiscountPercent: number; currency?: string }) =>
  defaultApprovalPolicy.requiredApprovals({ currency: 'EUR', ...figures }, rules);

describe('quote approval rules', () => {
  it('needs nothing for a healthy quote', () => {
    expect(approvals({ total: 100_000, cost: 60_000, maxDiscountPercent: 5 })).toEqual([]);
  });

  it('sends a thin margin, a deep discount and a big total each to their approver, finance first', () => {
    expect(approvals({ total: 100_000, cost: 90_000, maxDiscountPercent: 0 }).map((a) => a.ruleId)).toEqual(['m']);
    expect(approvals({ total: 100_000, cost: 10_000, maxDiscountPercent: 25 }).map((a) => a.ruleId)).toEqual(['d']);
    expect(approvals({ total: 6_000_000, cost: 1_000_000, maxDiscountPercent: 0 }).map((a) => [a.ruleId, a.role])).toEqual([['t', 'executive']]);
    expect(approvals({ total: 6_000_000, cost: 5_900_000, maxDiscountPercent: 30 }).map((a) => a.role)).toEqual(['finance', 'finance', 'executive']);
  });

  it('treats an unknown margin as needing approval, and a total in another currency as not tripping', () => {
    expect(approvals({ total: 100, cost: null, maxDiscountPercent: 0 })[0]!.reason).toMatch(/unknown/);
    expect(approvals({ total: 9_000_000, cost: 1, maxDiscountPercent: 0, currency: 'USD' })).toEqual([]);
  });

  it('trips exactly at the boundary the rule names (below a floor, above a ceiling)', () => {
    expect(approvals({ total: 10_000, cost: 8_500, maxDiscountPercent: 20 })).toEqual([]); // margin 15 %, discount 20 %
    expect(approvals({ total: 10_000, cost: 8_501, maxDiscountPercent: 20.01 }).map((a) => a.ruleId)).toEqual(['m', 'd']);
  });

  it('computes the margin percent of the total', () => {
    expect(marginPercent(200, 150)).toBe(25);
    expect(marginPercent(0, 0)).toBeNull();
    expect(marginPercent(100, null)).toBeNull();
  });
});

describe('quote clock', () => {
  const t = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, minutes));

  it('adds up each holder’s time from a scripted sequence of handoffs', () => {
    const clock = quoteClock(
      [
        { at: t(0), holder: 'sales' },
        { at: t(30), holder: 'pricing' },
        { at: t(90), holder: 'sales' },
        { at: t(100), holder: 'finance' },
        { at: t(130), holder: 'customer' },
      ],
      t(200),
    );
    expect(clock.holder).toBe('customer');
    expect(clock.held).toEqual([
      { holder: 'sales', seconds: 40 * 60 },
      { holder: 'pricing', seconds: 60 * 60 },
      { holder: 'finance', seconds: 30 * 60 },
      { holder: 'customer', seconds: 70 * 60 },
    ]);
  });

  it('stops when the quote is decided, and the held times always sum to the open span', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('sales', 'pricing', 'finance', null)), { minLength: 1, maxLength: 20 }), (steps) => {
        const changes = steps.map(([m, holder]) => ({ at: t(m), holder }));
        const clock = quoteClock(changes, t(20_000));
        const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
        const open = sorted.reduce((s, c, i) => s + (c.holder === null ? 0 : ((sorted[i + 1]?.at ?? t(20_000)).getTime() - c.at.getTime()) / 1000), 0);
        expect(clock.held.reduce((s, h) => s + h.seconds, 0)).toBe(open);
        expect(clock.holder).toBe(sorted.at(-1)!.holder);
      }),
    );
  });
});
