import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { createInvoice, createInvoices } from './commands/create-invoice';
import { discardInvoice } from './commands/discard-invoice';
import { issueInvoice } from './commands/issue-invoice';
import { runBilling } from './commands/run-billing';
import { updateBillingSettings } from './commands/update-billing-settings';
import { billingSettings } from './queries/billing-settings';
import { getInvoice, invoicesByIds, listInvoices } from './queries/get-invoice';
import { BillingRunBody, CreateInvoiceBody, CreateInvoicesBody, Invoice, InvoiceIdParams, ListInvoicesQuery } from './schemas';
import { BillingSettings, presentSettings, UpdateBillingSettingsBody } from './settings-schemas';

const tags = ['billing'];

export const billingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;

  app.get(
    '/v1/billing/settings',
    { schema: { tags, summary: "The seller's details, rates, series and consolidation", response: { 200: BillingSettings, ...errorResponses(403) } } },
    async () => presentSettings(await billingSettings(db)),
  );
  app.patch(
    '/v1/billing/settings',
    {
      schema: {
        tags,
        summary: "Change the seller's details; issued invoices keep the details they were issued with",
        body: UpdateBillingSettingsBody,
        response: { 200: BillingSettings, ...errorResponses(403) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateBillingSettings(tx, request.body)),
  );

  app.post(
    '/v1/invoices',
    {
      schema: {
        tags,
        summary: 'Invoice shipped shipments of one customer (issued at once, or a draft)',
        body: CreateInvoiceBody,
        response: { 201: Invoice, ...errorResponses(403, 409) },
      },
    },
    (request, reply) =>
      runCommand(request, reply, 201, async (tx) => {
        const { shipment_ids, buyer_reference, draft } = request.body;
        const id = await createInvoice(tx, { shipmentIds: shipment_ids, buyerReference: buyer_reference, draft });
        return (await invoicesByIds(tx.db, [id], tx.now))[0]!;
      }),
  );

  app.post(
    '/v1/invoices/batch',
    {
      schema: {
        tags,
        summary: 'Invoice many groups of shipments at once: all or none, in one transaction, those issued numbered consecutively in the order given',
        body: CreateInvoicesBody,
        response: { 201: z.object({ data: z.array(Invoice) }), ...errorResponses(403, 409) },
      },
    },
    (request, reply) =>
      runCommand(request, reply, 201, async (tx) => {
        const inputs = request.body.invoices.map((b, i) => ({ shipmentIds: b.shipment_ids, buyerReference: b.buyer_reference, draft: b.draft, field: `invoices.${i}` }));
        return { data: await invoicesByIds(tx.db, await createInvoices(tx, inputs), tx.now) };
      }),
  );

  app.post(
    '/v1/billing-runs',
    {
      schema: {
        tags,
        summary: 'Invoice everything shipped in a period and not invoiced yet: per shipment or per customer, as the settings say',
        body: BillingRunBody,
        response: { 201: z.object({ data: z.array(Invoice) }), ...errorResponses(403, 409) },
      },
    },
    (request, reply) =>
      runCommand(request, reply, 201, async (tx) => ({ data: await invoicesByIds(tx.db, await runBilling(tx, request.body), tx.now) })),
  );

  app.get(
    '/v1/invoices',
    { schema: { tags, summary: 'Invoices, newest first', querystring: ListInvoicesQuery, response: { 200: listOf(Invoice), ...errorResponses(403) } } },
    (request) => listInvoices(db, actorOf(request), request.query, clock.now()),
  );
  app.get(
    '/v1/invoices/:id',
    { schema: { tags, summary: 'Get an invoice with its lines, tax, credits, payments and balance', params: InvoiceIdParams, response: { 200: Invoice, ...errorResponses(403, 404) } } },
    (request) => getInvoice(db, actorOf(request), request.params.id, clock.now()),
  );

  const step = <B extends z.ZodType>(summary: string, body: B) => ({
    schema: { tags, summary, params: InvoiceIdParams, body, response: { 200: Invoice, ...errorResponses(403, 404, 409) } },
  });
  app.post('/v1/invoices/:id/issue', step('Issue a draft: its gapless number, issue and due date', z.strictObject({}).nullish()), (request, reply) =>
    runCommand(request, reply, 200, async (tx) => {
      await issueInvoice(tx, request.params.id);
      return (await invoicesByIds(tx.db, [request.params.id], tx.now))[0]!;
    }),
  );
  app.post('/v1/invoices/:id/discard', step('Throw a draft away; its shipments can be invoiced again', z.strictObject({ reason: z.string().trim().min(1).max(500) })), (request, reply) =>
    runCommand(request, reply, 200, async (tx) => {
      await discardInvoice(tx, request.params.id, request.body.reason);
      return (await invoicesByIds(tx.db, [request.params.id], tx.now))[0]!;
    }),
  );
};
