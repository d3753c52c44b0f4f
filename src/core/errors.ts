/**
 * The error catalogue: every error omc returns has a stable code, an HTTP status and a message a person
 * can act on. Modules add their own codes here so that the catalogue stays one list.
 */
export const ERROR_CATALOGUE = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  unauthenticated: { status: 401, message: 'Authenticate with "Authorization: Bearer <api key>" or a session cookie.' },
  invalid_credentials: { status: 401, message: 'Email or password is wrong.' },
  forbidden: { status: 403, message: 'Your role may not do this.' },
  not_found: { status: 404, message: 'No such object.' },
  route_not_found: { status: 404, message: 'No such route.' },
  method_not_allowed: { status: 405, message: 'This route does not accept that method.' },
  conflict: { status: 409, message: 'The request conflicts with the current state.' },
  invalid_transition: { status: 409, message: 'That status change is not allowed from the current status.' },
  idempotency_key_in_use: { status: 409, message: 'A request with this Idempotency-Key is still running; retry later.' },
  already_exists: { status: 409, message: 'An object with that unique value already exists.' },
  insufficient_stock: { status: 409, message: 'Not enough stock is available.' },
  duplicate_external_ref: { status: 409, message: 'This customer already has an order with that external reference.' },
  blocked_by_hold: { status: 409, message: 'A hold on the order blocks this until it is released.' },
  customer_not_active: { status: 409, message: 'The customer is not active and cannot order.' },
  bom_cycle: { status: 409, message: 'That would make a product contain itself (a cycle in the bills of materials).' },
  currency_mismatch: { status: 409, message: 'Amounts in different currencies cannot be combined (no exchange rates yet).' },
  not_reserved: { status: 409, message: 'Those units are not reserved in that warehouse, or are already on another shipment.' },
  already_shipped: { status: 409, message: 'Units of this order have shipped; that can no longer be undone this way.' },
  order_not_shippable: { status: 409, message: 'Only confirmed orders ship.' },
  cost_unknown: { status: 409, message: 'A cost is missing: a purchased component has no standard cost.' },
  billing_not_configured: { status: 409, message: 'The seller’s billing settings are incomplete; finance completes them at /v1/billing/settings.' },
  billing_address_missing: { status: 409, message: 'The customer has no address to bill to.' },
  not_billable: { status: 409, message: 'Nothing of that is shipped and not yet invoiced.' },
  already_invoiced: { status: 409, message: 'Those shipments are already on an invoice.' },
  over_credit: { status: 409, message: 'That credits more than the invoice line has left to credit.' },
  dispute_open: { status: 409, message: 'That invoice line is already in dispute; see the open dispute.' },
  not_disputable: { status: 409, message: 'Only lines of an issued invoice can be disputed.' },
  over_allocation: { status: 409, message: 'That allocates more than the invoice has open or the payment has left.' },
  already_converted: { status: 409, message: 'The lead has been converted already: its customer and opportunity exist.' },
  lead_closed: { status: 409, message: 'The lead is converted or disqualified and no longer changes.' },
  opportunity_closed: { status: 409, message: 'The opportunity is won or lost and no longer changes.' },
  lead_not_converted: { status: 409, message: "Convert the opportunity's lead into a customer before winning it." },
  quote_not_editable: { status: 409, message: 'Only a quote being drafted can change; revise a quote that has gone further.' },
  quote_expired: { status: 409, message: 'The quote is past its validity date; ask for a revision.' },
  quote_already_accepted: { status: 409, message: 'The quote has been accepted already; its order exists.' },
  schedule_stale: { status: 409, message: 'The orders, routings or calendars changed since this schedule was computed; compute it again.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was used with a different request.' },
  rate_limited: { status: 429, message: 'Too many requests.' },
  internal_error: { status: 500, message: 'Something went wrong on our side; the request changed nothing.' },
  unavailable: { status: 503, message: 'The database does not answer.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = details;
  }
}

export function notFound(kind: string, id: string): AppError {
  return new AppError('not_found', `No ${kind} with id ${id}.`, { id });
}

/** A 400 naming each bad field: `fields` maps a dotted path (`lines.0.quantity`) to what is wrong with it. */
export function invalidFields(fields: Record<string, string>, message?: string): AppError {
  const names = Object.keys(fields);
  return new AppError('invalid_request', message ?? `Invalid field${names.length > 1 ? 's' : ''}: ${names.join(', ')}.`, { fields });
}
