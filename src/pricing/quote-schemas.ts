import { z } from 'zod';
import { customerIdField } from '../access/schemas';
import { idPattern } from '../core/ids';
import { Money, MoneyInput, TIERS } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import { calendarDate, productId } from '../planning/schemas';
import { quoteMachine } from './transitions';

export const MAX_QUOTE_LINES = 200;
const quoteId = z.string().regex(idPattern('quote'), 'Expected a quote id (quo_…).');
export const QuoteIdParams = z.strictObject({ id: quoteId });
const opportunityId = z.string().regex(idPattern('opportunity'), 'Expected an opportunity id (opp_…).');
const campaignId = z.string().regex(idPattern('campaign'), 'Expected a campaign id (cmp_…).');

export const QuoteLineInput = z.strictObject({
  product_id: productId,
  quantity: z.number().int('Use a whole number of units.').min(1, 'Quote at least 1 unit.').max(1_000_000),
  discount_percent: z.number().min(0).max(100).multipleOf(0.01, 'At most two decimals.').optional().describe('Off the price list (or list) price; sales and pricing only'),
  unit_price: MoneyInput.optional().describe('A negotiated unit price instead of the price list; sales and pricing only'),
});
const QuoteLines = z.array(QuoteLineInput).min(1, 'A quote needs at least one line.').max(MAX_QUOTE_LINES, `At most ${MAX_QUOTE_LINES} lines per quote.`);

export const CreateQuoteBody = z.strictObject({
  customer_id: customerIdField.optional().describe("Required for staff; a customer's own key may leave it out"),
  lines: QuoteLines,
  needed_by: calendarDate.optional().describe('When the customer needs the goods'),
  message: z.string().trim().min(1).max(4000).optional().describe("The customer's request, in their words"),
  valid_until: calendarDate.optional().describe('Default: sent date + the validity days of the quote settings'),
  opportunity_id: opportunityId.optional(),
  campaign_id: campaignId.optional().describe("Default: the opportunity's campaign"),
});
export type CreateQuoteInput = z.infer<typeof CreateQuoteBody>;
/** What a customer may send when asking for a quote: products, quantities, when, and why. */
export const CUSTOMER_QUOTE_FIELDS = new Set(['customer_id', 'lines', 'needed_by', 'message']);

