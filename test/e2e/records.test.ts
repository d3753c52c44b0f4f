import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { HAVE_CHROMIUM, launchChromium, logIn, openPage, shot, startOmc } from './browser';

/**
 * The priority queue, customers, products and stock in a real browser (see ./browser.ts): the executive reads
 * the queue and why each order stands where it does; a CSR asks for an order to go first; operations accepts
 * and the queue shows it moved up and who moved back; a CSR creates a customer (a field error first); the
 * warehouse adjusts stock.
 */

interface QueueItem {
  position: number;
  order_id: string;
  number: string;
  expedited: boolean;
}

describe.skipIf(!HAVE_CHROMIUM)('queue, customers, products and stock in the console, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: <T>(path: string, body?: unknown) => Promise<T>;
  let target: QueueItem;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    ({ server, admin } = await startOmc(clock));
    const queue = (await admin<{ data: QueueItem[] }>('/v1/priority/queue?limit=200')).data;
    expect(queue.length).toBeGreaterThan(4);
    target = queue.find((q) => q.position >= 4 && !q.expedited)!; // far enough down to move up
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the executive reads the queue: each score explained term by term, and the policy with its version', async () => {
    const { context, page, errors, allowed } = await openPage(browser);
    await page.goto(`${server.url}/queue`);
    await logIn(page, 'executive@demo.omc');
    await page.waitForURL(`${server.url}/queue`);
    const first = page.locator('tbody tr').first();
    await expect.poll(() => first.locator('td[data-label="Why"]').textContent()).toMatch(/\w+ \+\d+\.\d\d/);
    expect(await first.locator('td[data-label="#"]').textContent()).toBe('1');
    expect(await first.locator('.stacked-terms span').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('policy').getByRole('heading').textContent()).toMatch(/^Policy v\d+$/);
    expect(await page.getByRole('button', { name: 'Change policy…' }).count()).toBe(1); // executives set it
    expect(await page.getByRole('button', { name: /^Expedite / }).count()).toBe(0); // CSRs and sales ask
    await shot(page, '40-staff-queue');

    // A new version of the policy: the API's message at the field it refuses, then saved as the next version.
    const policy = page.getByTestId('policy');
    await page.getByRole('button', { name: 'Change policy…' }).click();
    await policy.getByLabel('Weight: age').fill('0');
    await policy.getByLabel('Why this change').fill('Same weights, written down for the quarter.');
    allowed.push(/\/v1\/priority\/policy$/); // the refused first try's 400
    await policy.getByRole('button', { name: /^Save as v\d+$/ }).click();
    await expect.poll(() => policy.getByLabel('Weight: age').getAttribute('aria-invalid')).toBe('true');
    expect(await policy.locator('.field-message').textContent()).toMatch(/Waiting age must count/);
    await policy.getByLabel('Weight: age').fill('1');
    await policy.getByRole('button', { name: /^Save as v\d+$/ }).click();
    await expect.poll(() => policy.getByRole('heading').textContent()).toBe('Policy v2');
    expect(await policy.textContent()).toContain('Same weights, written down for the quarter.');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('a CSR asks for an order to go first, from its queue row, with a reason', async () => {
    const { context, page, errors, allowed } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/queue`);
    await logIn(page, 'csr@demo.omc');
    await page.waitForURL(`${server.url}/queue`);
    await page.getByLabel('Order number').fill(target.number);
    await page.getByRole('button', { name: `Expedite ${target.number}` }).click();
    const form = page.getByTestId('reason-form');
    allowed.push(/\/expedite-requests$/); // the refused first try's 400
    await form.getByRole('button', { name: 'Request expedite' }).click();
    await expect.poll(() => form.getByLabel('Why it must go first').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Why it must go first').fill('Line stop at the customer: they run out on Friday.');
    await form.getByRole('button', { name: 'Request expedite' }).click();
    await form.waitFor({ state: 'detached' });
    const request = page.getByTestId(`expedite-${target.order_id}`);
    await expect.poll(() => request.textContent()).toMatch(/requested.*asked by you.*Line stop at the customer/);
    expect(await page.getByRole('button', { name: `Accept expedite of ${target.number}` }).count()).toBe(0); // operations decides
    await shot(page, '41-staff-expedite-requested');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('operations accepts it: the order moves up and the decision lists who moved back', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/queue`);
    await logIn(page, 'operations@demo.omc');
    await page.waitForURL(`${server.url}/queue`);
    await page.getByRole('button', { name: `Accept expedite of ${target.number}` }).click();
    const form = page.getByTestId('reason-form');
    await form.getByLabel('Reason').fill('Capacity on the line this week; the others keep their dates.');
    await form.getByRole('button', { name: 'Accept' }).click();
    const request = page.getByTestId(`expedite-${target.order_id}`);
    await expect.poll(() => request.textContent()).toMatch(/accepted.*accepted by you.*Moved from #\d+ to #\d+\. Moved back: SO-/);
    const moved = /Moved from #(\d+) to #(\d+)/.exec((await request.textContent())!)!;
    expect(Number(moved[2])).toBeLessThan(Number(moved[1]));
    const row = page.locator('tbody tr', { hasText: target.number });
    await expect.poll(() => row.locator('td[data-label="#"]').textContent()).toBe(moved[2]);
    expect(await row.textContent()).toContain('expedited');
    expect(await row.locator('td[data-label="Why"]').textContent()).toMatch(/expedite \+/);
    await shot(page, '42-staff-expedite-accepted');

    // Holds: operations may place a quality hold, and release it.
    await row.getByRole('button', { name: `Holds of ${target.number}` }).click();
    const holds = page.getByTestId('holds');
    await holds.getByRole('button', { name: 'Place a hold…' }).click();
    expect(await holds.getByLabel('Type').locator('option').allTextContents()).toEqual(['quality', 'engineering']);
    await holds.getByLabel('Reason').fill('Batch under inspection.');
    await holds.getByRole('button', { name: 'Place hold' }).click();
    await expect.poll(() => holds.locator('li').first().textContent()).toMatch(/active.*quality.*Batch under inspection/);
    await shot(page, '43-staff-order-holds');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
  it('a CSR creates a customer: the API’s message at the field first, then the customer page with a note', async () => {
    const { context, page, errors, allowed } = await openPage(browser);
    await page.goto(`${server.url}/customers`);
    await logIn(page, 'csr@demo.omc');
    await page.waitForURL(`${server.url}/customers`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByLabel('Search by name').fill('tatra');
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('Tatra Brewery')]);
    await shot(page, '44-staff-customers');
    await page.getByRole('link', { name: 'New customer' }).click();
    const form = page.getByTestId('customer-form');
    await form.getByLabel('Name').fill('Vistula Foods S.A.');
    await form.getByLabel('Tier').selectOption('key');
    await form.getByLabel('Currency').fill('PLN');
    await form.getByLabel(/^Credit limit/).fill('25000');
    await form.getByLabel('E-mail').fill('orders-at-vistula');
    allowed.push(/\/v1\/customers$/); // the refused first try's 400
    await form.getByRole('button', { name: 'Create customer' }).click();
    await expect.poll(() => form.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
    await shot(page, '45-staff-new-customer-error');
    await form.getByLabel('E-mail').fill('orders@vistula.example');
    await form.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForURL(/\/customers\/cus_/);
    await page.getByRole('heading', { name: 'Vistula Foods S.A.' }).waitFor();
    expect(await page.getByTestId('credit').textContent()).toMatch(/Credit limit.*PLN\s?25,000\.00.*Open balance/);
    await page.getByLabel('New note').fill('Wants deliveries before 10:00.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByTestId('notes').locator('li').first().textContent()).toMatch(/\(csr\).*Wants deliveries before 10:00\./);
    await page.getByRole('button', { name: 'Edit…' }).click();
    const edit = page.getByTestId('customer-form');
    expect(await edit.getByLabel('Payment terms (days)').getAttribute('readonly')).not.toBeNull(); // finance's
    await edit.getByLabel('VAT id').fill('pl 526-000-12-46');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('details').textContent()).toContain('VAT idPL5260001246');
    await shot(page, '46-staff-customer');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
  it('operations reads a product built to order (price, cost roll-up for a lot, BOM, routing, stock) and adds one', async () => {
    const { context, page, errors, allowed } = await openPage(browser);
    await page.goto(`${server.url}/products`);
    await logIn(page, 'operations@demo.omc');
    await page.waitForURL(`${server.url}/products`);
    await page.getByLabel('Search by SKU or name').fill('SKID');
    await page.getByRole('link', { name: 'SKID-PU1' }).click();
    await page.getByRole('heading', { name: /^SKID-PU1 · / }).waitFor();
    const cost = page.getByTestId('cost');
    await expect.poll(() => cost.textContent()).toMatch(/Rolled up over \d+ material line\(s\) and 2 operation\(s\).*total/);
    const single = await cost.locator('tbody tr', { hasText: 'total' }).locator('td').nth(1).textContent();
    await cost.getByLabel('Lot size').fill('5');
    await expect.poll(() => cost.locator('th').last().textContent()).toBe('Lot of 5');
    expect(await cost.locator('tbody tr', { hasText: 'total' }).locator('td').nth(1).textContent()).not.toBe(single); // setups spread over 5
    expect(await page.locator('main').textContent()).toMatch(/Bill of materials.*PMP-100.*Routing.*ASM.*TST/);
    expect(await page.getByRole('button', { name: 'Edit…' }).count()).toBe(1);
    await shot(page, '47-staff-product');

    // A new product: the SKU the API refuses, at its field, then the product page.
    await page.getByRole('link', { name: '← All products' }).click();
    await page.getByRole('link', { name: 'New product' }).click();
    const form = page.getByTestId('product-form');
    await form.getByLabel('SKU').fill('GSK ring?');
    await form.getByLabel('Name').fill('Gasket ring DN50');
    await form.getByLabel('List price (EUR)').fill('4.80');
    allowed.push(/\/v1\/products$/); // the refused first try's 400
    await form.getByRole('button', { name: 'Create product' }).click();
    await expect.poll(() => form.getByLabel('SKU').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('SKU').fill('GSK-DN50');
    await form.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: 'GSK-DN50 · Gasket ring DN50' }).waitFor();
    expect(await page.getByTestId('product').textContent()).toContain('€4.80');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the warehouse adjusts stock: a refused change first, then the level and the movement', async () => {
    const { context, page, errors, allowed } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/stock`);
    await logIn(page, 'warehouse@demo.omc');
    await page.waitForURL(`${server.url}/stock`);
    await page.locator('tbody tr').first().waitFor();
    const level = (await admin<{ data: { product_id: string; warehouse_id: string; on_hand: number }[] }>('/v1/stock?limit=1')).data[0]!;
    await page.getByLabel('Product', { exact: true }).selectOption(level.product_id);
    await page.getByLabel('Warehouse', { exact: true }).selectOption(level.warehouse_id);
    const form = page.getByTestId('adjust');
    await form.getByLabel('Change (units)').fill('0');
    await form.getByLabel('Reason').fill('Cycle count');
    allowed.push(/\/v1\/stock\/adjustments$/); // the refused first try's 400
    await form.getByRole('button', { name: 'Adjust' }).click();
    await expect.poll(() => form.getByLabel('Change (units)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field-message').textContent()).toBe('An adjustment of 0 moves nothing.');
    await shot(page, '48-staff-stock-adjust-error');
    await form.getByLabel('Change (units)').fill('-2');
    await form.getByRole('button', { name: 'Adjust' }).click();
    await expect.poll(() => form.textContent()).toMatch(/Adjusted .* by -2\./);
    await expect.poll(() => page.locator('tbody tr').first().locator('td[data-label="On hand"]').textContent()).toBe(String(level.on_hand - 2));
    expect(await page.locator('td[data-label="Reason"]').first().textContent()).toBe('Cycle count');
    await shot(page, '49-staff-stock-adjusted');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
