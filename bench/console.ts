/**
 * bench/console — how fast the web console and the customer portal load in a real browser on the demo data
 * (the goal: the first page under a second).
 *
 * How: omc starts in process as `npm start` does — embedded PGlite in a fresh data folder (removed afterwards),
 * the demo company seeded — and serves the built app in web/dist (run `npm run build:web` first). Debian's
 * Chromium, launched by test/e2e/browser.ts, opens each main page of the console as admin@demo.omc (who may
 * open them all) and the portal as buyer@nordhafen.example, each already logged in by its session cookie. Each
 * repeat opens a new browser context and loads the page there (cold: empty cache), then loads it once more in
 * that context (warm: the app's files from the cache, the API asked again). One cold and one warm load of each
 * page before its repeats are not counted, so the server's own warm-up does not land on the first page.
 *
 * "Loaded": the heading is on screen, no "Loading…" is left and no fetch is in flight, checked and timed from
 * inside the page (bench/console-load.ts), from navigation start. Per page it prints cold and warm p50/max ms,
 * the API requests made and the KB transferred (cold, warm) until then, and whether the cold p50 is under
 * 1000 ms; once, the size of web/dist's JS and CSS, raw and gzipped. A page that does not get ready within 15 s,
 * shows "Not found" or logs a console error fails the run (non-zero exit); a slow page does not.
 *
 * Run: `npm run bench -- console [--repeats 5] [--short]`  (--short: 1 repeat, the board and three pages).
 * Chromium: /usr/bin/chromium or OMC_CHROMIUM (`apt-get install -y chromium`).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { DEMO_ADMIN_EMAIL, DEMO_API_KEY, DEMO_PASSWORD, seedDemo } from '../src/cli/demo';
import { WEB_DIST } from '../src/http/web';
import { prepareDatabase, startServer } from '../src/server';
import { argument, percentile } from './common';
import { timeLoad, watchReadiness, type Reading } from './console-load';

const GOAL_MS = 1000;

/**
 * The records the detail pages open: the order of the newest invoice (shipped and invoiced: the longest
 * timeline), the newest quote and invoice, and the portal customer's newest order.
 */
interface DemoIds {
  order: string;
  quote: string;
  invoice: string;
  portalOrder: string;
}

interface PageSpec {
  name: string;
  route: string;
  path: (ids: DemoIds) => string;
  portal?: boolean;
}

// The routes of web/src/App.tsx, ops-routes.tsx and admin-routes.tsx.
const PAGES: PageSpec[] = [
  { name: 'cycle board', route: '/', path: () => '/' },
  { name: 'orders', route: '/orders', path: () => '/orders' },
  { name: 'order', route: '/orders/:id', path: (ids) => `/orders/${ids.order}` },
  { name: 'quotes', route: '/quotes', path: () => '/quotes' },
  { name: 'quote', route: '/quotes/:id', path: (ids) => `/quotes/${ids.quote}` },
  { name: 'customers', route: '/customers', path: () => '/customers' },
  { name: 'products', route: '/products', path: () => '/products' },
  { name: 'stock', route: '/stock', path: () => '/stock' },
  { name: 'priority queue', route: '/queue', path: () => '/queue' },
  { name: 'schedule', route: '/schedule', path: () => '/schedule' },
  { name: 'shipments', route: '/shipments', path: () => '/shipments' },
  { name: 'invoices', route: '/invoices', path: () => '/invoices' },
  { name: 'invoice', route: '/invoices/:id', path: (ids) => `/invoices/${ids.invoice}` },
  { name: 'disputes', route: '/disputes', path: () => '/disputes' },
  { name: 'dropped balls', route: '/dropped-balls', path: () => '/dropped-balls' },
  { name: 'insights', route: '/insights', path: () => '/insights' },
  { name: 'portal orders', route: '/portal', path: () => '/portal', portal: true },
  { name: 'portal order', route: '/portal/orders/:id', path: (ids) => `/portal/orders/${ids.portalOrder}`, portal: true },
  { name: 'portal quotes', route: '/portal/quotes', path: () => '/portal/quotes', portal: true },
  { name: 'portal invoices', route: '/portal/invoices', path: () => '/portal/invoices', portal: true },
];
const SHORT_PAGES = ['cycle board', 'orders', 'order', 'portal orders'];

/** omc as `npm start` runs it: PGlite in a data folder of its own, the demo company, no request log. */
async function startDemo() {
  const dataDir = mkdtempSync(join(tmpdir(), 'omc-bench-console-'));
  const database = await prepareDatabase({ dataDir }, null);
  await seedDemo(database.db, { progress: false });
  const server = await startServer(database, { port: 0, host: '127.0.0.1' }, { logger: false });
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url: server.url, stop };
}

async function firstOf<T>(url: string, path: string): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
  const [first] = ((await response.json()) as { data?: T[] }).data ?? [];
  if (!first) throw new Error(`bench/console: the demo has nothing at ${path} (${response.status})`);
  return first;
}

