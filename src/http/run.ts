import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Actor } from '../access/roles';
import { AppError, invalidFields } from '../core/errors';
import { transact, type Trx, type Tx } from '../db/transaction';

/** The caller, for routes that require one (the auth hook has already refused anonymous calls). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

function unitOfWork(request: FastifyRequest, trx: Trx): Tx {
  return { db: trx, now: request.server.omc.clock.now(), actor: actorOf(request), requestId: request.id };
}

/** Keys whose first request is still running in this process (PGlite serialises them, so only this sees them). */
const running = new Set<string>();

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The answer as it may be stored: fields named in `neverStore` (a new key's secret) are never written to the
 * database, so a replay says the secret was shown once instead of showing it again.
 */
function withheld(body: unknown, neverStore: readonly string[] = []): unknown {
  if (neverStore.length === 0 || !body || typeof body !== 'object') return body;
  return { ...body, ...Object.fromEntries(neverStore.filter((f) => f in body).map((f) => [f, '(shown once; not stored)'])) };
}

/** Stable JSON: keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Run a write: one transaction for the effect, its events and — with an `Idempotency-Key` — the stored
 * answer. Same key and body: the stored answer, nothing done twice. Other body: 422. Still running: 409.
 * Only successful answers are stored; a refused request changed nothing and may be retried with its key.
 */
export async function runCommand<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  effect: (tx: Tx) => Promise<T>,
  options: { neverStore?: readonly string[] } = {},
): Promise<void> {
  const { db } = request.server.omc;
  const headerValue = request.headers['idempotency-key'];
  if (headerValue === undefined) {
    const body = await transact(db, (trx) => effect(unitOfWork(request, trx)));
    reply.code(status).send(body);
    return;
  }
  const key = Array.isArray(headerValue) ? headerValue[0]! : headerValue;
  if (!KEY_PATTERN.test(key)) throw invalidFields({ 'Idempotency-Key': 'Use 1 to 255 printable ASCII characters.' });
  const scope = actorOf(request).id;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonical(request.body ?? null)}`)
    .digest('hex');
  const slot = `${scope} ${key}`;
  if (running.has(slot)) throw new AppError('idempotency_key_in_use');
  running.add(slot);
  try {
    const answer = await transact(db, async (trx) => {
      // Across processes on PostgreSQL: whoever holds this lock runs the request; the others answer 409.
      const locked = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${slot}, 0)) as ok`.execute(trx);
      if (!locked.rows[0]?.ok) throw new AppError('idempotency_key_in_use');
      const stored = await trx.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
      if (stored) {
        if (stored.request_hash !== requestHash) throw new AppError('idempotency_key_reused', undefined, { idempotency_key: key });
        return { status: stored.status_code, body: stored.response_body, replayed: true };
      }
      const tx = unitOfWork(request, trx);
      // As JSON, the way it will be replayed; a command that answers nothing (204) is stored as JSON null.
      const result = await effect(tx);
      const body = result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
      await trx
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: requestHash, status_code: status, response_body: JSON.stringify(withheld(body, options.neverStore)), created_at: tx.now })
        .execute();
      return { status, body, replayed: false };
    });
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    reply.code(answer.status).send(answer.body);
  } finally {
    running.delete(slot);
  }
}
