import Fastify, { type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Access } from '../src/access/permissions';
import { DEPARTMENTS, type Role } from '../src/access/roles';
import { ManualClock } from '../src/core/clock';
import { ID_PREFIXES, newId, type IdKind } from '../src/core/ids';
import { authPlugin } from '../src/http/auth';
import { prepareDatabase, startServer, type RunningServer } from '../src/server';

/**
 * The permission map against the routes the app really registers: every route is in the map, every entry
 * of the map is a route, and the map is what the auth hook enforces — walked route by route, over HTTP.
 */

const ADMIN_TOKEN = 'omc_sk_permissions_test_admin_token';
const PUBLIC_PREFIX = '/docs';

interface Route {
  method: string;
  url: string;
}

/** Collections whose name does not say their id kind; every other one is inferred from ID_PREFIXES. */
const ID_KIND_OVERRIDES: Record<string, IdKind> = { lines: 'orderLine', line: 'orderLine', 'expedite-requests': 'expedite', opportunities: 'opportunity', runs: 'scheduleRun' };

/** `api-keys` → apiKey, `addresses` → address, `supply` → supply, `contactId` → contact. */
function idKindFor(name: string): IdKind | undefined {
  if (ID_KIND_OVERRIDES[name]) return ID_KIND_OVERRIDES[name];
  const camel = name.replace(/Id$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return [camel, camel.replace(/es$/, ''), camel.replace(/s$/, '')].find((k): k is IdKind => Object.hasOwn(ID_PREFIXES, k));
}

/**
 * The route's path with each parameter replaced by a well-formed id of the right kind, told by the
 * parameter's name (`:contactId`) or else by the collection it follows (`/v1/users/:id` → `usr_…`).
 */
function samplePath(url: string): string {
  const segments = url.split('/');
  return segments
    .map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      const param = segment.slice(1);
      if (param === 'sequence') return '10'; // an operation's sequence number, not an id
      const kind = (param !== 'id' ? idKindFor(param) : undefined) ?? idKindFor(segments[i - 1] ?? '');
      if (!kind) throw new Error(`No sample id for ${segment} in ${url}: add it to ID_KIND_OVERRIDES in test/permissions.test.ts`);
      return newId(kind);
    })
    .join('/');
}

