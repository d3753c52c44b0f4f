import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_KEY_NAME } from '../src/access/commands/ensure-bootstrap-key';
import { ManualClock } from '../src/core/clock';
import type { Backend, DatabaseConfig } from '../src/db/database';
import { prepareDatabase, startServer } from '../src/server';
import { describeBackends, startTestServer, type ApiResponse, type TestServer } from './harness';

const POSTGRES_URL = process.env.OMC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The error shape of API.md, with the code we expect. */
function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) } });
}

/** The session cookie a response sets: its value and its attributes. */
function sessionCookie(res: ApiResponse): { value: string; attributes: string } {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('omc_session='));
  if (!header) throw new Error(`no omc_session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  const [pair, ...attributes] = header.split(';');
  return { value: pair!.slice('omc_session='.length), attributes: attributes.join(';') };
}

describeBackends('access', (backend) => {
  let omc: TestServer;
  let acme: string;
  let bolt: string;
  const withCookie = (token: string) => ({ key: null, headers: { cookie: `omc_session=${token}` } });

  async function logIn(email: string, password: string): Promise<string> {
    const res = await omc.call('POST', '/v1/sessions', { key: null, body: { email, password } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return sessionCookie(res).value;
  }

  async function newUser(body: Record<string, unknown>) {
    const res = await omc.call('POST', '/v1/users', { body: { name: 'Someone', password: 'correct horse battery', ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; email: string; role: string; customer_id: string | null; active: boolean };
  }

  beforeAll(async () => {
    omc = await startTestServer(backend);
    for (const name of ['Acme Industrial', 'Bolt & Nut GmbH']) {
      const res = await omc.call('POST', '/v1/customers', { body: { name, tier: 'standard', currency: 'EUR' } });
      expect(res.status).toBe(201);
      if (name.startsWith('Acme')) acme = res.body.id;
      else bolt = res.body.id;
    }
  });
  afterAll(() => omc?.stop());

  describe('API keys', () => {
    it('creates a department key exactly as API.md fixes it, and its secret works as a Bearer token', async () => {
      const res = await omc.call('POST', '/v1/api-keys', { body: { name: 'ERP integration', role: 'sales' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.stringMatching(/^key_/), secret: expect.stringMatching(/^omc_sk_/), role: 'sales', customer_id: null });
      const me = await omc.call('GET', '/v1/me', { key: res.body.secret });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ id: res.body.id, name: 'ERP integration', role: 'sales', customer_id: null, kind: 'api_key' });
    });

    it('creates an admin key that can itself create keys', async () => {
      const admin = await omc.call('POST', '/v1/api-keys', { body: { name: 'second admin', role: 'admin' } });
      expect(admin.status).toBe(201);
      expect(admin.body.role).toBe('admin');
      const child = await omc.call('POST', '/v1/api-keys', { key: admin.body.secret, body: { name: 'made by the second admin', role: 'finance' } });
      expect(child.status).toBe(201);
    });

    it('creates a customer key from customer_id: role "customer", bound to that customer', async () => {
      const res = await omc.call('POST', '/v1/api-keys', { body: { name: 'Acme portal', customer_id: acme } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ role: 'customer', customer_id: acme, secret: expect.stringMatching(/^omc_sk_/) });
      const me = await omc.call('GET', '/v1/me', { key: res.body.secret });
      expect(me.body).toMatchObject({ role: 'customer', customer_id: acme, kind: 'api_key' });
      // role "customer" may be said out loud as well
      const explicit = await omc.call('POST', '/v1/api-keys', { body: { name: 'Acme portal 2', role: 'customer', customer_id: acme } });
      expect(explicit.status).toBe(201);
      expect(explicit.body).toMatchObject({ role: 'customer', customer_id: acme });
    });

    it('never shows the secret again: the list and the event log carry only a hint', async () => {
      const created = await omc.call('POST', '/v1/api-keys', { body: { name: 'shown once', role: 'csr' } });
      const { id, secret } = created.body;
      const list = await omc.call('GET', '/v1/api-keys?limit=200');
      expect(list.status).toBe(200);
      const listed = list.body.data.find((k: { id: string }) => k.id === id);
      expect(listed).toEqual({ id, name: 'shown once', role: 'csr', customer_id: null, hint: expect.any(String), created_at: '2026-03-02T09:00:00.000Z', revoked_at: null });
      expect(listed.hint.length).toBeLessThan(secret.length / 2);
      expect(secret.startsWith(listed.hint.split('…')[0])).toBe(true);
      expect(JSON.stringify(list.body)).not.toContain(secret);
      const events = await omc.call('GET', `/v1/events?subject_id=${id}`);
      expect(events.body.data.length).toBeGreaterThan(0);
      expect(JSON.stringify(events.body)).not.toContain(secret);
      // every created key has its own secret
      const other = await omc.call('POST', '/v1/api-keys', { body: { name: 'shown once', role: 'csr' } });
      expect(other.body.secret).not.toBe(secret);
    });

    it('pages the key list newest first', async () => {
      const first = await omc.call('GET', '/v1/api-keys?limit=2');
      expect(first.body.data).toHaveLength(2);
      expect(first.body.has_more).toBe(true);
      const second = await omc.call('GET', `/v1/api-keys?limit=2&starting_after=${first.body.next_cursor}`);
      expect(second.body.data[0].id < first.body.data[1].id).toBe(true);
    });

    it('revokes a key at once; revoking again keeps the first time; unknown and malformed ids are refused', async () => {
      const created = await omc.call('POST', '/v1/api-keys', { body: { name: 'to revoke', role: 'warehouse' } });
      expect((await omc.call('GET', '/v1/me', { key: created.body.secret })).status).toBe(200);
      const revoked = await omc.call('POST', `/v1/api-keys/${created.body.id}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id: created.body.id, revoked_at: '2026-03-02T09:00:00.000Z' });
      expect(revoked.body.secret).toBeUndefined();
      expectError(await omc.call('GET', '/v1/me', { key: created.body.secret }), 401, 'unauthenticated');
      expectError(await omc.call('GET', '/v1/stages', { key: created.body.secret }), 401, 'unauthenticated');

      omc.clock.advance({ minutes: 5 });
      const again = await omc.call('POST', `/v1/api-keys/${created.body.id}/revoke`);
      expect(again.status).toBe(200);
      expect(again.body.revoked_at).toBe('2026-03-02T09:00:00.000Z');
      omc.clock.set('2026-03-02T09:00:00Z');

      expectError(await omc.call('POST', '/v1/api-keys/key_01jd00000000000000000000zz/revoke'), 404, 'not_found');
      const malformed = await omc.call('POST', '/v1/api-keys/usr_01jd00000000000000000000zz/revoke');
      expectError(malformed, 400, 'invalid_request');
      expect(malformed.body.error.details.fields).toHaveProperty('id');
      const extra = await omc.call('POST', `/v1/api-keys/${created.body.id}/revoke`, { body: { reason: 'leaked' } });
      expectError(extra, 400, 'invalid_request');
      expect(extra.body.error.details.fields).toHaveProperty('reason');
    });

    it('lets only admins create, list or revoke keys', async () => {
      const sales = await omc.keyFor('sales');
      const customer = await omc.keyFor('customer', acme);
      const victim = await omc.call('POST', '/v1/api-keys', { body: { name: 'victim', role: 'csr' } });
      for (const key of [sales, customer]) {
        expectError(await omc.call('POST', '/v1/api-keys', { key, body: { name: 'escalate', role: 'admin' } }), 403, 'forbidden');
        expectError(await omc.call('GET', '/v1/api-keys', { key }), 403, 'forbidden');
        expectError(await omc.call('POST', `/v1/api-keys/${victim.body.id}/revoke`, { key }), 403, 'forbidden');
      }
      expect((await omc.call('GET', '/v1/me', { key: victim.body.secret })).status).toBe(200);
    });

    it('refuses a bad role with 400 naming role', async () => {
      for (const body of [
        { name: 'x', role: 'superuser' },
        { name: 'x' },
        { name: 'x', role: 'customer' },
        { name: 'x', role: 'sales', customer_id: acme },
        { name: 'x', role: 'admin', customer_id: acme },
      ]) {
        const res = await omc.call('POST', '/v1/api-keys', { body });
        expectError(res, 400, 'invalid_request');
        expect(Object.keys(res.body.error.details.fields), JSON.stringify(body)).toContain('role');
      }
    });

    it('refuses other bad input naming the field, and lets nobody choose a secret', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ role: 'sales' }, 'name'],
        [{ name: '   ', role: 'sales' }, 'name'],
        [{ name: 'x', role: 'sales', secret: 'omc_sk_my_own' }, 'secret'],
        [{ name: 'x', customer_id: 'acme' }, 'customer_id'],
      ];
      for (const [body, field] of cases) {
        const res = await omc.call('POST', '/v1/api-keys', { body });
        expectError(res, 400, 'invalid_request');
        expect(Object.keys(res.body.error.details.fields), JSON.stringify(body)).toContain(field);
      }
    });

    it('answers 404 for an unknown customer and creates nothing', async () => {
      const before = await omc.call('GET', '/v1/api-keys?limit=200');
      const res = await omc.call('POST', '/v1/api-keys', { body: { name: 'ghost', customer_id: 'cus_01jd00000000000000000000zz' } });
      expectError(res, 404, 'not_found');
      const after = await omc.call('GET', '/v1/api-keys?limit=200');
      expect(after.body.data.length).toBe(before.body.data.length);
    });
  });

  describe('authentication', () => {
    it('knows the bootstrap admin key the server was started with', async () => {
      const me = await omc.call('GET', '/v1/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: expect.stringMatching(/^key_/), role: 'admin', customer_id: null, kind: 'api_key', name: BOOTSTRAP_KEY_NAME });
    });

    it('answers a malformed or unknown Authorization header with 401 in the error shape', async () => {
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', `Bearer ${omc.adminKey} extra`, `Token ${omc.adminKey}`, omc.adminKey, 'Bearer omc_sk_nobody_has_this']) {
        const res = await omc.call('GET', '/v1/me', { key: null, headers: { authorization } });
        expectError(res, 401, 'unauthenticated');
      }
      // the scheme is case-insensitive (RFC 9110)
      expect((await omc.call('GET', '/v1/me', { key: null, headers: { authorization: `bearer ${omc.adminKey}` } })).status).toBe(200);
      // without credentials at all
      expectError(await omc.call('GET', '/v1/me', { key: null }), 401, 'unauthenticated');
    });

    it('does not let a session cookie rescue a bad Authorization header', async () => {
      await newUser({ email: 'both@omc.example', role: 'csr' });
      const token = await logIn('both@omc.example', 'correct horse battery');
      const res = await omc.call('GET', '/v1/me', { key: 'omc_sk_wrong', headers: { cookie: `omc_session=${token}` } });
      expectError(res, 401, 'unauthenticated');
    });
  });

  describe('users and sessions', () => {
    it('creates staff and customer users; the password is never shown', async () => {
      const staff = await omc.call('POST', '/v1/users', { body: { email: 'Dana@Omc.example', name: 'Dana CSR', password: 'correct horse battery', role: 'csr' } });
      expect(staff.status).toBe(201);
      expect(staff.body).toEqual({ id: expect.stringMatching(/^usr_/), email: 'Dana@Omc.example', name: 'Dana CSR', role: 'csr', customer_id: null, active: true, created_at: '2026-03-02T09:00:00.000Z' });
      const customer = await omc.call('POST', '/v1/users', { body: { email: 'buyer@acme.example', name: 'Acme Buyer', password: 'correct horse battery', customer_id: acme } });
      expect(customer.status).toBe(201);
      expect(customer.body).toMatchObject({ role: 'customer', customer_id: acme, active: true });
      const list = await omc.call('GET', '/v1/users?limit=200');
      expect(list.body.data.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([staff.body.id, customer.body.id]));
      expect(JSON.stringify(list.body)).not.toMatch(/password|correct horse|argon/);
    });

    it('refuses a duplicate e-mail in any case with 409', async () => {
      await newUser({ email: 'Casey@omc.example', role: 'finance' });
      for (const email of ['casey@omc.example', 'CASEY@OMC.EXAMPLE']) {
        const res = await omc.call('POST', '/v1/users', { body: { email, name: 'Again', password: 'correct horse battery', role: 'sales' } });
        expectError(res, 409, 'already_exists');
        expect(res.body.error.details.fields).toHaveProperty('email');
      }
    });

    it('refuses concurrent creations of one e-mail with a 409 each but one, never a 500', async () => {
      const results = await Promise.all(
        ['race@omc.example', 'RACE@omc.example', 'Race@Omc.Example', 'race@OMC.example'].map((email) =>
          omc.call('POST', '/v1/users', { body: { email, name: 'Racer', password: 'correct horse battery', role: 'sales' } }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) expect(r.body.error).toMatchObject({ code: 'already_exists', details: { fields: { email: expect.any(String) } } });
    });

    it('refuses bad user input naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ email: 'not an e-mail', name: 'x', password: 'correct horse battery', role: 'csr' }, 'email'],
        [{ email: 'short@omc.example', name: 'x', password: 'short', role: 'csr' }, 'password'],
        [{ email: 'role@omc.example', name: 'x', password: 'correct horse battery', role: 'wizard' }, 'role'],
        [{ email: 'norole@omc.example', name: 'x', password: 'correct horse battery' }, 'role'],
        [{ email: 'mix@omc.example', name: 'x', password: 'correct horse battery', role: 'admin', customer_id: acme }, 'role'],
        [{ email: 'act@omc.example', name: 'x', password: 'correct horse battery', role: 'csr', active: false }, 'active'],
      ];
      for (const [body, field] of cases) {
        const res = await omc.call('POST', '/v1/users', { body });
        expectError(res, 400, 'invalid_request');
        expect(Object.keys(res.body.error.details.fields), JSON.stringify(body)).toContain(field);
      }
      expectError(
        await omc.call('POST', '/v1/users', { body: { email: 'ghost@omc.example', name: 'x', password: 'correct horse battery', customer_id: 'cus_01jd00000000000000000000zz' } }),
        404,
        'not_found',
      );
    });

    it('lets only admins manage users', async () => {
      const csr = await omc.keyFor('csr');
      const target = await newUser({ email: 'target@omc.example', role: 'csr' });
      expectError(await omc.call('POST', '/v1/users', { key: csr, body: { email: 'x@omc.example', name: 'x', password: 'correct horse battery', role: 'admin' } }), 403, 'forbidden');
      expectError(await omc.call('GET', '/v1/users', { key: csr }), 403, 'forbidden');
      expectError(await omc.call('PATCH', `/v1/users/${target.id}`, { key: csr, body: { active: false } }), 403, 'forbidden');
    });

    it('logs in with e-mail and password (any case) and sets an httpOnly session cookie', async () => {
      const user = await newUser({ email: 'Logan@omc.example', name: 'Logan', role: 'operations' });
      const res = await omc.call('POST', '/v1/sessions', { key: null, body: { email: 'logan@OMC.example', password: 'correct horse battery' } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: user.id, name: 'Logan', role: 'operations', customer_id: null, kind: 'user', expires_at: '2026-03-02T21:00:00.000Z' });
      const cookie = sessionCookie(res);
      expect(cookie.value).toMatch(/^omc_ss_/);
      expect(cookie.attributes).toMatch(/HttpOnly/i);
      expect(cookie.attributes).toMatch(/SameSite=Lax/i);
      expect(cookie.attributes).toMatch(/Path=\//i);
      expect(cookie.attributes).toMatch(/Expires=Mon, 02 Mar 2026 21:00:00 GMT/i);
      expect(JSON.stringify(res.body)).not.toContain(cookie.value);
    });

    it('authenticates /v1/me and role-gated routes with the cookie', async () => {
      const user = await newUser({ email: 'gate@omc.example', name: 'Gate', role: 'csr' });
      const token = await logIn('gate@omc.example', 'correct horse battery');
      const me = await omc.call('GET', '/v1/me', withCookie(token));
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ id: user.id, name: 'Gate', role: 'csr', customer_id: null, kind: 'user' });
      expect((await omc.call('GET', '/v1/customers', withCookie(token))).status).toBe(200);
      const created = await omc.call('POST', '/v1/customers', { ...withCookie(token), body: { name: 'Made by a CSR session', tier: 'key', currency: 'EUR' } });
      expect(created.status).toBe(201);
      expectError(await omc.call('POST', '/v1/api-keys', { ...withCookie(token), body: { name: 'x', role: 'admin' } }), 403, 'forbidden');
      expectError(await omc.call('GET', '/v1/users', withCookie(token)), 403, 'forbidden');
      expectError(await omc.call('POST', `/v1/customers/${acme}/suspend`, { ...withCookie(token), body: { reason: 'no' } }), 403, 'forbidden');
      expectError(await omc.call('GET', '/v1/me', withCookie('omc_ss_forged')), 401, 'unauthenticated');
    });

    it('answers a wrong password and an unknown e-mail alike: 401 invalid_credentials', async () => {
      await newUser({ email: 'wrong@omc.example', role: 'csr' });
      const wrongPassword = await omc.call('POST', '/v1/sessions', { key: null, body: { email: 'wrong@omc.example', password: 'incorrect horse' } });
      const unknownEmail = await omc.call('POST', '/v1/sessions', { key: null, body: { email: 'nobody@omc.example', password: 'correct horse battery' } });
      expectError(wrongPassword, 401, 'invalid_credentials');
      expectError(unknownEmail, 401, 'invalid_credentials');
      expect(wrongPassword.body.error.message).toBe(unknownEmail.body.error.message);
      expect(wrongPassword.headers.getSetCookie()).toEqual([]);
      const missing = await omc.call('POST', '/v1/sessions', { key: null, body: { email: 'wrong@omc.example' } });
      expectError(missing, 400, 'invalid_request');
      expect(missing.body.error.details.fields).toHaveProperty('password');
    });

    it('lets a stale credential log in (POST /v1/sessions is public)', async () => {
      await newUser({ email: 'stale@omc.example', role: 'csr' });
      const res = await omc.call('POST', '/v1/sessions', { key: 'omc_sk_revoked_long_ago', headers: { cookie: 'omc_session=omc_ss_expired' }, body: { email: 'stale@omc.example', password: 'correct horse battery' } });
      expect(res.status).toBe(201);
    });

    it('ends a session on DELETE /v1/sessions/current; other sessions of the user live on', async () => {
      await newUser({ email: 'bye@omc.example', role: 'csr' });
      const token = await logIn('bye@omc.example', 'correct horse battery');
      const other = await logIn('bye@omc.example', 'correct horse battery');
      expect(token).not.toBe(other);
      const res = await omc.call('DELETE', '/v1/sessions/current', withCookie(token));
      expect(res.status).toBe(204);
      const cleared = res.headers.getSetCookie().find((c) => c.startsWith('omc_session='));
      expect(cleared).toMatch(/^omc_session=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/i);
      expectError(await omc.call('GET', '/v1/me', withCookie(token)), 401, 'unauthenticated');
      expect((await omc.call('GET', '/v1/me', withCookie(other))).status).toBe(200);
      // logging out without a session is refused like any protected call
      expectError(await omc.call('DELETE', '/v1/sessions/current', withCookie(token)), 401, 'unauthenticated');
    });

    it('ends all sessions of a deactivated user, who can no longer log in until reactivated', async () => {
      const user = await newUser({ email: 'off@omc.example', role: 'csr' });
      const token = await logIn('off@omc.example', 'correct horse battery');
      const off = await omc.call('PATCH', `/v1/users/${user.id}`, { body: { active: false } });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expectError(await omc.call('GET', '/v1/me', withCookie(token)), 401, 'unauthenticated');
      expectError(await omc.call('POST', '/v1/sessions', { key: null, body: { email: 'off@omc.example', password: 'correct horse battery' } }), 401, 'invalid_credentials');
      const on = await omc.call('PATCH', `/v1/users/${user.id}`, { body: { active: true } });
      expect(on.body.active).toBe(true);
      // the old session stays ended; a new log-in works
      expectError(await omc.call('GET', '/v1/me', withCookie(token)), 401, 'unauthenticated');
      const again = await logIn('off@omc.example', 'correct horse battery');
      expect((await omc.call('GET', '/v1/me', withCookie(again))).status).toBe(200);
    });

    it('ends the sessions when the password is reset; only the new password works', async () => {
      const user = await newUser({ email: 'reset@omc.example', role: 'csr' });
      const token = await logIn('reset@omc.example', 'correct horse battery');
      const res = await omc.call('PATCH', `/v1/users/${user.id}`, { body: { password: 'a brand new passphrase', name: 'Renamed' } });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Renamed');
      expectError(await omc.call('GET', '/v1/me', withCookie(token)), 401, 'unauthenticated');
      expectError(await omc.call('POST', '/v1/sessions', { key: null, body: { email: 'reset@omc.example', password: 'correct horse battery' } }), 401, 'invalid_credentials');
      await logIn('reset@omc.example', 'a brand new passphrase');
    });

    it('refuses bad user updates', async () => {
      const user = await newUser({ email: 'patch@omc.example', role: 'csr' });
      const bad = await omc.call('PATCH', `/v1/users/${user.id}`, { body: { role: 'admin' } });
      expectError(bad, 400, 'invalid_request');
      expect(bad.body.error.details.fields).toHaveProperty('role');
      expectError(await omc.call('PATCH', `/v1/users/usr_01jd00000000000000000000zz`, { body: { active: false } }), 404, 'not_found');
      expectError(await omc.call('PATCH', `/v1/users/${acme}`, { body: { active: false } }), 400, 'invalid_request');
    });

    it('expires a session after 12 hours of the test clock', async () => {
      omc.clock.set('2026-03-02T09:00:00Z');
      await newUser({ email: 'clock@omc.example', role: 'csr' });
      const token = await logIn('clock@omc.example', 'correct horse battery');
      omc.clock.advance({ hours: 11, minutes: 59 });
      expect((await omc.call('GET', '/v1/me', withCookie(token))).status).toBe(200);
      omc.clock.set('2026-03-02T09:00:00Z');
      omc.clock.advance({ hours: 13 });
      expectError(await omc.call('GET', '/v1/me', withCookie(token)), 401, 'unauthenticated');
      omc.clock.set('2026-03-02T09:00:00Z');
    });
  });

  describe('a customer user', () => {
    it('sees only its own customer', async () => {
      await newUser({ email: 'portal@bolt.example', name: 'Bolt Buyer', customer_id: bolt });
      const token = await logIn('portal@bolt.example', 'correct horse battery');
      const me = await omc.call('GET', '/v1/me', withCookie(token));
      expect(me.body).toMatchObject({ role: 'customer', customer_id: bolt, kind: 'user' });
      const list = await omc.call('GET', '/v1/customers', withCookie(token));
      expect(list.status).toBe(200);
      expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([bolt]);
      expect((await omc.call('GET', `/v1/customers/${bolt}`, withCookie(token))).status).toBe(200);
      expectError(await omc.call('GET', `/v1/customers/${acme}`, withCookie(token)), 404, 'not_found');
      // nor may it write to another customer, or read staff-only routes
      expectError(await omc.call('POST', `/v1/customers/${acme}/contacts`, { ...withCookie(token), body: { name: 'Intruder', email: 'i@bolt.example' } }), 404, 'not_found');
      expectError(await omc.call('GET', '/v1/events', withCookie(token)), 403, 'forbidden');
      expectError(await omc.call('GET', `/v1/customers/${bolt}/events`, withCookie(token)), 403, 'forbidden');
      expectError(await omc.call('POST', '/v1/api-keys', { ...withCookie(token), body: { name: 'mine', customer_id: bolt } }), 403, 'forbidden');
    });
  });

  describe('events', () => {
    it('records key creation and revocation under api_key., and user changes under user.', async () => {
      const key = await omc.call('POST', '/v1/api-keys', { body: { name: 'audited', role: 'pricing' } });
      await omc.call('POST', `/v1/api-keys/${key.body.id}/revoke`);
      const customerKey = await omc.call('POST', '/v1/api-keys', { body: { name: 'audited customer', customer_id: acme } });
      const user = await newUser({ email: 'audit@omc.example', role: 'service' });
      await logIn('audit@omc.example', 'correct horse battery');
      await omc.call('PATCH', `/v1/users/${user.id}`, { body: { active: false } });
      const admin = (await omc.call('GET', '/v1/me')).body.id;

      const keyEvents = await omc.call('GET', '/v1/events?type=api_key.&limit=200');
      expect(keyEvents.status).toBe(200);
      expect(keyEvents.body.data.every((e: { type: string }) => e.type.startsWith('api_key.'))).toBe(true);
      const ofKey = keyEvents.body.data.filter((e: { subject: { id: string } }) => e.subject.id === key.body.id);
      expect(ofKey.map((e: { type: string }) => e.type)).toEqual(['api_key.created', 'api_key.revoked']);
      expect(ofKey[0]).toMatchObject({ subject: { type: 'api_key', id: key.body.id }, actor: admin, data: { name: 'audited', role: 'pricing' }, request_id: expect.stringMatching(/^req_/) });
      const ofCustomerKey = keyEvents.body.data.find((e: { subject: { id: string } }) => e.subject.id === customerKey.body.id);
      expect(ofCustomerKey).toMatchObject({ type: 'api_key.created', customer_id: acme, data: { role: 'customer' } });
      expect(JSON.stringify(keyEvents.body)).not.toContain(key.body.secret);

      const userEvents = await omc.call('GET', `/v1/events?type=user.&subject_id=${user.id}`);
      expect(userEvents.body.data.map((e: { type: string }) => e.type)).toEqual(['user.created', 'user.logged_in', 'user.updated']);
      expect(userEvents.body.data[0]).toMatchObject({ actor: admin, data: { email: 'audit@omc.example', role: 'service' } });
      expect(userEvents.body.data[1]).toMatchObject({ actor: user.id, department: 'service' });
      expect(userEvents.body.data[2].data).toEqual({ changed: ['active'] });
      expect(JSON.stringify(userEvents.body)).not.toContain('correct horse');

      const exact = await omc.call('GET', '/v1/events?type=user.created&limit=200');
      expect(exact.body.data.every((e: { type: string }) => e.type === 'user.created')).toBe(true);
    });

    it('leaves no event behind a refused request', async () => {
      const before = await omc.call('GET', '/v1/events?type=api_key.&limit=200');
      await omc.call('POST', '/v1/api-keys', { body: { name: 'ghost', customer_id: 'cus_01jd00000000000000000000zz' } });
      await omc.call('POST', '/v1/api-keys', { key: await omc.keyFor('sales'), body: { name: 'x', role: 'admin' } });
      const after = await omc.call('GET', '/v1/events?type=api_key.&limit=200');
      expect(after.body.data.length).toBe(before.body.data.length + 1); // the sales key itself
    });
  });
});

