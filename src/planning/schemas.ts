import type { Selectable } from 'kysely';
import { z } from 'zod';
import { PRODUCT_TAX_CATEGORIES } from '../billing/policies/tax';
import { idPattern } from '../core/ids';
import { Money, MoneyInput } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import type { ProductsTable, StockMovementsTable, SupplyTable, WarehousesTable } from './tables';

const text = (max: number) => z.string().trim().min(1).max(max);
export const productId = z.string().regex(idPattern('product'), 'Expected a product id (prd_…).');
export const warehouseId = z.string().regex(idPattern('warehouse'), 'Expected a warehouse id (whs_…).');
export const calendarDate = z.iso.date('Use a calendar date, YYYY-MM-DD.');
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

// Products

export const PRODUCT_KINDS = ['stocked', 'made_to_order', 'service'] as const;

export const CreateProductBody = z.strictObject({
  sku: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, 'Use 1–64 letters, digits and . _ - /'),
  name: text(200),
  kind: z.enum(PRODUCT_KINDS),
  list_price: MoneyInput,
  standard_cost: MoneyInput.optional(),
  lead_time_days: z.number().int().min(0).max(3650).optional(),
  warranty_days: z.number().int().min(0).max(36500).optional(),
  needs_installation: z.boolean().optional(),
  tax_category: z.enum(PRODUCT_TAX_CATEGORIES).optional().describe('How VAT treats it at home; default standard'),
});

export const UpdateProductBody = z.strictObject({
  name: text(200).optional(),
  list_price: MoneyInput.optional(),
  standard_cost: MoneyInput.nullable().optional(),
  lead_time_days: z.number().int().min(0).max(3650).optional(),
  warranty_days: z.number().int().min(0).max(36500).optional(),
  needs_installation: z.boolean().optional(),
  tax_category: z.enum(PRODUCT_TAX_CATEGORIES).optional(),
  active: z.boolean().optional(),
});

export const ListProductsQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().min(1).max(100).optional().describe('Part of the SKU or name, any case'),
  kind: z.enum(PRODUCT_KINDS).optional(),
  active: booleanQuery.optional(),
});

export const Product = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  list_price: Money,
  standard_cost: Money.nullable(),
  lead_time_days: z.number().int(),
  warranty_days: z.number().int(),
  needs_installation: z.boolean(),
  tax_category: z.enum(PRODUCT_TAX_CATEGORIES),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function presentProduct(p: ProductsTable) {
  const currency = p.currency.trim();
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    kind: p.kind,
    list_price: { amount: p.list_price_amount, currency },
    standard_cost: p.standard_cost_amount === null ? null : { amount: p.standard_cost_amount, currency },
    lead_time_days: p.lead_time_days,
    warranty_days: p.warranty_days,
    needs_installation: p.needs_installation,
    tax_category: p.tax_category,
    active: p.active,
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
  };
}

// Warehouses

export const CreateWarehouseBody = z.strictObject({
  code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$/, 'Use 1–32 letters, digits, _ and -'),
  name: text(200),
  handling_days: z.number().int().min(0).max(365).optional(),
  transit_days: z.number().int().min(0).max(365).optional(),
});

export const UpdateWarehouseBody = z.strictObject({
  name: text(200).optional(),
  handling_days: z.number().int().min(0).max(365).optional(),
  transit_days: z.number().int().min(0).max(365).optional(),
  active: z.boolean().optional(),
});