export const UpdateQuoteBody = z
  .strictObject({
    lines: QuoteLines.optional().describe('Replaces every line; prices, costs and promise dates are computed again'),
    needed_by: calendarDate.nullable().optional(),
    valid_until: calendarDate.nullable().optional(),
    opportunity_id: opportunityId.nullable().optional(),
    campaign_id: campaignId.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.');
export type UpdateQuoteInput = z.infer<typeof UpdateQuoteBody>;

const Department = z.enum(['sales', 'pricing', 'finance', 'executive']);
export const HandOverBody = z.strictObject({ department: Department, note: z.string().trim().min(1).max(2000).optional() });
export const CommentBody = z.strictObject({ comment: z.string().trim().min(1, 'Say why.').max(2000) });
export const ReasonBody = z.strictObject({ reason: z.string().trim().min(1, 'Say why.').max(2000) });
export const AcceptBody = z
  .strictObject({
    external_ref: z.string().trim().min(1).max(100).optional().describe("The customer's purchase order number"),
    requested_date: calendarDate.optional(),
  })
  .optional();

export const ListQuotesQuery = z.strictObject({
  ...pageQuery,
  customer_id: customerIdField.optional(),
  q: z.string().trim().min(1).max(100).optional().describe("Search: part of the quote number or the customer's name"),
  status: z.enum(quoteMachine.states).optional(),
  holder: z.enum(['sales', 'pricing', 'finance', 'executive', 'customer']).optional().describe('Quotes waiting on this department (or on the customer)'),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('Only quotes still with us past their response due time'),
});

export const QuoteClock = z.object({
  holder: z.string().nullable().describe('The department that holds the quote now (never a person); customer once sent; null once decided'),
  response_due_at: z.string().describe("When the customer is owed the quote: the request time plus the SLA of the customer's tier"),
  responded_at: z.string().nullable().describe('When the quote was sent'),
  elapsed_seconds: z.number().int().describe('From the request to the answer (or to now while it is with us)'),
  overdue: z.boolean().describe('Not sent, and past its response due time'),
  held: z.array(z.object({ holder: z.string(), seconds: z.number().int() })).describe('How long each holder has had it, from the events'),
});

const MoneyOrNull = Money.nullable();
export const QuoteLine = z.object({
  id: z.string(),
  line_no: z.number().int(),
  product_id: z.string(),
  quantity: z.number().int(),
  base_unit_price: MoneyOrNull.describe('The price list (or list) price before discount'),
  price_source: z.string().nullable().describe('price_list, list_price or negotiated'),
  price_list_id: z.string().nullable(),
  discount_percent: z.number(),
  unit_price: MoneyOrNull,
  total: MoneyOrNull,
  unit_cost: MoneyOrNull.describe('Rolled up from BOM and routing; staff only'),
  cost_method: z.string().nullable(),
  margin: MoneyOrNull.describe('Staff only'),
  promised_date: z.string().nullable().describe('Available-to-promise if ordered today (computed, nothing reserved)'),
  promise_reason: z.string().nullable(),
});

export const QuoteApproval = z.object({
  id: z.string(),
  rule_id: z.string().nullable(),
  reason: z.string(),
  approver_role: z.string(),
  status: z.enum(['pending', 'approved', 'denied', 'void']),
  comment: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
});

export const Quote = z.object({
  id: z.string(),
  number: z.string(),
  version: z.number().int(),
  status: z.string(),
  customer_id: z.string(),
  opportunity_id: z.string().nullable(),
  campaign_id: z.string().nullable(),
  currency: z.string(),
  needed_by: z.string().nullable(),
  message: z.string().nullable(),
  valid_until: z.string().nullable(),
  requested_at: z.string(),
  sent_at: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_reason: z.string().nullable(),
  order_id: z.string().nullable(),
  supersedes_id: z.string().nullable(),
  superseded_by_id: z.string().nullable(),
  lines: z.array(QuoteLine),
  total: MoneyOrNull.describe('Null until the quote is priced (for a customer: until it is sent)'),
  discount: MoneyOrNull,
  cost: MoneyOrNull.describe('Staff only'),
  margin: MoneyOrNull.describe('Staff only'),
  margin_percent: z.number().nullable().describe('Staff only'),
  approvals: z.array(QuoteApproval).describe('Staff only'),
  clock: QuoteClock,
  created_at: z.string(),
  updated_at: z.string(),
});
export type QuoteView = z.infer<typeof Quote>;

export const ApprovalRule = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['margin_below_percent', 'discount_above_percent', 'total_above']),
  threshold: z.number().describe('A percent for margin and discount rules; minor units of `currency` for total_above'),
  currency: z.string().nullable(),
  approver_role: z.enum(['finance', 'executive']),
  active: z.boolean(),
});
export const CreateApprovalRuleBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kind: ApprovalRule.shape.kind,
    threshold: z.number().min(0).max(Number.MAX_SAFE_INTEGER).multipleOf(0.01, 'At most two decimals.'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code, e.g. EUR.').optional(),
    approver_role: ApprovalRule.shape.approver_role,
    replaces_rule_id: z
      .string()
      .regex(idPattern('quoteApprovalRule'), 'Expected a rule id (qar_…).')
      .optional()
      .describe('A rule this one replaces (a new threshold, say): switched off in the same step, never edited'),
  })
  .superRefine((rule, ctx) => {
    if ((rule.kind === 'total_above') !== (rule.currency !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: rule.kind === 'total_above' ? 'A total rule needs its currency.' : 'Only a total rule has a currency.' });
    }
    if (rule.kind !== 'total_above' && rule.threshold > 100) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'A percent, 0 to 100.' });
  });
export const UpdateApprovalRuleBody = z.strictObject({ active: z.boolean() });
export const ApprovalRuleIdParams = z.strictObject({ id: z.string().regex(idPattern('quoteApprovalRule'), 'Expected a rule id (qar_…).') });

export const QuoteSettings = z.strictObject({
  validity_days: z.number().int().min(1).max(365),
  response_hours: z.strictObject(Object.fromEntries(TIERS.map((t) => [t, z.number().int().min(1).max(24 * 90)])) as Record<(typeof TIERS)[number], z.ZodNumber>),
});
export const UpdateQuoteSettingsBody = QuoteSettings.partial().refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.');

export const ExpiryResult = z.object({ expired: z.array(z.object({ id: z.string(), number: z.string(), valid_until: z.string() })) });
