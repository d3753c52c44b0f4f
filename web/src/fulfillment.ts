/** The fulfillment and scheduling API's shapes as the console reads them (README: Shipments, Work orders, Schedule). */

export interface Shipment {
  id: string;
  number: string;
  order_id: string;
  customer_id: string;
  warehouse_id: string;
  status: string;
  lines: { id: string; order_line_id: string; product_id: string; quantity: number }[];
  carrier: string | null;
  tracking_number: string | null;
  packages: number | null;
  shipped_at: string | null;
  delivered_on: string | null;
  created_at: string;
}

export interface Warehouse {
  id: string;
  code: string;
  name: string;
}

export interface WorkOrderOperation {
  id: string;
  sequence: number;
  work_center_code: string;
  department: string;
  description: string;
  planned_minutes: number;
  status: string;
  scheduled_start: string | null;
  scheduled_end: string | null;
  started_at: string | null;
  completed_at: string | null;
}

export interface WorkOrder {
  id: string;
  number: string;
  status: string;
  order_id: string;
  order_number: string;
  sku: string;
  quantity: number;
  current_department: string | null;
  operations: WorkOrderOperation[];
  materials: { component_id: string; sku: string; quantity: number; consumed: boolean; available: number; short: number }[];
  created_at: string;
}

export interface ScheduledOperation {
  id?: string;
  order_id: string;
  order_number: string;
  kind: 'routing' | 'pick_pack';
  step: number;
  description: string;
  minutes: number;
  start: string;
  end: string;
  segments: { start: string; end: string }[];
}

export interface ScheduleView {
  run_id: string | null;
  committed_at: string | null;
  from: string;
  to: string;
  work_centers: { id: string; code: string; name: string; department: string; parallel_units: number; units: { unit: number; operations: ScheduledOperation[] }[] }[];
}

export interface ScheduleRun {
  id: string;
  status: string;
  starts_at: string;
  budget_ms: number;
  seed: number;
  created_by: string;
  created_at: string;
  committed_at: string | null;
  summary: { orders: number; operations: number; late_orders: number; weighted_days_late: number };
  orders: { order_id: string; number: string; promised_date: string | null; feasible_promise_date: string | null; late: boolean; days_late: number }[];
  operations: (ScheduledOperation & { work_center_id: string; work_center_code: string; unit: number })[];
  unscheduled: { order_id: string; order_line_id: string | null; reason: string }[];
}

export const SHIPMENT_STATUSES = ['pick_list', 'picked', 'packed', 'shipped', 'delivered', 'cancelled'];

/** Who may take which shipment step, work order step and schedule action (src/access/permissions.ts). */
export const mayMoveGoods = (role: string) => ['admin', 'warehouse', 'operations'].includes(role);
export const mayDeliver = (role: string) => ['admin', 'warehouse', 'operations', 'csr'].includes(role);
export const mayWorkOperations = (role: string) => ['admin', 'operations', 'warehouse', 'service'].includes(role);
export const SCHEDULE_READERS = ['admin', 'operations', 'csr', 'executive', 'warehouse'];
export const mayPlan = (role: string) => role === 'admin' || role === 'operations';

/** A wave's steps (POST /v1/shipments/batch/…): a selected shipment's status says which one it takes next. */
export const WAVE_STEPS = [
  { status: 'pick_list', action: 'pick', verb: 'Pick' },
  { status: 'picked', action: 'pack', verb: 'Pack' },
  { status: 'packed', action: 'ship', verb: 'Ship' },
] as const;
export const inWave = (s: Shipment) => WAVE_STEPS.some((w) => w.status === s.status);
