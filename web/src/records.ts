import type { Money, PriorityTerm } from './api';

/**
 * The shapes and role rules of the queue, customer, product and stock screens (README: Priority, Customers,
 * Orders, stock and promise dates). The role lists mirror src/access/permissions.ts and
 * src/prioritization/holds.ts: a button is shown only to the roles the API lets press it.
 */

export interface QueueItem {
  position: number;
  order_id: string;
  number: string;
  customer_id: string;
  status: string;
  score: number;
  promised_date: string | null;
  expedited: boolean;
  /** Each term's contribution to the score. */
  explanation: PriorityTerm[];
}

export interface Policy {
  version: number;
  weights: { tier: number; value: number; margin: number; slack: number; age: number };
  tier_values: { strategic: number; key: number; standard: number };
  slack_horizon_days: number;
  expedite_boost: number;
  starvation_bound_days: number;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface Expedite {
  id: string;
  order_id: string;
  status: string;
  reason: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  effect: { position: { from: number; to: number }; moved_back: { order_id: string; number: string; from: number; to: number }[] } | null;
}

export interface Hold {
  id: string;
  order_id: string;
  type: string;
  blocks: string[];
  reason: string;
  placed_by: string;
  placed_at: string;
  released_by: string | null;
  released_at: string | null;
  release_reason: string | null;
  active: boolean;
}

export interface Contact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  is_primary: boolean;
}

export interface Address {
  id: string;
  kind: 'billing' | 'shipping';
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string | null;
  region: string | null;
  country: string;
  is_default: boolean;
}

export interface CustomerRecord {
  id: string;
  name: string;
  tier: 'strategic' | 'key' | 'standard';
  currency: string;
  credit_limit: Money | null;
  payment_terms_days: number;
  email: string | null;
  vat_id: string | null;
  status: string;
  contacts: Contact[];
  addresses: Address[];
  created_at: string;
  updated_at: string;
}

export interface Receivable {
  customer_id: string;
  currency: string;
  balance: Money;
  credit: Money;
  net: Money;
  overdue: Money;
  open_invoices: number;
  aging: { current: Money; days_1_30: Money; days_31_60: Money; days_61_90: Money; days_over_90: Money };
}

export interface CustomerNote {
  id: string;
  body: string;
  department: string | null;
  author: { id: string; name: string };
  created_at: string;
}

export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  kind: 'stocked' | 'made_to_order' | 'service';
  list_price: Money;
  standard_cost: Money | null;
  lead_time_days: number;
  warranty_days: number;
  needs_installation: boolean;
  tax_category: string;
  active: boolean;
}

export interface StockLevel {
  product_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  available: number;
  incoming: number;
}

export const TIERS = ['strategic', 'key', 'standard'] as const;
export const PRODUCT_KINDS = ['stocked', 'made_to_order', 'service'] as const;
export const TAX_CATEGORIES = ['standard', 'reduced', 'zero', 'exempt'] as const;

const may = (roles: string[]) => (role: string) => role === 'admin' || roles.includes(role);
export const maySetPolicy = may(['executive']);
export const mayRequestExpedite = may(['csr', 'sales']);
export const mayDecideExpedite = may(['operations']);
export const mayEditCustomer = may(['sales', 'csr', 'finance']);
export const mayChangeCredit = may(['finance']); // of an existing customer (src/customers/commands/update-customer.ts)
export const mayEditProduct = may(['operations', 'pricing']);
export const mayAdjustStock = may(['warehouse', 'operations']);

/** Who may place and release each type of hold (src/prioritization/holds.ts). */
export const HOLD_TYPES: Record<string, string[]> = {
  credit: ['finance'],
  payment: ['finance'],
  customer_request: ['csr', 'sales'],
  quality: ['operations', 'warehouse'],
  compliance: ['finance', 'executive'],
  engineering: ['operations'],
};
export const holdTypesFor = (role: string) => Object.keys(HOLD_TYPES).filter((t) => role === 'admin' || HOLD_TYPES[t]!.includes(role));

/** An amount typed in major units ("12.50") as minor units, or NaN: the API then names the field. */
export function toMinor(text: string): number {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole, frac = ''] = t.replace('-', '').split('.');
  const minor = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return t.startsWith('-') ? -minor : minor;
}

export const toMajor = (amount: number) => (amount / 100).toFixed(2);
