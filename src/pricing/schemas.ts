import { z } from 'zod';
import { Money } from '../customers/schemas';
import { Product } from '../planning/schemas';

// Cost roll-up

const costQuantity = z.coerce.number().int('Use a whole number of units.').min(1).max(1_000_000);

export const CostQuery = z.strictObject({
  quantity: costQuantity.default(1).describe('The lot costed: setups are spread over it; default 1'),
});

export const RollUpStandardCostBody = z.strictObject({
  quantity: z.number().int('Use a whole number of units.').min(1).max(1_000_000).optional().describe('Lot size the standard cost assumes; default 1'),
});

const CostElements = z.object({ materials: Money, labour: Money, overhead: Money, total: Money });

export const MaterialCost = z.object({
  level: z.number().int().describe('1 for the product’s own components, 2 for theirs, …'),
  path: z.array(z.string()).describe('SKUs from the product costed down to this component'),
  parent_product_id: z.string(),
  bom_line_id: z.string(),
  component_id: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity_per_unit: z.number(),
  scrap_percent: z.number(),
  quantity: z.number().describe('Needed for the lot, scrap included'),
  source: z.enum(['standard_cost', 'rolled_up']).describe('standard_cost: a purchased part; rolled_up: made, its own lines and operations follow'),
  unit_cost: Money,
  extended_cost: Money,
});

export const OperationCost = z.object({
  level: z.number().int().describe('0 for the product’s own routing, 1 for its components’, …'),
  path: z.array(z.string()),
  product_id: z.string(),
  routing_operation_id: z.string(),
  sequence: z.number().int(),
  description: z.string(),
  work_center_id: z.string(),
  work_center_code: z.string(),
  quantity: z.number().describe('Units made in this run'),
  setup_minutes: z.number(),
  run_minutes: z.number(),
  hours: z.number().describe('(setup + run × quantity) ÷ 60'),
  hourly_rate: Money,
  labour: Money,
  overhead_percent: z.number(),
  overhead: Money,
  extended_cost: Money.describe('labour + overhead'),
});

export const CostBreakdown = z.object({
  product_id: z.string(),
  sku: z.string(),
  name: z.string(),
  currency: z.string(),
  quantity: z.number().int(),
  method: z.enum(['rolled_up', 'standard_cost']).describe('standard_cost: the product has no BOM or routing'),
  materials: z.array(MaterialCost).describe('Every BOM line at every level, depth first'),
  operations: z.array(OperationCost),
  totals: CostElements.describe('For the quantity, over all levels: purchased materials, labour, overhead'),
  unit: CostElements.describe('Per unit: the total ÷ quantity rounded once, split so that the parts add up'),
});

export const RolledUpStandardCost = z.object({ product: Product, cost: CostBreakdown });
