import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../db/transaction';
import { Order } from '../entry/schemas';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { acceptQuote } from './commands/accept-quote';
import { createQuote } from './commands/create-quote';
import { decideQuoteApproval } from './commands/decide-quote-approval';
import { expireQuotes } from './commands/expire-quotes';
import { handOverQuote } from './commands/hand-over-quote';
import { createApprovalRule, setApprovalRuleActive, updateQuoteSettings } from './commands/manage-quote-rules';
import { rejectQuote } from './commands/reject-quote';
import { reviseQuote } from './commands/revise-quote';
import { startQuoteDrafting } from './commands/start-quote-drafting';
import { submitQuote } from './commands/submit-quote';
import { updateQuote } from './commands/update-quote';
import { getQuote } from './queries/get-quote';
import { listQuotes } from './queries/list-quotes';
import { listApprovalRules, presentRule, quoteSettings } from './queries/quote-rules';
import {
  AcceptBody,
  ApprovalRule,
  ApprovalRuleIdParams,
  CommentBody,
  CreateApprovalRuleBody,
  CreateQuoteBody,
  ExpiryResult,
  HandOverBody,
  ListQuotesQuery,
  Quote,
  QuoteIdParams,
  QuoteSettings,
  ReasonBody,
  UpdateApprovalRuleBody,
  UpdateQuoteBody,
  UpdateQuoteSettingsBody,
} from './quote-schemas';

const tags = ['quotes'];

/** The quote as the caller sees it, read inside the command's transaction (the stored answer of a replay). */
const seen = (tx: Tx) => (id: string) => getQuote(tx.db, tx.actor, id, tx.now);

export const quoteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.omc;

  app.post(
    '/v1/quotes',
    {
      schema: {
        tags,
        summary: 'Ask for a quote (a customer: products, quantities, needed-by date, message) or make one (sales: priced at once)',
        body: CreateQuoteBody,
        response: { 201: Quote, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => createQuote(tx, request.body).then(seen(tx))),
  );

  app.get(
    '/v1/quotes',
    { schema: { tags, summary: 'Quotes, newest first; filter by customer, status, holder, overdue', querystring: ListQuotesQuery, response: { 200: listOf(Quote), ...errorResponses(403) } } },
    (request) => listQuotes(db, actorOf(request), request.query, clock.now()),
  );

  app.get(
    '/v1/quotes/:id',
    {
      schema: {
        tags,
        summary: 'A quote with its clock: who holds it (a department, never a person), when it is due, how long each holder has had it',
        params: QuoteIdParams,
        response: { 200: Quote, ...errorResponses(403, 404) },
      },
    },
    (request) => getQuote(db, actorOf(request), request.params.id, clock.now()),
  );

  app.patch(
    '/v1/quotes/:id',
    { schema: { tags, summary: 'Change a quote being drafted (lines are priced again)', params: QuoteIdParams, body: UpdateQuoteBody, response: { 200: Quote, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateQuote(tx, request.params.id, request.body).then(seen(tx))),
  );

  const step = <B extends z.ZodType>(summary: string, body: B) => ({
    schema: { tags, summary, params: QuoteIdParams, body, response: { 200: Quote, ...errorResponses(403, 404, 409) } },
  });
  const NoBody = z.strictObject({}).optional();

  app.post('/v1/quotes/:id/draft', step("Take a customer's request: its lines are priced, costed and promised", NoBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => startQuoteDrafting(tx, request.params.id).then(seen(tx))),
  );
  app.post('/v1/quotes/:id/hand-over', step('Pass a quote being prepared to another department', HandOverBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => handOverQuote(tx, request.params.id, request.body.department, request.body.note).then(seen(tx))),
  );
  app.post('/v1/quotes/:id/submit', step('Done drafting: sent to the customer, or to finance / an executive when an approval rule applies', NoBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => submitQuote(tx, request.params.id).then(seen(tx))),
  );
  app.post('/v1/quotes/:id/approve', step('Approve, with a comment (the approver whose turn it is)', CommentBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => decideQuoteApproval(tx, request.params.id, 'approve', request.body.comment).then(seen(tx))),
  );
  app.post('/v1/quotes/:id/deny', step('Deny approval, with a comment: back to drafting', CommentBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => decideQuoteApproval(tx, request.params.id, 'deny', request.body.comment).then(seen(tx))),
  );
  app.post('/v1/quotes/:id/reject', step('The customer declines the quote', ReasonBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => rejectQuote(tx, request.params.id, request.body.reason).then(seen(tx))),
  );

  app.post(
    '/v1/quotes/:id/revise',
    { schema: { tags, summary: 'A new version in drafting; this one is kept, superseded', params: QuoteIdParams, body: ReasonBody, response: { 201: Quote, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => reviseQuote(tx, request.params.id, request.body.reason).then(seen(tx))),
  );

  app.post(
    '/v1/quotes/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a sent quote: the order is entered at the quote’s prices, with reservations and promise dates, in the same transaction',
        params: QuoteIdParams,
        body: AcceptBody,
        response: { 201: z.object({ quote: Quote, order: Order }), ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) =>
      runCommand(request, reply, 201, async (tx) => {
        const { quoteId, order } = await acceptQuote(tx, request.params.id, request.body ?? {});
        return { quote: await seen(tx)(quoteId), order };
      }),
  );

  app.post(
    '/v1/quotes/expire',
    { schema: { tags, summary: 'Run the expiry sweep now (the server also runs it every minute)', body: NoBody, response: { 200: ExpiryResult, ...errorResponses(403) } } },
    (request, reply) => runCommand(request, reply, 200, async (tx) => ({ expired: await expireQuotes(tx) })),
  );

  app.get(
    '/v1/quote-approval-rules',
    { schema: { tags, summary: 'The approval rules every submitted quote is checked against', response: { 200: z.object({ data: z.array(ApprovalRule) }), ...errorResponses(403) } } },
    async () => ({ data: await listApprovalRules(db) }),
  );
  app.post(
    '/v1/quote-approval-rules',
    { schema: { tags, summary: 'Add an approval rule', body: CreateApprovalRuleBody, response: { 201: ApprovalRule, ...errorResponses(403) } } },
    (request, reply) => runCommand(request, reply, 201, async (tx) => presentRule(await createApprovalRule(tx, request.body))),
  );
  app.patch(
    '/v1/quote-approval-rules/:id',
    { schema: { tags, summary: 'Switch a rule on or off', params: ApprovalRuleIdParams, body: UpdateApprovalRuleBody, response: { 200: ApprovalRule, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, async (tx) => presentRule(await setApprovalRuleActive(tx, request.params.id, request.body.active))),
  );

  app.get(
    '/v1/quote-settings',
    { schema: { tags, summary: 'Response SLA per customer tier and default validity', response: { 200: QuoteSettings, ...errorResponses(403) } } },
    () => quoteSettings({ db }),
  );
  app.patch(
    '/v1/quote-settings',
    { schema: { tags, summary: 'Change the response SLAs or the default validity', body: UpdateQuoteSettingsBody, response: { 200: QuoteSettings, ...errorResponses(403) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateQuoteSettings(tx, request.body)),
  );
};