async function demoIds(url: string, portalCustomerId: string): Promise<DemoIds> {
  const invoice = await firstOf<{ id: string; lines: { order_id: string }[] }>(url, '/v1/invoices?limit=1');
  const quote = await firstOf<{ id: string }>(url, '/v1/quotes?limit=1');
  const portalOrder = await firstOf<{ id: string }>(url, `/v1/orders?limit=1&customer_id=${portalCustomerId}`);
  return { order: invoice.lines[0]!.order_id, quote: quote.id, invoice: invoice.id, portalOrder: portalOrder.id };
}

interface Cookie {
  name: string;
  value: string;
  url: string;
}

/** Log in as the web app does (POST /v1/sessions): the session cookie for the browser, and who logged in. */
async function logIn(url: string, email: string): Promise<{ cookie: Cookie; customerId: string | null }> {
  const response = await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (response.status !== 201 || !cookie) throw new Error(`bench/console: could not log in as ${email} (${response.status})`);
  const at = cookie.indexOf('=');
  const me = (await response.json()) as { customer_id: string | null };
  return { cookie: { name: cookie.slice(0, at), value: cookie.slice(at + 1), url }, customerId: me.customer_id };
}

type OpenPage = typeof import('../test/e2e/browser').openPage;

/** `repeats` cold loads and as many warm ones, after one of each not counted. */
async function measurePage(browser: Browser, openPage: OpenPage, url: string, cookie: Cookie, repeats: number) {
  const cold: Reading[] = [];
  const warm: Reading[] = [];
  for (let round = 0; round <= repeats; round++) {
    const { context, page, errors } = await openPage(browser);
    try {
      await context.addCookies([cookie]);
      await watchReadiness(context);
      const first = await timeLoad(page, url);
      const again = await timeLoad(page, url);
      if (errors.length) throw new Error([...new Set(errors)].join('; '));
      if ([first, again].some((l) => l.heading === 'Not found')) throw new Error('the page says "Not found"');
      if (round > 0) {
        cold.push(first);
        warm.push(again);
      }
    } finally {
      await context.close();
    }
  }
  return { cold, warm };
}

const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

function pageRow(spec: PageSpec, { cold, warm }: { cold: Reading[]; warm: Reading[] }) {
  const ms = (loads: Reading[]) => loads.map((l) => l.ms);
  const coldP50 = p50(ms(cold));
  return {
    page: spec.name,
    route: spec.route,
    'cold p50 ms': Math.round(coldP50),
    'cold max ms': Math.round(Math.max(...ms(cold))),
    'warm p50 ms': Math.round(p50(ms(warm))),
    'warm max ms': Math.round(Math.max(...ms(warm))),
    'API requests': p50(cold.map((l) => l.apiRequests)),
    'KB cold': kb(p50(cold.map((l) => l.bytes))),
    'KB warm': kb(p50(warm.map((l) => l.bytes))),
    [`cold < ${GOAL_MS} ms`]: coldP50 < GOAL_MS ? 'yes' : 'NO',
  };
}

/** The app's files as built: what a first visit downloads at most, raw and as gzip would send it. */
function distSizes() {
  const assets = join(WEB_DIST, 'assets');
  const files = readdirSync(assets);
  return ['js', 'css'].map((ext) => {
    const bodies = files.filter((f) => f.endsWith(`.${ext}`)).map((f) => readFileSync(join(assets, f)));
    const total = (sizes: number[]) => kb(sizes.reduce((a, b) => a + b, 0));
    return { 'web/dist': ext.toUpperCase(), files: bodies.length, 'raw KB': total(bodies.map((b) => b.length)), 'gzip KB': total(bodies.map((b) => gzipSync(b).length)) };
  });
}

export async function benchConsole(): Promise<object[]> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('bench/console: web/dist is not built. Run `npm run build:web` first.');
  // Loaded here, not at the top: the other benchmarks need neither Chromium nor the browser tests' helpers.
  const { HAVE_CHROMIUM, NORDHAFEN_BUYER, launchChromium, openPage } = await import('../test/e2e/browser');
  if (!HAVE_CHROMIUM) throw new Error('bench/console needs Chromium: apt-get install -y chromium (or set OMC_CHROMIUM).');
  const repeats = process.argv.includes('--short') ? 1 : argument('repeats', 5);
  const pages = process.argv.includes('--short') ? PAGES.filter((p) => SHORT_PAGES.includes(p.name)) : PAGES;
  console.table(distSizes());

  const omc = await startDemo();
  const browser = await launchChromium();
  const rows: object[] = [];
  const failures: { page: string; problem: string }[] = [];
  try {
    const staff = await logIn(omc.url, DEMO_ADMIN_EMAIL);
    const customer = await logIn(omc.url, NORDHAFEN_BUYER);
    const ids = await demoIds(omc.url, customer.customerId!);
    for (const spec of pages) {
      try {
        const loads = await measurePage(browser, openPage, `${omc.url}${spec.path(ids)}`, (spec.portal ? customer : staff).cookie, repeats);
        rows.push(pageRow(spec, loads));
      } catch (error) {
        failures.push({ page: spec.name, problem: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
      }
    }
  } finally {
    await browser.close();
    await omc.stop();
  }
  if (failures.length) {
    console.table(rows);
    console.table(failures);
    throw new Error(`bench/console: ${failures.length} page(s) failed to load cleanly (see the table above)`);
  }
  return rows;
}
