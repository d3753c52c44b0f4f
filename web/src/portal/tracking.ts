import type { Order, OrderLine } from '../api';
import type { Shipment } from '../fulfillment';

/**
 * The customer's tracking timeline in plain words, told from the order and its shipments: when it was
 * received, where it stands, each shipment with its carrier and tracking number, each delivery, and when the
 * rest is expected. No internal data: no warehouses, departments, people, costs or credit.
 */
export interface TrackingStep {
  key: string;
  when: string | null; // ISO date or time; null: now
  text: string;
  upcoming?: boolean;
}

const NOW: Record<string, string> = {
  received: 'We are checking your order.',
  confirmed: 'Your order is confirmed and waiting its turn to be prepared.',
  on_hold: 'Your order is paused while we check a detail. We will contact you if we need anything from you.',
  in_fulfillment: 'We are preparing your order for shipment.',
  cancelled: 'Your order was cancelled.',
};

const SHIPPING_WORDS: Record<Order['fulfillment_status'], string> = {
  not_shipped: 'Being prepared',
  partially_shipped: 'Partly shipped',
  shipped: 'Shipped',
  delivered: 'Delivered',
};

export const statusInWords = (order: Pick<Order, 'status' | 'fulfillment_status'>) =>
  order.status === 'in_fulfillment'
    ? SHIPPING_WORDS[order.fulfillment_status]
    : (({ received: 'Received', confirmed: 'Confirmed', on_hold: 'Paused', cancelled: 'Cancelled' }) as Record<string, string>)[order.status] ?? 'In progress';

/** Why a line arrives when it does, without naming a warehouse or a supplier. */
export function lineExplanation(line: OrderLine): string {
  const sources = new Set(line.promise.filter((p) => p.status === 'active').map((p) => p.source));
  if (line.backordered_quantity > 0 || sources.has('lead_time')) return 'made or ordered for you';
  if (sources.has('supply')) return 'arriving with our next delivery';
  if (sources.has('stock')) return 'in stock';
  return '';
}

export function trackingSteps(order: Order, shipments: Shipment[]): TrackingStep[] {
  const steps: TrackingStep[] = [{ key: 'received', when: order.created_at, text: `We received your order ${order.number}${order.external_ref ? ` (your reference ${order.external_ref})` : ''}.` }];
  const sent = shipments.filter((s) => s.shipped_at).sort((a, b) => a.shipped_at!.localeCompare(b.shipped_at!));
  if (sent.length === 0 || order.status !== 'in_fulfillment') {
    steps.push(order.status === 'received' ? { key: 'now', when: null, text: NOW.received! } : { key: 'now', when: order.updated_at, text: NOW[order.status] ?? 'Your order is in progress.' });
  }
  const parcels: TrackingStep[] = [];
  for (const [n, s] of sent.entries()) {
    const units = s.lines.reduce((sum, l) => sum + l.quantity, 0);
    const label = sent.length > 1 ? `Parcel ${n + 1} of your order` : 'Your order';
    parcels.push({ key: `shipped-${s.id}`, when: s.shipped_at, text: `${label} left us: ${units} item(s) with ${s.carrier ?? 'the carrier'}${s.tracking_number ? `, tracking number ${s.tracking_number}` : ''}.` });
    if (s.delivered_on) parcels.push({ key: `delivered-${s.id}`, when: s.delivered_on, text: `${label} was delivered.` });
  }
  steps.push(...parcels.sort((a, b) => a.when!.localeCompare(b.when!))); // a delivery may come after the next parcel left
  if (sent.length > 0 && order.fulfillment_status === 'partially_shipped') steps.push({ key: 'rest', when: null, text: 'We are preparing the rest of your order.' });
  if (order.status !== 'cancelled' && order.promised_date && order.fulfillment_status !== 'delivered') {
    const waiting = order.lines.reduce((n, l) => n + l.backordered_quantity, 0);
    steps.push({
      key: 'expected',
      when: order.promised_date,
      upcoming: true,
      text: `Expected delivery: ${waiting > 0 ? 'some items are made or ordered for you, so the whole order is expected' : 'your order is expected'} by this date.`,
    });
  }
  return steps;
}

export const quoteStatusInWords = (status: string) =>
  ({
    requested: 'Requested',
    drafting: 'Being prepared',
    pending_approval: 'Being prepared',
    sent: 'Ready for your decision',
    accepted: 'Accepted',
    rejected: 'Declined',
    expired: 'Expired',
    superseded: 'Replaced by a newer version',
  })[status] ?? 'In progress';
