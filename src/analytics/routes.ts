import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { stageByNumber } from '../cycle/stages';
import { getOrder } from '../entry/queries/get-order';
import { OrderIdParams } from '../entry/schemas';
import { actorOf } from '../http/run';
import { errorResponses } from '../http/openapi';
import { board } from './queries/board';
import { cycleTime } from './queries/cycle-time';
import { delivery } from './queries/delivery';
import { quoteTurnaround } from './queries/quote-turnaround';
import { orderStageTimes } from './queries/stage-inputs';
import { waiting } from './queries/waiting';
import { BoardQuery, BoardView, CycleTimeView, DeliveryView, OrderStageTimesView, periodOf, PeriodQuery, QuoteTurnaroundView, WaitingView, type Period } from './schemas';

const tags = ['analytics'];
const seconds = (ms: number) => Math.round(ms / 1000);

/** Continuous improvement: where time goes in the cycle, per order and over a period. */
export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;

  app.get(
    '/v1/orders/:id/stage-times',
    {
      schema: {
        tags,
        summary: 'How long the order spent in each stage, and how much of it waiting on a department',
        params: OrderIdParams,
        response: { 200: OrderStageTimesView, ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      await getOrder(db, actorOf(request), request.params.id); // 404 for orders the caller may not see
      const [order] = await orderStageTimes(db, sql<boolean>`o.id = ${request.params.id}`, clock.now());
      const stages = order!.stages.map((s) => {
        const stage = stageByNumber(s.stage)!;
        const { duration_ms, waiting_ms, entered_at, ...rest } = s;
        return { ...rest, stage: stage.key, number: stage.number, name: stage.name, entered_at: entered_at.toISOString(), duration_seconds: seconds(duration_ms), waiting_seconds: seconds(waiting_ms) };
      });
      return {
        order_id: order!.order_id,
        under_way: order!.under_way,
        total_seconds: stages.reduce((sum, s) => sum + s.duration_seconds, 0),
        waiting_seconds: stages.reduce((sum, s) => sum + s.waiting_seconds, 0),
        stages,
      };
    },
  );

  app.get(
    '/v1/board',
    {
      schema: {
        tags,
        summary: 'The cycle board: every order under way in the stage it has reached, whom it waits on, overdue, its queue place',
        querystring: BoardQuery,
        response: { 200: BoardView, ...errorResponses(400, 403) },
      },
    },
    (request) => board(db, clock.now(), request.query),
  );

  const kpi = (path: string, summary: string, view: ZodType, query: (period: Period, now: Date) => Promise<unknown>) =>
    app.get(
      `/v1/analytics/${path}`,
      { schema: { tags, summary, querystring: PeriodQuery, response: { 200: view, ...errorResponses(400, 403) } } },
      (request) => query(periodOf(request.query, clock.now()), clock.now()),
    );
  kpi('cycle-time', 'Cycle time per stage for the orders entered in the period, and where they waited', CycleTimeView, (p, now) => cycleTime(db, p, now));
  kpi('waiting', 'Where orders wait: open handoffs per department now, and how long those completed in the period took', WaitingView, (p, now) => waiting(db, p, now));
  kpi('delivery', 'On time, in full, OTIF and perfect orders for the orders promised in the period, per week', DeliveryView, (p, now) => delivery(db, p, now.toISOString().slice(0, 10)));
  kpi('quotes', 'Quote turnaround for the quotes requested in the period: speed, within the response time, won', QuoteTurnaroundView, (p, now) => quoteTurnaround(db, p, now));
};
