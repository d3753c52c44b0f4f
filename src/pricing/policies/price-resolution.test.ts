import { describe, expect, it } from 'vitest';
import { resolvePrice, type PriceCandidate } from './price-resolution';

const c = (priceListId: string, specificity: PriceCandidate['specificity'], minQuantity: number, unitPrice: number): PriceCandidate => ({
  priceListId,
  priceListName: priceListId,
  specificity,
  minQuantity,
  unitPrice,
});

describe('price resolution', () => {
  it('takes the largest quantity break the quantity reaches', () => {
    const breaks = [c('A', 'everyone', 1, 1000), c('A', 'everyone', 10, 900), c('A', 'everyone', 100, 800)];
    expect(resolvePrice(breaks, 9, null)).toMatchObject({ unitPrice: 1000, minQuantity: 1 });
    expect(resolvePrice(breaks, 10, null)).toMatchObject({ unitPrice: 900, minQuantity: 10, reason: 'price list "A" for every customer, break from 10 units' });
    expect(resolvePrice(breaks, 5000, null)).toMatchObject({ unitPrice: 800 });
  });

  it('prefers the list naming the customer, then the tier, then everyone — even when dearer', () => {
    const lists = [c('general', 'everyone', 1, 700), c('key accounts', 'tier', 1, 800), c('acme contract', 'customer', 1, 850)];
    expect(resolvePrice(lists, 1, { amount: 1000 })).toMatchObject({ priceListId: 'acme contract', unitPrice: 850, reason: 'price list "acme contract" for this customer' });
    expect(resolvePrice(lists.slice(0, 2), 1, null)).toMatchObject({ priceListId: 'key accounts' });
  });

  it('among equally specific lists takes the lowest price', () => {
    expect(resolvePrice([c('B', 'tier', 1, 950), c('C', 'tier', 1, 940)], 1, null)).toMatchObject({ priceListId: 'C' });
  });

  it('falls back to the list price, or says there is no price', () => {
    expect(resolvePrice([c('A', 'everyone', 50, 1)], 10, { amount: 1234 })).toMatchObject({ source: 'list_price', unitPrice: 1234, priceListId: null });
    expect(resolvePrice([], 1, null)).toBeNull();
  });
});
