import type { Money } from './api';

/** Quotes as GET /v1/quotes/{id} answers (a customer's view leaves cost, margin and approvals empty). */
export interface QuoteLine {
  id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  base_unit_price: Money | null;
  price_source: string | null;
  discount_percent: number;
  unit_price: Money | null;
  total: Money | null;
  unit_cost: Money | null;
  cost_method: string | null;
  margin: Money | null;
  promised_date: string | null;
  promise_reason: string | null;
}

export interface QuoteApproval {
  id: string;
  reason: string;
  approver_role: string;
  status: 'pending' | 'approved' | 'denied' | 'void';
  comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

export interface QuoteClock {
  holder: string | null;
  response_due_at: string;
  responded_at: string | null;
  elapsed_seconds: number;
  overdue: boolean;
  held: { holder: string; seconds: number }[];
}

export interface Quote {
  id: string;
  number: string;
  version: number;
  status: string;
  customer_id: string;
  currency: string;
  needed_by: string | null;
  message: string | null;
  valid_until: string | null;
  requested_at: string;
  sent_at: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  order_id: string | null;
  supersedes_id: string | null;
  superseded_by_id: string | null;
  lines: QuoteLine[];
  total: Money | null;
  discount: Money | null;
  cost: Money | null;
  margin: Money | null;
  margin_percent: number | null;
  approvals: QuoteApproval[];
  clock: QuoteClock;
}

export const QUOTE_STATUSES = ['requested', 'drafting', 'pending_approval', 'sent', 'accepted', 'rejected', 'expired', 'superseded'] as const;
/** The departments a quote passes between while it is prepared and approved. */
export const QUOTE_DEPARTMENTS = ['sales', 'pricing', 'finance', 'executive'] as const;
/** Quotes still open: on the cycle board's pricing column. */
export const OPEN_QUOTE_STATUSES = ['requested', 'drafting', 'pending_approval', 'sent'] as const;

export type QuoteAction = 'draft' | 'edit' | 'hand_over' | 'submit' | 'approve' | 'deny' | 'accept' | 'reject' | 'revise';

/** Whose approval the quote waits for: finance first, then an executive (as the API decides). */
export function approvalTurn(quote: Quote): string | null {
  if (quote.status !== 'pending_approval') return null;
  const pending = quote.approvals.filter((a) => a.status === 'pending').map((a) => a.approver_role);
  return pending.includes('finance') ? 'finance' : pending.includes('executive') ? 'executive' : null;
}

/**
 * What this role may do with the quote now: the permission map's roles for each step, narrowed by the quote's
 * status (and, for approvals, by whose turn it is). The API decides again; this only keeps dead buttons away.
 */
export function quoteActions(quote: Quote, role: string): Set<QuoteAction> {
  const may = (...roles: string[]) => role === 'admin' || roles.includes(role);
  const actions = new Set<QuoteAction>();
  const s = quote.status;
  if (s === 'requested' && may('sales', 'pricing')) actions.add('draft');
  if (s === 'drafting' && may('sales', 'pricing')) actions.add('edit').add('submit');
  if ((s === 'requested' || s === 'drafting') && may('sales', 'pricing', 'finance', 'executive')) actions.add('hand_over');
  if (s === 'pending_approval' && (role === 'admin' || role === approvalTurn(quote))) actions.add('approve').add('deny');
  if (s === 'sent' && may('sales', 'csr')) actions.add('accept').add('reject');
  if (['pending_approval', 'sent', 'rejected', 'expired'].includes(s) && may('sales', 'pricing')) actions.add('revise');
  return actions;
}

/** `3 h 05 min`, `2 d 4 h`, `45 s`: how long, to the unit that matters. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Who holds a quote, in the customer's words: a team, never a person. */
export function holderInWords(holder: string | null): string {
  if (holder === null) return 'No one (decided)';
  return ({ sales: 'Our sales team', pricing: 'Our pricing team', finance: 'Our finance team (approval)', executive: 'Our management (approval)', customer: 'You' } as Record<string, string>)[holder] ?? holder;
}

/** A decimal typed by a person ("12", "12.5") as a number, or null when it is not one. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/** An approval rule every submitted quote is checked against (GET /v1/quote-approval-rules). */
export interface ApprovalRule {
  id: string;
  name: string;
  kind: 'margin_below_percent' | 'discount_above_percent' | 'total_above';
  /** A percent for margin and discount rules; minor units of `currency` for total_above. */
  threshold: number;
  currency: string | null;
  approver_role: 'finance' | 'executive';
  active: boolean;
}

export const RULE_KINDS: Record<ApprovalRule['kind'], string> = {
  margin_below_percent: 'Margin below',
  discount_above_percent: 'Discount above',
  total_above: 'Total above',
};
export const APPROVER_ROLES = ['finance', 'executive'] as const;

/** The response SLA per customer tier and the default validity of a sent quote (GET /v1/quote-settings). */
export interface QuoteSettings {
  validity_days: number;
  response_hours: Record<'strategic' | 'key' | 'standard', number>;
}

/** Who changes the rules and settings (src/access/permissions.ts); every department reads them. */
export const mayEditQuoteRules = (role: string) => ['admin', 'finance', 'executive'].includes(role);
