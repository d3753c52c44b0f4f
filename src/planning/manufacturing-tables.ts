import type { Department } from '../access/roles';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WorkCentersTable {
  id: string;
  code: string;
  name: string;
  /** The department that owns the work done here (operations, warehouse, service, …). */
  department: Department;
  currency: string;
  /** Labour cost of one hour of one unit, in minor units. */
  hourly_rate_amount: number;
  /** Overhead charged on top of labour, as a percentage of the labour cost (150 = 150 %). */
  overhead_percent: number;
  /** Working minutes per day of each unit. */
  minutes_per_day: number;
  /** Identical units (machines, crews) that work in parallel. */
  parallel_units: number;
  working_days: IsoWeekday[];
  /** Minutes per unit on the weekdays that differ from minutes_per_day, keyed by ISO weekday ("6": 240). */
  minutes_by_weekday: Record<string, number>;
  /** Dates (YYYY-MM-DD) the work center does not work although they fall on a working day. */
  non_working_dates: string[];
  /** Set on a warehouse's pick / pack work center (one per warehouse): scheduling picks stocked lines there. */
  pick_pack_warehouse_id: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface BomLinesTable {
  id: string;
  /** The product made. */
  product_id: string;
  /** What goes into one unit of it. */
  component_id: string;
  position: number;
  /** Per unit of the product; up to 6 decimals. */
  quantity: number;
  /** Extra component consumed as scrap, in percent of `quantity`. */
  scrap_percent: number;
  created_at: Date;
}

export interface RoutingOperationsTable {
  id: string;
  product_id: string;
  sequence: number;
  work_center_id: string;
  description: string;
  /** Once per batch (lot), whatever its size. */
  setup_minutes: number;
  /** Per unit made. */
  run_minutes: number;
  created_at: Date;
}

export interface ManufacturingTables {
  work_centers: WorkCentersTable;
  bom_lines: BomLinesTable;
  routing_operations: RoutingOperationsTable;
}
