export interface QuotesTable {
  id: string;
  number: string;
  version: number;
  customer_id: string;
  opportunity_id: string | null;
  campaign_id: string | null;
  status: string;
  currency: string;
  needed_by: string | null;
  message: string | null;
  valid_until: string | null;
  requested_at: Date;
  response_due_at: Date;
  sent_at: Date | null;
  decided_at: Date | null;
  total_amount: number;
  /** Null while a line has no cost in the quote's currency: the margin is then unknown. */
  cost_amount: number | null;
  discount_amount: number;
  decision_reason: string | null;
  order_id: string | null;
  supersedes_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface QuoteLinesTable {
  id: string;
  quote_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  base_unit_price_amount: number | null;
  price_source: string | null;
  price_list_id: string | null;
  discount_percent: number;
  unit_price_amount: number | null;
  total_amount: number | null;
  unit_cost_amount: number | null;
  cost_method: string | null;
  promised_date: string | null;
  promise_reason: string | null;
}

export interface QuoteApprovalRulesTable {
  id: string;
  name: string;
  kind: 'margin_below_percent' | 'discount_above_percent' | 'total_above';
  threshold: number;
  currency: string | null;
  approver_role: 'finance' | 'executive';
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface QuoteApprovalsTable {
  id: string;
  quote_id: string;
  rule_id: string | null;
  reason: string;
  approver_role: string;
  status: 'pending' | 'approved' | 'denied' | 'void';
  comment: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}

export interface QuoteTables {
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  quote_approval_rules: QuoteApprovalRulesTable;
  quote_approvals: QuoteApprovalsTable;
  quote_response_slas: { tier: string; response_hours: number };
  quote_settings: { singleton: boolean; validity_days: number };
}
