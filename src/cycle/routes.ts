import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { runCommand } from '../http/run';
import { moveHandoff } from './commands/move-handoff';
import { openHandoff } from './commands/open-handoff';
import { listEvents } from './queries/list-events';
import { listHandoffs } from './queries/list-handoffs';
import { CreateHandoffBody, Event, Handoff, HandoffActionBody, HandoffIdParams, ListEventsQuery, ListHandoffsQuery } from './schemas';
import { STAGES, type StageKey } from './stages';

const Stage = z.object({ number: z.number(), key: z.string(), name: z.string(), departments: z.array(z.string()), sla_hours: z.number() });

export const cycleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/stages',
    { schema: { tags: ['cycle'], summary: 'The ten stages of the order management cycle', response: { 200: z.object({ data: z.array(Stage) }) } } },
    () => ({ data: STAGES.map((s) => ({ number: s.number, key: s.key, name: s.name, departments: [...s.departments], sla_hours: s.slaHours })) }),
  );

  app.get(
    '/v1/events',
    {
      schema: {
        tags: ['cycle'],
        summary: 'The event log, oldest first (feed for webhooks and analytics)',
        querystring: ListEventsQuery,
        response: { 200: listOf(Event), ...errorResponses(403) },
      },
    },
    (request) => listEvents(app.omc.db, request.query, { feed: true }),
  );

  app.get(
    '/v1/handoffs',
    {
      schema: {
        tags: ['cycle'],
        summary: 'Handoffs; overdue=true lists the dropped balls',
        querystring: ListHandoffsQuery,
        response: { 200: listOf(Handoff), ...errorResponses(403) },
      },
    },
    (request) => listHandoffs(app.omc.db, app.omc.clock.now(), request.query),
  );

  app.post(
    '/v1/handoffs',
    { schema: { tags: ['cycle'], summary: 'Pass work to a department', body: CreateHandoffBody, response: { 201: Handoff, ...errorResponses(403) } } },
    (request, reply) =>
      runCommand(request, reply, 201, (tx) =>
        openHandoff(tx, {
          subject: request.body.subject,
          stage: request.body.stage as StageKey,
          department: request.body.department,
          dueAt: request.body.due_at ? new Date(request.body.due_at) : undefined,
          note: request.body.note,
          orderId: request.body.order_id,
          customerId: request.body.customer_id,
        }),
      ),
  );

  const moves = [
    ['take', 'taken', 'Take a handoff: you own it now'],
    ['release', 'open', 'Give a handoff back to its department'],
    ['complete', 'completed', 'Mark a handoff done'],
  ] as const;
  for (const [verb, to, summary] of moves) {
    app.post(
      `/v1/handoffs/:id/${verb}`,
      {
        schema: { tags: ['cycle'], summary, params: HandoffIdParams, body: HandoffActionBody, response: { 200: Handoff, ...errorResponses(403, 404, 409) } },
      },
      (request, reply) => runCommand(request, reply, 200, (tx) => moveHandoff(tx, request.params.id, to, request.body?.note)),
    );
  }
};
