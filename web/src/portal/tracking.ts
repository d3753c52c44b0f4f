import type { Order, OrderLine } from '../api';

/**
 * The customer's tracking timeline in plain words. Customers may not read the staff timeline
 * (GET /v1/orders/{id}/timeline), so it is told from the order itself: when it was received, where it
 * stands now, and when it is expected. No internal data: no warehouses, departments, people, costs or credit.
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

export const statusInWords = (status: string) =>
  ({ received: 'Received', confirmed: 'Confirmed', on_hold: 'Paused', in_fulfillment: 'Being prepared', cancelled: 'Cancelled' })[status] ?? 'In progress';

/** Why a line arrives when it does, without naming a warehouse or a supplier. */
export function lineExplanation(line: OrderLine): string {
  const sources = new Set(line.promise.filter((p) => p.status === 'active').map((p) => p.source));
  if (line.backordered_quantity > 0 || sources.has('lead_time')) return 'made or ordered for you';
  if (sources.has('supply')) return 'arriving with our next delivery';
  if (sources.has('stock')) return 'in stock';
  return '';
}

export function trackingSteps(order: Order): TrackingStep[] {
  const steps: TrackingStep[] = [{ key: 'received', when: order.created_at, text: `We received your order ${order.number}${order.external_ref ? ` (your reference ${order.external_ref})` : ''}.` }];
  if (order.status !== 'received') steps.push({ key: 'now', when: order.updated_at, text: NOW[order.status] ?? 'Your order is in progress.' });
  else steps.push({ key: 'now', when: null, text: NOW.received! });
  if (order.status !== 'cancelled' && order.promised_date) {
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
