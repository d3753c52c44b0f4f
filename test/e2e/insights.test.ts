import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { HAVE_CHROMIUM, launchChromium, logIn, NORDHAFEN_BUYER, openPage, shot, startOmc } from './browser';

/**
 * Insights in a real browser (see ./browser.ts), on the demo company's eight weeks of history: the executive
 * reads the KPIs (the API's figures), four charts drawn by Chart.js each with its numbers a click away, and
 * changes the period; an order page tells the time the order spent in each stage and how much it waited; a
 * customer never reaches the page.
 */
/** A canvas Chart.js sized and painted: some pixel is not transparent. (Runs in the page: no DOM types here.) */
const painted = (c: any): boolean => c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v: number) => v !== 0);

describe.skipIf(!HAVE_CHROMIUM)('insights and stage times in the console, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: <T>(path: string, body?: unknown) => Promise<T>;
  let customerIdOf: Map<string, string>;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    ({ server, admin, customerIdOf } = await startOmc(clock));
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the executive reads the KPIs and four charts, each with its numbers, and changes the period', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/insights`);
    await logIn(page, 'executive@demo.omc');
    await page.waitForURL(`${server.url}/insights`);
    const delivery = await admin<{ otif_percent: number | null; due_orders: number }>('/v1/analytics/delivery');
    expect(delivery.due_orders).toBeGreaterThan(10); // the demo's history
    const otif = page.getByTestId('kpis').locator('.kpi', { hasText: 'On time, in full' });
    await expect.poll(() => otif.locator('.value').textContent()).toBe(`${delivery.otif_percent} %`);
    expect(await otif.textContent()).toContain(`of ${delivery.due_orders} orders due`);

    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const canvas = charts.nth(i).locator('canvas');
      expect(await canvas.getAttribute('aria-label')).toBeTruthy();
      // Drawn: Chart.js sized the canvas and painted something other than transparent pixels.
      await expect.poll(() => canvas.evaluate(painted)).toBe(true);
    }
    const stages = charts.filter({ hasText: 'Where the time goes' });
    await stages.getByText('The numbers').click();
    expect(await stages.locator('tbody tr').count()).toBe(10);
    expect(await stages.locator('tbody tr', { hasText: 'Selection & prioritization' }).locator('td[data-label="Waiting"]').textContent()).toBe('100 %');
    await shot(page, '60-staff-insights');

    const period = page.locator('.period .muted');
    const before = await period.textContent();
    await page.getByLabel('Period').selectOption('4');
    await expect.poll(() => period.textContent()).not.toBe(before);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads well on a phone', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/insights`);
    await logIn(page, 'executive@demo.omc');
    await page.locator('figure.chart').first().waitFor();
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true); // no sideways scrolling
    await shot(page, '61-staff-insights-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an order page tells the time in each stage and how much of it was waiting', async () => {
    const orders = (await admin<{ data: { id: string; number: string; status: string }[] }>('/v1/orders?limit=200')).data;
    const shipped = orders.filter((o) => o.status === 'in_fulfillment').at(-1)!; // the oldest: from the demo's history
    const times = await admin<{ total_seconds: number; stages: { name: string }[] }>(`/v1/orders/${shipped.id}/stage-times`);
    expect(times.total_seconds).toBeGreaterThan(24 * 3600);
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/orders/${shipped.id}`);
    await logIn(page, 'csr@demo.omc');
    const table = page.getByTestId('stage-times');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody td[data-label="Stage"]').allTextContents()).toEqual(times.stages.map((s) => expect.stringContaining(s.name)));
    expect(await table.textContent()).toMatch(/in the cycle.*of it waiting/);
    await shot(page, '62-staff-order-stage-times');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a customer never reaches it: the portal instead, where their order tells how long each step took', async () => {
    const mine = (await admin<{ data: { id: string; status: string }[] }>(`/v1/orders?customer_id=${customerIdOf.get(NORDHAFEN_BUYER)}&limit=200`)).data;
    const shipped = mine.filter((o) => o.status === 'in_fulfillment').at(-1)!;
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/portal/login`);
    await logIn(page, NORDHAFEN_BUYER);
    await page.waitForURL(`${server.url}/portal`);
    await page.goto(`${server.url}/insights`);
    await page.waitForURL(`${server.url}/portal`);
    expect(await page.locator('figure.chart').count()).toBe(0);

    await page.goto(`${server.url}/portal/orders/${shipped.id}`);
    const steps = page.locator('table', { hasText: 'How long' });
    await steps.locator('tbody tr').first().waitFor();
    expect(await steps.locator('td[data-label="Step"]').allTextContents()).toContainEqual(expect.stringContaining('Made, packed and shipped'));
    expect(await steps.textContent()).not.toMatch(/warehouse|finance|operations|csr/i); // no departments for the customer
    await shot(page, '63-portal-order-steps');
    expect(errors).toEqual([]);
    await context.close();
  });
});
