import { z } from 'zod';
import { customerIdField } from '../access/schemas';
import { idPattern } from '../core/ids';
import { Money, MoneyInput } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import { calendarDate, productId, warehouseId } from '../planning/schemas';
import type { OrdersFulfillment } from '../fulfillment/queries/line-fulfillment';
import type { OrderLinesTable, OrdersTable, ReservationsTable } from './tables';

export const MAX_LINES = 200;
export const CHANNELS = ['api', 'console', 'portal', 'import', 'edi', 'phone', 'email', 'quote'] as const;

export const OrderLineInput = z.strictObject({
  product_id: productId,
  quantity: z.number().int('Use a whole number of units.').min(1, 'Order at least 1 unit.').max(1_000_000),
  unit_price: MoneyInput.optional().describe('Only pricing and CSR staff may set a price; default the list price'),
});

export const PlaceOrderBody = z.strictObject({
  customer_id: customerIdField,
  lines: z.array(OrderLineInput).min(1, 'An order needs at least one line.').max(MAX_LINES, `At most ${MAX_LINES} lines per order.`),
  allow_backorder: z.boolean().optional().describe('Default true; false refuses the order unless stock covers every stocked line'),
  requested_date: calendarDate.optional(),
  external_ref: z.string().trim().min(1).max(100).optional().describe('Your reference; unique per customer'),
  ship_to_address_id: z.string().regex(idPattern('address'), 'Expected an address id (adr_…).').optional(),
  preferred_warehouse_id: warehouseId.optional(),
  channel: z.enum(CHANNELS).optional(),
  notes: z.string().trim().min(1).max(2000).optional(),
  opportunity_id: z.string().regex(idPattern('opportunity'), 'Expected an opportunity id (opp_…).').optional().describe("Attribution: the customer's opportunity this order wins"),
  campaign_id: z.string().regex(idPattern('campaign'), 'Expected a campaign id (cmp_…).').optional().describe("Attribution; default the opportunity's campaign"),
});
export type PlaceOrderInput = z.infer<typeof PlaceOrderBody>;

const lineId = z.string().regex(idPattern('orderLine'), 'Expected an order line id (oln_…).');

/** One change of an order edit; `action` says which. */
export const OrderChange = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('set_quantity'), line_id: lineId, quantity: OrderLineInput.shape.quantity }),
  z.strictObject({ action: z.literal('remove_line'), line_id: lineId }),
  z.strictObject({ action: z.literal('add_line'), product_id: productId, quantity: OrderLineInput.shape.quantity, unit_price: MoneyInput.optional() }),
]);

export const EditOrderBody = z.strictObject({
  changes: z.array(OrderChange).min(1, 'Give at least one change.').max(MAX_LINES),
  reason: z.string().trim().min(1).max(500).optional(),
});
export type EditOrderInput = z.infer<typeof EditOrderBody>;

export const EditEffects = z.object({
  total: z.object({ from: Money, to: Money }),
  promised_date: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  status: z.object({ from: z.string(), to: z.string() }),
  stock: z
    .array(z.object({ product_id: z.string(), warehouse_id: z.string(), reserved_change: z.number().int() }))
    .describe('How much more (or less) stock the order holds in each warehouse'),
  credit: z.object({ exposure: Money, limit: Money.nullable(), within_limit: z.boolean() }),
});

export const OrderIdParams = z.strictObject({ id: z.string().regex(idPattern('order'), 'Expected an order id (ord_…).') });
export const ReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const ListOrdersQuery = z.strictObject({
  ...pageQuery,
  customer_id: customerIdField.optional(),
  status: z.enum(['received', 'confirmed', 'on_hold', 'cancelled', 'in_fulfillment']).optional(),
  product_id: productId.optional(),
  created_from: calendarDate.optional().describe('Entered on or after this date'),
  created_to: calendarDate.optional().describe('Entered on or before this date'),
  q: z.string().trim().min(1).max(100).optional().describe("Search: part of the order number, the customer's reference (external_ref) or the customer's name"),
});

const PromisePart = z.object({
  id: z.string(),
  source: z.enum(['stock', 'supply', 'lead_time']),
  warehouse_id: z.string().nullable(),
  supply_id: z.string().nullable(),
  quantity: z.number().int(),
  promised_date: z.string(),
  reason: z.string(),
  status: z.string(),
});

