import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { runCommand } from '../http/run';
import { changeOpportunityStage } from './commands/change-opportunity-stage';
import { createOpportunity } from './commands/create-opportunity';
import { updateOpportunity } from './commands/update-opportunity';
import { getOpportunity, listOpportunities } from './queries/opportunities';
import { pipeline } from './queries/pipeline';
import { ChangeStageBody, CreateOpportunityBody, ListOpportunitiesQuery, OpportunityIdParams, PipelineQuery, UpdateOpportunityBody } from './schemas';
import { Opportunity, Pipeline } from './views';

const tags = ['generation'];

export const opportunityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.post(
    '/v1/opportunities',
    {
      schema: {
        tags,
        summary: "A customer's or a lead's opportunity, starting in prospecting",
        body: CreateOpportunityBody,
        response: { 201: Opportunity, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => createOpportunity(tx, request.body)),
  );

  app.get(
    '/v1/opportunities',
    { schema: { tags, summary: 'Opportunities, newest first', querystring: ListOpportunitiesQuery, response: { 200: listOf(Opportunity), ...errorResponses(403) } } },
    (request) => listOpportunities(db, request.query),
  );

  app.get(
    '/v1/opportunities/:id',
    { schema: { tags, summary: 'Get an opportunity', params: OpportunityIdParams, response: { 200: Opportunity, ...errorResponses(403, 404) } } },
    (request) => getOpportunity(db, request.params.id),
  );

  app.patch(
    '/v1/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'Change an open opportunity; null clears a field',
        params: OpportunityIdParams,
        body: UpdateOpportunityBody,
        response: { 200: Opportunity, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateOpportunity(tx, request.params.id, request.body)),
  );

  app.post(
    '/v1/opportunities/:id/stage',
    {
      schema: {
        tags,
        summary: 'Move to another stage; won and lost are final, lost needs a reason',
        params: OpportunityIdParams,
        body: ChangeStageBody,
        response: { 200: Opportunity, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => changeOpportunityStage(tx, request.params.id, request.body)),
  );

  app.get(
    '/v1/pipeline',
    {
      schema: {
        tags,
        summary: 'Opportunities per stage: count, value and probability-weighted value, per currency',
        querystring: PipelineQuery,
        response: { 200: Pipeline, ...errorResponses(403) },
      },
    },
    (request) => pipeline(db, request.query),
  );
};
