import { describe, expect, it } from 'vitest';
import { add, allocate, format, minorUnitDigits, money, multiply, roundHalfUp, subtract, sum } from './money';

describe('money', () => {
  it('keeps integer minor units and refuses floats', () => {
    expect(money(1250, 'EUR')).toEqual({ amount: 1250, currency: 'EUR' });
    expect(() => money(12.5, 'EUR')).toThrow(/safe integer/);
    expect(() => money(1, 'XXZ')).toThrow(/Unknown currency/);
  });

  it('adds and subtracts only within one currency', () => {
    expect(add(money(100, 'EUR'), money(250, 'EUR'), money(1, 'EUR')).amount).toBe(351);
    expect(subtract(money(100, 'EUR'), money(250, 'EUR')).amount).toBe(-150);
    expect(() => add(money(1, 'EUR'), money(1, 'USD'))).toThrow(/mismatch/);
    expect(sum('USD', []).amount).toBe(0);
  });

  it('rounds half away from zero, in one place', () => {
    expect(roundHalfUp(2.5)).toBe(3);
    expect(roundHalfUp(-2.5)).toBe(-3);
    expect(roundHalfUp(2.4999)).toBe(2);
    expect(roundHalfUp(1.005 * 100)).toBe(101);
    expect(Object.is(roundHalfUp(-0.4), 0)).toBe(true);
    expect(multiply(money(333, 'EUR'), 0.19).amount).toBe(63); // 63.27
    expect(multiply(money(250, 'EUR'), 0.1).amount).toBe(25);
  });

  it('allocates without losing or inventing a cent', () => {
    expect(allocate(money(100, 'EUR'), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(-100, 'EUR'), [1, 1, 1]).map((m) => m.amount)).toEqual([-34, -33, -33]);
    expect(allocate(money(5, 'EUR'), [3, 7]).map((m) => m.amount)).toEqual([2, 3]);
    for (const [amount, ratios] of [[99_999, [1, 2, 3, 4]], [7, [1, 0, 1]], [1, [5, 5]]] as const) {
      const parts = allocate(money(amount, 'EUR'), [...ratios]);
      expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(amount);
    }
    expect(() => allocate(money(1, 'EUR'), [0, 0])).toThrow();
  });

  it('knows minor units per currency', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('BHD')).toBe(3);
    expect(format(money(123450, 'EUR'))).toBe('€1,234.50');
  });
});
