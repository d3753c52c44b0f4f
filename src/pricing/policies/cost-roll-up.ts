/**
 * The cost roll-up as a pure decision: a product's structure in, its cost for a quantity out, with the
 * breakdown. No database; the queries load the data and the routes present the result.
 *
 * The rules of the default:
 * - **Materials.** A BOM line needs `lot × quantity per unit × (1 + scrap % / 100)` of its component. A
 *   component with a BOM or a routing of its own is *made*: it is rolled up for exactly that quantity (its
 *   setups are paid once for the parent's lot); any other component is *purchased* at its standard cost.
 * - **Labour.** An operation takes `setup minutes + run minutes × lot`, charged at its work center's hourly
 *   rate: the setup is spread over the lot.
 * - **Overhead.** A percentage of the operation's labour, set per work center.
 * - **Rounding.** Exact arithmetic up to each extended amount (a line's or an operation's labour or
 *   overhead), which is rounded once with `roundHalfUp`; totals are sums of rounded amounts, so the parts
 *   always add up. The per-unit figures are the total for the lot divided by the quantity, rounded once,
 *   and split into materials, labour and overhead with `allocate`, so that they add up too.
 * - **Currency.** Everything is in the product's currency; a component or work center in another one is a
 *   409 `currency_mismatch` (there are no exchange rates yet).
 * - A cycle is a 409 `bom_cycle` naming its path; a purchased component without a standard cost is a 409
 *   `cost_unknown` naming where it is used.
 */
import { AppError } from '../../core/errors';
import { allocate, money, roundHalfUp, type Money } from '../../core/money';

export interface CostProduct {
  id: string;
  sku: string;
  name: string;
  currency: string;
  standard_cost_amount: number | null;
}

export interface CostBomLine {
  id: string;
  product_id: string;
  component_id: string;
  quantity: number;
  scrap_percent: number;
  position: number;
}

export interface CostWorkCenter {
  id: string;
  code: string;
  currency: string;
  hourly_rate_amount: number;
  overhead_percent: number;
}

export interface CostOperation {
  id: string;
  product_id: string;
  sequence: number;
  description: string;
  setup_minutes: number;
  run_minutes: number;
  work_center: CostWorkCenter;
}

export interface CostData {
  products: readonly CostProduct[];
  lines: readonly CostBomLine[];
  operations: readonly CostOperation[];
}

export interface MaterialCost {
  /** 1 for the product's own components, 2 for theirs, … */
  level: number;
  /** SKUs from the product costed down to this component. */
  path: string[];
  parent_product_id: string;
  bom_line_id: string;
  component_id: string;
  sku: string;
  name: string;
  quantity_per_unit: number;
  scrap_percent: number;
  /** Needed for the parent's lot, scrap included. */
  quantity: number;
  /** purchased: the component's standard cost; rolled_up: its own materials, labour and overhead (listed after it). */
  source: 'standard_cost' | 'rolled_up';
  /** For a rolled-up component: its extended cost ÷ quantity, rounded (the extended cost is the exact one). */
  unit_cost: Money;
  extended_cost: Money;
}

export interface OperationCost {
  /** 0 for the product's own routing, 1 for its components' routings, … */
  level: number;
  path: string[];
  product_id: string;
  routing_operation_id: string;
  sequence: number;
  description: string;
  work_center_id: string;
  work_center_code: string;
  /** Units made in this run (the lot). */
  quantity: number;
  setup_minutes: number;
  run_minutes: number;
  /** (setup + run × quantity) ÷ 60 */
  hours: number;
  hourly_rate: Money;
  labour: Money;
  overhead_percent: number;
  overhead: Money;
  extended_cost: Money;
}

export interface CostElements {
  materials: Money;
  labour: Money;
  overhead: Money;
  total: Money;
}

