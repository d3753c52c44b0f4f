import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { runCommand } from '../http/run';
import { commitScheduleRun } from './commands/commit-schedule-run';
import { discardScheduleRun } from './commands/discard-schedule-run';
import { storeScheduleRun } from './commands/store-schedule-run';
import { planSchedule } from './policies/plan-schedule';
import { gantt } from './queries/gantt';
import { listScheduleRuns, requireScheduleRun } from './queries/get-schedule-run';
import { schedulingInputs } from './queries/scheduling-inputs';
import { ComputeScheduleBody, Gantt, GanttQuery, ListScheduleRunsQuery, ScheduleRun, ScheduleRunParams, ScheduleRunSummary } from './schemas';

const tags = ['scheduling'];
const DEFAULT_BUDGET_MS = 1000;

export const schedulingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;

  app.post(
    '/v1/schedule/runs',
    {
      schema: {
        tags,
        summary: 'Compute a schedule of the confirmed orders as a what-if: late orders, by how much, the dates that hold. Changes nothing until committed',
        body: ComputeScheduleBody.optional(),
        response: { 201: ScheduleRun, ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      // The search runs before the transaction opens: the transaction only stores its answer.
      const now = clock.now();
      const startsAt = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
      const inputs = await schedulingInputs(db, now);
      const budgetMs = request.body?.budget_ms ?? DEFAULT_BUDGET_MS;
      const seed = request.body?.seed ?? 1;
      const result = planSchedule(inputs, startsAt.getTime(), { budgetMs, seed });
      return runCommand(request, reply, 201, (tx) => storeScheduleRun(tx, { startsAt, digest: inputs.digest, budgetMs, seed, result }));
    },
  );

  app.get(
    '/v1/schedule/runs',
    { schema: { tags, summary: 'Schedule runs, newest first', querystring: ListScheduleRunsQuery, response: { 200: listOf(ScheduleRunSummary), ...errorResponses(403) } } },
    (request) => listScheduleRuns(db, request.query),
  );

  app.get(
    '/v1/schedule/runs/:id',
    { schema: { tags, summary: 'A schedule run with its orders and operations', params: ScheduleRunParams, response: { 200: ScheduleRun, ...errorResponses(403, 404) } } },
    (request) => requireScheduleRun(db, request.params.id),
  );

  app.post(
    '/v1/schedule/runs/:id/commit',
    {
      schema: {
        tags,
        summary: 'Make a what-if the current schedule: late lines re-promised with the reason, operations handed to their departments; 409 schedule_stale when its inputs changed',
        params: ScheduleRunParams,
        response: { 200: ScheduleRun, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => commitScheduleRun(tx, request.params.id)),
  );

  app.post(
    '/v1/schedule/runs/:id/discard',
    { schema: { tags, summary: 'Drop a what-if run', params: ScheduleRunParams, response: { 200: ScheduleRun, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => discardScheduleRun(tx, request.params.id)),
  );

  app.get(
    '/v1/schedule',
    { schema: { tags, summary: 'The committed schedule as Gantt data: per work center and unit, the operations in the period', querystring: GanttQuery, response: { 200: Gantt, ...errorResponses(403) } } },
    (request) => gantt(db, clock.now().toISOString().slice(0, 10), request.query),
  );
};
