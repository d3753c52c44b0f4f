/** The analytics API's answers (src/analytics/schemas.ts), as the console reads them. */
export interface Period {
  from: string;
  to: string;
}

export interface StageCycle {
  stage: string;
  number: number;
  name: string;
  orders: number;
  in_stage_now: number;
  median_hours: number | null;
  p90_hours: number | null;
  median_waiting_hours: number | null;
  waiting_share_percent: number | null;
}
export interface CycleTime {
  period: Period;
  orders: number;
  under_way: number;
  stages: StageCycle[];
}

export interface DepartmentWaiting {
  department: string;
  open: number;
  overdue: number;
  unowned: number;
  oldest_open_hours: number | null;
  completed: number;
  median_hours: number | null;
  p90_hours: number | null;
  late_percent: number | null;
}
export interface Waiting {
  period: Period;
  departments: DepartmentWaiting[];
}

export interface DeliveryFigures {
  due_orders: number;
  on_time_percent: number | null;
  in_full_percent: number | null;
  otif_percent: number | null;
  perfect_order_percent: number | null;
}
export interface Delivery extends DeliveryFigures {
  period: Period;
  lead_time_days: { median: number | null; p90: number | null };
  weeks: (DeliveryFigures & { week: string })[];
}

export interface QuoteFigures {
  requested: number;
  sent: number;
  median_hours: number | null;
  p90_hours: number | null;
  within_sla_percent: number | null;
  waiting_now: number;
  overdue_now: number;
  win_percent: number | null;
}
export interface QuoteTurnaround extends QuoteFigures {
  period: Period;
  tiers: (QuoteFigures & { tier: string })[];
  weeks: (QuoteFigures & { week: string })[];
}

export interface StageTime {
  stage: string;
  number: number;
  name: string;
  entered_at: string;
  duration_seconds: number;
  waiting_seconds: number;
  waiting_on: string[];
  overdue: boolean;
  current: boolean;
}
export interface OrderStageTimes {
  order_id: string;
  under_way: boolean;
  total_seconds: number;
  waiting_seconds: number;
  stages: StageTime[];
}

/** A figure or a dash: the API says null when there is nothing to count. */
export const orDash = (n: number | null, unit = '') => (n === null ? '—' : `${n}${unit}`);

/** A duration in words a person reads at a glance: minutes, hours or days. */
export function formatDuration(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86_400) * 10) / 10} d`;
}