export interface CostBreakdown {
  product_id: string;
  sku: string;
  name: string;
  currency: string;
  quantity: number;
  /** rolled_up from a BOM and/or routing; standard_cost for a product that has neither. */
  method: 'rolled_up' | 'standard_cost';
  /** Every BOM line at every level, depth first: a rolled-up line is followed by its own lines. */
  materials: MaterialCost[];
  /** Every routing operation at every level. */
  operations: OperationCost[];
  /** For the quantity, over all levels: purchased materials, labour, overhead. */
  totals: CostElements;
  /** Per unit: total ÷ quantity rounded once, split so that the parts add up. */
  unit: CostElements;
}

/** How a company costs its products. */
export interface CostRollUpPolicy {
  rollUp(data: CostData, productId: string, quantity: number): CostBreakdown;
}

/** A roll-up that would list more lines than this is refused (a DAG can fan out exponentially). */
export const MAX_BREAKDOWN_LINES = 10_000;

/** Binary noise off a product of decimals (0.1 × 3 = 0.30000000000000004 → 0.3) before it is rounded or shown. */
const exact = (x: number) => Number(x.toPrecision(15));

function byKey<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

export const defaultCostRollUp: CostRollUpPolicy = {
  rollUp(data, productId, quantity) {
    if (!(quantity > 0) || !Number.isFinite(quantity)) throw new RangeError(`quantity must be positive, got ${quantity}`);
    const products = new Map(data.products.map((p) => [p.id, p]));
    const linesOf = byKey(
      [...data.lines].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id)),
      (l) => l.product_id,
    );
    const operationsOf = byKey(
      [...data.operations].sort((a, b) => a.sequence - b.sequence),
      (o) => o.product_id,
    );
    const product = (id: string) => {
      const p = products.get(id);
      if (!p) throw new Error(`cost data misses product ${id}`); // the loader's bug, not the caller's
      return p;
    };
    const root = product(productId);
    const currency = root.currency.trim();
    const inCurrency = (amount: number) => money(amount, currency);
    const isMade = (id: string) => (linesOf.get(id)?.length ?? 0) > 0 || (operationsOf.get(id)?.length ?? 0) > 0;
    const skus = (path: readonly CostProduct[]) => path.map((p) => p.sku);

    const materials: MaterialCost[] = [];
    const operations: OperationCost[] = [];
    let purchased = 0;
    let labour = 0;
    let overhead = 0;

    /** The cost of making `lot` units of the last product of `path`, in minor units (a sum of rounded amounts). */
    function make(path: readonly CostProduct[], lot: number, level: number): number {
      const p = path[path.length - 1]!;
      let total = 0;
      for (const line of linesOf.get(p.id) ?? []) {
        const c = product(line.component_id);
        const at = [...path, c];
        const seen = path.findIndex((x) => x.id === c.id);
        if (seen >= 0) {
          const loop = skus(at.slice(seen));
          throw new AppError('bom_cycle', `The bill of materials has a cycle: ${loop.join(' → ')}.`, { path: loop, product_ids: at.slice(seen).map((x) => x.id) });
        }
        if (c.currency.trim() !== currency) {
          throw new AppError('currency_mismatch', `${c.sku} is priced in ${c.currency.trim()}, ${root.sku} in ${currency}; there are no exchange rates yet (${skus(at).join(' → ')}).`, {
            product_id: c.id,
            sku: c.sku,
            currency: c.currency.trim(),
            expected: currency,
            path: skus(at),
          });
        }
        if (materials.length >= MAX_BREAKDOWN_LINES) {
          throw new AppError('conflict', `The structure of ${root.sku} has more than ${MAX_BREAKDOWN_LINES} lines over all levels; it is too large to roll up.`, { limit: MAX_BREAKDOWN_LINES });
        }
        const required = exact(lot * line.quantity * (1 + line.scrap_percent / 100));
        const entry: MaterialCost = {
          level: level + 1,
          path: skus(at),
          parent_product_id: p.id,
          bom_line_id: line.id,
          component_id: c.id,
          sku: c.sku,
          name: c.name,
          quantity_per_unit: line.quantity,
          scrap_percent: line.scrap_percent,
          quantity: required,
          source: 'standard_cost',
          unit_cost: inCurrency(0),
          extended_cost: inCurrency(0),
        };
        materials.push(entry);
        if (isMade(c.id)) {
          const extended = make(at, required, level + 1);
          entry.source = 'rolled_up';
          entry.unit_cost = inCurrency(roundHalfUp(exact(extended / required)));
          entry.extended_cost = inCurrency(extended);
          total += extended;
        } else {
          if (c.standard_cost_amount === null) {
            throw new AppError('cost_unknown', `${c.sku} has no standard cost and no bill of materials or routing, so ${root.sku} cannot be costed (${skus(at).join(' → ')}).`, {
              product_id: c.id,
              sku: c.sku,
              path: skus(at),
            });
          }
          const extended = roundHalfUp(exact(required * c.standard_cost_amount));
          entry.unit_cost = inCurrency(c.standard_cost_amount);
          entry.extended_cost = inCurrency(extended);
          purchased += extended;
          total += extended;
        }
      }
      for (const op of operationsOf.get(p.id) ?? []) {
        const wc = op.work_center;
        if (wc.currency.trim() !== currency) {
          throw new AppError('currency_mismatch', `Work center ${wc.code} charges in ${wc.currency.trim()}, ${root.sku} is costed in ${currency}; there are no exchange rates yet (${skus(path).join(' → ')}, operation ${op.sequence}).`, {
            work_center_id: wc.id,
            currency: wc.currency.trim(),
            expected: currency,
            path: skus(path),
          });
        }
        const minutes = exact(op.setup_minutes + op.run_minutes * lot);
        const labourExact = exact((minutes * wc.hourly_rate_amount) / 60);
        const opLabour = roundHalfUp(labourExact);
        const opOverhead = roundHalfUp(exact((labourExact * wc.overhead_percent) / 100));
        operations.push({
          level,
          path: skus(path),
          product_id: p.id,
          routing_operation_id: op.id,
          sequence: op.sequence,
          description: op.description,
          work_center_id: wc.id,
          work_center_code: wc.code,
          quantity: lot,
          setup_minutes: op.setup_minutes,
          run_minutes: op.run_minutes,
          hours: exact(minutes / 60),
          hourly_rate: inCurrency(wc.hourly_rate_amount),
          labour: inCurrency(opLabour),
          overhead_percent: wc.overhead_percent,
          overhead: inCurrency(opOverhead),
          extended_cost: inCurrency(opLabour + opOverhead),
        });
        labour += opLabour;
        overhead += opOverhead;
        total += opLabour + opOverhead;
      }
      return total;
    }

    let method: CostBreakdown['method'] = 'rolled_up';
    if (isMade(root.id)) make([root], quantity, 0);
    else {
      if (root.standard_cost_amount === null) {
        throw new AppError('cost_unknown', `${root.sku} has no standard cost and no bill of materials or routing to roll up.`, { product_id: root.id, sku: root.sku, path: [root.sku] });
      }
      method = 'standard_cost';
      purchased = roundHalfUp(exact(quantity * root.standard_cost_amount));
    }
    const total = purchased + labour + overhead;
    const unitTotal = roundHalfUp(exact(total / quantity));
    const [unitMaterials, unitLabour, unitOverhead] =
      total > 0 ? allocate(inCurrency(unitTotal), [purchased, labour, overhead]) : [inCurrency(0), inCurrency(0), inCurrency(0)];
    return {
      product_id: root.id,
      sku: root.sku,
      name: root.name,
      currency,
      quantity,
      method,
      materials,
      operations,
      totals: { materials: inCurrency(purchased), labour: inCurrency(labour), overhead: inCurrency(overhead), total: inCurrency(total) },
      unit: { materials: unitMaterials!, labour: unitLabour!, overhead: unitOverhead!, total: inCurrency(unitTotal) },
    };
  },
};
