/** The omc API as the browser sees it: same origin, the session cookie, one error shape. */

export interface Money {
  amount: number;
  currency: string;
}

export interface Me {
  id: string;
  name: string;
  role: string;
  customer_id: string | null;
  kind: string;
}

export interface PromisePart {
  id: string;
  source: 'stock' | 'supply' | 'lead_time' | string;
  warehouse_id: string | null;
  supply_id: string | null;
  quantity: number;
  promised_date: string;
  reason: string;
  status: string;
}

export interface OrderLine {
  id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: Money;
  total: Money;
  reserved_quantity: number;
  backordered_quantity: number;
  promised_date: string | null;
  promise: PromisePart[];
}

export interface Order {
  id: string;
  number: string;
  status: string;
  customer_id: string;
  currency: string;
  total: Money;
  promised_date: string | null;
  requested_date: string | null;
  channel: string;
  external_ref: string | null;
  quote_id: string | null;
  notes: string | null;
  lines: OrderLine[];
  /** Derived from the lines: how much shipped and how much was delivered. */
  fulfillment_status: 'not_shipped' | 'partially_shipped' | 'shipped' | 'delivered';
  created_at: string;
  updated_at: string;
}

export interface Customer {
  id: string;
  name: string;
  tier: string;
  status: string;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
}

export interface Stage {
  number: number;
  key: string;
  name: string;
  departments: string[];
  sla_hours: number;
}

export interface Handoff {
  id: string;
  order_id: string | null;
  stage: string;
  department: string;
  status: string;
  owner: string | null;
  due_at: string;
  overdue: boolean;
}

export interface TimelineEvent {
  id: string;
  at: string;
  type: string;
  stage: string | null;
  department: string | null;
  actor: string;
  data: Record<string, unknown>;
}

export interface PriorityTerm {
  term: string;
  input: string;
  value: number;
  weight: number;
  contribution: number;
}

export interface Priority {
  order_id: string;
  score: number;
  position: number;
  queue_size: number;
  policy_version: number;
  explanation: PriorityTerm[];
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = json?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'http_error', error.message ?? `The server answered ${response.status}.`, error.details?.fields ?? {});
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** Every page of a list, up to a bound (the board needs all open orders; lists page on their own). */
export async function getAll<T>(path: string, max = 1000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await get<Page<T>>(`${path}${sep}limit=200${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.data);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor && out.length < max);
  return out;
}

export function formatMoney(money: Money): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: money.currency }).format(money.amount / 100);
}

export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const d = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function formatDateTime(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(date)) + ' UTC';
}