export const OrderLine = z.object({
  id: z.string(),
  line_no: z.number().int(),
  product_id: z.string(),
  quantity: z.number().int(),
  unit_price: Money,
  total: Money,
  price_source: z.string().describe('list_price, price_list (see price_list_id), manual or quote'),
  price_list_id: z.string().nullable(),
  reserved_quantity: z.number().int(),
  backordered_quantity: z.number().int(),
  promised_date: z.string().nullable(),
  promise: z.array(PromisePart).describe('Where the units come from and when: the active parts of the promise'),
  shipped_quantity: z.number().int().describe('Units that left a warehouse (shipped or delivered shipments)'),
  delivered_quantity: z.number().int().describe('Units whose delivery was confirmed'),
});

export const Order = z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  customer_id: z.string(),
  currency: z.string(),
  total: Money,
  promised_date: z.string().nullable(),
  requested_date: z.string().nullable(),
  channel: z.string(),
  external_ref: z.string().nullable(),
  ship_to_address_id: z.string().nullable(),
  notes: z.string().nullable(),
  quote_id: z.string().nullable().describe('The accepted quote the order came from'),
  opportunity_id: z.string().nullable(),
  campaign_id: z.string().nullable(),
  lines: z.array(OrderLine),
  fulfillment_status: z
    .enum(['not_shipped', 'partially_shipped', 'shipped', 'delivered'])
    .describe('Derived from the lines: how much shipped and how much was delivered'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type OrderView = z.infer<typeof Order>;

/** A line's promise reads from the surest part to the least sure. */
const SOURCE_RANK = { stock: 0, supply: 1, lead_time: 2 } as const;

/** `fulfillment` (src/fulfillment/queries/line-fulfillment.ts): what shipped; left out for an order just entered. */
export function presentOrder(order: OrdersTable, lines: OrderLinesTable[], parts: ReservationsTable[], fulfillment?: OrdersFulfillment): OrderView {
  const currency = order.currency.trim();
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    customer_id: order.customer_id,
    currency,
    total: { amount: order.total_amount, currency },
    promised_date: order.promised_date,
    requested_date: order.requested_date,
    channel: order.channel,
    external_ref: order.external_ref,
    ship_to_address_id: order.ship_to_address_id,
    notes: order.notes,
    quote_id: order.quote_id ?? null,
    opportunity_id: order.opportunity_id ?? null,
    campaign_id: order.campaign_id ?? null,
    lines: lines
      .filter((l) => l.status === 'open')
      .sort((a, b) => a.line_no - b.line_no)
      .map((l) => ({
        id: l.id,
        line_no: l.line_no,
        product_id: l.product_id,
        quantity: l.quantity,
        unit_price: { amount: l.unit_price_amount, currency },
        total: { amount: l.total_amount, currency },
        price_source: l.price_source,
        price_list_id: l.price_list_id,
        reserved_quantity: l.reserved_quantity,
        backordered_quantity: l.backordered_quantity,
        promised_date: l.promised_date,
        promise: parts
          .filter((p) => p.order_line_id === l.id && p.status === 'active')
          .sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || a.promised_date.localeCompare(b.promised_date))
          .map((p) => ({
            id: p.id,
            source: p.source,
            warehouse_id: p.warehouse_id,
            supply_id: p.supply_id,
            quantity: p.quantity,
            promised_date: p.promised_date,
            reason: p.reason,
            status: p.status,
          })),
        shipped_quantity: fulfillment?.lines.get(l.id)?.shipped ?? 0,
        delivered_quantity: fulfillment?.lines.get(l.id)?.delivered ?? 0,
      })),
    fulfillment_status: fulfillment?.status.get(order.id) ?? 'not_shipped',
    created_at: order.created_at.toISOString(),
    updated_at: order.updated_at.toISOString(),
  };
}

export const EditResult = z.object({ order: Order, effects: EditEffects });

export const TimelineEvent = z.object({
  id: z.string(),
  at: z.string(),
  type: z.string(),
  stage: z.string().nullable(),
  department: z.string().nullable(),
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const ImportReport = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  already_imported: z.number().int(),
  failed: z.number().int(),
  orders: z.array(
    z.object({
      external_ref: z.string(),
      customer_id: z.string(),
      lines: z.array(z.number().int()).describe('Line numbers in the file (the header is line 1)'),
      outcome: z.enum(['created', 'already_imported', 'failed']),
      order_id: z.string().nullable(),
      number: z.string().nullable(),
      errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
    }),
  ),
});
