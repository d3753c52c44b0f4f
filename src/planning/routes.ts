import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fillBackordersFromReceipt } from '../entry/commands/fill-backorders';
import { followSupplyDelay, replaceCancelledSupply } from '../entry/commands/follow-supply-change';
import { errorResponses } from '../http/openapi';
import { listOf, pageQuery } from '../http/pagination';
import { runCommand } from '../http/run';
import { adjustStock } from './commands/adjust-stock';
import { cancelSupply } from './commands/cancel-supply';
import { createProduct } from './commands/create-product';
import { createSupply } from './commands/create-supply';
import { createWarehouse } from './commands/create-warehouse';
import { delaySupply } from './commands/delay-supply';
import { receiveSupply } from './commands/receive-supply';
import { updateProduct } from './commands/update-product';
import { updateWarehouse } from './commands/update-warehouse';
import { requireProduct, requireWarehouse } from './queries/get-catalog';
import { listProducts, listWarehouses } from './queries/list-catalog';
import { listSupply } from './queries/list-supply';
import { listMovements, stockLevels } from './queries/stock-levels';
import {
  AdjustmentBody,
  CancelSupplyBody,
  CreateProductBody,
  CreateSupplyBody,
  CreateWarehouseBody,
  DelaySupplyBody,
  IdParams,
  ListProductsQuery,
  ListSupplyQuery,
  Movement,
  MovementsQuery,
  presentProduct,
  presentWarehouse,
  Product,
  ReceiveSupplyBody,
  StockLevel,
  StockQuery,
  Supply,
  SupplyIdParams,
  UpdateProductBody,
  UpdateWarehouseBody,
  Warehouse,
} from './schemas';

const tags = ['planning'];

type ProductView = ReturnType<typeof presentProduct>;

/** Customers see the catalog, not what the goods cost us. */
function forCaller<T extends ProductView | { data: ProductView[] }>(request: FastifyRequest, body: T): T {
  if (request.actor?.role !== 'customer') return body;
  const hide = (p: ProductView) => ({ ...p, standard_cost: null });
  return ('data' in body ? { ...body, data: body.data.map(hide) } : hide(body)) as T;
}

export const planningRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.post('/v1/products', { schema: { tags, summary: 'Create a product', body: CreateProductBody, response: { 201: Product, ...errorResponses(403, 409) } } }, (request, reply) =>
    runCommand(request, reply, 201, (tx) => createProduct(tx, request.body)),
  );
  app.get('/v1/products', { schema: { tags, summary: 'List products', querystring: ListProductsQuery, response: { 200: listOf(Product) } } }, async (request) =>
    forCaller(request, await listProducts(db, request.query)),
  );
  app.get('/v1/products/:id', { schema: { tags, summary: 'Get a product', params: IdParams('product'), response: { 200: Product, ...errorResponses(404) } } }, async (request) =>
    forCaller(request, presentProduct(await requireProduct(db, request.params.id))),
  );
  app.patch(
    '/v1/products/:id',
    { schema: { tags, summary: 'Change a product', params: IdParams('product'), body: UpdateProductBody, response: { 200: Product, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateProduct(tx, request.params.id, request.body)),
  );

  app.post(
    '/v1/warehouses',
    { schema: { tags, summary: 'Create a warehouse', body: CreateWarehouseBody, response: { 201: Warehouse, ...errorResponses(403, 409) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createWarehouse(tx, request.body)),
  );
  app.get('/v1/warehouses', { schema: { tags, summary: 'List warehouses', querystring: z.strictObject(pageQuery), response: { 200: listOf(Warehouse) } } }, (request) =>
    listWarehouses(db, request.query),
  );
  app.get(
    '/v1/warehouses/:id',
    { schema: { tags, summary: 'Get a warehouse', params: IdParams('warehouse'), response: { 200: Warehouse, ...errorResponses(404) } } },
    async (request) => presentWarehouse(await requireWarehouse(db, request.params.id)),
  );
  app.patch(
    '/v1/warehouses/:id',
    { schema: { tags, summary: 'Change a warehouse', params: IdParams('warehouse'), body: UpdateWarehouseBody, response: { 200: Warehouse, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateWarehouse(tx, request.params.id, request.body)),
  );

  app.post(
    '/v1/stock/adjustments',
    {
      schema: {
        tags,
        summary: 'Correct stock on hand (signed quantity) with a reason',
        body: AdjustmentBody,
        response: { 201: Movement, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => adjustStock(tx, request.body)),
  );
  app.get(
    '/v1/stock',
    { schema: { tags, summary: 'Stock per product and warehouse: on hand, reserved, available, incoming', querystring: StockQuery, response: { 200: listOf(StockLevel) } } },
    (request) => stockLevels(db, request.query),
  );
  app.get(
    '/v1/stock/movements',
    { schema: { tags, summary: 'The stock movements ledger, oldest first', querystring: MovementsQuery, response: { 200: listOf(Movement) } } },
    (request) => listMovements(db, request.query),
  );

  app.post(
    '/v1/supply',
    { schema: { tags, summary: 'Record expected supply (purchase or production)', body: CreateSupplyBody, response: { 201: Supply, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createSupply(tx, request.body)),
  );
  app.get('/v1/supply', { schema: { tags, summary: 'List expected supply', querystring: ListSupplyQuery, response: { 200: listOf(Supply) } } }, (request) =>
    listSupply(db, request.query),
  );
  app.post(
    '/v1/supply/:id/receive',
    {
      schema: { tags, summary: 'Receive supply, fully or partly', params: SupplyIdParams, body: ReceiveSupplyBody.optional(), response: { 200: Supply, ...errorResponses(403, 404, 409) } },
    },
    // Receiving and serving the orders that waited for it are one transaction.
    (request, reply) =>
      runCommand(request, reply, 200, async (tx) => {
        const before = await receiveSupply(tx, request.params.id, request.body ?? {});
        const received = request.body?.quantity ?? before.received_quantity - (before.received_quantity - (request.body?.quantity ?? before.received_quantity));
        await fillBackordersFromReceipt(tx, request.params.id, received);
        return before;
      }),
  );
  app.post(
    '/v1/supply/:id/delay',
    { schema: { tags, summary: 'Move supply to a new expected date', params: SupplyIdParams, body: DelaySupplyBody, response: { 200: Supply, ...errorResponses(403, 404, 409) } } },
    (request, reply) =>
      runCommand(request, reply, 200, async (tx) => {
        const supply = await delaySupply(tx, request.params.id, request.body);
        await followSupplyDelay(tx, supply.id, `supply ${supply.reference ?? supply.id} moved to ${supply.expected_date}: ${request.body.reason}`);
        return supply;
      }),
  );
  app.post(
    '/v1/supply/:id/cancel',
    { schema: { tags, summary: 'Cancel what is still expected of a supply', params: SupplyIdParams, body: CancelSupplyBody, response: { 200: Supply, ...errorResponses(403, 404, 409) } } },
    (request, reply) =>
      runCommand(request, reply, 200, async (tx) => {
        const supply = await cancelSupply(tx, request.params.id, request.body.reason);
        await replaceCancelledSupply(tx, supply.id, `supply ${supply.reference ?? supply.id} cancelled: ${request.body.reason}`);
        return supply;
      }),
  );
};
