import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calendarDate } from '../core/clock';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { runCommand } from '../http/run';
import { createCampaign } from './commands/create-campaign';
import { updateCampaign } from './commands/update-campaign';
import { campaignPerformance } from './queries/campaign-performance';
import { getCampaign, listCampaigns } from './queries/campaigns';
import { CampaignIdParams, CreateCampaignBody, ListCampaignsQuery, UpdateCampaignBody } from './schemas';
import { Campaign, CampaignPerformance } from './views';

const tags = ['generation'];

export const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;
  const today = () => calendarDate(clock.now());

  app.post(
    '/v1/campaigns',
    { schema: { tags, summary: 'Start planning a campaign: channel, budget, period', body: CreateCampaignBody, response: { 201: Campaign, ...errorResponses(403) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createCampaign(tx, request.body)),
  );

  app.get(
    '/v1/campaigns',
    { schema: { tags, summary: 'Campaigns, newest first', querystring: ListCampaignsQuery, response: { 200: listOf(Campaign), ...errorResponses(403) } } },
    (request) => listCampaigns(db, request.query, today()),
  );

  app.get(
    '/v1/campaigns/:id',
    { schema: { tags, summary: 'Get a campaign', params: CampaignIdParams, response: { 200: Campaign, ...errorResponses(403, 404) } } },
    (request) => getCampaign(db, request.params.id, today()),
  );

  app.patch(
    '/v1/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Change name, channel, budget or period',
        params: CampaignIdParams,
        body: UpdateCampaignBody,
        response: { 200: Campaign, ...errorResponses(403, 404) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateCampaign(tx, request.params.id, request.body)),
  );

  app.get(
    '/v1/campaigns/:id/performance',
    {
      schema: {
        tags,
        summary: 'What the campaign brought: leads, opportunities, quotes, orders and revenue attributed to it',
        params: CampaignIdParams,
        response: { 200: CampaignPerformance, ...errorResponses(403, 404) },
      },
    },
    (request) => campaignPerformance(db, request.params.id, today()),
  );
};
