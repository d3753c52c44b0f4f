import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { HAVE_CHROMIUM, launchChromium, logIn, LUMIERE_BUYER, NORDHAFEN_BUYER, openPage, shot, startOmc } from './browser';

/**
 * Billing in a real browser (see ./browser.ts): finance invoices a shipped order in the console, the customer
 * opens the invoice in the portal and disputes a line, finance credits it, the customer reads the answer;
 * and a customer is kept out of the staff invoice pages and other customers' invoices.
 */

interface ApiOrder {
  id: string;
  number: string;
  status: string;
  lines: { id: string; promise: { warehouse_id: string | null; source: string }[] }[];
}
interface ApiShipment {
  id: string;
  number: string;
  status: string;
}
interface ApiInvoice {
  id: string;
  number: string | null;
  customer_id: string;
}

describe.skipIf(!HAVE_CHROMIUM)('billing in the console and the portal, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: <T>(path: string, body?: unknown) => Promise<T>;
  let customerIdOf: Map<string, string>;
  let shipment: ApiShipment;
  let workOrder: { number: string; operations: { sequence: number }[] };
  let invoiceId: string;
  let invoiceNumber: string;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    ({ server, admin, customerIdOf } = await startOmc(clock));
    // An order of Nordhafen's from stock, picked, packed and shipped: what finance bills.
    const products = (await admin<{ data: { id: string; list_price: unknown }[] }>('/v1/products?limit=200')).data.filter((p) => p.list_price);
    let order: ApiOrder | undefined;
    for (const product of products) {
      const candidate = await admin<ApiOrder>('/v1/orders', { customer_id: customerIdOf.get(NORDHAFEN_BUYER), external_ref: 'PO-E2E-BILL', lines: [{ product_id: product.id, quantity: 2 }] });
      if (candidate.status === 'confirmed' && candidate.lines[0]!.promise.every((p) => p.source === 'stock')) {
        order = candidate;
        break;
      }
      await admin(`/v1/orders/${candidate.id}/cancel`, { reason: 'not from stock' });
    }
    expect(order, 'an order from stock').toBeTruthy();
    shipment = await admin<ApiShipment>(`/v1/orders/${order!.id}/shipments`, { warehouse_id: order!.lines[0]!.promise[0]!.warehouse_id });
    expect(shipment.status).toBe('pick_list');
    // A skid built to order, its work order released to the shop floor.
    const skid = (await admin<{ data: { id: string; sku: string }[] }>('/v1/products?limit=200')).data.find((p) => p.sku === 'SKID-PU1')!;
    const built = await admin<ApiOrder>('/v1/orders', { customer_id: customerIdOf.get(NORDHAFEN_BUYER), lines: [{ product_id: skid.id, quantity: 1 }] });
    workOrder = (await admin<{ data: { number: string; operations: { sequence: number }[] }[] }>(`/v1/orders/${built.id}/work-orders`, {})).data[0]!;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the warehouse picks, packs and ships the order from its list', async () => {
    const { context, page, errors, allowed } = await openPage(browser);
    await page.goto(`${server.url}/shipments`);
    await logIn(page, 'warehouse@demo.omc');
    await page.waitForURL(`${server.url}/shipments`);
    const row = page.locator('tbody tr', { hasText: shipment.number });
    await row.waitFor();
    await shot(page, '30-staff-pick-list');
    // The list follows the shipment through its steps (the demo's history fills "any status" with pages).
    const status = page.getByLabel('Status');
    await row.getByRole('button', { name: `Picked ${shipment.number}` }).click();
    await status.selectOption('picked');
    await row.getByRole('button', { name: `Packed ${shipment.number}` }).click();
    await status.selectOption('packed');
    await row.getByRole('button', { name: `Ship ${shipment.number}` }).click();
    const form = page.getByTestId('shipment-step');
    allowed.push(/\/ship$/); // the refused first try's 400
    await form.getByRole('button', { name: 'Ship it' }).click();
    await expect.poll(() => form.getByLabel('Carrier').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Carrier').fill('DHL Freight');
    await form.getByLabel('Tracking number').fill('JVGL-E2E-1');
    await form.getByRole('button', { name: 'Ship it' }).click();
    await expect.poll(() => row.count()).toBe(0); // shipped: no longer packed
    await status.selectOption('shipped');
    await expect.poll(() => row.textContent()).toMatch(/shipped.*DHL Freight · JVGL-E2E-1/);
    expect(await row.getByRole('button', { name: `Delivered ${shipment.number}` }).count()).toBe(1);
    await shot(page, '31-staff-shipped');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('operations works the work order: start and complete each operation in sequence', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/work-orders`);
    await logIn(page, 'operations@demo.omc');
    await page.waitForURL(`${server.url}/work-orders`);
    expect(await page.getByLabel('Department').inputValue()).toBe('operations');
    const row = page.locator('tbody tr', { hasText: workOrder.number });
    const [first, second] = workOrder.operations.map((o) => o.sequence);
    await row.getByRole('button', { name: `Start ${workOrder.number} step ${first}` }).click();
    await expect.poll(() => row.locator('li').first().textContent()).toContain('in progress');
    await shot(page, '32-staff-work-orders');
    await row.getByRole('button', { name: `Complete ${workOrder.number} step ${first}` }).click();
    await row.getByRole('button', { name: `Complete ${workOrder.number} step ${second}` }).click();
    // Done, it leaves the department's list: every department's shows it, with nothing left to do.
    await expect.poll(() => row.count()).toBe(0);
    await page.getByLabel('Department').selectOption('');
    await expect.poll(() => row.locator('td[data-label="Status"]').textContent()).toBe('done');
    expect(await row.getByRole('button').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('finance invoices the shipped order: the invoice with its lines, VAT, totals and documents', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/invoices`);
    await logIn(page, 'finance@demo.omc');
    await page.waitForURL(`${server.url}/invoices`);
    const toInvoice = page.getByTestId('to-invoice');
    await toInvoice.getByText(shipment.number).waitFor();
    await shot(page, '20-staff-invoices');
    await toInvoice.getByRole('button', { name: `Invoice ${shipment.number}` }).click();
    await page.waitForURL(/\/invoices\/inv_/);
    invoiceId = new URL(page.url()).pathname.split('/').pop()!;
    const heading = page.getByRole('heading', { name: /^Invoice INV-\d{4}-\d{6}$/ });
    await heading.waitFor();
    invoiceNumber = (await heading.textContent())!.replace('Invoice ', '');
    const main = page.locator('main');
    expect(await main.locator('tbody').first().textContent()).toContain(shipment.number);
    expect(await page.getByTestId('totals').textContent()).toMatch(/VAT 19%.*Net.*VAT.*Total.*Balance.*Due/);
    // The documents answer under the same session.
    const docs = await page.evaluate(async (id) => {
      const head = async (path: string) => { const r = await fetch(path); return `${r.status} ${r.headers.get('content-type')}`; };
      return [await head(`/v1/invoices/${id}/pdf`), await head(`/v1/invoices/${id}/ubl`)];
    }, invoiceId);
    expect(docs[0]).toMatch(/^200 application\/pdf/);
    expect(docs[1]).toMatch(/^200 application\/xml|^200 text\/xml/);
    await shot(page, '21-staff-invoice');

    // The list: the new invoice, filtered by customer.
    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    await page.getByLabel('Customer').selectOption(customerIdOf.get(NORDHAFEN_BUYER)!);
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toContainEqual(expect.stringContaining(invoiceNumber));
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the customer opens the invoice in the portal and disputes a line; field errors show at the field', async () => {
    const { context, page, errors, allowed } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/portal/login`);
    await logIn(page, NORDHAFEN_BUYER);
    await page.waitForURL(`${server.url}/portal`);
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('link', { name: invoiceNumber, exact: true }).click();
    await page.getByRole('heading', { name: `Invoice ${invoiceNumber}` }).waitFor();
    expect(await page.getByRole('link', { name: 'Open the PDF' }).getAttribute('href')).toBe(`/v1/invoices/${invoiceId}/pdf`);
    await shot(page, '22-portal-invoice');

    await page.getByRole('button', { name: 'Dispute line 1' }).click();
    const form = page.getByTestId('dispute-form');
    await form.waitFor();
    allowed.push(/\/disputes$/); // the refused first try's 400
    await form.getByRole('button', { name: 'Send the dispute' }).click();
    await expect.poll(() => page.getByLabel('What is wrong').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Tell us more').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field-message').allTextContents()).toEqual(['Choose what is wrong.', 'Tell us what is wrong with this line.']);
    await shot(page, '23-portal-dispute-errors');
    await page.getByLabel('What is wrong').selectOption('damaged');
    await page.getByLabel('Tell us more').fill('One of the two units arrived with a cracked housing.');
    await form.getByRole('button', { name: 'Send the dispute' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('main').textContent()).toContain('Being looked at');
    expect(await page.locator('main').textContent()).toMatch(/Damaged.*open.*Due by/);
    await shot(page, '24-portal-disputed');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('finance reviews the dispute and credits one unit, with an answer', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/disputes`);
    await logIn(page, 'finance@demo.omc');
    await page.waitForURL(`${server.url}/disputes`);
    await page.getByLabel('Status').selectOption('open');
    await page.getByRole('link', { name: `${invoiceNumber} · line 1` }).click();
    await page.getByTestId('dispute-message').getByText('cracked housing').waitFor();
    await shot(page, '25-staff-dispute');
    await page.getByRole('button', { name: 'Take into review' }).click();
    await expect.poll(() => page.locator('main .badge').first().textContent()).toBe('in review');
    const resolve = page.getByTestId('resolve');
    await resolve.getByLabel('Units to credit').fill('1');
    await resolve.getByLabel('Answer to the customer').fill('Sorry about that: we credit the damaged unit.');
    await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
    await expect.poll(() => page.getByTestId('dispute-answer').textContent()).toMatch(/we credit the damaged unit.*Credit note CN-\d{4}-\d{6}/);
    expect(await resolve.count()).toBe(0); // resolved: no more actions
    await shot(page, '26-staff-dispute-resolved');

    await page.getByRole('link', { name: invoiceNumber, exact: true }).click();
    await page.getByRole('heading', { name: `Invoice ${invoiceNumber}` }).waitFor();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Credit notes.*CN-\d{4}-\d{6}.*One of the two units|Credit notes.*CN-/);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the customer reads the answer and the credit note', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/portal/invoices/${invoiceId}`);
    await logIn(page, NORDHAFEN_BUYER);
    await page.waitForURL(`${server.url}/portal/invoices/${invoiceId}`);
    await page.getByRole('link', { name: /^Line 1 · / }).click();
    const answer = page.getByTestId('dispute-answer');
    await expect.poll(() => answer.textContent()).toMatch(/we credit the damaged unit.*Credit note CN-\d{4}-\d{6}/);
    expect(await page.locator('main .badge').first().textContent()).toBe('resolved: credited');
    await shot(page, '27-portal-dispute-answer');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('operations computes a what-if schedule, looks at it and commits it: the Gantt chart per work center', async () => {
    const skid = (await admin<{ data: { id: string; sku: string }[] }>('/v1/products?limit=200')).data.find((p) => p.sku === 'SKID-PU1')!;
    const order = await admin<ApiOrder>('/v1/orders', { customer_id: customerIdOf.get(LUMIERE_BUYER), lines: [{ product_id: skid.id, quantity: 2 }] });
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/schedule`);
    await logIn(page, 'operations@demo.omc');
    await page.waitForURL(`${server.url}/schedule`);
    await page.getByRole('heading', { name: 'No schedule committed yet' }).waitFor();
    await page.getByRole('button', { name: 'Compute a what-if' }).click();
    const run = page.getByTestId('run');
    await expect.poll(() => run.textContent(), { timeout: 15_000 }).toMatch(/what if.*\d+ orders, \d+ operations/);
    await run.getByTestId('gantt').getByRole('link', { name: new RegExp(order.number) }).first().waitFor();
    await shot(page, '33-staff-schedule-what-if');
    await run.getByRole('button', { name: 'Commit this schedule' }).click();
    await page.getByRole('heading', { name: 'Committed schedule' }).waitFor();
    const committed = page.locator('section', { has: page.getByRole('heading', { name: 'Committed schedule' }) }).getByTestId('gantt');
    const bar = committed.getByRole('link', { name: new RegExp(order.number) }).first();
    await bar.waitFor();
    expect(await committed.locator('.gantt-label').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('ASM'), expect.stringContaining('TST')]));
    await bar.focus(); // the chart is walked with the keyboard
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/orders/${order.id}`);
    await page.goBack();
    await page.getByRole('heading', { name: 'Committed schedule' }).waitFor();
    await shot(page, '34-staff-schedule');
    // A CSR reads the schedule but computes nothing.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto(`${server.url}/schedule`);
    await logIn(page, 'csr@demo.omc');
    await page.getByRole('heading', { name: 'Committed schedule' }).waitFor();
    expect(await page.getByRole('button', { name: 'Compute a what-if' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('a customer reaches no staff invoice page and no other customer\'s invoice', async () => {
    const { context, page, errors, allowed } = await openPage(browser);
    await page.goto(`${server.url}/portal/login`);
    await logIn(page, LUMIERE_BUYER);
    await page.waitForURL(`${server.url}/portal`);
    for (const path of ['/invoices', `/invoices/${invoiceId}`, '/disputes']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForURL(`${server.url}/portal`);
    }
    allowed.push(new RegExp(`/v1/invoices/${invoiceId}$`));
    await page.goto(`${server.url}/portal/invoices/${invoiceId}`);
    await page.getByText('Not found').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(invoiceNumber);
    const own = (await admin<{ data: ApiInvoice[] }>(`/v1/invoices?customer_id=${customerIdOf.get(LUMIERE_BUYER)}`)).data.filter((i) => i.number);
    await page.goto(`${server.url}/portal/invoices`);
    await expect.poll(() => page.locator('tbody tr td:first-child a').allTextContents()).toEqual(own.map((i) => i.number));
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('dropped balls: every overdue handoff, on a phone', async () => {
    clock.advance({ days: 10 });
    const overdue = (await admin<{ data: unknown[] }>('/v1/handoffs?overdue=true&limit=200')).data.length;
    expect(overdue).toBeGreaterThan(0);
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/dropped-balls`);
    await logIn(page, 'executive@demo.omc');
    await page.waitForURL(`${server.url}/dropped-balls`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(Math.min(overdue, 50));
    await page.getByLabel('Department').selectOption('finance');
    await expect.poll(async () => (await page.locator('tbody td[data-label="Department"]').allTextContents()).every((d) => d === 'finance')).toBe(true);
    await shot(page, '35-staff-dropped-balls');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
