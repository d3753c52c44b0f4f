import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { runCommand } from '../http/run';
import { convertLead } from './commands/convert-lead';
import { createLead } from './commands/create-lead';
import { moveLead } from './commands/move-lead';
import { updateLead } from './commands/update-lead';
import { getLead, listLeads } from './queries/leads';
import { ConvertLeadBody, CreateLeadBody, DisqualifyLeadBody, LeadIdParams, LeadStepBody, ListLeadsQuery, UpdateLeadBody } from './schemas';
import { Conversion, Lead } from './views';

const tags = ['generation'];

export const leadRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.post(
    '/v1/leads',
    { schema: { tags, summary: 'A new lead, from a campaign or not', body: CreateLeadBody, response: { 201: Lead, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createLead(tx, request.body)),
  );

  app.get(
    '/v1/leads',
    { schema: { tags, summary: 'Leads, newest first', querystring: ListLeadsQuery, response: { 200: listOf(Lead), ...errorResponses(403) } } },
    (request) => listLeads(db, request.query),
  );

  app.get(
    '/v1/leads/:id',
    { schema: { tags, summary: 'Get a lead', params: LeadIdParams, response: { 200: Lead, ...errorResponses(403, 404) } } },
    (request) => getLead(db, request.params.id),
  );

  app.patch(
    '/v1/leads/:id',
    {
      schema: { tags, summary: 'Change an open lead; null clears a field', params: LeadIdParams, body: UpdateLeadBody, response: { 200: Lead, ...errorResponses(403, 404, 409) } },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateLead(tx, request.params.id, request.body)),
  );

  const step = <B extends z.ZodType>(summary: string, body: B) => ({
    schema: { tags, summary, params: LeadIdParams, body, response: { 200: Lead, ...errorResponses(403, 404, 409) } },
  });
  app.post('/v1/leads/:id/contact', step('The lead has been contacted', LeadStepBody.optional()), (request, reply) =>
    runCommand(request, reply, 200, (tx) => moveLead(tx, request.params.id, { to: 'contacted', note: request.body?.note })),
  );
  app.post('/v1/leads/:id/qualify', step('The lead is worth an offer: sales gets a handoff to convert it', LeadStepBody.optional()), (request, reply) =>
    runCommand(request, reply, 200, (tx) => moveLead(tx, request.params.id, { to: 'qualified', note: request.body?.note })),
  );
  app.post('/v1/leads/:id/disqualify', step('The lead is not worth pursuing, and why', DisqualifyLeadBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => moveLead(tx, request.params.id, { to: 'disqualified', reason: request.body.reason })),
  );

  app.post(
    '/v1/leads/:id/convert',
    {
      schema: {
        tags,
        summary: 'Convert a qualified lead: its customer (new or existing) and opportunity, in one go',
        params: LeadIdParams,
        body: ConvertLeadBody,
        response: { 201: Conversion, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => convertLead(tx, request.params.id, request.body)),
  );
};
