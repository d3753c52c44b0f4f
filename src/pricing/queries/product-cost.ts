import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { loadProductStructure } from '../../planning/queries/product-structure';
import { defaultCostRollUp, type CostBreakdown, type CostData, type CostRollUpPolicy } from '../policies/cost-roll-up';

/** The structure planning keeps, as the roll-up reads it. */
export async function loadCostData(db: Kysely<DB>, productId: string): Promise<CostData> {
  const structure = await loadProductStructure(db, productId);
  return {
    products: structure.products.map((p) => ({ id: p.id, sku: p.sku, name: p.name, currency: p.currency, standard_cost_amount: p.standard_cost_amount })),
    lines: structure.lines,
    operations: structure.operations.map((o) => ({
      id: o.id,
      product_id: o.product_id,
      sequence: o.sequence,
      description: o.description,
      setup_minutes: o.setup_minutes,
      run_minutes: o.run_minutes,
      work_center: {
        id: o.work_center.id,
        code: o.work_center.code,
        currency: o.work_center.currency,
        hourly_rate_amount: o.work_center.hourly_rate_amount,
        overhead_percent: o.work_center.overhead_percent,
      },
    })),
  };
}

/** A product's cost for a quantity, rolled up from its bills of materials and routings (404 for no such product). */
export async function productCost(db: Kysely<DB>, productId: string, quantity: number, policy: CostRollUpPolicy = defaultCostRollUp): Promise<CostBreakdown> {
  return policy.rollUp(await loadCostData(db, productId), productId, quantity);
}
