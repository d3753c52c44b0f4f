import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCustomer } from '../customers/queries/get-customer';
import { CustomerIdParams } from '../customers/schemas';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { runCommand } from '../http/run';
import { campaignRoutes } from './campaign-routes';
import { addCustomerNote } from './commands/add-customer-note';
import { leadRoutes } from './lead-routes';
import { opportunityRoutes } from './opportunity-routes';
import { listCustomerNotes } from './queries/customer-notes';
import { ListNotesQuery, NoteBody } from './schemas';
import { CustomerNote } from './views';

/** Order generation: campaigns, leads, opportunities and the pipeline, and notes on customers from every department. */
export const generationRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(campaignRoutes);
  await app.register(leadRoutes);
  await app.register(opportunityRoutes);

  const tags = ['generation'];
  app.post(
    '/v1/customers/:id/notes',
    {
      schema: {
        tags,
        summary: 'A remark on the customer, from any department, for sales and everyone else to read',
        params: CustomerIdParams,
        body: NoteBody,
        response: { 201: CustomerNote, ...errorResponses(403, 404) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => addCustomerNote(tx, request.params.id, request.body.body)),
  );

  app.get(
    '/v1/customers/:id/notes',
    {
      schema: {
        tags,
        summary: "The customer's notes from every department, newest first",
        params: CustomerIdParams,
        querystring: ListNotesQuery,
        response: { 200: listOf(CustomerNote), ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      await requireCustomer(app.omc.db, request.params.id);
      return listCustomerNotes(app.omc.db, request.params.id, request.query);
    },
  );
};
