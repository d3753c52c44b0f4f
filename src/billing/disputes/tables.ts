export interface DisputesTable {
  id: string;
  invoice_id: string;
  invoice_line_id: string;
  customer_id: string;
  order_id: string;
  reason: string;
  message: string;
  status: string;
  respond_by: Date;
  resolution: 'credit' | 'explained' | 'rebill' | null;
  answer: string | null;
  credit_note_id: string | null;
  /** For a re-bill: the invoice that bills the line again, corrected. */
  rebill_invoice_id: string | null;
  withdrawn_reason: string | null;
  opened_by: string;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface DisputeTables {
  disputes: DisputesTable;
}
