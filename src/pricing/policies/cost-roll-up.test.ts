import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { defaultCostRollUp, MAX_BREAKDOWN_LINES, type CostBomLine, type CostData, type CostOperation, type CostProduct, type CostWorkCenter } from './cost-roll-up';

const product = (id: string, standardCost: number | null = null, currency = 'EUR'): CostProduct => ({
  id,
  sku: id.toUpperCase(),
  name: `Product ${id}`,
  currency,
  standard_cost_amount: standardCost,
});
let seq = 0;
const line = (parent: string, component: string, quantity: number, scrap = 0): CostBomLine => ({
  id: `bom_${++seq}`,
  product_id: parent,
  component_id: component,
  quantity,
  scrap_percent: scrap,
  position: seq,
});
const wc = (code: string, rate: number, overheadPercent = 0, currency = 'EUR'): CostWorkCenter => ({
  id: `wct_${code}`,
  code,
  currency,
  hourly_rate_amount: rate,
  overhead_percent: overheadPercent,
});
const op = (productId: string, sequence: number, center: CostWorkCenter, setup: number, run: number): CostOperation => ({
  id: `rop_${++seq}`,
  product_id: productId,
  sequence,
  description: `op ${sequence}`,
  setup_minutes: setup,
  run_minutes: run,
  work_center: center,
});
const amounts = (e: { materials: { amount: number }; labour: { amount: number }; overhead: { amount: number }; total: { amount: number } }) => [
  e.materials.amount,
  e.labour.amount,
  e.overhead.amount,
  e.total.amount,
];

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

/**
 * A (made) = 2 × B + 3 × P1 (10 % scrap), routed on WC2 (45.00/h, no overhead): setup 60 min, run 12 min.
 * B (made) = 0.5 × P2, routed on WC1 (30.00/h, 50 % overhead): setup 30 min, run 6 min.
 * P1 costs 1.50, P2 3.33.
 */
function nested(): CostData {
  const wc1 = wc('WC1', 3000, 50);
  const wc2 = wc('WC2', 4500, 0);
  return {
    products: [product('a', 99_999), product('b'), product('p1', 150), product('p2', 333)],
    lines: [line('a', 'b', 2), line('a', 'p1', 3, 10), line('b', 'p2', 0.5)],
    operations: [op('a', 10, wc2, 60, 12), op('b', 10, wc1, 30, 6)],
  };
}

