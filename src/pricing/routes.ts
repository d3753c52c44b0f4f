import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/openapi';
import { runCommand } from '../http/run';
import { IdParams } from '../planning/schemas';
import { rollUpStandardCost } from './commands/roll-up-standard-cost';
import { productCost } from './queries/product-cost';
import { CostBreakdown, CostQuery, RolledUpStandardCost, RollUpStandardCostBody } from './schemas';

const tags = ['pricing'];
const ProductParams = IdParams('product');

export const pricingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.get(
    '/v1/products/:id/cost',
    {
      schema: {
        tags,
        summary: 'Cost roll-up of a product for a quantity: materials (all levels), labour and overhead, with the breakdown',
        params: ProductParams,
        querystring: CostQuery,
        response: { 200: CostBreakdown, ...errorResponses(403, 404, 409) },
      },
    },
    (request) => productCost(db, request.params.id, request.query.quantity),
  );
  app.post(
    '/v1/products/:id/standard-cost',
    {
      schema: {
        tags,
        summary: "Roll up a product's cost and make its unit cost the product's standard cost",
        params: ProductParams,
        body: RollUpStandardCostBody.optional(),
        response: { 200: RolledUpStandardCost, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => rollUpStandardCost(tx, request.params.id, request.body ?? {})),
  );
};
