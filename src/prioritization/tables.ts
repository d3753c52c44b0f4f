export interface PriorityPoliciesTable {
  version: number;
  policy: unknown;
  note: string | null;
  created_by: string;
  created_at: Date;
}

export interface ExpediteRequestsTable {
  id: string;
  order_id: string;
  status: string;
  reason: string;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  effect: unknown;
  updated_at: Date;
}

export interface OrderHoldsTable {
  id: string;
  order_id: string;
  type: string;
  blocks: string[];
  reason: string;
  placed_by: string;
  placed_at: Date;
  released_by: string | null;
  released_at: Date | null;
  release_reason: string | null;
}

export interface PrioritizationTables {
  priority_policies: PriorityPoliciesTable;
  expedite_requests: ExpediteRequestsTable;
  order_holds: OrderHoldsTable;
}
