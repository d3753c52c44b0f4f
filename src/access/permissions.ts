import { DEPARTMENTS, type Actor, type Role } from './roles';

/**
 * Who may call what: every route of the API, `METHOD /path` → the roles allowed. `admin` may call
 * everything; `public` needs no credentials; `authenticated` takes any caller. A route missing here cannot
 * be registered (the app refuses to start), and a test walks the app's routes against this map.
 * Customers reach only routes that list `customer`, and those routes scope every read to their customer.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

const STAFF = DEPARTMENTS;
const ANYONE_SIGNED_IN = 'authenticated';

export const PERMISSIONS: Record<string, Access> = {
  'GET /health': 'public',
  'GET /openapi.json': 'public',
  // the web app (src/http/web.ts): pages that hold no data (every read is an API call) and its built files
  'GET /': 'public',
  'GET /login': 'public',
  'GET /orders': 'public',
  'GET /orders/:id': 'public',
  'GET /quotes': 'public',
  'GET /quotes/:id': 'public',
  'GET /pipeline': 'public',
  'GET /insights': 'public',
  'GET /invoices': 'public',
  'GET /invoices/:id': 'public',
  'GET /payments': 'public',
  'GET /quote-rules': 'public',
  'GET /disputes': 'public',
  'GET /disputes/:id': 'public',
  'GET /shipments': 'public',
  'GET /work-orders': 'public',
  'GET /schedule': 'public',
  'GET /dropped-balls': 'public',
  'GET /queue': 'public',
  'GET /customers': 'public',
  'GET /customers/:id': 'public',
  'GET /products': 'public',
  'GET /products/:id': 'public',
  'GET /stock': 'public',
  'GET /portal': 'public',
  'GET /portal/*': 'public',
  'GET /assets/*': 'public',

  // access
  'POST /v1/sessions': 'public',
  'DELETE /v1/sessions/current': ANYONE_SIGNED_IN,
  'GET /v1/me': ANYONE_SIGNED_IN,
  'POST /v1/api-keys': ['admin'],
  'GET /v1/api-keys': ['admin'],
  'POST /v1/api-keys/:id/revoke': ['admin'],
  'POST /v1/users': ['admin'],
  'GET /v1/users': ['admin'],
  'PATCH /v1/users/:id': ['admin'],

  // customers
  'POST /v1/customers': ['sales', 'csr', 'finance'],
  'GET /v1/customers': [...STAFF, 'customer'],
  'GET /v1/customers/:id': [...STAFF, 'customer'],
  'PATCH /v1/customers/:id': ['sales', 'csr', 'finance'],
  'POST /v1/customers/:id/suspend': ['finance', 'executive'],
  'POST /v1/customers/:id/reactivate': ['finance', 'executive'],
  'POST /v1/customers/:id/archive': ['sales', 'finance', 'executive'],
  'POST /v1/customers/:id/contacts': ['sales', 'csr', 'service', 'customer'],
  'PATCH /v1/customers/:id/contacts/:contactId': ['sales', 'csr', 'service', 'customer'],
  'POST /v1/customers/:id/addresses': ['sales', 'csr', 'customer'],
  'PATCH /v1/customers/:id/addresses/:addressId': ['sales', 'csr', 'customer'],
  'GET /v1/customers/:id/events': [...STAFF],

  // planning: catalog, warehouses, stock, supply
  'POST /v1/products': ['operations', 'pricing'],
  'GET /v1/products': [...STAFF, 'customer'],
  'GET /v1/products/:id': [...STAFF, 'customer'],
  'PATCH /v1/products/:id': ['operations', 'pricing'],
  'POST /v1/warehouses': ['operations', 'warehouse'],
  'GET /v1/warehouses': [...STAFF],
  'GET /v1/warehouses/:id': [...STAFF],
  'PATCH /v1/warehouses/:id': ['operations', 'warehouse'],
  'POST /v1/stock/adjustments': ['warehouse', 'operations'],
  'GET /v1/stock': [...STAFF],
  'GET /v1/stock/movements': [...STAFF],
  'POST /v1/supply': ['operations', 'warehouse'],
  'GET /v1/supply': [...STAFF],
  'POST /v1/supply/:id/receive': ['warehouse', 'operations'],
  'POST /v1/supply/:id/delay': ['operations', 'warehouse'],
  'POST /v1/supply/:id/cancel': ['operations'],

  // planning: work centers, bills of materials, routings
  'POST /v1/work-centers': ['operations'],
  'GET /v1/work-centers': [...STAFF],
  'GET /v1/work-centers/:id': [...STAFF],
  'PATCH /v1/work-centers/:id': ['operations', 'finance'],
  'GET /v1/work-centers/:id/capacity': [...STAFF],
  'GET /v1/products/:id/bom': [...STAFF],
  'PUT /v1/products/:id/bom': ['operations', 'pricing'],
  'POST /v1/products/:id/bom/lines': ['operations', 'pricing'],
  'DELETE /v1/products/:id/bom/lines/:bomLineId': ['operations', 'pricing'],
  'GET /v1/products/:id/routing': [...STAFF],
  'PUT /v1/products/:id/routing': ['operations', 'pricing'],
  'POST /v1/products/:id/routing/operations': ['operations', 'pricing'],
  'DELETE /v1/products/:id/routing/operations/:routingOperationId': ['operations', 'pricing'],

  // pricing: price lists and price resolution
  'POST /v1/price-lists': ['pricing'],
  'GET /v1/price-lists': [...STAFF],
  'GET /v1/price-lists/:id': [...STAFF],
  'PATCH /v1/price-lists/:id': ['pricing'],
  'PUT /v1/price-lists/:id/items': ['pricing'],

  // quotes: customers ask, sales and pricing prepare, finance and executives approve, the customer decides
  'POST /v1/quotes': ['sales', 'pricing', 'customer'],
  'GET /v1/quotes': [...STAFF, 'customer'],
  'GET /v1/quotes/:id': [...STAFF, 'customer'],
  'PATCH /v1/quotes/:id': ['sales', 'pricing'],
  'POST /v1/quotes/:id/draft': ['sales', 'pricing'],
  'POST /v1/quotes/:id/hand-over': ['sales', 'pricing', 'finance', 'executive'],
  'POST /v1/quotes/:id/submit': ['sales', 'pricing'],
  'POST /v1/quotes/:id/approve': ['finance', 'executive'],
  'POST /v1/quotes/:id/deny': ['finance', 'executive'],
  'POST /v1/quotes/:id/reject': ['sales', 'csr', 'customer'],
  'POST /v1/quotes/:id/revise': ['sales', 'pricing'],
  'POST /v1/quotes/:id/accept': ['sales', 'csr', 'customer'],
  'POST /v1/quotes/expire': [...STAFF],
  'GET /v1/quote-approval-rules': [...STAFF],
  'POST /v1/quote-approval-rules': ['finance', 'executive'],
  'PATCH /v1/quote-approval-rules/:id': ['finance', 'executive'],
  'GET /v1/quote-settings': [...STAFF],
  'PATCH /v1/quote-settings': ['finance', 'executive'],
  'GET /v1/prices': [...STAFF, 'customer'],

  // pricing: cost roll-up
  'GET /v1/products/:id/cost': [...STAFF],
  'POST /v1/products/:id/standard-cost': ['pricing', 'finance'],

  // entry: orders
  'POST /v1/orders': ['csr', 'sales', 'customer'],
  'POST /v1/orders/import': ['csr', 'sales'],
  'GET /v1/orders': [...STAFF, 'customer'],
  'GET /v1/orders/:id': [...STAFF, 'customer'],
  'POST /v1/orders/:id/cancel': ['csr', 'sales', 'finance', 'customer'],
  'POST /v1/orders/:id/release': ['finance'],
  'POST /v1/orders/:id/edits': ['csr', 'sales'],
  'POST /v1/orders/:id/edits/preview': ['csr', 'sales'],
  'GET /v1/orders/:id/timeline': [...STAFF, 'customer'], // a customer's copy names departments, never people

  // prioritization
  'GET /v1/priority/policy': [...STAFF],
  'POST /v1/priority/policy': ['executive'],
  'GET /v1/priority/queue': [...STAFF],
  'GET /v1/orders/:id/priority': [...STAFF],
  'POST /v1/orders/:id/expedite-requests': ['csr', 'sales'],
  'GET /v1/expedite-requests': [...STAFF],
  'POST /v1/expedite-requests/:id/accept': ['operations'],
  'POST /v1/expedite-requests/:id/decline': ['operations'],
  'POST /v1/expedite-requests/:id/withdraw': ['csr', 'sales'],
  // who may place or release which type of hold is in src/prioritization/holds.ts
  'POST /v1/orders/:id/holds': ['finance', 'csr', 'sales', 'operations', 'warehouse', 'executive'],
  'GET /v1/orders/:id/holds': [...STAFF],
  'POST /v1/holds/:id/release': ['finance', 'csr', 'sales', 'operations', 'warehouse', 'executive'],

  // fulfillment: shipments (CSRs release orders to the warehouse and record deliveries; the warehouse and
  // operations pick, pack and ship; a customer reads its own)
  'POST /v1/orders/:id/shipments': ['warehouse', 'operations', 'csr'],
  'GET /v1/orders/:id/shipments': [...STAFF, 'customer'],
  'GET /v1/shipments': [...STAFF, 'customer'],
  'GET /v1/shipments/:id': [...STAFF, 'customer'],
  'POST /v1/shipments/:id/pick': ['warehouse', 'operations'],
  'POST /v1/shipments/:id/pack': ['warehouse', 'operations'],
  'POST /v1/shipments/:id/ship': ['warehouse', 'operations'],
  'POST /v1/shipments/:id/deliver': ['warehouse', 'operations', 'csr'],
  'POST /v1/shipments/:id/cancel': ['warehouse', 'operations', 'csr'],
  // a wave: pick lists for many orders at one warehouse, picked, packed and handed to carriers together
  'POST /v1/shipments/batch': ['warehouse', 'operations', 'csr'],
  'POST /v1/shipments/batch/pick': ['warehouse', 'operations'],
  'POST /v1/shipments/batch/pack': ['warehouse', 'operations'],
  'POST /v1/shipments/batch/ship': ['warehouse', 'operations'],
  // work orders: operations releases made-to-order lines; each operation is its work center's department's
  'POST /v1/orders/:id/work-orders': ['operations'],
  'GET /v1/orders/:id/work-orders': [...STAFF],
  'GET /v1/work-orders': [...STAFF],
  'GET /v1/work-orders/:id': [...STAFF],
  'POST /v1/work-orders/:id/operations/:sequence/start': ['operations', 'warehouse', 'service'],
  'POST /v1/work-orders/:id/operations/:sequence/complete': ['operations', 'warehouse', 'service'],
  'POST /v1/work-orders/:id/cancel': ['operations'],

  // order generation: marketing and sales work campaigns, leads and opportunities, executives read them;
  // every department writes and reads notes on a customer (a CSR's call or a technician's visit reaches sales)
  'POST /v1/campaigns': ['marketing', 'sales'],
  'GET /v1/campaigns': ['marketing', 'sales', 'executive'],
  'GET /v1/campaigns/:id': ['marketing', 'sales', 'executive'],
  'PATCH /v1/campaigns/:id': ['marketing', 'sales'],
  'GET /v1/campaigns/:id/performance': ['marketing', 'sales', 'executive'],
  'POST /v1/leads': ['marketing', 'sales'],
  'GET /v1/leads': ['marketing', 'sales', 'executive'],
  'GET /v1/leads/:id': ['marketing', 'sales', 'executive'],
  'PATCH /v1/leads/:id': ['marketing', 'sales'],
  'POST /v1/leads/:id/contact': ['marketing', 'sales'],
  'POST /v1/leads/:id/qualify': ['marketing', 'sales'],
  'POST /v1/leads/:id/disqualify': ['marketing', 'sales'],
  'POST /v1/leads/:id/convert': ['marketing', 'sales'],
  'POST /v1/opportunities': ['marketing', 'sales'],
  'GET /v1/opportunities': ['marketing', 'sales', 'executive'],
  'GET /v1/opportunities/:id': ['marketing', 'sales', 'executive'],
  'PATCH /v1/opportunities/:id': ['marketing', 'sales'],
  'POST /v1/opportunities/:id/stage': ['marketing', 'sales'],
  'GET /v1/pipeline': ['marketing', 'sales', 'executive'],
  'POST /v1/customers/:id/notes': [...STAFF],
  'GET /v1/customers/:id/notes': [...STAFF],

  // billing: invoices from what shipped (finance issues them; a customer reads its own issued ones)
  'GET /v1/billing/settings': [...STAFF],
  'PATCH /v1/billing/settings': ['finance'],
  'POST /v1/invoices': ['finance'],
  'POST /v1/invoices/batch': ['finance'],
  'POST /v1/billing-runs': ['finance'],
  'GET /v1/invoices': [...STAFF, 'customer'],
  'GET /v1/invoices/:id': [...STAFF, 'customer'],
  'POST /v1/invoices/:id/issue': ['finance'],
  'POST /v1/invoices/:id/discard': ['finance'],
  'POST /v1/credit-notes': ['finance'],
  'GET /v1/credit-notes': [...STAFF, 'customer'],
  'GET /v1/credit-notes/:id': [...STAFF, 'customer'],
  'POST /v1/payments': ['finance'],
  'POST /v1/payments/:id/allocations': ['finance'],
  'GET /v1/payments': [...STAFF, 'customer'],
  'GET /v1/payments/:id': [...STAFF, 'customer'],
  'GET /v1/receivables': [...STAFF, 'customer'],

  // billing: invoices and credit notes as files (UBL for accounting systems, PDF for people)
  'GET /v1/invoices/:id/ubl': [...STAFF, 'customer'],
  'GET /v1/invoices/:id/pdf': [...STAFF, 'customer'],
  'GET /v1/credit-notes/:id/ubl': [...STAFF, 'customer'],
  'GET /v1/credit-notes/:id/pdf': [...STAFF, 'customer'],

  // billing: disputes (a customer questions a line of its own invoice; finance reviews and resolves)
  'POST /v1/invoices/:id/disputes': ['customer', 'csr', 'finance'],
  'GET /v1/disputes': ['finance', 'csr', 'sales', 'executive', 'customer'],
  'GET /v1/disputes/:id': ['finance', 'csr', 'sales', 'executive', 'customer'],
  'POST /v1/disputes/:id/review': ['finance'],
  'POST /v1/disputes/:id/resolve': ['finance'],
  'POST /v1/disputes/:id/withdraw': ['customer', 'csr', 'finance'],

  // scheduling: operations computes and commits schedules; CSRs, executives and the warehouse read them
  'POST /v1/schedule/runs': ['operations'],
  'GET /v1/schedule/runs': ['operations', 'csr', 'executive', 'warehouse'],
  'GET /v1/schedule/runs/:id': ['operations', 'csr', 'executive', 'warehouse'],
  'POST /v1/schedule/runs/:id/commit': ['operations'],
  'POST /v1/schedule/runs/:id/discard': ['operations'],
  'GET /v1/schedule': ['operations', 'csr', 'executive', 'warehouse'],

  // the cycle
  'GET /v1/stages': [...STAFF],
  'GET /v1/events': [...STAFF],
  'GET /v1/handoffs': [...STAFF],

  // analytics: every department reads where the time goes; a customer sees their own order's stage times
  'GET /v1/orders/:id/stage-times': [...STAFF, 'customer'],
  'GET /v1/board': [...STAFF],
  'GET /v1/analytics/cycle-time': [...STAFF],
  'GET /v1/analytics/waiting': [...STAFF],
  'GET /v1/analytics/delivery': [...STAFF],
  'GET /v1/analytics/quotes': [...STAFF],
  'POST /v1/handoffs': [...STAFF],
  'POST /v1/handoffs/:id/take': [...STAFF],
  'POST /v1/handoffs/:id/release': [...STAFF],
  'POST /v1/handoffs/:id/complete': [...STAFF],
};

/** The API docs are public, as are their static assets. */
const PUBLIC_PREFIXES = ['/docs'];

export function accessFor(method: string, url: string): Access | undefined {
  if (PUBLIC_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`))) return 'public';
  return PERMISSIONS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

export function mayCall(access: Access, role: Actor['role'] | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'authenticated' || role === 'admin') return true;
  return (access as readonly string[]).includes(role);
}