export const Warehouse = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  handling_days: z.number().int(),
  transit_days: z.number().int(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function presentWarehouse(w: WarehousesTable) {
  return {
    id: w.id,
    code: w.code,
    name: w.name,
    handling_days: w.handling_days,
    transit_days: w.transit_days,
    active: w.active,
    created_at: w.created_at.toISOString(),
    updated_at: w.updated_at.toISOString(),
  };
}

// Stock

export const AdjustmentBody = z.strictObject({
  product_id: productId,
  warehouse_id: warehouseId,
  quantity: z
    .number()
    .int('Use a whole number of units.')
    .min(-1_000_000_000)
    .max(1_000_000_000)
    .refine((q) => q !== 0, 'An adjustment of 0 moves nothing.'),
  reason: text(500),
});

export const Movement = z.object({
  id: z.string(),
  product_id: z.string(),
  warehouse_id: z.string(),
  kind: z.enum(['adjustment', 'receipt', 'reservation', 'release', 'shipment', 'consumption', 'production']),
  quantity: z.number().int().describe('Change of on hand (adjustment, receipt, shipment) or of reserved (reservation, release)'),
  on_hand_delta: z.number().int(),
  reserved_delta: z.number().int(),
  reason: z.string().nullable(),
  supply_id: z.string().nullable(),
  order_id: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
});

export function presentMovement(m: Omit<StockMovementsTable, 'seq'>) {
  return {
    id: m.id,
    product_id: m.product_id,
    warehouse_id: m.warehouse_id,
    kind: m.kind,
    quantity: m.on_hand_delta !== 0 ? m.on_hand_delta : m.reserved_delta,
    on_hand_delta: m.on_hand_delta,
    reserved_delta: m.reserved_delta,
    reason: m.reason,
    supply_id: m.supply_id,
    order_id: m.order_id,
    actor: m.actor,
    at: m.at.toISOString(),
  };
}

export const StockQuery = z.strictObject({
  ...pageQuery,
  product_id: productId.optional(),
  warehouse_id: warehouseId.optional(),
});

export const StockLevel = z.object({
  product_id: z.string(),
  warehouse_id: z.string(),
  on_hand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  incoming: z.number().int().describe('Open supply not yet received'),
});

export const MovementsQuery = z.strictObject({
  ...pageQuery,
  product_id: productId.optional(),
  warehouse_id: warehouseId.optional(),
});

// Supply

export const CreateSupplyBody = z.strictObject({
  product_id: productId,
  warehouse_id: warehouseId,
  quantity: z.number().int().min(1).max(1_000_000_000),
  expected_date: calendarDate,
  kind: z.enum(['purchase', 'production']).optional().describe('Default purchase'),
  reference: text(100).optional().describe('Purchase order or production order number'),
});

export const ReceiveSupplyBody = z.strictObject({
  quantity: z.number().int().min(1).max(1_000_000_000).optional().describe('Default: all that is still expected'),
  note: text(500).optional(),
});
export const DelaySupplyBody = z.strictObject({ expected_date: calendarDate, reason: text(500) });
export const CancelSupplyBody = z.strictObject({ reason: text(500) });

export const SupplyIdParams = z.strictObject({ id: z.string().regex(idPattern('supply'), 'Expected a supply id (sup_…).') });

export const ListSupplyQuery = z.strictObject({
  ...pageQuery,
  product_id: productId.optional(),
  warehouse_id: warehouseId.optional(),
  status: z.enum(['open', 'partially_received', 'received', 'cancelled']).optional(),
});

export const Supply = z.object({
  id: z.string(),
  product_id: z.string(),
  warehouse_id: z.string(),
  kind: z.enum(['purchase', 'production']),
  quantity: z.number().int(),
  received_quantity: z.number().int(),
  promised_quantity: z.number().int().describe('Units of the outstanding quantity already promised to orders'),
  outstanding_quantity: z.number().int(),
  expected_date: z.string(),
  reference: z.string().nullable(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function presentSupply(s: Selectable<SupplyTable>) {
  return {
    id: s.id,
    product_id: s.product_id,
    warehouse_id: s.warehouse_id,
    kind: s.kind,
    quantity: s.quantity,
    received_quantity: s.received_quantity,
    promised_quantity: s.promised_quantity,
    outstanding_quantity: s.status === 'cancelled' ? 0 : s.quantity - s.received_quantity,
    expected_date: s.expected_date,
    reference: s.reference,
    status: s.status,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}

export const IdParams = (kind: 'product' | 'warehouse') =>
  z.strictObject({ id: kind === 'product' ? productId : warehouseId });
