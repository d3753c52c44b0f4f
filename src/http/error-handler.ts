import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../core/errors';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; request_id: string };
}

/** `/lines/0/quantity` → `lines.0.quantity`; the request part itself when the path is empty. */
function fieldName(instancePath: string, context: string | undefined): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return path || (context === 'querystring' ? 'query' : (context ?? 'body'));
}

/** Zod issues as { field: message }, one entry per bad field (unknown keys each named). */
function validationFields(error: FastifyError & { validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[] }) {
  const fields: Record<string, string> = {};
  for (const issue of error.validation) {
    const base = fieldName(issue.instancePath, error.validationContext);
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      for (const key of issue.params.keys as string[]) {
        const name = base === 'body' || base === 'query' ? key : `${base}.${key}`;
        fields[name] = 'Unknown field; it is not accepted here.';
      }
    } else {
      fields[base] ??= issue.message ?? 'Invalid value.';
    }
  }
  return fields;
}

/** Fastify's own client errors, mapped into the catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_request',
};

/** Other client errors from Fastify or a plugin: the code that matches their status, not a blanket invalid_request. */
const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * PostgreSQL errors a client can cause by racing another client: a unique value taken meanwhile, or a
 * serialization failure that outlived its retries. They are conflicts to retry, not our failures.
 */
const POSTGRES_CODES: Record<string, ErrorCode> = {
  '23505': 'already_exists',
  '40001': 'conflict',
  '40P01': 'conflict',
};

function toBody(thrown: FastifyError | AppError | Error | null | undefined, requestId: string, bodyLimit: number | undefined): { status: number; body: ErrorBody } {
  // Anything may be thrown (a string, null); only objects are looked into.
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : new Error(String(thrown))) as FastifyError | AppError | Error;
  const body = (code: string, message: string, details?: Record<string, unknown>): ErrorBody => ({
    error: { code, message, ...(details ? { details } : {}), request_id: requestId },
  });
  if (error instanceof AppError) return { status: error.status, body: body(error.code, error.message, error.details) };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = validationFields(error as never);
    return { status: 400, body: body('invalid_request', `Invalid field${Object.keys(fields).length > 1 ? 's' : ''}: ${Object.keys(fields).join(', ')}.`, { fields }) };
  }
  const fastifyError = error as FastifyError;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped === 'invalid_request') return { status: 400, body: body(mapped, fastifyError.message, { fields: { body: fastifyError.message } }) };
  if (mapped === 'payload_too_large' && bodyLimit) {
    return { status: 413, body: body(mapped, `The request body is larger than ${bodyLimit} bytes.`, { limit_bytes: bodyLimit }) };
  }
  if (mapped) return { status: ERROR_CATALOGUE[mapped].status, body: body(mapped, ERROR_CATALOGUE[mapped].message) };
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return { status: 400, body: body('invalid_request', `The body is not valid JSON: ${error.message}`, { fields: { body: 'Not valid JSON.' } }) };
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, body: body(STATUS_CODES[fastifyError.statusCode] ?? 'invalid_request', fastifyError.message) };
  }
  const postgres = typeof fastifyError.code === 'string' ? POSTGRES_CODES[fastifyError.code] : undefined;
  if (postgres) {
    // The catalogue's message only: the database's own says which constraint and value, which is ours to keep.
    return { status: ERROR_CATALOGUE[postgres].status, body: body(postgres, ERROR_CATALOGUE[postgres].message) };
  }
  return { status: 500, body: body('internal_error', ERROR_CATALOGUE.internal_error.message) };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toBody(error as FastifyError, request.id, request.routeOptions.bodyLimit);
    const isObject = typeof error === 'object' && error !== null;
    if (status >= 500 || (isObject && isResponseSerializationError(error))) request.log.error({ err: error }, 'request failed');
    // A database conflict is the client's to retry, but a unique violation a command did not foresee is also
    // worth a look: keep the database's own words in the log.
    else if (isObject && typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code in POSTGRES_CODES) {
      request.log.warn({ err: error, code: body.error.code }, 'request conflicted in the database');
    } else request.log.info({ code: body.error.code }, 'request refused');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'route_not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.`, request_id: request.id },
    }),
  );
}
