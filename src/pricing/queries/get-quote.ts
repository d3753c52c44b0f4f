import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../access/roles';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { marginPercent } from '../policies/quote-approval';
import { quoteClock } from '../policies/quote-clock';
import type { QuoteApprovalsTable, QuoteLinesTable, QuotesTable } from '../quote-tables';
import type { QuoteView } from '../quote-schemas';
import { QUOTE_STATUSES_WITH_US, type QuoteStatus } from '../transitions';

/** One quote as this caller may see it; another customer's quote is a 404. */
export async function getQuote(db: Kysely<DB>, actor: Actor, id: string, now: Date): Promise<QuoteView> {
  const row = await db.selectFrom('quotes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (actor.role === 'customer' && row.customer_id !== actor.customerId)) throw notFound('quote', id);
  return (await presentQuotes(db, actor, [row], now))[0]!;
}

/**
 * Quotes with their lines, approvals, successor and clock, in five queries for any number of quotes. A
 * customer sees no cost, margin, approvals or attribution, and no prices before the quote is sent.
 */
export async function presentQuotes(db: Kysely<DB>, actor: Actor, rows: QuotesTable[], now: Date): Promise<QuoteView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [lines, approvals, successors, holderChanges] = await Promise.all([
    db.selectFrom('quote_lines').selectAll().where('quote_id', 'in', ids).orderBy('line_no').execute(),
    db.selectFrom('quote_approvals').selectAll().where('quote_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('quotes').select(['id', 'supersedes_id']).where('supersedes_id', 'in', ids).execute(),
    sql<{ subject_id: string; at: Date; holder: string | null }>`
      select subject_id, at, data->>'holder' as holder from events
      where subject_type = 'quote' and subject_id in (${sql.join(ids)}) and data ? 'holder'
      order by seq`.execute(db),
  ]);
  const customer = actor.role === 'customer';
  return rows.map((quote) =>
    presentQuote(quote, {
      lines: lines.filter((l) => l.quote_id === quote.id),
      approvals: customer ? [] : approvals.filter((a) => a.quote_id === quote.id),
      supersededBy: successors.find((s) => s.supersedes_id === quote.id)?.id ?? null,
      holderChanges: holderChanges.rows.filter((c) => c.subject_id === quote.id),
      customer,
      now,
    }),
  );
}

interface QuoteParts {
  lines: QuoteLinesTable[];
  approvals: QuoteApprovalsTable[];
  supersededBy: string | null;
  holderChanges: { at: Date; holder: string | null }[];
  /** The customer's own view. */
  customer: boolean;
  now: Date;
}

function presentQuote(quote: QuotesTable, parts: QuoteParts): QuoteView {
  const currency = quote.currency.trim();
  const m = (amount: number | null) => (amount === null ? null : { amount, currency });
  const priced = parts.lines.length > 0 && parts.lines.every((l) => l.total_amount !== null);
  const showPrices = priced && (!parts.customer || quote.sent_at !== null);
  const showCost = !parts.customer && priced;
  const withUs = QUOTE_STATUSES_WITH_US.includes(quote.status as QuoteStatus);
  const clock = quoteClock(parts.holderChanges, parts.now);
  const answeredAt = quote.sent_at ?? (withUs ? parts.now : (quote.decided_at ?? quote.updated_at));
  return {
    id: quote.id,
    number: quote.number,
    version: quote.version,
    status: quote.status,
    customer_id: quote.customer_id,
    opportunity_id: parts.customer ? null : quote.opportunity_id,
    campaign_id: parts.customer ? null : quote.campaign_id,
    currency,
    needed_by: quote.needed_by,
    message: quote.message,
    valid_until: quote.valid_until,
    requested_at: quote.requested_at.toISOString(),
    sent_at: quote.sent_at?.toISOString() ?? null,
    decided_at: quote.decided_at?.toISOString() ?? null,
    decision_reason: quote.decision_reason,
    order_id: quote.order_id,
    supersedes_id: quote.supersedes_id,
    superseded_by_id: parts.supersededBy,
    lines: parts.lines.map((l) => ({
      id: l.id,
      line_no: l.line_no,
      product_id: l.product_id,
      quantity: l.quantity,
      base_unit_price: showPrices ? m(l.base_unit_price_amount) : null,
      price_source: showPrices ? l.price_source : null,
      price_list_id: showPrices && !parts.customer ? l.price_list_id : null,
      discount_percent: showPrices ? l.discount_percent : 0,
      unit_price: showPrices ? m(l.unit_price_amount) : null,
      total: showPrices ? m(l.total_amount) : null,
      unit_cost: showCost ? m(l.unit_cost_amount) : null,
      cost_method: showCost ? l.cost_method : null,
      margin: showCost && l.unit_cost_amount !== null ? m(l.total_amount! - l.unit_cost_amount * l.quantity) : null,
      promised_date: l.promised_date,
      promise_reason: l.promise_reason,
    })),
    total: showPrices ? m(quote.total_amount) : null,
    discount: showPrices ? m(quote.discount_amount) : null,
    cost: showCost ? m(quote.cost_amount) : null,
    margin: showCost && quote.cost_amount !== null ? m(quote.total_amount - quote.cost_amount) : null,
    margin_percent: showCost ? marginPercent(quote.total_amount, quote.cost_amount) : null,
    approvals: parts.approvals.map((a) => ({
      id: a.id,
      rule_id: a.rule_id,
      reason: a.reason,
      approver_role: a.approver_role,
      status: a.status,
      comment: a.comment,
      decided_by: a.decided_by,
      decided_at: a.decided_at?.toISOString() ?? null,
    })),
    clock: {
      holder: clock.holder,
      response_due_at: quote.response_due_at.toISOString(),
      responded_at: quote.sent_at?.toISOString() ?? null,
      elapsed_seconds: Math.max(0, Math.floor((answeredAt.getTime() - quote.requested_at.getTime()) / 1000)),
      overdue: withUs && parts.now > quote.response_due_at,
      held: clock.held,
    },
    created_at: quote.created_at.toISOString(),
    updated_at: quote.updated_at.toISOString(),
  };
}
