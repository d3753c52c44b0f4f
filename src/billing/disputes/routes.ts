import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/openapi';
import { listOf } from '../../http/pagination';
import { actorOf, runCommand } from '../../http/run';
import { InvoiceIdParams } from '../schemas';
import { openDispute } from './commands/open-dispute';
import { resolveDispute } from './commands/resolve-dispute';
import { reviewDispute } from './commands/review-dispute';
import { withdrawDispute } from './commands/withdraw-dispute';
import { getDispute, listDisputes } from './queries/get-dispute';
import { Dispute, DisputeIdParams, ListDisputesQuery, OpenDisputeBody, ResolveDisputeBody, ReviewDisputeBody, WithdrawDisputeBody } from './schemas';

const tags = ['billing'];

export const disputeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.post(
    '/v1/invoices/:id/disputes',
    {
      schema: {
        tags,
        summary: 'Question a line of an issued invoice; finance answers within the SLA for your tier',
        params: InvoiceIdParams,
        body: OpenDisputeBody,
        response: { 201: Dispute, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => openDispute(tx, request.params.id, request.body)),
  );

  app.get(
    '/v1/disputes',
    { schema: { tags, summary: 'Disputes, oldest first; a customer sees its own', querystring: ListDisputesQuery, response: { 200: listOf(Dispute), ...errorResponses(403) } } },
    (request) => listDisputes(db, actorOf(request), request.query),
  );

  app.get(
    '/v1/disputes/:id',
    { schema: { tags, summary: 'A dispute with its status and answer', params: DisputeIdParams, response: { 200: Dispute, ...errorResponses(403, 404) } } },
    (request) => getDispute(db, actorOf(request), request.params.id),
  );

  app.post(
    '/v1/disputes/:id/review',
    { schema: { tags, summary: 'Finance takes the dispute into review', params: DisputeIdParams, body: ReviewDisputeBody.optional(), response: { 200: Dispute, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => reviewDispute(tx, request.params.id, request.body?.note)),
  );

  app.post(
    '/v1/disputes/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Finance answers: a credit note, an explanation, or a reversal to re-bill',
        params: DisputeIdParams,
        body: ResolveDisputeBody,
        response: { 200: Dispute, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => resolveDispute(tx, request.params.id, request.body)),
  );

  app.post(
    '/v1/disputes/:id/withdraw',
    { schema: { tags, summary: 'Withdraw an unresolved dispute', params: DisputeIdParams, body: WithdrawDisputeBody.optional(), response: { 200: Dispute, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => withdrawDispute(tx, request.params.id, request.body?.reason)),
  );
};
