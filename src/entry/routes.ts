import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/openapi';
import { listOf, pageQuery } from '../http/pagination';
import { actorOf, runBatch, runCommand } from '../http/run';
import { cancelOrder } from './commands/cancel-order';
import { editOrder } from './commands/edit-order';
import { importOrders } from './commands/import-orders';
import { duplicateExternalRef, placeOrder } from './commands/place-order';
import { releaseOrderHold } from './commands/release-order-hold';
import { getOrder } from './queries/get-order';
import { listOrders, orderTimeline } from './queries/list-orders';
import { EditOrderBody, EditResult, ImportReport, ListOrdersQuery, Order, OrderIdParams, PlaceOrderBody, ReasonBody, TimelineEvent } from './schemas';
import { transact, type Trx } from '../db/transaction';

const tags = ['entry'];

export const entryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/v1/orders',
    {
      schema: {
        tags,
        summary: 'Enter an order: stock reserved, every line promised a date with its reason, credit checked',
        body: PlaceOrderBody,
        response: { 201: Order, ...errorResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      try {
        await runCommand(request, reply, 201, (tx) => placeOrder(tx, request.body));
      } catch (error) {
        // Two orders with one external_ref raced past the check: the unique index stopped the second.
        if ((error as { constraint?: string }).constraint === 'orders_external_ref_idx' && request.body.external_ref) {
          const existing = await db
            .selectFrom('orders')
            .select(['id', 'number'])
            .where('customer_id', '=', request.body.customer_id)
            .where('external_ref', '=', request.body.external_ref)
            .executeTakeFirstOrThrow();
          throw duplicateExternalRef(request.body.external_ref, existing);
        }
        throw error;
      }
    },
  );

  app.post(
    '/v1/orders/import',
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import orders from CSV (text/csv): external_ref, customer_id, sku, quantity[, requested_date, notes]',
        description:
          'One row per order line; rows with the same customer_id and external_ref form one order. Each order is entered on its own; ' +
          'bad rows are reported with their line number and reason; an external_ref imported before is reported, not entered twice.',
        consumes: ['text/csv'],
        body: z.string().min(1, 'Send the CSV file as the body (Content-Type: text/csv).'),
        response: { 200: ImportReport, ...errorResponses(403, 413, 415) },
      },
    },
    (request, reply) => runBatch(request, reply, 200, () => importOrders(db, app.omc.clock, actorOf(request), request.body)),
  );

  app.get(
    '/v1/orders',
    { schema: { tags, summary: 'List orders, newest first', querystring: ListOrdersQuery, response: { 200: listOf(Order), ...errorResponses(403) } } },
    (request) => listOrders(db, actorOf(request), request.query),
  );

  app.get(
    '/v1/orders/:id',
    { schema: { tags, summary: 'Get an order with its lines and promise', params: OrderIdParams, response: { 200: Order, ...errorResponses(403, 404) } } },
    (request) => getOrder(db, actorOf(request), request.params.id),
  );

  app.post(
    '/v1/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an order: reservations and promised supply are released',
        params: OrderIdParams,
        body: ReasonBody,
        response: { 200: Order, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => cancelOrder(tx, request.params.id, request.body.reason)),
  );

  app.post(
    '/v1/orders/:id/release',
    {
      schema: {
        tags,
        summary: 'Release an order held by the credit check (finance)',
        params: OrderIdParams,
        body: ReasonBody,
        response: { 200: Order, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => releaseOrderHold(tx, request.params.id, request.body.reason)),
  );

  app.post(
    '/v1/orders/:id/edits/preview',
    {
      schema: {
        tags,
        summary: 'What an edit would do to stock, promise date, total and credit — nothing is written',
        params: OrderIdParams,
        body: EditOrderBody,
        response: { 200: EditResult, ...errorResponses(403, 404, 409) },
      },
    },
    // The preview is the edit itself, run in a transaction that is always rolled back: it cannot disagree.
    async (request) => {
      const unitOfWork = (trx: Trx) => ({ db: trx, now: app.omc.clock.now(), actor: actorOf(request), requestId: request.id });
      try {
        await transact(db, async (trx) => {
          throw new PreviewResult(await editOrder(unitOfWork(trx), request.params.id, request.body));
        });
      } catch (outcome) {
        if (outcome instanceof PreviewResult) return outcome.result;
        throw outcome;
      }
      throw new Error('unreachable: the preview transaction always rolls back');
    },
  );

  app.post(
    '/v1/orders/:id/edits',
    {
      schema: {
        tags,
        summary: 'Change quantities, remove or add lines before fulfillment',
        params: OrderIdParams,
        body: EditOrderBody,
        response: { 200: EditResult, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => editOrder(tx, request.params.id, request.body)),
  );

  app.get(
    '/v1/orders/:id/timeline',
    {
      schema: {
        tags,
        summary: "The order's events, oldest first: every step, department and actor",
        params: OrderIdParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: listOf(TimelineEvent), ...errorResponses(403, 404) },
      },
    },
    (request) => orderTimeline(db, actorOf(request), request.params.id, request.query),
  );
};

/** Carries a preview's answer out of the transaction it rolls back. */
class PreviewResult {
  constructor(readonly result: Awaited<ReturnType<typeof editOrder>>) {}
}
