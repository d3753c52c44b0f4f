import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { HAVE_CHROMIUM, launchChromium, logIn, NORDHAFEN_BUYER, openPage, shot, startOmc } from './browser';

/**
 * Finance's screens in a real browser (see ./browser.ts): a draft invoice issued, a payment refused at its
 * field then recorded in part, a credit note for one unit, an over-payment whose credit finance allocates
 * from Payments; the quote approval rules and the quote clock's hours changed; and the warehouse, which may
 * read all of it, offered none of the steps.
 */

interface ApiOrder {
  id: string;
  status: string;
  lines: { promise: { warehouse_id: string | null; source: string }[] }[];
}
interface ApiInvoice {
  id: string;
  number: string | null;
  status: string;
  gross: { amount: number };
  paid: { amount: number };
  balance: { amount: number };
}
interface ApiRule {
  id: string;
  name: string;
  threshold: number;
  active: boolean;
}

const eur = (minor: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(minor / 100);
const major = (minor: number) => (minor / 100).toFixed(2);

describe.skipIf(!HAVE_CHROMIUM)('finance: invoices, payments, credit notes and quote rules in the console, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: <T>(path: string, body?: unknown) => Promise<T>;
  let customerId: string;
  let draft: ApiInvoice; // issued in the browser
  let other: ApiInvoice; // issued by the API: where the over-payment's credit goes
  const clock = new ManualClock(new Date());
  const invoice = (id: string) => admin<ApiInvoice>(`/v1/invoices/${id}`);

  /** A Nordhafen order of `quantity` units from stock, shipped: its shipment id. */
  async function shippedFromStock(quantity: number): Promise<string> {
    const products = (await admin<{ data: { id: string; list_price: unknown }[] }>('/v1/products?limit=200')).data.filter((p) => p.list_price);
    for (const product of products) {
      const order = await admin<ApiOrder>('/v1/orders', { customer_id: customerId, lines: [{ product_id: product.id, quantity }] });
      if (order.status === 'confirmed' && order.lines[0]!.promise.every((p) => p.source === 'stock')) {
        const shipment = await admin<{ id: string }>(`/v1/orders/${order.id}/shipments`, { warehouse_id: order.lines[0]!.promise[0]!.warehouse_id });
        await admin(`/v1/shipments/${shipment.id}/pick`, {});
        await admin(`/v1/shipments/${shipment.id}/pack`, {});
        await admin(`/v1/shipments/${shipment.id}/ship`, { carrier: 'DHL Freight', tracking_number: 'JVGL-E2E-FIN', packages: 1 });
        return shipment.id;
      }
      await admin(`/v1/orders/${order.id}/cancel`, { reason: 'not from stock' });
    }
    throw new Error('no product ships from stock');
  }

  async function financePage(path: string, email = 'finance@demo.omc') {
    const opened = await openPage(browser);
    await opened.page.goto(`${server.url}${path}`);
    await logIn(opened.page, email);
    await opened.page.waitForURL(`${server.url}${path}`);
    return opened;
  }

  const totals = (page: Page) => page.getByTestId('totals').textContent();
  const status = (page: Page) => page.locator('main .badge').first().textContent();

  beforeAll(async () => {
    let customerIdOf: Map<string, string>;
    ({ server, admin, customerIdOf } = await startOmc(clock));
    customerId = customerIdOf.get(NORDHAFEN_BUYER)!;
    draft = await admin<ApiInvoice>('/v1/invoices', { shipment_ids: [await shippedFromStock(3)], draft: true });
    other = await admin<ApiInvoice>('/v1/invoices', { shipment_ids: [await shippedFromStock(1)] });
    expect([draft.status, other.status]).toEqual(['draft', 'issued']);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finance issues the draft, records a payment (refused at its field first) and credits one unit', async () => {
    const { context, page, errors, allowed } = await financePage(`/invoices/${draft.id}`);
    await page.getByRole('heading', { name: 'Draft invoice' }).waitFor();
    expect(await page.getByRole('button', { name: 'Discard…' }).count()).toBe(1);
    await shot(page, '70-staff-draft-invoice');
    await page.getByRole('button', { name: 'Issue the invoice' }).click();
    await page.getByRole('heading', { name: /^Invoice INV-\d{4}-\d{6}$/ }).waitFor();
    expect(await status(page)).toBe('issued');
    const gross = (await invoice(draft.id)).gross.amount;

    // A zero payment: the API's message at the amount, nothing recorded.
    await page.getByRole('button', { name: 'Record a payment…' }).click();
    const form = page.getByTestId('payment-form');
    expect(await form.getByLabel(/^Amount/).inputValue()).toBe(major(gross)); // the balance
    allowed.push(/\/v1\/payments$/); // the refused first try's 400
    await form.getByLabel(/^Amount/).fill('0');
    await form.getByRole('button', { name: 'Record the payment' }).click();
    await expect.poll(() => form.getByLabel(/^Amount/).getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field-message').textContent()).toBe('A payment is more than zero.');
    await shot(page, '71-staff-payment-error');
    const part = Math.round(gross / 3);
    await form.getByLabel(/^Amount/).fill(major(part));
    await form.getByLabel('Reference').fill('E2E-PARTIAL');
    await form.getByRole('button', { name: 'Record the payment' }).click();
    await expect.poll(() => status(page)).toBe('partially paid');
    expect(await totals(page)).toContain(`Balance${eur(gross - part)}`);
    expect((await invoice(draft.id)).balance.amount).toBe(gross - part);
    expect(await page.locator('main').textContent()).toContain('E2E-PARTIAL');
    await shot(page, '72-staff-partially-paid');

    // A credit note for one unit: the balance drops by its gross.
    await page.getByRole('button', { name: 'Credit note…' }).click();
    const credit = page.getByTestId('credit-note-form');
    await credit.getByLabel('Line 1: units to credit').fill('4');
    await credit.getByRole('button', { name: 'Issue the credit note' }).click();
    expect(await credit.locator('.field-message').textContent()).toBe('At most 3 units are left to credit.');
    await credit.getByLabel('Line 1: units to credit').fill('1');
    await credit.getByLabel('Reason').fill('One unit came back unopened.');
    await credit.getByRole('button', { name: 'Issue the credit note' }).click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Credit notes.*CN-\d{4}-\d{6}.*One unit came back unopened/);
    const credited = await invoice(draft.id);
    expect(credited.balance.amount).toBeLessThan(gross - part);
    expect(await totals(page)).toContain(`Balance${eur(credited.balance.amount)}`);
    await shot(page, '73-staff-credit-note');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('an over-payment pays the invoice and leaves credit, which finance allocates from Payments', async () => {
    const { context, page, errors } = await financePage(`/invoices/${draft.id}`);
    const before = await invoice(draft.id);
    const number = before.number!;
    await page.getByRole('button', { name: 'Record a payment…' }).click();
    const form = page.getByTestId('payment-form');
    await form.getByLabel(/^Amount/).fill(major(before.balance.amount + 5000));
    await expect.poll(() => form.textContent()).toContain(`${eur(5000)} over the balance stays as the customer's credit.`);
    await form.getByLabel('Reference').fill('E2E-OVERPAY');
    await form.getByRole('button', { name: 'Record the payment' }).click();
    await expect.poll(() => status(page)).toBe('paid');
    expect(await page.getByTestId('invoice-actions').count()).toBe(0); // nothing left to do

    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    await page.getByLabel('Customer').selectOption(customerId);
    const row = page.locator('tbody tr', { hasText: 'E2E-OVERPAY' });
    await expect.poll(() => row.locator('td[data-label="Unallocated"]').textContent()).toBe(`${eur(5000)} credit`);
    await expect.poll(() => row.locator('td[data-label="Allocated to"]').textContent()).toContain(number);
    expect(await page.locator('tbody tr', { hasText: 'E2E-PARTIAL' }).locator('td[data-label="Amount"]').count()).toBe(1);
    await shot(page, '74-staff-payments');

    await row.getByRole('button', { name: /^Allocate/ }).click();
    const allocate = page.getByTestId('allocate-form');
    await allocate.getByLabel('Invoice').selectOption(other.id);
    const applied = Math.min(5000, other.gross.amount);
    expect(await allocate.getByLabel(/^Amount/).inputValue()).toBe(major(applied));
    await allocate.getByRole('button', { name: 'Allocate' }).click();
    await expect.poll(() => row.locator('td[data-label="Allocated to"]').textContent()).toContain(other.number!);
    expect(await row.locator('td[data-label="Unallocated"]').textContent()).toBe(applied === 5000 ? '—' : `${eur(5000 - applied)} credit`);
    expect((await invoice(other.id)).paid.amount).toBe(applied);
    await shot(page, '75-staff-payment-allocated');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('finance changes an approval rule\'s threshold and a tier\'s response time', async () => {
    const { context, page, errors, allowed } = await financePage('/quote-rules');
    const rules = async () => (await admin<{ data: ApiRule[] }>('/v1/quote-approval-rules')).data;
    const old = (await rules()).find((r) => r.name === 'Total above 50,000.00 EUR' && r.active)!;
    await page.getByRole('button', { name: `Change ${old.name}` }).click();
    const form = page.getByTestId('rule-form');
    expect(await form.getByLabel('Threshold (amount)').inputValue()).toBe('50000.00');
    await form.getByLabel('Name').fill('Total above 40,000.00 EUR');
    await form.getByLabel('Threshold (amount)').fill('40000');
    await form.getByRole('button', { name: 'Save the change' }).click();
    const row = page.locator('tbody tr', { hasText: 'Total above 40,000.00 EUR' });
    await expect.poll(() => row.locator('td[data-label="Threshold"]').textContent()).toBe(eur(4_000_000));
    expect(await row.locator('td[data-label="Status"]').textContent()).toBe('active');
    const after = await rules();
    expect(after.find((r) => r.id === old.id)!.active).toBe(false);
    expect(after.filter((r) => r.active && r.name.startsWith('Total above')).map((r) => Number(r.threshold))).toEqual([4_000_000]);
    await shot(page, '76-staff-quote-rule-changed');

    // The quote clock: a key customer is answered within 6 hours (0 is refused at its field first).
    const settings = page.getByTestId('quote-settings');
    await settings.getByRole('button', { name: 'Change settings…' }).click();
    allowed.push(/\/v1\/quote-settings$/); // the refused first try's 400
    await settings.getByLabel('Response hours: key').fill('0');
    await settings.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(() => settings.getByLabel('Response hours: key').getAttribute('aria-invalid')).toBe('true');
    await settings.getByLabel('Response hours: key').fill('6');
    await settings.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(() => page.getByTestId('response-key').textContent()).toBe('6 h');
    expect((await admin<{ response_hours: Record<string, number> }>('/v1/quote-settings')).response_hours.key).toBe(6);
    await shot(page, '77-staff-quote-settings');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the warehouse reads payments, quote rules and the invoice, and is offered none of their steps', async () => {
    const { context, page, errors } = await financePage('/payments', 'warehouse@demo.omc');
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Shipments' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Payments' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Quote rules' }).count()).toBe(0);
    await page.getByLabel('Customer').selectOption(customerId);
    await page.locator('tbody tr', { hasText: 'E2E-OVERPAY' }).waitFor();
    expect(await page.getByRole('button', { name: /^Allocate/ }).count()).toBe(0);
    await shot(page, '78-warehouse-payments');

    await page.goto(`${server.url}/quote-rules`);
    await page.locator('tbody tr', { hasText: 'Total above 40,000.00 EUR' }).waitFor();
    expect(await page.getByRole('button', { name: /Add a rule|^Change|^Switch/ }).count()).toBe(0);
    await shot(page, '79-warehouse-quote-rules');

    await page.goto(`${server.url}/invoices/${other.id}`);
    await page.getByRole('heading', { name: `Invoice ${other.number}` }).waitFor();
    expect(await page.getByTestId('invoice-actions').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
