import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calendarDate } from '../core/clock';
import { notFound } from '../core/errors';
import { getCustomer } from '../customers/queries/get-customer';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { requireProduct } from '../planning/queries/get-catalog';
import { createPriceList } from './commands/create-price-list';
import { replacePriceListItems } from './commands/replace-price-list-items';
import { updatePriceList } from './commands/update-price-list';
import {
  CreatePriceListBody,
  ListPriceListsQuery,
  PriceList,
  PriceListParams,
  PriceQuery,
  ReplaceItemsBody,
  ResolvedPrice,
  UpdatePriceListBody,
} from './price-list-schemas';
import { listPriceLists, priceListById } from './queries/price-lists';
import { resolvePrices } from './queries/resolve-prices';

const tags = ['pricing'];

export const priceListRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;

  app.post(
    '/v1/price-lists',
    { schema: { tags, summary: 'Create a price list (customers, tiers or everyone; validity; quantity breaks)', body: CreatePriceListBody, response: { 201: PriceList, ...errorResponses(403) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createPriceList(tx, request.body)),
  );
  app.get('/v1/price-lists', { schema: { tags, summary: 'List price lists, newest first', querystring: ListPriceListsQuery, response: { 200: listOf(PriceList) } } }, (request) =>
    listPriceLists(db, request.query),
  );
  app.get('/v1/price-lists/:id', { schema: { tags, summary: 'Get a price list with its items', params: PriceListParams, response: { 200: PriceList, ...errorResponses(404) } } }, async (request) => {
    const list = await priceListById(db, request.params.id);
    if (!list) throw notFound('price list', request.params.id);
    return list;
  });
  app.patch(
    '/v1/price-lists/:id',
    { schema: { tags, summary: 'Rename, end or switch off a price list', params: PriceListParams, body: UpdatePriceListBody, response: { 200: PriceList, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => updatePriceList(tx, request.params.id, request.body)),
  );
  app.put(
    '/v1/price-lists/:id/items',
    { schema: { tags, summary: "Replace a price list's items", params: PriceListParams, body: ReplaceItemsBody, response: { 200: PriceList, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => replacePriceListItems(tx, request.params.id, request.body.items)),
  );

  app.get(
    '/v1/prices',
    { schema: { tags, summary: 'The price a customer pays for a product and quantity on a date, and which list and break gave it', querystring: PriceQuery, response: { 200: ResolvedPrice, ...errorResponses(404, 409) } } },
    async (request) => {
      const { customer_id, product_id, quantity } = request.query;
      const date = request.query.date ?? calendarDate(clock.now());
      const customer = await getCustomer(db, actorOf(request), customer_id);
      const product = await requireProduct(db, product_id);
      const [price] = [...(await resolvePrices(db, customer, date, [{ product_id, quantity, listPrice: { amount: product.list_price_amount, currency: product.currency.trim() } }])).values()];
      if (!price) throw notFound('price', `${product.sku} in ${customer.currency} (no price list applies and the list price is in ${product.currency.trim()})`);
      const money = (amount: number) => ({ amount, currency: customer.currency });
      return {
        customer_id,
        product_id,
        quantity,
        date,
        unit_price: money(price.unitPrice),
        total: money(price.unitPrice * quantity),
        source: price.source,
        price_list_id: price.priceListId,
        price_list_name: price.priceListName,
        min_quantity: price.minQuantity,
        reason: price.reason,
      };
    },
  );
};
