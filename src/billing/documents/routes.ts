import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/openapi';
import { actorOf } from '../../http/run';
import { CreditNoteIdParams } from '../money-schemas';
import { creditNoteDocument, invoiceDocument } from '../queries/invoice-document';
import { InvoiceIdParams } from '../schemas';
import type { InvoiceDocument } from './invoice-document';
import { renderPdf } from './pdf';
import { renderUbl } from './ubl';

const tags = ['billing'];
const errors = errorResponses(403, 404, 409);

/** The file name a download gets: the document number, made safe for a header. */
function fileName(doc: InvoiceDocument, extension: string): string {
  return `${doc.number.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}

async function sendUbl(reply: FastifyReply, doc: InvoiceDocument) {
  return reply.type('application/xml; charset=utf-8').header('content-disposition', `inline; filename="${fileName(doc, 'xml')}"`).send(renderUbl(doc));
}

async function sendPdf(reply: FastifyReply, doc: InvoiceDocument) {
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName(doc, 'pdf')}"`).send(await renderPdf(doc));
}

/**
 * Issued invoices and credit notes as files: UBL 2.1 (EN 16931, Peppol BIS Billing 3.0) for the buyer's
 * accounting system, PDF for people. A customer's key fetches its own; a draft has no document yet.
 */
export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;
  const ubl = 'UBL 2.1 (EN 16931, Peppol BIS Billing 3.0), application/xml';

  app.get(
    '/v1/invoices/:id/ubl',
    { schema: { tags, summary: `The invoice as ${ubl}`, params: InvoiceIdParams, response: errors } },
    async (request, reply) => sendUbl(reply, await invoiceDocument(db, actorOf(request), request.params.id)),
  );
  app.get(
    '/v1/invoices/:id/pdf',
    { schema: { tags, summary: 'The invoice as a PDF to read and print', params: InvoiceIdParams, response: errors } },
    async (request, reply) => sendPdf(reply, await invoiceDocument(db, actorOf(request), request.params.id)),
  );
  app.get(
    '/v1/credit-notes/:id/ubl',
    { schema: { tags, summary: `The credit note as ${ubl}`, params: CreditNoteIdParams, response: errors } },
    async (request, reply) => sendUbl(reply, await creditNoteDocument(db, actorOf(request), request.params.id)),
  );
  app.get(
    '/v1/credit-notes/:id/pdf',
    { schema: { tags, summary: 'The credit note as a PDF to read and print', params: CreditNoteIdParams, response: errors } },
    async (request, reply) => sendPdf(reply, await creditNoteDocument(db, actorOf(request), request.params.id)),
  );
};
