import { z } from 'zod';
import { customerIdField } from '../access/schemas';
import { idPattern } from '../core/ids';
import { currencyField, Money, TIERS } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import { calendarDate, productId } from '../planning/schemas';
import type { PriceListItemsTable, PriceListsTable } from './price-list-tables';

export const priceListId = z.string().regex(idPattern('priceList'), 'Expected a price list id (prl_…).');

const Item = z.strictObject({
  product_id: productId,
  min_quantity: z.number().int().min(1).max(1_000_000).optional().describe('The quantity break: from this many units (default 1)'),
  unit_price: z.number().int('Use an integer count of minor units.').min(0).max(Number.MAX_SAFE_INTEGER).describe("Minor units, in the list's currency"),
});

const Items = z
  .array(Item)
  .max(10_000)
  .refine((items) => new Set(items.map((i) => `${i.product_id} ${i.min_quantity ?? 1}`)).size === items.length, 'Each product and quantity break once.');

export const CreatePriceListBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  currency: currencyField,
  valid_from: calendarDate,
  valid_to: calendarDate.optional(),
  tiers: z.array(z.enum(TIERS)).max(3).optional().describe('Customer tiers it applies to'),
  customer_ids: z.array(customerIdField).max(1000).optional().describe('Named customers it applies to; with neither, it applies to everyone'),
  items: Items,
});

export const UpdatePriceListBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  valid_to: calendarDate.nullable().optional(),
  active: z.boolean().optional(),
});

export const ReplaceItemsBody = z.strictObject({ items: Items });
export const PriceListParams = z.strictObject({ id: priceListId });

export const ListPriceListsQuery = z.strictObject({ ...pageQuery, customer_id: customerIdField.optional(), active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });

export const PriceList = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  valid_from: z.string(),
  valid_to: z.string().nullable(),
  tiers: z.array(z.string()),
  customer_ids: z.array(z.string()),
  active: z.boolean(),
  items: z.array(z.object({ id: z.string(), product_id: z.string(), min_quantity: z.number().int(), unit_price: Money })),
  created_at: z.string(),
  updated_at: z.string(),
});

export function presentPriceList(list: PriceListsTable, customerIds: string[], items: PriceListItemsTable[]) {
  const currency = list.currency.trim();
  return {
    id: list.id,
    name: list.name,
    currency,
    valid_from: list.valid_from,
    valid_to: list.valid_to,
    tiers: list.tiers,
    customer_ids: customerIds,
    active: list.active,
    items: items
      .sort((a, b) => a.product_id.localeCompare(b.product_id) || a.min_quantity - b.min_quantity)
      .map((i) => ({ id: i.id, product_id: i.product_id, min_quantity: i.min_quantity, unit_price: { amount: i.unit_price_amount, currency } })),
    created_at: list.created_at.toISOString(),
    updated_at: list.updated_at.toISOString(),
  };
}

export const PriceQuery = z.strictObject({
  customer_id: customerIdField,
  product_id: productId,
  quantity: z.coerce.number().int().min(1).max(1_000_000).default(1),
  date: calendarDate.optional().describe('Default today'),
});

export const ResolvedPrice = z.object({
  customer_id: z.string(),
  product_id: z.string(),
  quantity: z.number().int(),
  date: z.string(),
  unit_price: Money,
  total: Money,
  source: z.enum(['price_list', 'list_price']),
  price_list_id: z.string().nullable(),
  price_list_name: z.string().nullable(),
  min_quantity: z.number().int().describe('The quantity break that gave the price'),
  reason: z.string(),
});
