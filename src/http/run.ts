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

/** A batch that stored this placeholder is still running (or died; after this long it is abandoned). */
const RUNNING = 0;
const ABANDONED_AFTER_MS = 15 * 60_000;

interface KeyClaim {
  scope: string;
  key: string;
  requestHash: string;
  /** Identifies the key in this process and, hashed, as an advisory lock across processes. */
  slot: string;
}

interface StoredAnswer {
  status: number;
  body: unknown;
}

/** The request's Idempotency-Key, scoped to its caller and bound to its method, path and body; null without one. */
function claimOf(request: FastifyRequest): KeyClaim | null {
  const headerValue = request.headers['idempotency-key'];
  if (headerValue === undefined) return null;
  const key = Array.isArray(headerValue) ? headerValue[0]! : headerValue;
  if (!KEY_PATTERN.test(key)) throw invalidFields({ 'Idempotency-Key': 'Use 1 to 255 printable ASCII characters.' });
  const scope = actorOf(request).id;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonical(request.body ?? null)}`)
    .digest('hex');
  return { scope, key, requestHash, slot: `${scope} ${key}` };
}

/**
 * Inside a transaction: take the key's lock (another process holding it → 409) and return its stored answer,
 * if any. Another body under the same key → 422; a batch still running under it → 409.
 */
async function storedAnswer(trx: Trx, claim: KeyClaim, now: Date): Promise<StoredAnswer | null> {
  const locked = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${claim.slot}, 0)) as ok`.execute(trx);
  if (!locked.rows[0]?.ok) throw new AppError('idempotency_key_in_use');
  const stored = await trx.selectFrom('idempotency_keys').selectAll().where('scope', '=', claim.scope).where('key', '=', claim.key).executeTakeFirst();
  if (!stored) return null;
  if (stored.request_hash !== claim.requestHash) throw new AppError('idempotency_key_reused', undefined, { idempotency_key: claim.key });
  if (stored.status_code !== RUNNING) return { status: stored.status_code, body: stored.response_body };
  if (now.getTime() - stored.created_at.getTime() < ABANDONED_AFTER_MS) throw new AppError('idempotency_key_in_use');
  await trx.deleteFrom('idempotency_keys').where('scope', '=', claim.scope).where('key', '=', claim.key).execute();
  return null;
}

/** As JSON, the way it will be replayed; an answer of nothing (204) is JSON null. */
function asJson(result: unknown): unknown {
  return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
}

/** One request per key in this process at a time; PGlite serialises transactions, so only this sees them. */
async function holdingSlot<T>(claim: KeyClaim, work: () => Promise<T>): Promise<T> {
  if (running.has(claim.slot)) throw new AppError('idempotency_key_in_use');
  running.add(claim.slot);
  try {
    return await work();
  } finally {
    running.delete(claim.slot);
  }
}

function send(reply: FastifyReply, answer: StoredAnswer, replayed: boolean): void {
  if (replayed) reply.header('idempotent-replayed', 'true');
  reply.code(answer.status).send(answer.body);
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
  const claim = claimOf(request);
  if (!claim) {
    reply.code(status).send(await transact(db, (trx) => effect(unitOfWork(request, trx))));
    return;
  }
  await holdingSlot(claim, async () => {
    const answer = await transact(db, async (trx) => {
      const tx = unitOfWork(request, trx);
      const stored = await storedAnswer(trx, claim, tx.now);
      if (stored) return { ...stored, replayed: true };
      const body = asJson(await effect(tx));
      await trx
        .insertInto('idempotency_keys')
        .values({ scope: claim.scope, key: claim.key, request_hash: claim.requestHash, status_code: status, response_body: JSON.stringify(withheld(body, options.neverStore)), created_at: tx.now })
        .execute();
      return { status, body, replayed: false };
    });
    send(reply, answer, answer.replayed);
  });
}

/**
 * Run a batch that opens its own transactions (an import: one per order, so that no lock is held for the
 * whole file). With an `Idempotency-Key` the same semantics as `runCommand`: a placeholder marks the key
 * as running while the batch works, and the answer replaces it when the batch is done.
 */
export async function runBatch<T>(request: FastifyRequest, reply: FastifyReply, status: number, work: () => Promise<T>): Promise<void> {
  const { db, clock } = request.server.omc;
  const claim = claimOf(request);
  if (!claim) {
    reply.code(status).send(await work());
    return;
  }
  await holdingSlot(claim, async () => {
    const stored = await transact(db, async (trx) => {
      const found = await storedAnswer(trx, claim, clock.now());
      if (!found) {
        await trx
          .insertInto('idempotency_keys')
          .values({ scope: claim.scope, key: claim.key, request_hash: claim.requestHash, status_code: RUNNING, response_body: 'null', created_at: clock.now() })
          .execute();
      }
      return found;
    });
    if (stored) return send(reply, stored, true);
    let body: unknown;
    try {
      body = asJson(await work());
    } catch (error) {
      await db.deleteFrom('idempotency_keys').where('scope', '=', claim.scope).where('key', '=', claim.key).execute();
      throw error;
    }
    await db
      .updateTable('idempotency_keys')
      .set({ status_code: status, response_body: JSON.stringify(body) })
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .execute();
    send(reply, { status, body }, false);
  });
}
