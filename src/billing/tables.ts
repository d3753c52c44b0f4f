import type { ColumnType } from 'kysely';
import type { TaxCategory } from './policies/tax';

/** jsonb: read as the value, written as its JSON text, never updated. */
type Json<T> = ColumnType<T, string, never>;

export interface BillingSettingsTable {
  id: number;
  legal_name: string | null;
  vat_id: string | null;
  company_id: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  postal_code: string | null;
  country: string | null;
  email: string | null;
  phone: string | null;
  endpoint_id: string | null;
  endpoint_scheme: string | null;
  iban: string | null;
  bic: string | null;
  invoice_prefix: string;
  credit_note_prefix: string;
  consolidation: 'per_shipment' | 'per_customer_period';
  standard_rate_bp: number;
  reduced_rate_bp: number;
  exemption_reason: string;
  updated_by: string | null;
  updated_at: Date | null;
}

export interface DocumentNumberCountersTable {
  series: string;
  year: number;
  last_number: number;
}

/** One (category, rate) of a document: the base and the tax, rounded once on the category total. */
export interface TaxSubtotalRow {
  category: TaxCategory;
  rate_bp: number;
  taxable: number;
  tax: number;
  exemption_reason: string | null;
  exemption_code: string | null;
}

/** A party as printed on an issued invoice (snapshot). */
export interface PartySnapshot {
  name: string;
  vat_id: string | null;
  company_id: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  postal_code: string | null;
  region: string | null;
  country: string;
  email: string | null;
  phone: string | null;
  endpoint_id: string | null;
  endpoint_scheme: string | null;
  iban?: string | null;
  bic?: string | null;
}

export interface InvoicesTable {
  id: string;
  number: string | null;
  customer_id: string;
  status: string;
  currency: string;
  issue_date: string | null;
  due_date: string | null;
  period_from: string | null;
  period_to: string | null;
  buyer_reference: string | null;
  order_reference: string | null;
  net_amount: number;
  tax_amount: number;
  gross_amount: number;
  tax_subtotals: Json<TaxSubtotalRow[]>;
  seller: ColumnType<PartySnapshot | null, string | null, string>;
  buyer: ColumnType<PartySnapshot, string, string>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  line_no: number;
  order_id: string;
  order_line_id: string;
  shipment_id: string;
  shipment_line_id: string;
  /** A re-bill: the credited line this one bills again, corrected (the shipment line is then billed twice). */
  corrects_line_id: string | null;
  product_id: string;
  sku: string;
  description: string;
  quantity: number;
  unit_price_amount: number;
  net_amount: number;
  tax_category: TaxCategory;
  tax_rate_bp: number;
  exemption_reason: string | null;
  exemption_code: string | null;
}

export interface CreditNotesTable {
  id: string;
  number: string;
  invoice_id: string;
  customer_id: string;
  currency: string;
  issue_date: string;
  reason: string;
  net_amount: number;
  tax_amount: number;
  gross_amount: number;
  tax_subtotals: Json<TaxSubtotalRow[]>;
  created_by: string;
  created_at: Date;
}

export interface CreditNoteLinesTable {
  id: string;
  credit_note_id: string;
  invoice_line_id: string;
  line_no: number;
  quantity: number;
  net_amount: number;
}

export interface PaymentsTable {
  id: string;
  customer_id: string;
  currency: string;
  amount: number;
  received_on: string;
  method: string;
  reference: string | null;
  created_by: string;
  created_at: Date;
}

export interface PaymentAllocationsTable {
  id: string;
  payment_id: string;
  invoice_id: string;
  amount: number;
  created_by: string;
  created_at: Date;
}

export interface BillingTables {
  billing_settings: BillingSettingsTable;
  document_number_counters: DocumentNumberCountersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
}
