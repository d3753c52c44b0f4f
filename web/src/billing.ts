import { getAll, type Money } from './api';

/** The billing API's shapes as the console and the portal read them (README: Invoices…, Invoice documents and disputes). */

export interface InvoiceLine {
  id: string;
  line_no: number;
  description: string;
  sku: string;
  product_id: string;
  order_id: string;
  order_number: string;
  order_line_id: string;
  shipment_id: string;
  shipment_number: string;
  quantity: number;
  unit_price: Money;
  net: Money;
  tax_category: string;
  tax_rate: number;
  exemption_reason: string | null;
  credited_quantity: number;
  credited: Money;
}

export interface TaxSubtotal {
  category: string;
  rate: number;
  taxable: Money;
  tax: Money;
  exemption_reason: string | null;
}

export interface Party {
  name: string;
  vat_id: string | null;
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string | null;
  country: string;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: string;
  overdue: boolean;
  customer_id: string;
  currency: string;
  issue_date: string | null;
  due_date: string | null;
  period: { from: string; to: string } | null;
  buyer_reference: string | null;
  order_reference: string | null;
  seller: Party;
  buyer: Party;
  lines: InvoiceLine[];
  tax_subtotals: TaxSubtotal[];
  net: Money;
  tax: Money;
  gross: Money;
  credited: Money;
  paid: Money;
  balance: Money;
  created_at: string;
}

export interface CreditNote {
  id: string;
  number: string;
  invoice_id: string;
  invoice_number: string;
  issue_date: string;
  reason: string;
  lines: { id: string; invoice_line_id: string; description: string; quantity: number | null; net: Money }[];
  gross: Money;
}

export interface Payment {
  id: string;
  customer_id: string;
  amount: Money;
  received_on: string;
  method: string;
  reference: string | null;
  allocations: { invoice_id: string; invoice_number: string | null; amount: Money; at: string }[];
  /** Not applied to an invoice: the customer's credit. */
  unallocated: Money;
  created_at: string;
}

export interface Dispute {
  id: string;
  invoice_id: string;
  invoice_number: string;
  invoice_line_id: string;
  line: { line_no: number; description: string; sku: string; quantity: number };
  customer_id: string;
  order_id: string;
  reason: string;
  message: string;
  status: string;
  respond_by: string;
  resolution: string | null;
  answer: string | null;
  credit_note_id: string | null;
  credit_note_number: string | null;
  withdrawn_reason: string | null;
  resolved_at: string | null;
  created_at: string;
}

export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'credited', 'discarded'];
export const DISPUTE_STATUSES = ['open', 'in_review', 'resolved_credit', 'resolved_explained', 'resolved_rebill', 'withdrawn'];
export const DISPUTE_REASONS: Record<string, string> = {
  wrong_price: 'Wrong price',
  wrong_quantity: 'Wrong quantity',
  not_received: 'Not received',
  damaged: 'Damaged',
  other: 'Something else',
};
export const UNRESOLVED = ['open', 'in_review'];

/** Who may read disputes at all, and who may act on them (src/access/permissions.ts). */
export const DISPUTE_READERS = ['admin', 'finance', 'csr', 'sales', 'executive'];
export const canBill = (role: string) => role === 'admin' || role === 'finance';

/** RecordPaymentBody.method (src/billing/money-schemas.ts). */
export const PAYMENT_METHODS = ['bank_transfer', 'card', 'direct_debit', 'cheque', 'cash', 'other'];
/** Issued invoices with money still open: where a payment can go. */
export const OPEN_STATUSES = ['issued', 'partially_paid'];

export const invoiceTitle = (invoice: Invoice) => (invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice');
export const pdfHref = (invoice: { id: string }) => `/v1/invoices/${encodeURIComponent(invoice.id)}/pdf`;
export const ublHref = (invoice: { id: string }) => `/v1/invoices/${encodeURIComponent(invoice.id)}/ubl`;

/** The credit notes, payments (with their share of this invoice) and, for those who may read them, disputes of one invoice. */
export async function invoiceRelations(invoice: Invoice, withDisputes: boolean) {
  const id = encodeURIComponent(invoice.id);
  const [creditNotes, payments, disputes] = await Promise.all([
    getAll<CreditNote>(`/v1/credit-notes?invoice_id=${id}`),
    getAll<Payment>(`/v1/payments?customer_id=${encodeURIComponent(invoice.customer_id)}`),
    withDisputes ? getAll<Dispute>(`/v1/disputes?invoice_id=${id}`) : Promise.resolve([]),
  ]);
  const applied = payments.flatMap((p) => p.allocations.filter((a) => a.invoice_id === invoice.id).map((a) => ({ payment: p, amount: a.amount, at: a.at })));
  return { creditNotes, applied, disputes };
}

/** A customer's invoices that still have money open, oldest due first (where a payment is applied by default). */
export async function openInvoices(customerId: string): Promise<Invoice[]> {
  const customer = encodeURIComponent(customerId);
  const lists = await Promise.all(OPEN_STATUSES.map((status) => getAll<Invoice>(`/v1/invoices?customer_id=${customer}&status=${status}`)));
  return lists.flat().filter((i) => i.balance.amount > 0).sort((a, b) => (a.due_date ?? '').localeCompare(b.due_date ?? ''));
}