describe('the default cost roll-up', () => {
  it('rolls up a nested BOM with routings, by hand', () => {
    const cost = defaultCostRollUp.rollUp(nested(), 'a', 10);
    // B for the lot: 20 units. P2: 20 × 0.5 = 10 × 3.33 = 33.30. WC1: 30 + 6 × 20 = 150 min = 2.5 h × 30.00 = 75.00,
    // overhead 50 % = 37.50. B = 33.30 + 75.00 + 37.50 = 145.80 (7.29 a unit).
    // P1: 10 × 3 × 1.1 = 33 × 1.50 = 49.50. WC2: 60 + 12 × 10 = 180 min = 3 h × 45.00 = 135.00.
    // A = 145.80 + 49.50 + 135.00 = 330.30; purchased 33.30 + 49.50 = 82.80, labour 210.00, overhead 37.50.
    expect(cost.method).toBe('rolled_up');
    expect(cost.materials.map((m) => [m.level, m.path.join('>'), m.quantity, m.source, m.unit_cost.amount, m.extended_cost.amount])).toEqual([
      [1, 'A>B', 20, 'rolled_up', 729, 14_580],
      [2, 'A>B>P2', 10, 'standard_cost', 333, 3_330],
      [1, 'A>P1', 33, 'standard_cost', 150, 4_950],
    ]);
    expect(cost.operations.map((o) => [o.level, o.product_id, o.quantity, o.hours, o.labour.amount, o.overhead.amount, o.extended_cost.amount])).toEqual([
      [1, 'b', 20, 2.5, 7_500, 3_750, 11_250],
      [0, 'a', 10, 3, 13_500, 0, 13_500],
    ]);
    expect(amounts(cost.totals)).toEqual([8_280, 21_000, 3_750, 33_030]);
    expect(amounts(cost.unit)).toEqual([828, 2_100, 375, 3_303]);
    // The level-1 lines and the product's own operations add up to the total too.
    const level1 = cost.materials.filter((m) => m.level === 1).reduce((s, m) => s + m.extended_cost.amount, 0);
    const own = cost.operations.filter((o) => o.level === 0).reduce((s, o) => s + o.extended_cost.amount, 0);
    expect(level1 + own).toBe(cost.totals.total.amount);
    expect(cost.currency).toBe('EUR');
  });

  it('spreads setups over the quantity: a bigger lot costs less per unit', () => {
    const data: CostData = { products: [product('a'), product('p', 1_000)], lines: [line('a', 'p', 1)], operations: [op('a', 10, wc('W', 6000), 60, 6)] };
    // Q = 1: 60 + 6 = 66 min = 66.00 labour + 10.00 material. Q = 10: 120 min = 120.00 + 100.00 → 22.00 a unit.
    expect(amounts(defaultCostRollUp.rollUp(data, 'a', 1).unit)).toEqual([1_000, 6_600, 0, 7_600]);
    expect(amounts(defaultCostRollUp.rollUp(data, 'a', 10).totals)).toEqual([10_000, 12_000, 0, 22_000]);
    expect(amounts(defaultCostRollUp.rollUp(data, 'a', 10).unit)).toEqual([1_000, 1_200, 0, 2_200]);
    // A made component's setup is paid once per parent lot, not once per parent unit.
    const sub: CostData = {
      products: [product('top'), product('mid'), product('p', 1_000)],
      lines: [line('top', 'mid', 2), line('mid', 'p', 1)],
      operations: [op('mid', 10, wc('W', 6000), 60, 0)],
    };
    const five = defaultCostRollUp.rollUp(sub, 'top', 5);
    expect(five.operations[0]).toMatchObject({ quantity: 10, hours: 1, labour: { amount: 6_000 } });
    expect(five.totals.total.amount).toBe(10 * 1_000 + 6_000);
  });

  it('rounds each extended amount once, half away from zero, and overhead from the exact labour', () => {
    const data: CostData = {
      products: [product('a'), product('p', 333)],
      lines: [line('a', 'p', 0.5)],
      operations: [op('a', 10, wc('W', 1000, 50), 0, 1)],
    };
    // Q = 1: 0.5 × 3.33 = 1.665 → 1.67; labour 1 min of 10.00/h = 0.1666… → 0.17; overhead 50 % of 0.1666… = 0.0833… → 0.08
    // (not 50 % of the rounded 0.17 = 0.085 → 0.09).
    expect(amounts(defaultCostRollUp.rollUp(data, 'a', 1).totals)).toEqual([167, 17, 8, 192]);
    // Q = 3: 1.5 × 3.33 = 4.995 → 5.00 (not 3 × 1.67 = 5.01); labour 3 min = 0.50; overhead 0.25.
    const three = defaultCostRollUp.rollUp(data, 'a', 3);
    expect(amounts(three.totals)).toEqual([500, 50, 25, 575]);
    // 5.75 ÷ 3 = 1.9166… → 1.92 a unit, split so that the parts add up.
    expect(three.unit.total.amount).toBe(192);
    expect(three.unit.materials.amount + three.unit.labour.amount + three.unit.overhead.amount).toBe(192);
    // Decimal quantities are exact: 3 × 0.1 × 5.00 is 1.50, and a half cent rounds up (0.1 × 3 × 0.05 = 0.015 → 0.02).
    const tenth: CostData = { products: [product('a'), product('p', 5)], lines: [line('a', 'p', 0.1)], operations: [] };
    expect(defaultCostRollUp.rollUp(tenth, 'a', 3).materials[0]).toMatchObject({ quantity: 0.3, extended_cost: { amount: 2 } });
    const scrap: CostData = { products: [product('a'), product('p', 100)], lines: [line('a', 'p', 1, 12.5)], operations: [] };
    expect(defaultCostRollUp.rollUp(scrap, 'a', 1).materials[0]).toMatchObject({ quantity: 1.125, extended_cost: { amount: 113 } });
  });

  it('costs a product with no BOM and no routing at its standard cost', () => {
    const cost = defaultCostRollUp.rollUp({ products: [product('p', 1_234)], lines: [], operations: [] }, 'p', 7);
    expect(cost.method).toBe('standard_cost');
    expect(amounts(cost.totals)).toEqual([8_638, 0, 0, 8_638]);
    expect(amounts(cost.unit)).toEqual([1_234, 0, 0, 1_234]);
    expect(cost.materials).toEqual([]);
  });

  it('uses a made component’s roll-up, not its standard cost', () => {
    const data: CostData = { products: [product('a'), product('b', 1_000_000), product('p', 10)], lines: [line('a', 'b', 1), line('b', 'p', 2)], operations: [] };
    expect(defaultCostRollUp.rollUp(data, 'a', 1).totals.total.amount).toBe(20);
  });

  it('refuses a cycle, naming its path', () => {
    const data: CostData = {
      products: [product('a', 1), product('b', 1), product('c', 1)],
      lines: [line('a', 'b', 1), line('b', 'c', 1), line('c', 'a', 1)],
      operations: [],
    };
    const error = thrown(() => defaultCostRollUp.rollUp(data, 'a', 1));
    expect(error.code).toBe('bom_cycle');
    expect(error.status).toBe(409);
    expect(error.message).toContain('A → B → C → A');
    expect(error.details).toMatchObject({ path: ['A', 'B', 'C', 'A'], product_ids: ['a', 'b', 'c', 'a'] });
    // A cycle below the product costed is named from where it starts.
    const below = thrown(() => defaultCostRollUp.rollUp({ ...data, products: [...data.products, product('top')], lines: [...data.lines, line('top', 'b', 1)] }, 'top', 1));
    expect(below.details).toMatchObject({ path: ['B', 'C', 'A', 'B'] });
  });

  it('allows the same component in several places (a diamond is not a cycle)', () => {
    const data: CostData = {
      products: [product('a'), product('b'), product('c'), product('p', 100)],
      lines: [line('a', 'b', 1), line('a', 'c', 1), line('b', 'p', 1), line('c', 'p', 2)],
      operations: [],
    };
    expect(defaultCostRollUp.rollUp(data, 'a', 1).totals.materials.amount).toBe(300);
  });

  it('refuses a component or a work center in another currency, and a purchased part without a cost', () => {
    const usd: CostData = { products: [product('a'), product('b'), product('p', 100, 'USD')], lines: [line('a', 'b', 1), line('b', 'p', 1)], operations: [] };
    const currency = thrown(() => defaultCostRollUp.rollUp(usd, 'a', 1));
    expect(currency.code).toBe('currency_mismatch');
    expect(currency.details).toMatchObject({ sku: 'P', currency: 'USD', expected: 'EUR', path: ['A', 'B', 'P'] });
    const center = thrown(() => defaultCostRollUp.rollUp({ products: [product('a')], lines: [], operations: [op('a', 10, wc('US', 100, 0, 'USD'), 0, 1)] }, 'a', 1));
    expect(center.code).toBe('currency_mismatch');
    expect(center.details).toMatchObject({ work_center_id: 'wct_US' });
    const unknown = thrown(() => defaultCostRollUp.rollUp({ products: [product('a'), product('p')], lines: [line('a', 'p', 1)], operations: [] }, 'a', 1));
    expect(unknown.code).toBe('cost_unknown');
    expect(unknown.details).toMatchObject({ sku: 'P', path: ['A', 'P'] });
    expect(thrown(() => defaultCostRollUp.rollUp({ products: [product('a')], lines: [], operations: [] }, 'a', 1)).code).toBe('cost_unknown');
  });

  it('refuses a structure that fans out beyond the limit instead of running for ever', () => {
    // 20 levels, each using the next one twice: 2^20 lines when expanded.
    const products = Array.from({ length: 21 }, (_, i) => product(`n${i}`, i === 20 ? 1 : null));
    const lines = Array.from({ length: 20 }, (_, i) => [line(`n${i}`, `n${i + 1}`, 1), { ...line(`n${i}`, `n${i + 1}`, 1), id: `bom_dup_${i}` }]).flat();
    const error = thrown(() => defaultCostRollUp.rollUp({ products, lines, operations: [] }, 'n0', 1));
    expect(error.code).toBe('conflict');
    expect(error.details).toMatchObject({ limit: MAX_BREAKDOWN_LINES });
  });
});
