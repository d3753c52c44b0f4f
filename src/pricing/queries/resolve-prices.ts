import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { resolvePrice, type PriceCandidate, type ResolvedPrice } from '../policies/price-resolution';

interface Buyer {
  id: string;
  tier: string;
  currency: string;
}

/**
 * The prices of these products for this customer on this date, in one query over the lists that could
 * apply (the customer's currency, valid that day, for the customer, its tier or everyone). Products without
 * an applicable list and not priced in the customer's currency get no entry (the caller says so).
 */
export async function resolvePrices(
  db: Kysely<DB>,
  buyer: Buyer,
  date: string,
  lines: { product_id: string; quantity: number; listPrice: { amount: number; currency: string } }[],
): Promise<Map<number, ResolvedPrice>> {
  const productIds = [...new Set(lines.map((l) => l.product_id))];
  const rows = productIds.length
    ? (
        await sql<{ product_id: string; price_list_id: string; name: string; min_quantity: number; unit_price_amount: number; named: boolean; for_tier: boolean }>`
          select i.product_id, l.id as price_list_id, l.name, i.min_quantity, i.unit_price_amount,
                 exists (select 1 from price_list_customers c where c.price_list_id = l.id and c.customer_id = ${buyer.id}) as named,
                 ${buyer.tier} = any (l.tiers) as for_tier
          from price_list_items i join price_lists l on l.id = i.price_list_id
          where i.product_id in (${sql.join(productIds)}) and l.active and l.currency = ${buyer.currency}
            and l.valid_from <= ${date}::date and (l.valid_to is null or l.valid_to >= ${date}::date)`.execute(db)
      ).rows
    : [];
  // A list for named customers or tiers applies only to them; a list naming neither applies to everyone.
  const everyoneLists = new Set(
    rows.length
      ? (
          await db
            .selectFrom('price_lists as l')
            .select('l.id')
            .where('l.id', 'in', [...new Set(rows.map((r) => r.price_list_id))])
            .where(sql<boolean>`cardinality(l.tiers) = 0`)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('price_list_customers as c').select('c.customer_id').whereRef('c.price_list_id', '=', 'l.id'))))
            .execute()
        ).map((r) => r.id)
      : [],
  );
  const candidates = rows.flatMap((r): (PriceCandidate & { productId: string })[] => {
    const specificity = r.named ? 'customer' : r.for_tier ? 'tier' : everyoneLists.has(r.price_list_id) ? 'everyone' : null;
    return specificity ? [{ productId: r.product_id, priceListId: r.price_list_id, priceListName: r.name, specificity, minQuantity: r.min_quantity, unitPrice: r.unit_price_amount }] : [];
  });
  const resolved = new Map<number, ResolvedPrice>();
  lines.forEach((line, i) => {
    const fallback = line.listPrice.currency === buyer.currency ? line.listPrice : null;
    const price = resolvePrice(candidates.filter((c) => c.productId === line.product_id), line.quantity, fallback);
    if (price) resolved.set(i, price);
  });
  return resolved;
}
