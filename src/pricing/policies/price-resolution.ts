/**
 * Which price a customer pays for a product and quantity on a date, and why — a pure decision over the
 * price-list items that could apply. The most specific list wins (one that names the customer, then one for
 * the customer's tier, then one for everyone); among lists equally specific, the lowest price. Within a
 * list, the largest quantity break the quantity reaches. No list: the product's list price.
 */
export type Specificity = 'customer' | 'tier' | 'everyone';

export interface PriceCandidate {
  priceListId: string;
  priceListName: string;
  specificity: Specificity;
  minQuantity: number;
  unitPrice: number;
}

export interface ResolvedPrice {
  unitPrice: number;
  source: 'price_list' | 'list_price';
  priceListId: string | null;
  priceListName: string | null;
  /** The quantity break that gave the price (1 when none). */
  minQuantity: number;
  reason: string;
}

const RANK: Record<Specificity, number> = { customer: 0, tier: 1, everyone: 2 };

export function resolvePrice(candidates: PriceCandidate[], quantity: number, listPrice: { amount: number } | null): ResolvedPrice | null {
  const bestPerList = new Map<string, PriceCandidate>();
  for (const c of candidates) {
    if (c.minQuantity > quantity) continue;
    const held = bestPerList.get(c.priceListId);
    if (!held || c.minQuantity > held.minQuantity) bestPerList.set(c.priceListId, c);
  }
  const [best] = [...bestPerList.values()].sort(
    (a, b) => RANK[a.specificity] - RANK[b.specificity] || a.unitPrice - b.unitPrice || a.priceListId.localeCompare(b.priceListId),
  );
  if (best) {
    const forWhom = best.specificity === 'customer' ? 'this customer' : best.specificity === 'tier' ? "the customer's tier" : 'every customer';
    const tier = best.minQuantity > 1 ? `, break from ${best.minQuantity} units` : '';
    return {
      unitPrice: best.unitPrice,
      source: 'price_list',
      priceListId: best.priceListId,
      priceListName: best.priceListName,
      minQuantity: best.minQuantity,
      reason: `price list "${best.priceListName}" for ${forWhom}${tier}`,
    };
  }
  if (!listPrice) return null;
  return { unitPrice: listPrice.amount, source: 'list_price', priceListId: null, priceListName: null, minQuantity: 1, reason: 'list price (no price list applies)' };
}
