import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../core/errors';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { allocatePayment } from './commands/allocate-payment';
import { issueCreditNote } from './commands/issue-credit-note';
import { recordPayment } from './commands/record-payment';
import { creditNotesByIds, getCreditNote, listCreditNotes } from './queries/get-credit-note';
import { getPayment, listPayments, paymentsByIds } from './queries/get-payment';
import { listReceivables } from './queries/receivables';
import {
  AllocatePaymentBody,
  CreateCreditNoteBody,
  CreditNote,
  CreditNoteIdParams,
  ListCreditNotesQuery,
  ListPaymentsQuery,
  Payment,
  PaymentIdParams,
  Receivable,
  ReceivablesQuery,
  RecordPaymentBody,
} from './money-schemas';

const tags = ['billing'];

/** Credit notes, payments and receivables: the money that moves after an invoice is issued. */
export const billingMoneyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;

  app.post(
    '/v1/credit-notes',
    {
      schema: {
        tags,
        summary: 'Correct an issued invoice: units or amounts of its lines back, never more than is left uncredited',
        body: CreateCreditNoteBody,
        response: { 201: CreditNote, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) =>
      runCommand(request, reply, 201, async (tx) => {
        const { invoice_id, reason, lines } = request.body;
        const id = await issueCreditNote(tx, { invoiceId: invoice_id, reason, lines });
        return (await creditNotesByIds(tx.db, [id]))[0]!;
      }),
  );
  app.get(
    '/v1/credit-notes',
    { schema: { tags, summary: 'Credit notes, newest first', querystring: ListCreditNotesQuery, response: { 200: listOf(CreditNote), ...errorResponses(403) } } },
    (request) => listCreditNotes(db, actorOf(request), request.query),
  );
  app.get(
    '/v1/credit-notes/:id',
    { schema: { tags, summary: 'Get a credit note', params: CreditNoteIdParams, response: { 200: CreditNote, ...errorResponses(403, 404) } } },
    (request) => getCreditNote(db, actorOf(request), request.params.id),
  );

  app.post(
    '/v1/payments',
    {
      schema: {
        tags,
        summary: "Money received: applied to invoices (default: oldest due first); what is left is the customer's credit",
        body: RecordPaymentBody,
        response: { 201: Payment, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) =>
      runCommand(request, reply, 201, async (tx) => {
        const id = await recordPayment(tx, request.body);
        return (await paymentsByIds(tx.db, [id]))[0]!;
      }),
  );
  app.post(
    '/v1/payments/:id/allocations',
    {
      schema: {
        tags,
        summary: "Apply a payment's unapplied money (customer credit) to invoices",
        params: PaymentIdParams,
        body: AllocatePaymentBody,
        response: { 200: Payment, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) =>
      runCommand(request, reply, 200, async (tx) => {
        const payment = await tx.db.selectFrom('payments').select(['id', 'customer_id', 'currency']).where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!payment) throw notFound('payment', request.params.id);
        await allocatePayment(tx, { ...payment, currency: payment.currency.trim() }, request.body.allocations);
        return (await paymentsByIds(tx.db, [payment.id]))[0]!;
      }),
  );
  app.get(
    '/v1/payments',
    { schema: { tags, summary: 'Payments, newest first', querystring: ListPaymentsQuery, response: { 200: listOf(Payment), ...errorResponses(403) } } },
    (request) => listPayments(db, actorOf(request), request.query),
  );
  app.get(
    '/v1/payments/:id',
    { schema: { tags, summary: 'Get a payment with its allocations', params: PaymentIdParams, response: { 200: Payment, ...errorResponses(403, 404) } } },
    (request) => getPayment(db, actorOf(request), request.params.id),
  );

  app.get(
    '/v1/receivables',
    {
      schema: {
        tags,
        summary: 'What customers owe: open balance, credit and aging buckets (current, 1–30, 31–60, 61–90, 90+ days past due)',
        querystring: ReceivablesQuery,
        response: { 200: listOf(Receivable), ...errorResponses(403) },
      },
    },
    (request) => listReceivables(db, actorOf(request), request.query, clock.now()),
  );
};
