import type { Tx } from '../../db/transaction';
import { billingSettings } from '../queries/billing-settings';
import type { BillingRunInput } from '../schemas';
import { createInvoices, unbilledShipments } from './create-invoice';

/**
 * Shipments invoiced per `createInvoices` call: one statement carries all their lines and events, and
 * PostgreSQL takes at most 65,535 parameters in one (18 a line).
 */
const SHIPMENTS_PER_CALL = 200;

/**
 * Invoice everything that shipped in a period and is not invoiced yet, for one customer or all: one invoice
 * per shipment, or one per customer and currency for the period — as the seller's settings say. One
 * transaction: the run issues all its invoices or none, a few statements per 200 shipments. Returns the
 * invoice ids.
 */
export async function runBilling(tx: Tx, input: BillingRunInput): Promise<string[]> {
  const { consolidation } = await billingSettings(tx.db);
  const shipments = await unbilledShipments(tx, input.period, input.customer_id);
  const groups: string[][] =
    consolidation === 'per_shipment'
      ? shipments.map((s) => [s.id])
      : [...groupBy(shipments, (s) => `${s.customer_id} ${s.currency}`).values()].map((g) => g.map((s) => s.id));
  const ids: string[] = [];
  for (const batch of batches(groups, SHIPMENTS_PER_CALL)) {
    ids.push(...(await createInvoices(tx, batch.map((shipmentIds) => ({ shipmentIds, period: input.period, draft: input.draft })))));
  }
  return ids;
}

/** Consecutive groups, as many to a batch as stay within `limit` shipments (a larger group alone). */
function batches(groups: string[][], limit: number): string[][][] {
  const result: string[][][] = [];
  let size = limit;
  for (const group of groups) {
    if (size + group.length > limit) {
      result.push([]);
      size = 0;
    }
    result.at(-1)!.push(group);
    size += group.length;
  }
  return result;
}

/** Map.groupBy, which Node 20 lacks: groups in order of first appearance. */
function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
