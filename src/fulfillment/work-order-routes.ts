import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOrder } from '../entry/queries/get-order';
import { OrderIdParams } from '../entry/schemas';
import { errorResponses } from '../http/openapi';
import { listOf, pageQuery } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { cancelWorkOrder } from './commands/cancel-work-order';
import { completeOperation } from './commands/complete-operation';
import { releaseWorkOrders } from './commands/release-work-orders';
import { startOperation } from './commands/start-operation';
import { getWorkOrder, listWorkOrders } from './queries/get-work-order';
import { CancelWorkOrderBody, ListWorkOrdersQuery, OperationBody, OperationParams, WorkOrder, WorkOrderIdParams } from './work-order-schemas';

const tags = ['work orders'];

export const workOrderRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.post(
    '/v1/orders/:id/work-orders',
    {
      schema: {
        tags,
        summary: "Release the order's made-to-order lines to the shop: a work order per line still to be made",
        params: OrderIdParams,
        body: z.strictObject({}).optional(),
        response: { 201: z.object({ data: z.array(WorkOrder) }), ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, async (tx) => ({ data: await releaseWorkOrders(tx, request.params.id) })),
  );

  app.get(
    '/v1/orders/:id/work-orders',
    { schema: { tags, summary: "The order's work orders", params: OrderIdParams, querystring: z.strictObject(pageQuery), response: { 200: listOf(WorkOrder), ...errorResponses(403, 404) } } },
    async (request) => {
      await getOrder(db, actorOf(request), request.params.id);
      return listWorkOrders(db, { ...request.query, order_id: request.params.id });
    },
  );

  app.get(
    '/v1/work-orders',
    { schema: { tags, summary: 'Work orders, oldest first; `department` gives a department its shop-floor list', querystring: ListWorkOrdersQuery, response: { 200: listOf(WorkOrder), ...errorResponses(403) } } },
    (request) => listWorkOrders(db, request.query),
  );

  app.get(
    '/v1/work-orders/:id',
    { schema: { tags, summary: 'A work order with its operations (and their scheduled times) and materials', params: WorkOrderIdParams, response: { 200: WorkOrder, ...errorResponses(403, 404) } } },
    (request) => getWorkOrder(db, request.params.id),
  );

  const step = (summary: string) => ({ schema: { tags, summary, params: OperationParams, body: OperationBody, response: { 200: WorkOrder, ...errorResponses(403, 404, 409) } } });
  app.post('/v1/work-orders/:id/operations/:sequence/start', step('Start an operation (its department, after the operation before it is done)'), (request, reply) =>
    runCommand(request, reply, 200, (tx) => startOperation(tx, request.params.id, request.params.sequence, request.body?.note).then((id) => getWorkOrder(tx.db, id))),
  );
  app.post(
    '/v1/work-orders/:id/operations/:sequence/complete',
    step('Finish an operation; after the last, components are consumed and the product is received and reserved for its line'),
    (request, reply) => runCommand(request, reply, 200, (tx) => completeOperation(tx, request.params.id, request.params.sequence, request.body?.note).then((id) => getWorkOrder(tx.db, id))),
  );

  app.post(
    '/v1/work-orders/:id/cancel',
    { schema: { tags, summary: 'Stop a work order that is not done; its line can be released again', params: WorkOrderIdParams, body: CancelWorkOrderBody, response: { 200: WorkOrder, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => cancelWorkOrder(tx, request.params.id, request.body.reason).then((id) => getWorkOrder(tx.db, id))),
  );
};
