import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/cli/demo';
import { ManualClock } from '../../src/core/clock';
import { prepareDatabase, startServer, type RunningServer } from '../../src/server';

/**
 * What the browser tests share: Debian's Chromium driven by playwright-core, against omc started in process
 * on a fresh PGlite database with the demo company. Screenshots go to test-output/screenshots/. Without
 * /usr/bin/chromium the suites are skipped and say so (`.ci/run` installs it, so CI always runs them; with
 * CI or OMC_REQUIRE_CHROMIUM set, a missing Chromium fails).
 */

const CHROMIUM = process.env.OMC_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  if (process.env.CI || process.env.OMC_REQUIRE_CHROMIUM) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  process.stderr.write(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium).\n`);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const ADMIN_TOKEN = 'omc_sk_e2e_admin_token';
export const NORDHAFEN_BUYER = 'buyer@nordhafen.example';
export const LUMIERE_BUYER = 'claire@lumiere-pack.example';

/** omc on the demo company (the web app built first if it is not), the admin's API, and a Chromium. */
export async function startOmc(clock: ManualClock) {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
  }
  mkdirSync(SHOTS, { recursive: true });
  const database = await prepareDatabase({ dataDir: 'memory://' }, ADMIN_TOKEN, clock);
  await seedDemo(database.db, { progress: false });
  const server: RunningServer = await startServer(database, { port: 0, host: '127.0.0.1' }, { logger: false, clock });

  async function admin<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, path).toBeLessThan(300);
    return (await response.json()) as T;
  }

  /** Portal e-mail → customer id. */
  const customerIdOf = new Map<string, string>();
  const users = (await admin<{ data: { email: string; customer_id: string | null }[] }>('/v1/users?limit=200')).data;
  for (const u of users) if (u.customer_id) customerIdOf.set(u.email, u.customer_id);
  return { server, admin, customerIdOf };
}

/** playwright-core gives every launch a fresh, empty --user-data-dir of its own (and removes it). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh browser context (no cookies) and a page that records every console error and page error.
 * A failed request logs a console error too: `allowed` lists the answers a step expects (the 401 of
 * /v1/me before logging in, a 404 for another customer's order).
 */
export async function openPage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}) {
  const context: BrowserContext = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [/\/v1\/me$/];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url ?? '';
    if (message.text().startsWith('Failed to load resource') && allowed.some((re) => re.test(url))) return;
    errors.push(`console: ${message.text()} (${url})`);
  });
  return { context, page, errors, allowed };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Log in with the keyboard alone: the e-mail field has focus, Tab to the password, Enter submits. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('E-mail').waitFor();
  await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null")).toBe('email');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}