/** A database that survives a restart: a PGlite folder, or a throwaway database on the server. */
async function durableDatabase(backend: Backend): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'omc-bootstrap-'));
    return { config: { dataDir: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `omc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    config: { databaseUrl: url.toString() },
    drop: async () => {
      const again = new pg.Client({ connectionString: POSTGRES_URL });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

describeBackends('the bootstrap admin token (OMC_ADMIN_TOKEN)', (backend) => {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  let config: DatabaseConfig;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ config, drop } = await durableDatabase(backend));
  });
  afterAll(() => drop?.());

  /** Start omc on the same database with this token, run `fn` against it over HTTP, stop. */
  async function startedWith<T>(token: string | null, fn: (call: (path: string, key: string, init?: RequestInit) => Promise<Response>) => Promise<T>): Promise<T> {
    const database = await prepareDatabase(config, token, clock);
    const server = await startServer(database, { port: 0, host: '127.0.0.1' }, { clock, logger: false });
    try {
      return await fn((path, key, init = {}) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) } }));
    } finally {
      await server.stop();
    }
  }

  async function bootstrapRows() {
    const database = await prepareDatabase(config, null, clock);
    try {
      return await database.db.selectFrom('api_keys').select(['id', 'name', 'role', 'revoked_at', 'created_by']).orderBy('id').execute();
    } finally {
      await database.close();
    }
  }

  it('creates the key on a fresh database, and keeps one key when started again with the same token', async () => {
    await startedWith('omc_sk_first_token', async (call) => {
      const me = await call('/v1/me', 'omc_sk_first_token');
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ role: 'admin', name: BOOTSTRAP_KEY_NAME });
    });
    await startedWith('omc_sk_first_token', async (call) => {
      expect((await call('/v1/me', 'omc_sk_first_token')).status).toBe(200);
    });
    const rows = await bootstrapRows();
    expect(rows).toEqual([{ id: expect.stringMatching(/^key_/), name: BOOTSTRAP_KEY_NAME, role: 'admin', revoked_at: null, created_by: 'system' }]);
  });

  it('rotates: a new token revokes the old bootstrap key and the new one works', async () => {
    await startedWith('omc_sk_second_token', async (call) => {
      expect((await call('/v1/me', 'omc_sk_second_token')).status).toBe(200);
      expect((await call('/v1/me', 'omc_sk_first_token')).status).toBe(401);
      const events = (await (await call('/v1/events?type=api_key.', 'omc_sk_second_token')).json()) as { data: { type: string }[] };
      expect(events.data.map((e: { type: string }) => e.type)).toEqual(['api_key.created', 'api_key.revoked', 'api_key.created']);
    });
    const rows = await bootstrapRows();
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
    expect(rows).toHaveLength(2);
  });

  it('starts without a token and leaves the keys as they are', async () => {
    await startedWith(null, async (call) => {
      expect((await call('/v1/me', 'omc_sk_second_token')).status).toBe(200);
    });
  });

  it('goes back to an earlier token: the earlier key is the key again', async () => {
    await startedWith('omc_sk_first_token', async (call) => {
      expect((await call('/v1/me', 'omc_sk_first_token')).status).toBe(200);
      expect((await call('/v1/me', 'omc_sk_second_token')).status).toBe(401);
    });
    const rows = await bootstrapRows();
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
  });

  it('brings the key back at start after it was revoked through the API', async () => {
    await startedWith('omc_sk_first_token', async (call) => {
      const me = (await (await call('/v1/me', 'omc_sk_first_token')).json()) as { id: string };
      const revoked = await call(`/v1/api-keys/${me.id}/revoke`, 'omc_sk_first_token', { method: 'POST' });
      expect(revoked.status).toBe(200);
      expect((await call('/v1/me', 'omc_sk_first_token')).status).toBe(401);
    });
    await startedWith('omc_sk_first_token', async (call) => {
      expect((await call('/v1/me', 'omc_sk_first_token')).status).toBe(200);
    });
  });

  it('never rotates away a key an API caller happened to name OMC_ADMIN_TOKEN', async () => {
    const secret = await startedWith('omc_sk_first_token', async (call) => {
      const res = await call('/v1/api-keys', 'omc_sk_first_token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: BOOTSTRAP_KEY_NAME, role: 'sales' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { secret: string }).secret;
    });
    await startedWith('omc_sk_third_token', async (call) => {
      expect((await call('/v1/me', 'omc_sk_third_token')).status).toBe(200);
      const me = await call('/v1/me', secret);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ role: 'sales' });
    });
  });

  it('refuses to start with a token that is the secret of an ordinary key', async () => {
    const secret = await startedWith('omc_sk_third_token', async (call) => {
      const res = await call('/v1/api-keys', 'omc_sk_third_token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ordinary', role: 'csr' }) });
      return ((await res.json()) as { secret: string }).secret;
    });
    await expect(prepareDatabase(config, secret, clock)).rejects.toThrow(/not the bootstrap key/);
  });

  it.runIf(backend === 'postgres')('keeps one key when several processes start at once with the same token', async () => {
    const starts = await Promise.all([1, 2, 3].map(() => prepareDatabase(config, 'omc_sk_fourth_token', clock)));
    await Promise.all(starts.map((d) => d.close()));
    const database = await prepareDatabase(config, null, clock);
    try {
      const live = await database.db
        .selectFrom('api_keys')
        .select(sql<number>`count(*)`.as('n'))
        .where('name', '=', BOOTSTRAP_KEY_NAME)
        .where('created_by', '=', 'system')
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      expect(live.n).toBe(1);
    } finally {
      await database.close();
    }
  });
});
