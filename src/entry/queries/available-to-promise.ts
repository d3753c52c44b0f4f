import { calendarDate } from '../../core/clock';
import type { Tx } from '../../db/transaction';
import type { ProductsTable } from '../../planning/tables';
import { defaultPromisePolicy, type PromisePolicy } from '../policies/promise';
import { latestDate, lockAvailableStock, promiseUnits, type PromiseContext } from '../commands/promise-lines';

export interface LinePromise {
  promisedDate: string | null;
  /** Each part's reason, surest first: "in stock at MAIN; incoming PO-7 expected 2026-03-20 at MAIN". */
  reason: string;
}

/**
 * When each line could be delivered if ordered now — the same rules as order entry (stock, then incoming
 * supply, then lead time), but computed only: nothing is locked, reserved or promised. Lines of one call
 * share what is available, as the lines of one order would.
 */
export async function availableToPromise(tx: Tx, lines: { product: ProductsTable; quantity: number }[], policy: PromisePolicy = defaultPromisePolicy): Promise<LinePromise[]> {
  const warehouses = await tx.db.selectFrom('warehouses').select(['id', 'code', 'handling_days', 'transit_days']).where('active', '=', true).execute();
  const ctx: PromiseContext = { tx, today: calendarDate(tx.now), policy, warehouses: policy.warehouseOrder(warehouses, null), dryRun: new Map() };
  const stocked = lines.filter((l) => l.product.kind === 'stocked').map((l) => l.product.id);
  const available = await lockAvailableStock(tx, stocked, false);
  const promises: LinePromise[] = [];
  for (const line of lines) {
    const parts = await promiseUnits(ctx, line.product, line.quantity, available);
    promises.push({ promisedDate: latestDate(parts.map((p) => p.promisedDate)), reason: parts.map((p) => `${p.quantity} ${p.reason}`).join('; ') });
  }
  return promises;
}
