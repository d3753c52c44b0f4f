import type { Generated } from 'kysely';
import type { ProductTaxCategory } from '../billing/policies/tax';

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  kind: 'stocked' | 'made_to_order' | 'service';
  currency: string;
  list_price_amount: number;
  standard_cost_amount: number | null;
  lead_time_days: number;
  warranty_days: number;
  needs_installation: boolean;
  /** How VAT treats the product at home (billing's tax policy decides the rest). */
  tax_category: ProductTaxCategory;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface WarehousesTable {
  id: string;
  code: string;
  name: string;
  handling_days: number;
  transit_days: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface StockTable {
  product_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  updated_at: Date;
}

export type MovementKind = 'adjustment' | 'receipt' | 'reservation' | 'release' | 'shipment' | 'consumption' | 'production';

export interface StockMovementsTable {
  seq: Generated<number>;
  id: string;
  product_id: string;
  warehouse_id: string;
  kind: MovementKind;
  on_hand_delta: number;
  reserved_delta: number;
  reason: string | null;
  supply_id: string | null;
  order_id: string | null;
  order_line_id: string | null;
  actor: string;
  at: Date;
}

export interface SupplyTable {
  id: string;
  product_id: string;
  warehouse_id: string;
  kind: 'purchase' | 'production';
  quantity: number;
  received_quantity: number;
  /** Units of what is still coming that orders have been promised. */
  promised_quantity: Generated<number>;
  /** YYYY-MM-DD */
  expected_date: string;
  reference: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
}

export interface PlanningTables {
  products: ProductsTable;
  warehouses: WarehousesTable;
  stock: StockTable;
  stock_movements: StockMovementsTable;
  supply: SupplyTable;
}
