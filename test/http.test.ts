import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../src/access/permissions';
import { AppError } from '../src/core/errors';
import { appendEvent } from '../src/cycle/commands/append-event';
import { transact } from '../src/db/transaction';
import { installErrorHandling } from '../src/http/error-handler';
import { describeBackends, startTestServer, type ApiResponse, type TestServer } from './harness';

/** Every error answer: the one shape, a stable code, a message, and the request id the header also carries. */
function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_[0-9a-z]{26}$/) }),
  });
  expect(Object.keys(res.body.error).sort()).toEqual(expect.arrayContaining(['code', 'message', 'request_id']));
  for (const key of Object.keys(res.body.error)) expect(['code', 'message', 'details', 'request_id']).toContain(key);
  expect(res.body.error.message.length).toBeGreaterThan(0);
  expect(res.body.error.request_id).toBe(res.headers.get('x-request-id'));
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
}

const customer = (name: string, extra: Record<string, unknown> = {}) => ({ name, tier: 'standard', currency: 'EUR', ...extra });

describeBackends('HTTP conventions', (backend) => {
  let omc: TestServer;
  let sales: string;
  let warehouse: string;

  const count = async (table: 'customers' | 'events' | 'handoffs' | 'idempotency_keys' | 'customer_addresses', where?: { type: string }) => {
    let query = omc.server.database.db.selectFrom(table as 'events').select(sql<number>`count(*)::int`.as('n'));
    if (where) query = query.where('type', '=', where.type);
    return (await query.executeTakeFirstOrThrow()).n;
  };

  beforeAll(async () => {
    omc = await startTestServer(backend);
    sales = await omc.keyFor('sales');
    warehouse = await omc.keyFor('warehouse');
  });
  afterAll(() => omc?.stop());

  describe('error shape', () => {
    it('every kind of refusal has the one shape, with request_id equal to the x-request-id header', async () => {
      expectError(await omc.call('GET', '/v1/customers', { key: null }), 401, 'unauthenticated');
      expectError(await omc.call('GET', '/v1/customers', { key: 'omc_sk_nonsense' }), 401, 'unauthenticated');
      expectError(await omc.call('GET', '/v1/customers', { headers: { authorization: 'Basic abc' }, key: null }), 401, 'unauthenticated');
      expectError(await omc.call('POST', '/v1/customers', { key: warehouse, body: customer('X') }), 403, 'forbidden');
      expectError(await omc.call('GET', '/v1/customers/cus_01jd0000000000000000000000'), 404, 'not_found');
      expectError(await omc.call('GET', '/v1/customers/not-an-id'), 400, 'invalid_request');
      expectError(await omc.call('GET', '/v1/no-such-thing'), 404, 'route_not_found');
      expectError(await omc.call('POST', '/v1/customers', { body: {} }), 400, 'invalid_request');
    });

    it('gives every request its own id, on successes too', async () => {
      const a = await omc.call('GET', '/v1/stages');
      const b = await omc.call('GET', '/v1/stages');
      expect(a.status).toBe(200);
      expect(a.headers.get('x-request-id')).toMatch(/^req_/);
      expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    });

    it('an unknown route is a 404 in the shape, whatever the method, and needs no credentials to say so', async () => {
      for (const [method, path] of [
        ['GET', '/nowhere'],
        ['POST', '/v1/nowhere'],
        ['DELETE', '/v1/customers'],
        ['GET', '/v2/customers'],
      ] as const) {
        const res = await omc.call(method, path, { key: null, ...(method === 'POST' ? { body: {} } : {}) });
        expectError(res, 404, 'route_not_found');
        expect(res.body.error.message).toContain(path);
      }
    });
  });

  describe('bad input', () => {
    it('malformed JSON is a 400 invalid_request naming the body, and creates nothing', async () => {
      const before = await count('customers');
      for (const raw of ['{"name": ', '{name: "x"}', "{'a':1}", '[1,', 'nul', '{"name":"x","__proto__":{"admin":true}}']) {
        const res = await omc.call('POST', '/v1/customers', { raw });
        expectError(res, 400, 'invalid_request');
        expect(res.body.error.details.fields).toHaveProperty('body');
      }
      expectError(await omc.call('POST', '/v1/customers', { raw: '', headers: { 'content-type': 'application/json' } }), 400, 'invalid_request');
      expect(await count('customers')).toBe(before);
    });

    it('a body that is JSON but not an object is a 400 naming the body', async () => {
      for (const body of [[1, 2], 'text', 42, null]) {
        const res = await omc.call('POST', '/v1/customers', { raw: JSON.stringify(body) });
        expectError(res, 400, 'invalid_request');
        expect(Object.keys(res.body.error.details.fields)).toEqual(['body']);
      }
    });

    it('wrong types and unknown fields are a 400 naming each field, nested ones by their dotted path', async () => {
      const before = await count('customers');
      const res = await omc.call('POST', '/v1/customers', {
        body: {
          name: 5,
          tier: 'gold',
          currency: 'EUR',
          payment_terms_days: '30',
          credit_limit: { amount: 10.5, currency: 'EUR', note: 'x' },
          status: 'archived',
          price: 1,
        },
      });
      expectError(res, 400, 'invalid_request');
      const fields = res.body.error.details.fields as Record<string, string>;
      expect(Object.keys(fields).sort()).toEqual(['credit_limit.amount', 'credit_limit.note', 'name', 'payment_terms_days', 'price', 'status', 'tier'].sort());
      for (const message of Object.values(fields)) expect(typeof message).toBe('string');
      expect(fields.status).toMatch(/unknown/i);
      for (const name of Object.keys(fields)) expect(res.body.error.message).toContain(name);
      expect(await count('customers')).toBe(before);
    });

    it('array items are named by index', async () => {
      const res = await omc.call('POST', '/v1/customers', { body: customer('Arr', { contacts: [{ name: 'ok' }, { name: 'x', email: 'nope' }] }) });
      expectError(res, 400, 'invalid_request');
      expect(Object.keys(res.body.error.details.fields)).toEqual(['contacts.1.email']);
    });

    it('query strings and path parameters are checked the same way', async () => {
      const q = await omc.call('GET', '/v1/customers?limit=abc&colour=red');
      expectError(q, 400, 'invalid_request');
      expect(Object.keys(q.body.error.details.fields).sort()).toEqual(['colour', 'limit']);
      const p = await omc.call('POST', '/v1/handoffs/hof_nope/take', { body: {} });
      expectError(p, 400, 'invalid_request');
      expect(Object.keys(p.body.error.details.fields)).toEqual(['id']);
    });

    it('a body over 1 MiB is a 413 payload_too_large; one just under is read (and judged on its fields)', async () => {
      const before = await count('customers');
      const big = await omc.call('POST', '/v1/customers', { raw: JSON.stringify(customer('x'.repeat(1024 * 1024))) });
      expectError(big, 413, 'payload_too_large');
      expect(big.body.error.details).toEqual({ limit_bytes: 1024 * 1024 });
      const under = await omc.call('POST', '/v1/customers', { raw: JSON.stringify(customer('y'.repeat(1024 * 1024 - 100))) });
      expectError(under, 400, 'invalid_request');
      expect(Object.keys(under.body.error.details.fields)).toEqual(['name']);
      expect(await count('customers')).toBe(before);
    });

    it('a body that is not JSON is a 415 unsupported_media_type', async () => {
      for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/csv']) {
        const res = await omc.call('POST', '/v1/customers', { raw: 'name=Acme', headers: { 'content-type': type } });
        expectError(res, 415, 'unsupported_media_type');
        expect(res.body.error.message).toContain('application/json');
      }
      // JSON with a charset or a JSON-family type is still JSON.
      const ok = await omc.call('POST', '/v1/customers', { body: customer('Charset GmbH'), headers: { 'content-type': 'application/json; charset=utf-8' } });
      expect(ok.status).toBe(201);
    });
  });

  describe('failures on our side', () => {
    it('a database failure is a 500 internal_error that leaks no stack, SQL or table name — and the transaction leaves nothing behind', async () => {
      const db = omc.server.database.db;
      const [customers, events, created] = [await count('customers'), await count('events'), await count('events', { type: 'customer.created' })];
      // The customer row and its event are written before the address insert fails.
      await sql`alter table customer_addresses rename to customer_addresses_gone`.execute(db);
      let res: ApiResponse;
      try {
        res = await omc.call('POST', '/v1/customers', {
          body: customer('Half Done Ltd', { addresses: [{ kind: 'billing', line1: 'Main St 1', city: 'Berlin', country: 'DE' }] }),
        });
      } finally {
        await sql`alter table customer_addresses_gone rename to customer_addresses`.execute(db);
      }
      expectError(res, 500, 'internal_error');
      expect(res.body.error.details).toBeUndefined();
      const text = JSON.stringify(res.body);
      for (const leak of ['customer_addresses', 'relation', 'stack', '.ts:', ' at ', 'insert', 'node_modules', 'Error:']) expect(text).not.toContain(leak);
      expect(await count('customers')).toBe(customers);
      expect(await count('events')).toBe(events);
      expect(await count('events', { type: 'customer.created' })).toBe(created);
      // And the same request works once the database does.
      const again = await omc.call('POST', '/v1/customers', {
        body: customer('Half Done Ltd', { addresses: [{ kind: 'billing', line1: 'Main St 1', city: 'Berlin', country: 'DE' }] }),
      });
      expect(again.status).toBe(201);
      expect(await count('events', { type: 'customer.created' })).toBe(created + 1);
    });

    it('a failure inside a command transaction rolls back its rows and its events together', async () => {
      const db = omc.server.database.db;
      const [events, handoffs] = [await count('events'), await count('handoffs')];
      const actor = { id: 'system', role: 'system' as const, customerId: null, name: 'test' };
      await expect(
        transact(db, async (trx) => {
          const tx = { db: trx, now: omc.clock.now(), actor, requestId: null };
          await appendEvent(tx, { type: 'test.doomed', subject: { type: 'test', id: 'tst_1' } });
          await trx
            .insertInto('handoffs')
            .values({
              id: 'hof_doomed',
              subject_type: 'test',
              subject_id: 'tst_1',
              stage: 4,
              department: 'csr',
              status: 'open',
              due_at: tx.now,
              created_by: 'system',
              created_at: tx.now,
              updated_at: tx.now,
            } as never)
            .execute();
          throw new AppError('conflict', 'changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await count('events')).toBe(events);
      expect(await count('handoffs')).toBe(handoffs);
      expect(await count('events', { type: 'test.doomed' })).toBe(0);
    });

    it('idle connections ended by the server do not stop the process; the next requests just work', async () => {
      if (backend !== 'postgres') return; // PGlite has no server to end them
      // Open a few pooled connections, then have PostgreSQL end every one but the asking one.
      await Promise.all(Array.from({ length: 6 }, () => omc.call('GET', '/v1/customers?limit=1')));
      const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(omc.server.database.db);
      expect(killed.rows[0]!.n).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answers = await Promise.all(Array.from({ length: 6 }, () => omc.call('GET', '/health')));
      for (const a of answers) expect(a.status).toBe(200);
      expect((await omc.call('POST', '/v1/customers', { body: customer('After The Storm') })).status).toBe(201);
    });

    it('a row the response schema cannot describe is a 500 without the validator\'s details', async () => {
      const other = await startTestServer(backend, omc.clock);
      try {
        const tx = { db: other.server.database.db, now: other.clock.now(), actor: { id: 'system', role: 'system' as const, customerId: null, name: 't' }, requestId: null };
        await other.server.database.db
          .insertInto('events')
          .values({ id: 'evt_bad', at: tx.now, type: 'test.bad', subject_type: 'test', subject_id: 'x', actor: 'system', data: JSON.stringify([1, 2]) } as never)
          .execute();
        const res = await other.call('GET', '/v1/events?type=test.bad');
        expectError(res, 500, 'internal_error');
        const text = JSON.stringify(res.body);
        for (const leak of ['expected', 'record', 'data', 'Zod', 'serializ']) expect(text).not.toContain(leak);
      } finally {
        await other.stop();
      }
    });
  });

  describe('public routes', () => {
    it('GET /health is 200 {"status":"ok"} without credentials, and with a stale one', async () => {
      for (const key of [null, 'omc_sk_revoked_or_unknown']) {
        const res = await omc.call('GET', '/health', { key });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ status: 'ok' });
      }
    });

    it('/openapi.json is OpenAPI 3.1 with the API\'s paths, and its schemas come from the zod schemas', async () => {
      const res = await omc.call('GET', '/openapi.json', { key: null });
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
      expect(doc.info.title).toBe('omc');
      for (const path of ['/v1/customers', '/v1/customers/{id}', '/v1/api-keys', '/v1/events', '/v1/handoffs', '/v1/handoffs/{id}/take', '/v1/stages']) {
        expect(doc.paths, path).toHaveProperty([path]);
      }
      // Every /v1 route the app serves is documented (the permission map lists them all).
      let checked = 0;
      for (const entry of Object.keys(PERMISSIONS)) {
        const [method, url] = entry.split(' ') as [string, string];
        if (!url.startsWith('/v1/') || !omc.server.app.hasRoute({ method: method as 'GET', url })) continue;
        const path = url.replace(/:([A-Za-z]+)/g, '{$1}');
        expect(doc.paths[path]?.[method.toLowerCase()], `${entry} is not in /openapi.json`).toBeDefined();
        checked++;
      }
      expect(checked).toBeGreaterThan(20);
      const create = doc.paths['/v1/customers'].post;
      const schema = create.requestBody.content['application/json'].schema;
      expect(schema.properties.tier.enum).toEqual(['strategic', 'key', 'standard']);
      expect(schema.required).toEqual(expect.arrayContaining(['name', 'tier', 'currency']));
      expect(schema.additionalProperties).toBe(false);
      expect(schema.properties.credit_limit.properties.amount.type).toBe('integer');
      expect(create.responses).toHaveProperty(['201']);
      expect(create.responses['400'].content['application/json'].schema.properties.error.properties).toHaveProperty('request_id');
      const list = doc.paths['/v1/customers'].get;
      const limit = list.parameters.find((p: { name: string }) => p.name === 'limit');
      expect(limit).toMatchObject({ in: 'query', schema: { maximum: 200, minimum: 1, default: 50 } });
      expect(list.parameters.map((p: { name: string }) => p.name)).toContain('starting_after');
      expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    });

    it('/docs serves the browsable HTML page without credentials', async () => {
      const res = await fetch(`${omc.url}/docs`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await res.text()).toLowerCase()).toContain('swagger');
    });
  });

  describe('pagination', () => {
    it('limit is bounded (1–200) and defaults to 50; cursors walk every row once', async () => {
      for (const bad of ['201', '0', '-1', '1.5', 'ten']) {
        const res = await omc.call('GET', `/v1/customers?limit=${bad}`);
        expectError(res, 400, 'invalid_request');
        expect(Object.keys(res.body.error.details.fields)).toEqual(['limit']);
      }
      expect((await omc.call('GET', '/v1/customers?limit=200')).status).toBe(200);
      expect((await omc.call('GET', '/v1/events?limit=201')).status).toBe(400);
      expect((await omc.call('GET', '/v1/handoffs?limit=201')).status).toBe(400);

      const have = await count('customers');
      for (let i = have; i < 53; i += 10) {
        const batch = Array.from({ length: Math.min(10, 53 - i) }, (_, j) => omc.call('POST', '/v1/customers', { key: sales, body: customer(`Paged ${i + j}`) }));
        for (const res of await Promise.all(batch)) expect(res.status).toBe(201);
      }
      const total = await count('customers');
      expect(total).toBeGreaterThanOrEqual(53);

      const first = await omc.call('GET', '/v1/customers');
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(50);
      expect(first.body.has_more).toBe(true);
      expect(typeof first.body.next_cursor).toBe('string');

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiResponse = await omc.call('GET', `/v1/customers?limit=7${cursor ? `&starting_after=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(Object.keys(page.body).sort()).toEqual(['data', 'has_more', 'next_cursor']);
        expect(page.body.data.length).toBeLessThanOrEqual(7);
        seen.push(...page.body.data.map((c: { id: string }) => c.id));
        expect(page.body.has_more).toBe(page.body.next_cursor !== null);
        cursor = page.body.next_cursor;
      } while (cursor);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);

      const all = await omc.call('GET', '/v1/customers?limit=200');
      expect(all.body).toMatchObject({ has_more: false, next_cursor: null });
      expect(all.body.data).toHaveLength(total);
    });
  });

  describe('idempotency', () => {
    const post = (body: unknown, key: string, apiKey?: string) => omc.call('POST', '/v1/customers', { body, key: apiKey, headers: { 'idempotency-key': key } });

    it('same key and same body: the stored answer, same status and body, nothing done twice', async () => {
      const [customers, created] = [await count('customers'), await count('events', { type: 'customer.created' })];
      const body = customer('Once Only AG', { email: 'once@example.com', credit_limit: { amount: 1000, currency: 'EUR' } });
      const first = await post(body, 'create-once-1');
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const second = await post(body, 'create-once-1');
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      // The same body with its keys in another order is the same request.
      const reordered = await post({ credit_limit: { currency: 'EUR', amount: 1000 }, email: 'once@example.com', currency: 'EUR', tier: 'standard', name: 'Once Only AG' }, 'create-once-1');
      expect(reordered.status).toBe(201);
      expect(reordered.body).toEqual(first.body);
      expect(await count('customers')).toBe(customers + 1);
      expect(await count('events', { type: 'customer.created' })).toBe(created + 1);
      // The replay is a fresh request: its own request id.
      expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    });

    it('same key and another body: 422 idempotency_key_reused, nothing done', async () => {
      const first = await post(customer('Reuse One'), 'reuse-1');
      expect(first.status).toBe(201);
      const customers = await count('customers');
      const res = await post(customer('Reuse Two'), 'reuse-1');
      expectError(res, 422, 'idempotency_key_reused');
      expect(await count('customers')).toBe(customers);
      // Another route with the same key is another request too.
      const elsewhere = await omc.call('POST', '/v1/handoffs', { body: { subject: { type: 'order', id: 'ord_x' }, stage: 'entry' }, headers: { 'idempotency-key': 'reuse-1' } });
      expectError(elsewhere, 422, 'idempotency_key_reused');
      // And the original answer is still there.
      expect((await post(customer('Reuse One'), 'reuse-1')).body).toEqual(first.body);
    });

    it('same key while the first still runs: exactly one effect; the others get the answer or 409 idempotency_key_in_use', async () => {
      const [customers, created] = [await count('customers'), await count('events', { type: 'customer.created' })];
      const body = customer('Thundering Herd plc', { contacts: [{ name: 'A' }, { name: 'B' }], addresses: [{ kind: 'shipping', line1: 'Dock 4', city: 'Hamburg', country: 'DE' }] });
      // A busy database for a moment, so that the ten requests are all in the server together: PGlite runs a
      // request start to end without yielding to the network, so without this they would simply queue.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const busy = omc.server.database.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await gate;
      });
      const herd = Promise.all(Array.from({ length: 10 }, () => post(body, 'herd-1')));
      setTimeout(open, 300);
      const [answers] = await Promise.all([herd, busy]);
      const created201 = answers.filter((a) => a.status === 201);
      const inUse = answers.filter((a) => a.status === 409);
      expect(created201.length + inUse.length, JSON.stringify(answers.map((a) => a.status))).toBe(10);
      expect(created201.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created201.map((a) => a.body.id)).size).toBe(1);
      expect(inUse.length, 'no request overlapped another: the test proved nothing').toBeGreaterThanOrEqual(1);
      for (const a of inUse) expectError(a, 409, 'idempotency_key_in_use');
      expect(await count('customers')).toBe(customers + 1);
      expect(await count('events', { type: 'customer.created' })).toBe(created + 1);
      // Once it is done, everyone gets the stored answer.
      const later = await post(body, 'herd-1');
      expect(later.status).toBe(201);
      expect(later.body.id).toBe(created201[0]!.body.id);
    });

    it('a second process holding the key (PostgreSQL advisory lock) also gives 409 in_use', async () => {
      if (backend !== 'postgres') return; // one PGlite connection: there is no second process to race
      const me = await omc.call('GET', '/v1/me');
      const slot = `${me.body.id} other-process-1`;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = omc.server.database.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtextextended(${slot}, 0))`.execute(trx);
        locked();
        await held;
      });
      await isLocked;
      const customers = await count('customers');
      const res = await post(customer('Elsewhere Inc'), 'other-process-1');
      release();
      await holder;
      expectError(res, 409, 'idempotency_key_in_use');
      expect(await count('customers')).toBe(customers);
      expect((await post(customer('Elsewhere Inc'), 'other-process-1')).status).toBe(201);
    });

    it('keys are scoped to the caller: two API keys may use the same key independently', async () => {
      const otherSales = await omc.keyFor('sales');
      const a = await post(customer('Scope A'), 'shared-key', sales);
      const b = await post(customer('Scope B'), 'shared-key', otherSales);
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(a.body.id).not.toBe(b.body.id);
      expect(b.body.name).toBe('Scope B');
      // Each caller still gets their own stored answer back.
      expect((await post(customer('Scope A'), 'shared-key', sales)).body.id).toBe(a.body.id);
      expect((await post(customer('Scope B'), 'shared-key', otherSales)).body.id).toBe(b.body.id);
    });

    it('a refused request (400, 409) stores nothing, so its key may be used again', async () => {
      const stored = await count('idempotency_keys');
      // Refused by the schema.
      expectError(await post({ name: 'Bad' }, 'retry-400'), 400, 'invalid_request');
      // Refused inside the command (after the transaction began).
      expectError(await post(customer('Bad Limit', { credit_limit: { amount: 5, currency: 'USD' } }), 'retry-400-cmd'), 400, 'invalid_request');
      expect(await count('idempotency_keys')).toBe(stored);
      expect((await post(customer('Good Now'), 'retry-400')).status).toBe(201);
      expect((await post(customer('Good Limit', { credit_limit: { amount: 5, currency: 'EUR' } }), 'retry-400-cmd')).status).toBe(201);

      // Refused as an invalid move (409), then the same key succeeds once the move is legal.
      const csr = await omc.keyFor('csr');
      const handoff = await omc.call('POST', '/v1/handoffs', { key: csr, body: { subject: { type: 'order', id: 'ord_retry' }, stage: 'entry' } });
      expect(handoff.status).toBe(201);
      const release = () => omc.call('POST', `/v1/handoffs/${handoff.body.id}/release`, { key: csr, body: {}, headers: { 'idempotency-key': 'retry-409' } });
      expectError(await release(), 409, 'invalid_transition');
      expect((await omc.call('POST', `/v1/handoffs/${handoff.body.id}/take`, { key: csr, body: {} })).status).toBe(200);
      const released = await release();
      expect(released.status).toBe(200);
      expect(released.body.status).toBe('open');
      // …and that success is now what the key answers.
      expect((await release()).body).toEqual(released.body);
    });

    it('a malformed Idempotency-Key is a 400 naming the header', async () => {
      for (const key of ['x'.repeat(256), 'späte']) {
        const res = await omc.call('POST', '/v1/customers', { body: customer('K'), headers: { 'idempotency-key': key } });
        expectError(res, 400, 'invalid_request');
        expect(res.body.error.details.fields).toHaveProperty(['Idempotency-Key']);
      }
    });
  });
});

/**
 * The error handler on a bare Fastify app: the real app refuses routes missing from the permission map, so a
 * route that throws on purpose is tested here rather than by weakening that rule for tests.
 */
describe('error handler', () => {
  async function appThatThrows() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream }, genReqId: () => 'req_test' });
    installErrorHandling(app);
    app.get('/boom', () => {
      throw new Error('secret: password=hunter2 at /srv/omc/src/x.ts:12');
    });
    app.get('/string', () => {
      throw 'a bare string';
    });
    app.get('/unique', () => {
      throw Object.assign(new Error('duplicate key value violates unique constraint "users_email_idx" Key (lower(email))=(a@b.c)'), { code: '23505' });
    });
    app.get('/serialization', () => {
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    });
    app.get('/null', () => {
      throw null;
    });
    app.post('/small', { bodyLimit: 10 }, () => 'ok');
    app.get('/teapot', () => {
      throw Object.assign(new Error('slow down'), { statusCode: 429 });
    });
    app.get('/app-error', () => {
      throw new AppError('invalid_transition', 'no', { from: 'a', to: 'b', allowed: [] });
    });
    await app.ready();
    return { app, lines };
  }

  it('a thrown Error is a 500 with the catalogue message; the client sees no message, stack or path, the log has them', async () => {
    const { app, lines } = await appThatThrows();
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String), request_id: 'req_test' } });
    for (const leak of ['secret', 'hunter2', '/srv', '.ts', 'at ', 'stack']) expect(res.body).not.toContain(leak);
    const logged = lines.map((l) => JSON.parse(l) as { level: number; err?: { stack?: string } }).find((l) => l.err);
    expect(logged?.level).toBe(50);
    expect(logged?.err?.stack).toContain('hunter2');
    await app.close();
  });

  it('a thrown non-Error is a 500 in the shape too', async () => {
    const { app } = await appThatThrows();
    const res = await app.inject({ method: 'GET', url: '/string' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect(res.body).not.toContain('bare string');
    const nothing = await app.inject({ method: 'GET', url: '/null' });
    expect(nothing.statusCode).toBe(500);
    expect(nothing.json().error.code).toBe('internal_error');
    await app.close();
  });

  it('a body over the route\'s limit says what the limit is', async () => {
    const { app } = await appThatThrows();
    const res = await app.inject({ method: 'POST', url: '/small', payload: { name: 'far too long' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', details: { limit_bytes: 10 } });
    await app.close();
  });

  it('a unique violation or serialization failure from PostgreSQL is a 409, without the constraint or value', async () => {
    const { app } = await appThatThrows();
    const unique = await app.inject({ method: 'GET', url: '/unique' });
    expect(unique.statusCode).toBe(409);
    expect(unique.json().error.code).toBe('already_exists');
    expect(unique.body).not.toContain('a@b.c');
    expect(unique.body).not.toContain('users_email_idx');
    const serial = await app.inject({ method: 'GET', url: '/serialization' });
    expect(serial.statusCode).toBe(409);
    expect(serial.json().error.code).toBe('conflict');
    await app.close();
  });

  it('a plugin\'s client error keeps its status with the matching code; an AppError keeps its own', async () => {
    const { app } = await appThatThrows();
    const teapot = await app.inject({ method: 'GET', url: '/teapot' });
    expect(teapot.statusCode).toBe(429);
    expect(teapot.json().error.code).toBe('rate_limited');
    const appError = await app.inject({ method: 'GET', url: '/app-error' });
    expect(appError.statusCode).toBe(409);
    expect(appError.json()).toEqual({ error: { code: 'invalid_transition', message: 'no', details: { from: 'a', to: 'b', allowed: [] }, request_id: 'req_test' } });
    await app.close();
  });
});
