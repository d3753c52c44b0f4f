export interface ScheduleRunsTable {
  id: string;
  status: string;
  /** Minute 0 of the schedule: the run's times are minutes from here. */
  starts_at: Date;
  /** What the run was computed from; a commit is refused when the same inputs now give another digest. */
  inputs_digest: string;
  budget_ms: number;
  seed: number;
  /** The what-if answer as the API shows it (orders, operations, solver figures). */
  result: unknown;
  created_by: string;
  created_at: Date;
  committed_at: Date | null;
  updated_at: Date;
}

export interface ScheduledOperationsTable {
  id: string;
  run_id: string;
  order_id: string;
  customer_id: string;
  order_line_id: string | null;
  kind: 'routing' | 'pick_pack';
  /** Position of the operation in its job (routing order). */
  step: number;
  routing_operation_id: string | null;
  work_center_id: string;
  /** Which of the work center's parallel units (0-based). */
  unit: number;
  description: string;
  /** Working minutes. */
  minutes: number;
  starts_at: Date;
  ends_at: Date;
  /** Working stretches [{ start, end }] (ISO instants) the operation occupies. */
  segments: unknown;
}

export interface SchedulingTables {
  schedule_runs: ScheduleRunsTable;
  scheduled_operations: ScheduledOperationsTable;
}
