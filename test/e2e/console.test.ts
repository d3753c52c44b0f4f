import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/cli/demo';
import { ManualClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { HAVE_CHROMIUM, launchChromium, logIn, LUMIERE_BUYER, NORDHAFEN_BUYER, openPage, shot, startOmc } from './browser';

/**
 * The console and the portal in a real browser (see ./browser.ts): the staff path (log in, board, order,
 * list, log out), the portal path, and a customer kept out of staff pages and other customers' orders.
 */

interface ApiOrder {
  id: string;
  number: string;
  status: string;
  customer_id: string;
}

describe.skipIf(!HAVE_CHROMIUM)('the console and the portal in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let orders: ApiOrder[];
  let customerIdOf: Map<string, string>; // portal e-mail → customer id

  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    const omc = await startOmc(clock);
    ({ server, customerIdOf } = omc);
    const admin = omc.admin;

    // More than a page of orders (the list pages by 25), and one over its customer's credit limit: held,
    // with a handoff to finance that three days later is overdue.
    const customers = (await admin<{ data: { id: string; tier: string; currency: string; credit_limit: unknown }[] }>('/v1/customers?limit=200')).data;
    const portal = new Set(customerIdOf.values());
    const buyer = customers.find((c) => c.tier === 'standard' && c.currency === 'EUR' && c.credit_limit !== null && !portal.has(c.id))!;
    const products = (await admin<{ data: { id: string; list_price: { amount: number } | null }[] }>('/v1/products?limit=200')).data
      .filter((p) => p.list_price)
      .sort((a, b) => a.list_price!.amount - b.list_price!.amount);
    for (let i = 0; i < 20; i++) await admin('/v1/orders', { customer_id: buyer.id, lines: [{ product_id: products[0]!.id, quantity: 1 }] });
    const held = await admin<ApiOrder>('/v1/orders', { customer_id: buyer.id, lines: [{ product_id: products.at(-1)!.id, quantity: 40 }] });
    expect(held.status).toBe('on_hold');
    clock.advance({ days: 3 });
    expect((await admin<{ data: unknown[] }>('/v1/handoffs?overdue=true')).data.length).toBeGreaterThan(0);
    orders = (await admin<{ data: ApiOrder[] }>('/v1/orders?limit=200')).data;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = (options: { viewport?: { width: number; height: number } } = {}) => openPage(browser, options);

  it('staff: log in, the cycle board, an order with its promise, priority and timeline, the list, log out', async () => {
    const { context, page, errors, allowed } = await open();
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login\?next=%2F$/);
    allowed.push(/\/v1\/sessions$/); // the wrong password's 401
    await logIn(page, 'csr@demo.omc', 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Email or password is wrong.');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '01-staff-login-error');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    allowed.pop();

    // The cycle board: ten columns, confirmed orders in "Selection & prioritization", the held one in
    // "Order receipt & entry" with its badge and its overdue handoff to finance marked.
    await page.waitForURL(`${server.url}/`);
    await page.locator('section.column').first().waitFor();
    expect(await page.locator('section.column').count()).toBe(10);
    const confirmed = orders.filter((o) => o.status === 'confirmed').length;
    const queued = page.locator('section.column[data-stage="prioritization"]');
    await expect.poll(() => queued.locator('.ticket').count()).toBe(confirmed);
    expect(await queued.locator('.count').textContent()).toBe(String(confirmed));
    const entry = page.locator('section.column[data-stage="entry"]');
    expect(await entry.locator('.count').textContent()).toBe(String(orders.filter((o) => ['received', 'on_hold'].includes(o.status)).length));
    const heldTicket = entry.locator('.ticket', { hasText: 'held' });
    expect(await heldTicket.count()).toBe(1);
    expect(await heldTicket.textContent()).toContain('overdue · finance');
    expect(await heldTicket.getAttribute('class')).toContain('ticket-overdue');
    await shot(page, '02-staff-cycle-board');

    // An order from the board.
    const first = queued.locator('.ticket').first();
    const number = (await first.locator('.num').textContent())!;
    await first.click();
    await page.getByRole('heading', { name: `Order ${number}` }).waitFor();
    const promise = page.getByTestId('promise');
    expect(await promise.textContent()).toMatch(/in stock at [A-Z]+|from supply|lead time/);
    const priority = page.getByTestId('priority');
    await expect.poll(() => priority.textContent()).toMatch(/Score \d+\.\d\d/);
    for (const term of ['tier', 'value', 'margin', 'slack', 'age']) expect(await priority.textContent()).toContain(term);
    const timeline = page.getByTestId('timeline').locator('li');
    expect(await timeline.count()).toBeGreaterThanOrEqual(2);
    const types = await timeline.locator('.what').allTextContents();
    expect(types.indexOf('order.received')).toBeLessThan(types.indexOf('order.confirmed')); // oldest first
    expect(await timeline.first().locator('.when').textContent()).toMatch(/(entry|pricing) · .* · by /); // an order from a quote starts with it
    await shot(page, '03-staff-order');

    // The orders list: paging by cursor both ways, a filter, a search by number.
    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.waitForURL(`${server.url}/orders`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(25);
    const firstRow = await page.locator('tbody tr').first().textContent();
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(Math.min(25, orders.length - 25));
    expect(await page.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(orders.length <= 50);
    await page.getByRole('button', { name: '← Previous' }).click();
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toBe(firstRow);
    await page.getByLabel('Status').selectOption('on_hold');
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('on hold')]);
    await page.getByLabel('Status').selectOption('cancelled');
    await expect.poll(() => page.locator('tbody td.empty').count()).toBe(1);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Search', { exact: true }).fill(number.slice(-6));
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining(number)]);
    await shot(page, '04-staff-orders');

    // Log out: the console is closed again.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${server.url}/login`);
    await page.goto(`${server.url}/orders`);
    await page.waitForURL(/\/login\?next=%2Forders$/);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('customer: the portal shows own orders only, an order with its tracking timeline, in words', async () => {
    const { context, page, errors } = await open({ viewport: { width: 390, height: 844 } }); // a phone
    const own = orders.filter((o) => o.customer_id === customerIdOf.get(NORDHAFEN_BUYER));
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(orders.length);

    await page.goto(`${server.url}/portal`);
    await page.waitForURL(/\/portal\/login/);
    await shot(page, '05-portal-login');
    await logIn(page, NORDHAFEN_BUYER);
    await page.waitForURL(`${server.url}/portal`);
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(own.length);
    const shown = await page.locator('tbody tr td:first-child a').allTextContents();
    expect(shown.sort()).toEqual(own.map((o) => o.number).sort());
    const listed = (await page.locator('tbody').textContent())!;
    expect(listed).toMatch(/Confirmed|Being prepared|Shipped|Delivered/); // in words, not status codes
    expect(listed).not.toMatch(/in_fulfillment|partially_shipped/);
    await shot(page, '06-portal-orders');

    await page.getByRole('link', { name: own[0]!.number }).click();
    await page.waitForURL(`${server.url}/portal/orders/${own[0]!.id}`);
    const tracking = page.getByTestId('tracking');
    await tracking.waitFor();
    const text = (await tracking.textContent())!;
    expect(text).toContain(`We received your order ${own[0]!.number}`);
    expect(text).toMatch(/confirmed|preparing your order|left us/);
    expect(text).toMatch(/Expected \d+ \w+ \d{4}/);
    // Nothing internal: no warehouse codes, departments, event types, costs or credit.
    const body = (await page.locator('main').textContent())!;
    for (const internal of ['in stock at', 'order.', 'csr', 'credit', 'margin', 'cost', 'HAM']) expect(body).not.toContain(internal);
    await shot(page, '07-portal-order');

    // An order of the demo's history: shipped with its carrier and tracking number, then delivered.
    const delivered = own.filter((o) => o.status === 'in_fulfillment').at(-1)!;
    await page.goto(`${server.url}/portal/orders/${delivered.id}`);
    await expect.poll(() => tracking.textContent()).toMatch(/left us: \d+ item\(s\) with DHL Freight, tracking number \w+\..*was delivered\./);
    expect(await page.locator('dl.facts').textContent()).toContain('Delivered');
    for (const internal of ['HAM', 'warehouse', 'shipment.']) expect(await page.locator('main').textContent()).not.toContain(internal);
    await shot(page, '08-portal-order-delivered');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('customer: no staff page, no other customer\'s order — in the browser and on the API', async () => {
    const { context, page, errors, allowed } = await open();
    const own = orders.find((o) => o.customer_id === customerIdOf.get(LUMIERE_BUYER))!;
    const other = orders.find((o) => o.customer_id === customerIdOf.get(NORDHAFEN_BUYER))!;
    expect(own && other).toBeTruthy();
    await page.goto(`${server.url}/portal/login`);
    await logIn(page, LUMIERE_BUYER);
    await page.waitForURL(`${server.url}/portal`);

    // Staff pages send a customer to the portal, before any staff data is asked for.
    const staffCalls: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (/^\/v1\/(stages|handoffs|events|orders\/[^/]+\/(timeline|priority))/.test(path)) staffCalls.push(path);
    });
    for (const path of ['/', '/orders', `/orders/${own.id}`, `/orders/${other.id}`, '/quotes', '/quotes/new', '/pipeline']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForURL(`${server.url}/portal`);
      await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    }
    expect(staffCalls).toEqual([]);

    // Another customer's order is "not found".
    allowed.push(new RegExp(`/v1/orders/${other.id}$`));
    await page.goto(`${server.url}/portal/orders/${other.id}`);
    await page.getByText('Not found').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(other.number);
    await shot(page, '08-portal-other-customers-order');

    // And on the API, with the same session.
    const answers = await page.evaluate(async (ids) => {
      const status = async (path: string) => (await fetch(path)).status;
      return {
        other: await status(`/v1/orders/${ids.other}`),
        ownTimeline: await status(`/v1/orders/${ids.own}/timeline`), // its own, with departments instead of people
        otherTimeline: await status(`/v1/orders/${ids.other}/timeline`),
        stages: await status('/v1/stages'),
      };
    }, { other: other.id, own: own.id });
    expect(answers).toEqual({ other: 404, ownTimeline: 200, otherTimeline: 404, stages: 403 });
    expect(errors.filter((e) => !/\/v1\/(orders\/[^/]+\/timeline|stages)\)$/.test(e))).toEqual([]);
    await context.close();
  }, 60_000);

  it('serves the built files with long caching, gzipped, and refuses anything else under /assets', async () => {
    const html = await (await fetch(`${server.url}/portal/orders/ord_x`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const js = await fetch(`${server.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // Gzipped for a browser that takes it (fetch asks for it and unpacks it); as is for one that does not.
    expect(js.headers.get('content-encoding')).toBe('gzip');
    const plain = await fetch(`${server.url}${asset}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(await js.text());
    for (const path of ['/assets/..%2F..%2Fpackage.json', '/assets/nope.js', '/assets/%2E%2E/index.html', '/assets/x.txt']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});