const mapKey = (r: Route) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`;
const isDocs = (url: string) => url === PUBLIC_PREFIX || url.startsWith(`${PUBLIC_PREFIX}/`);
const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

/** Every role a caller can hold, admin aside: the departments and a customer. */
const NON_ADMIN_ROLES: Role[] = [...DEPARTMENTS, 'customer'];

describe('the permission map', () => {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const routes: Route[] = [];
  let server: RunningServer;
  const keys = new Map<Role, string>();

  async function call(method: string, path: string, options: { key?: string | null; body?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...options.headers };
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${server.url}${path}`, { method, headers, body: options.body });
    const text = await response.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: response.status, body };
  }

  beforeAll(async () => {
    const database = await prepareDatabase({ dataDir: 'memory://' }, ADMIN_TOKEN, clock);
    const onRoute = (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    };
    server = await startServer(database, { port: 0, host: '127.0.0.1' }, { clock, logger: false, onRoute });

    const customer = await call('POST', '/v1/customers', { key: ADMIN_TOKEN, body: JSON.stringify({ name: 'Walker Ltd', tier: 'standard', currency: 'EUR' }) });
    expect(customer.status).toBe(201);
    for (const role of NON_ADMIN_ROLES) {
      const body = role === 'customer' ? { name: 'customer key', customer_id: customer.body.id } : { name: `${role} key`, role };
      const res = await call('POST', '/v1/api-keys', { key: ADMIN_TOKEN, body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      keys.set(role, res.body.secret);
    }
  });
  afterAll(() => server?.stop());

  /** The routes the map governs (HEAD follows GET), without the public docs. */
  const mappedRoutes = () => routes.filter((r) => !isDocs(r.url));
  const protectedRoutes = () => mappedRoutes().filter((r) => PERMISSIONS[mapKey(r)] !== 'public');
  const roleRoutes = () => protectedRoutes().filter((r): r is Route => Array.isArray(PERMISSIONS[mapKey(r)]));

  it('sees the routes being registered', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContainEqual({ method: 'POST', url: '/v1/api-keys' });
    expect(routes).toContainEqual({ method: 'HEAD', url: '/v1/me' });
    expect(routes.some((r) => isDocs(r.url))).toBe(true);
  });

  it('has every registered route in the map (or under the public /docs prefix)', () => {
    const missing = routes.filter((r) => !isDocs(r.url) && PERMISSIONS[mapKey(r)] === undefined).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('has no stale entries: every entry of the map is a registered route', () => {
    const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const stale = Object.keys(PERMISSIONS).filter((key) => !registered.has(key));
    expect(stale).toEqual([]);
  });

  it('names only known roles in the map, and no empty role list', () => {
    const known = new Set<string>(['admin', ...NON_ADMIN_ROLES]);
    for (const [route, access] of Object.entries(PERMISSIONS) as [string, Access][]) {
      if (access === 'public' || access === 'authenticated') continue;
      expect(access.length, route).toBeGreaterThan(0);
      for (const role of access) expect(known.has(role), `${route}: ${role}`).toBe(true);
    }
  });

  it('keeps the public prefix to reading the docs', () => {
    const docs = routes.filter((r) => isDocs(r.url));
    expect(docs.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(Object.keys(PERMISSIONS).filter((k) => isDocs(k.split(' ')[1]!))).toEqual([]);
  });

  it('refuses at registration a route that is missing from the map', async () => {
    const app = Fastify({ logger: false });
    await app.register(authPlugin);
    expect(() => app.get('/v1/not-in-the-map', () => 'never')).toThrow(/GET \/v1\/not-in-the-map is missing from the permission map/);
    expect(() => app.post('/v1/api-keys', () => 'mapped')).not.toThrow();
    await app.close();
  });

  it('answers public routes without credentials, and a stale credential does not block them', async () => {
    for (const path of ['/health', '/openapi.json', '/', '/docs']) {
      const anonymous = await call('GET', path);
      expect([200, 302], path).toContain(anonymous.status);
      const stale = await call('GET', path, { key: 'omc_sk_unknown' });
      expect(stale.status, path).toBe(anonymous.status);
    }
    expect((await call('GET', '/health')).body).toEqual({ status: 'ok' });
  });

  it('answers 401 unauthenticated to an anonymous call of every protected route, before reading the body', async () => {
    const failures: string[] = [];
    for (const route of protectedRoutes()) {
      const path = samplePath(route.url);
      // Malformed JSON: were the body parsed before authentication, this would be a 400.
      const res = await call(route.method, path, hasBody(route.method) ? { body: '{"not json' } : {});
      const ok =
        res.status === 401 &&
        (route.method === 'HEAD' || (res.body?.error?.code === 'unauthenticated' && typeof res.body.error.message === 'string' && typeof res.body.error.request_id === 'string'));
      if (!ok) failures.push(`${route.method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
    expect(protectedRoutes().length).toBeGreaterThan(20);
  });

  it('answers 401 to an unknown or malformed credential on every protected route', async () => {
    const failures: string[] = [];
    for (const route of protectedRoutes().filter((r) => r.method !== 'HEAD')) {
      const path = samplePath(route.url);
      for (const headers of [{ authorization: 'Bearer omc_sk_unknown' }, { authorization: `Basic ${ADMIN_TOKEN}` }, { cookie: 'omc_session=omc_ss_unknown' }] as Record<string, string>[]) {
        const res = await call(route.method, path, { headers, ...(hasBody(route.method) ? { body: '{}' } : {}) });
        if (res.status !== 401 || res.body?.error?.code !== 'unauthenticated') failures.push(`${route.method} ${path} ${JSON.stringify(headers)} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 forbidden to every role the map leaves out, before validating the body', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of roleRoutes()) {
      const allowed = PERMISSIONS[mapKey(route)] as readonly Role[];
      const path = samplePath(route.url);
      for (const role of NON_ADMIN_ROLES.filter((r) => !allowed.includes(r))) {
        checked++;
        // An unknown field: validation would answer 400, so a 403 shows the permission check came first.
        const res = await call(route.method, path, { key: keys.get(role)!, ...(hasBody(route.method) ? { body: JSON.stringify({ field_nobody_knows: true }) } : {}) });
        const ok = res.status === 403 && (route.method === 'HEAD' || (res.body?.error?.code === 'forbidden' && res.body.error.details?.role === role));
        if (!ok) failures.push(`${role}: ${route.method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('lets every role the map names through the permission check (it then validates or answers)', async () => {
    const failures: string[] = [];
    for (const route of roleRoutes()) {
      const allowed = PERMISSIONS[mapKey(route)] as readonly Role[];
      const path = samplePath(route.url);
      for (const role of allowed.filter((r) => r !== 'admin')) {
        const res = await call(route.method, path, { key: keys.get(role)!, ...(hasBody(route.method) ? { body: JSON.stringify({ field_nobody_knows: true }) } : {}) });
        if (res.status === 401 || res.status === 403 || res.status >= 500) failures.push(`${role}: ${route.method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets admin call every route, and any caller the routes open to everyone signed in', async () => {
    const failures: string[] = [];
    for (const route of protectedRoutes().filter((r) => r.method !== 'DELETE')) {
      const path = samplePath(route.url);
      const callers: [string, string][] = PERMISSIONS[mapKey(route)] === 'authenticated' ? [...keys.entries(), ['admin', ADMIN_TOKEN]] : [['admin', ADMIN_TOKEN]];
      for (const [who, key] of callers) {
        const res = await call(route.method, path, { key, ...(hasBody(route.method) ? { body: JSON.stringify({ field_nobody_knows: true }) } : {}) });
        if (res.status === 401 || res.status === 403 || res.status >= 500) failures.push(`${who}: ${route.method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
    // The one protected DELETE (log out) is harmless for a key: nothing to end, 204.
    expect((await call('DELETE', '/v1/sessions/current', { key: keys.get('customer')! })).status).toBe(204);
  });

  it('gives a well-formed path to every protected route (no parameter left unsampled)', () => {
    for (const route of protectedRoutes()) expect(samplePath(route.url)).not.toMatch(/[:*]/);
  });
});
