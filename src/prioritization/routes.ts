import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { notFound } from '../core/errors';
import { OrderIdParams } from '../entry/schemas';
import { errorResponses } from '../http/openapi';
import { listOf, toPage } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { getOrder } from '../entry/queries/get-order';
import { decideExpedite } from './commands/decide-expedite';
import { placeHold } from './commands/place-hold';
import { releaseHold } from './commands/release-hold';
import { orderHolds } from './queries/order-holds';
import { requestExpedite } from './commands/request-expedite';
import { setPolicy } from './commands/set-policy';
import { starvationBoundDays, type ScoreTerm } from './policies/priority';
import { currentPolicy } from './queries/current-policy';
import { rankOrders } from './queries/rank-orders';
import {
  DEFAULT_BLOCKS,
  Hold,
  HoldIdParams,
  PlaceHoldBody,
  ExpediteIdParams,
  ExpediteRequest,
  ListExpeditesQuery,
  OrderPriority,
  Policy,
  PolicyBody,
  presentExpedite,
  presentPolicy,
  QueueItem,
  QueueQuery,
  ReasonBody,
} from './schemas';

const tags = ['prioritization'];
/** Scores are shown to four decimals; the ranking uses them unrounded. */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const explained = (terms: ScoreTerm[]) => terms.map((t) => ({ ...t, value: round4(t.value), contribution: round4(t.contribution) }));

export const prioritizationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;

  app.get('/v1/priority/policy', { schema: { tags, summary: 'The priority policy in force', response: { 200: Policy } } }, async () => {
    const row = await currentPolicy(db);
    return presentPolicy(row, starvationBoundDays(row.policy));
  });

  app.post(
    '/v1/priority/policy',
    { schema: { tags, summary: 'Set a new version of the priority policy (executive)', body: PolicyBody, response: { 201: Policy, ...errorResponses(403) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => setPolicy(tx, request.body)),
  );

  app.get(
    '/v1/priority/queue',
    { schema: { tags, summary: 'Queued orders ranked by the policy, first first', querystring: QueueQuery, response: { 200: listOf(QueueItem) } } },
    async (request) => {
      const { policy } = await currentPolicy(db);
      const ranked = await rankOrders(db, clock.now(), policy);
      const { limit, starting_after } = request.query;
      const from = starting_after ? ranked.findIndex((r) => r.order_id === starting_after) + 1 : 0;
      return toPage(ranked.slice(from, from + limit + 1), limit, (r) => r.order_id, (r) => ({
        position: r.position,
        order_id: r.order_id,
        number: r.number,
        customer_id: r.customer_id,
        status: r.status,
        score: round4(r.score),
        promised_date: r.promised_date,
        expedited: r.expedited,
        explanation: explained(r.terms),
      }));
    },
  );

  app.get(
    '/v1/orders/:id/priority',
    { schema: { tags, summary: "The order's score, each term's share of it, and its place in the queue", params: OrderIdParams, response: { 200: OrderPriority, ...errorResponses(404) } } },
    async (request) => {
      const order = await getOrder(db, actorOf(request), request.params.id);
      const { version, policy } = await currentPolicy(db);
      const ranked = await rankOrders(db, clock.now(), policy);
      const mine = ranked.find((r) => r.order_id === order.id);
      if (!mine) throw notFound('queued order', `${order.id} (it is ${order.status}, not in the queue)`);
      const explanation = explained(mine.terms);
      return { order_id: order.id, number: order.number, status: order.status, score: round4(mine.score), position: mine.position, queue_size: ranked.length, policy_version: version, explanation };
    },
  );

  app.post(
    '/v1/orders/:id/expedite-requests',
    { schema: { tags, summary: 'Ask operations for an order to go first, with a reason', params: OrderIdParams, body: ReasonBody, response: { 201: ExpediteRequest, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => requestExpedite(tx, request.params.id, request.body.reason)),
  );

  app.get(
    '/v1/expedite-requests',
    { schema: { tags, summary: 'Expedite requests and their decisions, newest first', querystring: ListExpeditesQuery, response: { 200: listOf(ExpediteRequest) } } },
    async (request) => {
      const { limit, starting_after, status, order_id } = request.query;
      let query = db.selectFrom('expedite_requests').selectAll().orderBy('id', 'desc').limit(limit + 1);
      if (starting_after) query = query.where('id', '<', starting_after);
      if (status) query = query.where('status', '=', status);
      if (order_id) query = query.where('order_id', '=', order_id);
      return toPage(await query.execute(), limit, (r) => r.id, presentExpedite);
    },
  );

  const decisions = [
    ['accept', 'accepted', 'Accept: the order goes up by the policy’s boost; the decision lists who moved back'],
    ['decline', 'declined', 'Decline, with the reason'],
    ['withdraw', 'withdrawn', 'Withdraw the request (its asker)'],
  ] as const;
  for (const [verb, to, summary] of decisions) {
    app.post(
      `/v1/expedite-requests/:id/${verb}`,
      { schema: { tags, summary, params: ExpediteIdParams, body: ReasonBody, response: { 200: ExpediteRequest, ...errorResponses(403, 404, 409) } } },
      (request, reply) => runCommand(request, reply, 200, (tx) => decideExpedite(tx, request.params.id, to, request.body.reason)),
    );
  }

  app.post(
    '/v1/orders/:id/holds',
    { schema: { tags, summary: 'Hold an order: the statuses it blocks are refused until released', params: OrderIdParams, body: PlaceHoldBody, response: { 201: Hold, ...errorResponses(403, 404, 409) } } },
    (request, reply) =>
      runCommand(request, reply, 201, (tx) => placeHold(tx, request.params.id, { ...request.body, blocks: request.body.blocks ?? DEFAULT_BLOCKS })),
  );

  app.get(
    '/v1/orders/:id/holds',
    { schema: { tags, summary: "An order's holds, active and released, with who and why", params: OrderIdParams, response: { 200: z.object({ data: z.array(Hold) }), ...errorResponses(404) } } },
    async (request) => {
      await getOrder(db, actorOf(request), request.params.id);
      return { data: await orderHolds(db, request.params.id) };
    },
  );

  app.post(
    '/v1/holds/:id/release',
    { schema: { tags, summary: 'Release a hold, with the reason', params: HoldIdParams, body: ReasonBody, response: { 200: Hold, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => releaseHold(tx, request.params.id, request.body.reason)),
  );
};
