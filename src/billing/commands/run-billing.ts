import type { Tx } from '../../db/transaction';
import { billingSettings } from '../queries/billing-settings';
import type { BillingRunInput } from '../schemas';
import { createInvoice, unbilledShipments } from './create-invoice';

/**
 * Invoice everything that shipped in a period and is not invoiced yet, for one customer or all: one invoice
 * per shipment, or one per customer (and currency) for the period — as the seller's settings say. One
 * transaction: the run issues all its invoices or none. Returns the invoice ids.
 */
export async function runBilling(tx: Tx, input: BillingRunInput): Promise<string[]> {
  const { consolidation } = await billingSettings(tx.db);
  const shipments = await unbilledShipments(tx, input.period, input.customer_id);
  const groups: string[][] =
    consolidation === 'per_shipment'
      ? shipments.map((s) => [s.id])
      : [...groupBy(shipments, (s) => s.customer_id).values()].map((g) => g.map((s) => s.id));
  const ids: string[] = [];
  for (const group of groups) {
    ids.push(...(await invoiceGroup(tx, group, input)));
  }
  return ids;
}

/** One customer's shipments: one invoice, or one per currency when its orders differ in currency. */
async function invoiceGroup(tx: Tx, shipmentIds: string[], input: BillingRunInput): Promise<string[]> {
  const currencies = await tx.db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select(['s.id', 'o.currency'])
    .where('s.id', 'in', shipmentIds)
    .execute();
  const byCurrency = groupBy(currencies, (r) => r.currency.trim());
  const ids: string[] = [];
  for (const rows of byCurrency.values()) {
    ids.push(await createInvoice(tx, { shipmentIds: rows.map((r) => r.id), period: input.period, draft: input.draft }));
  }
  return ids;
}

/** Map.groupBy, which Node 20 lacks: groups in order of first appearance. */
function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
