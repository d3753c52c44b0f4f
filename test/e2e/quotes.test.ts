import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { HAVE_CHROMIUM, launchChromium, logIn, LUMIERE_BUYER, NORDHAFEN_BUYER, openPage, shot, startOmc } from './browser';

/**
 * The golden path in the browser (see ./browser.ts): a customer asks for a quote in the portal, sales drafts,
 * discounts past the approval rule and submits it in the console, finance approves, the customer accepts in
 * the portal, and the order shows its promised date (console and portal) and the quote's steps on its
 * timeline; operations schedules it, the warehouse makes its pick list from the order page and ships it,
 * finance invoices it, the customer disputes a line in the portal, finance credits it, and the order's
 * timeline tells every step. Then: another customer reaches neither the staff quote pages nor this quote. The tests run in
 * order and hand the quote on.
 */

interface ApiProduct {
  id: string;
  sku: string;
}

describe.skipIf(!HAVE_CHROMIUM)('a quote from request to order in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let pump: ApiProduct;
  let seals: ApiProduct;
  const quote = { id: '', number: '' };
  const order = { id: '', number: '' };
  let declined = ''; // a second quote, sent to the same customer, which it declines
  let otherCustomer = ''; // not a portal customer: sales makes a quote for it in the console
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    const omc = await startOmc(clock);
    server = omc.server;
    const products = (await omc.admin<{ data: ApiProduct[] }>('/v1/products?limit=200')).data;
    pump = products.find((p) => p.sku === 'PMP-100')!;
    seals = products.find((p) => p.sku === 'SEAL-KIT')!;
    expect(pump && seals).toBeTruthy();
    const nordhafen = omc.customerIdOf.get(NORDHAFEN_BUYER)!;
    const drafted = await omc.admin<{ id: string }>('/v1/quotes', { customer_id: nordhafen, lines: [{ product_id: seals.id, quantity: 5 }] });
    const sent = await omc.admin<{ id: string; status: string }>(`/v1/quotes/${drafted.id}/submit`, {});
    expect(sent.status).toBe('sent'); // no approval rule applies
    declined = sent.id;
    const customers = (await omc.admin<{ data: { id: string }[] }>('/v1/customers?limit=200')).data;
    otherCustomer = customers.find((c) => ![...omc.customerIdOf.values()].includes(c.id))!.id;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Wait for the page to catch up: generous, since five test runs may share two cores. */
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
  const text = async (page: Page, selector = 'main') => (await page.locator(selector).textContent()) ?? '';

  /** A staff member signs in on the way to a page of the console. */
  async function staffAt(path: string, email: string) {
    const opened = await openPage(browser);
    await opened.page.goto(`${server.url}${path}`);
    await opened.page.waitForURL(/\/login\?next=/);
    await logIn(opened.page, email);
    await opened.page.waitForURL(`${server.url}${path}`);
    return opened;
  }

  it('customer: asks for a quote in the portal — products, quantities, needed-by date, message; a wrong quantity is said at its field', async () => {
    const { context, page, errors, allowed } = await openPage(browser);
    await page.goto(`${server.url}/portal/login`);
    await logIn(page, NORDHAFEN_BUYER);
    await page.waitForURL(`${server.url}/portal`);
    await page.getByRole('link', { name: 'Quotes', exact: true }).click();
    await page.getByRole('link', { name: 'Request a quote' }).click();
    await page.waitForURL(`${server.url}/portal/quotes/new`);

    const line1 = page.getByRole('group', { name: 'Line 1' });
    await line1.getByLabel('Product').selectOption(pump.id);
    await line1.getByLabel('Quantity').fill('0');
    await page.getByRole('button', { name: '+ Add a line' }).click();
    const line2 = page.getByRole('group', { name: 'Line 2' });
    await line2.getByLabel('Product').selectOption(seals.id);
    await line2.getByLabel('Quantity').fill('10');
    const neededBy = new Date(clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Needed by').fill(neededBy);
    await page.getByLabel('Message (optional)').fill('Spare pumps for hall 3, with seal kits.');
    allowed.push(/\/v1\/quotes$/); // the 400 of the wrong quantity
    await page.getByRole('button', { name: 'Send the request' }).click();
    await poll(() => line1.getByRole('alert').textContent()).toBe('Quote at least 1 unit.');
    expect(await line1.getByLabel('Quantity').getAttribute('aria-invalid')).toBe('true');
    expect(await line2.getByRole('alert').count()).toBe(0);
    await shot(page, '09-portal-quote-request-error');

    await line1.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.waitForURL(/\/portal\/quotes\/quo_[a-z0-9]+$/);
    quote.id = new URL(page.url()).pathname.split('/').pop()!;
    // The page shows "Quote" until the quote has loaded, then its number.
    await poll(async () => (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Quote ', '')).toMatch(/^Q-\d{4}-\d+$/);
    quote.number = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Quote ', '');
    const clockFacts = await text(page, '[data-testid="quote-clock"]');
    expect(clockFacts).toContain('Our sales team');
    expect(clockFacts).toMatch(/Answer due\d+ \w+, \d\d:\d\d UTC/);
    const body = await text(page);
    expect(body).toContain('Prices follow with our answer');
    expect(body).toContain('Spare pumps for hall 3');
    await shot(page, '10-portal-quote-requested');

    await page.getByRole('link', { name: '← Your quotes' }).click();
    const row = page.locator('tbody tr', { hasText: quote.number });
    await poll(() => row.textContent()).toContain('Our sales team');
    await shot(page, '11-portal-quotes');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('sales: finds it by holder and on the board, drafts it, discounts a line past the rule (error at the field first), submits it to finance', async () => {
    clock.advance({ minutes: 50 }); // the request waits on sales
    const { context, page, errors, allowed } = await staffAt('/quotes', 'sales@demo.omc');
    await page.getByLabel('Held by').selectOption('sales');
    const row = page.locator('tbody tr', { hasText: quote.number });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('requested');
    await shot(page, '12-staff-quotes');

    await page.getByRole('link', { name: 'Cycle board' }).click();
    const ticket = page.locator('section.column[data-stage="pricing"] .ticket', { hasText: quote.number });
    await ticket.waitFor();
    expect(await ticket.textContent()).toContain('with sales');
    await shot(page, '13-staff-board-with-quotes');
    await ticket.click();
    await page.getByRole('heading', { name: `Quote ${quote.number}` }).waitFor();

    const actions = page.getByTestId('quote-actions');
    const buttons = async () => (await actions.getByRole('button').allTextContents()).sort();
    expect(await buttons()).toEqual(['Hand over…', 'Start drafting']);
    await actions.getByRole('button', { name: 'Start drafting' }).click();
    await poll(buttons).toEqual(['Edit lines', 'Hand over…', 'Submit']);
    expect(await text(page, '[data-testid="quote-value"]')).toMatch(/Margin€[\d,.]+ \(\d+\.\d\d %\)/);

    await actions.getByRole('button', { name: 'Edit lines' }).click();
    const line1 = page.getByRole('group', { name: 'Line 1' });
    await line1.getByLabel('Discount %').fill('150');
    allowed.push(new RegExp(`/v1/quotes/${quote.id}$`)); // the 400 of the discount
    await page.getByRole('button', { name: 'Save the lines' }).click();
    await poll(() => line1.getByRole('alert').textContent()).toMatch(/100/);
    expect(await line1.getByLabel('Discount %').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '14-staff-quote-edit-error');
    await line1.getByLabel('Discount %').fill('25');
    await page.getByRole('button', { name: 'Save the lines' }).click();
    await poll(() => page.locator('tbody tr').first().textContent()).toContain('25 %');
    await shot(page, '15-staff-quote-drafting');

    clock.advance({ minutes: 30 });
    await actions.getByRole('button', { name: 'Submit' }).click();
    await poll(() => text(page, '[data-testid="quote-clock"]')).toContain('finance');
    const approvals = page.locator('table', { has: page.getByRole('columnheader', { name: 'Why needed' }) });
    expect(await approvals.textContent()).toMatch(/Discount above 20 %.*finance.*pending/);
    expect(await buttons()).toEqual(['Revise…']); // sales may not approve
    await shot(page, '16-staff-quote-pending-approval');

    // A quote of its own making: nothing chosen is said at each field; then it opens priced, in drafting.
    await page.getByRole('link', { name: 'Quotes', exact: true }).click();
    await page.getByRole('link', { name: 'New quote' }).click();
    await page.waitForURL(`${server.url}/quotes/new`);
    await page.getByRole('button', { name: 'Create the quote' }).click();
    expect(await page.getByRole('alert').allTextContents()).toEqual(['Choose the customer.', 'Choose a product.']);
    await page.getByLabel('Customer').selectOption(otherCustomer);
    await page.getByRole('group', { name: 'Line 1' }).getByLabel('Product').selectOption(seals.id);
    await page.getByRole('group', { name: 'Line 1' }).getByLabel('Discount %').fill('5');
    await shot(page, '16a-staff-new-quote');
    await page.getByRole('button', { name: 'Create the quote' }).click();
    await page.waitForURL(/\/quotes\/quo_[a-z0-9]+$/);
    await poll(() => text(page, 'tbody >> nth=0')).toContain('5 %');
    expect(await text(page, 'main .badge >> nth=0')).toBe('drafting');

    // Sales reads the pipeline: opportunities per stage with count, value and weighted value.
    await page.getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('heading', { name: /^EUR: \d+ open/ }).waitFor();
    expect(await text(page, 'tbody')).toMatch(/prospecting\d+€[\d,.]+€[\d,.]+/);
    await shot(page, '16b-staff-pipeline');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('finance: finds it overdue, approves with a comment (none at first: said at the field); the quote is sent', async () => {
    clock.advance({ hours: 4 }); // past the 4 hours a strategic customer is owed an answer in
    const { context, page, errors, allowed } = await staffAt('/quotes', 'finance@demo.omc');
    await page.getByLabel('Held by').selectOption('finance');
    await page.getByLabel('Clock').selectOption('true');
    const row = page.locator('tbody tr', { hasText: quote.number });
    await poll(() => row.textContent()).toMatch(/pending approval.*overdue/);
    await row.getByRole('link', { name: quote.number }).click();
    await page.getByRole('heading', { name: `Quote ${quote.number}` }).waitFor();
    expect(await text(page, '[data-testid="quote-clock"]')).toMatch(/overdue.*Elapsed5 h 20 min.*sales1 h 20 min.*finance4 h 00 min/);
    await shot(page, '17-staff-quote-overdue-with-finance');
    const actions = page.getByTestId('quote-actions');
    await actions.getByRole('button', { name: 'Approve…' }).click();
    allowed.push(/\/approve$/);
    await actions.getByRole('button', { name: 'Approve', exact: true }).click();
    await poll(() => actions.getByRole('alert').textContent()).toBe('Say why.');
    await actions.getByLabel('Comment').fill('Hall 3 is the first of three; the margin holds.');
    await actions.getByRole('button', { name: 'Approve', exact: true }).click();
    await poll(() => text(page, '[data-testid="quote-clock"]')).toContain('customer');
    expect(await text(page)).toContain('Hall 3 is the first of three');
    expect(await actions.textContent()).toContain('Nothing for finance to do');
    await shot(page, '18-staff-quote-approved-sent');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('customer: sees the prices, accepts with a PO number, follows the link to the order and its expected date', async () => {
    clock.advance({ hours: 20 }); // the customer thinks it over
    const { context, page, errors, allowed } = await openPage(browser, { viewport: { width: 390, height: 844 } }); // a phone
    await page.goto(`${server.url}/portal/quotes/${quote.id}`);
    await page.waitForURL(/\/portal\/login/);
    await logIn(page, NORDHAFEN_BUYER);
    await page.waitForURL(`${server.url}/portal/quotes/${quote.id}`);
    await page.getByRole('heading', { name: 'Your decision' }).waitFor();
    const body = await text(page);
    expect(body).toMatch(/Total€[\d,.]+/);
    expect(await text(page, '[data-testid="quote-clock"]')).toContain('Held byYou'); // the clock waits on the customer
    for (const internal of ['in stock at', 'HAM', 'margin', 'Margin', 'cost', 'Cost', 'approval rule', 'Hall 3 is the first']) expect(body).not.toContain(internal);
    await shot(page, '19-portal-quote-sent');

    await page.getByRole('button', { name: 'Accept…' }).click();
    await page.getByLabel('Your purchase order number (optional)').fill('PO-HALL3');
    await page.getByRole('button', { name: 'Accept and order' }).click();
    const link = page.getByRole('link', { name: /follow order SO-/ });
    await link.waitFor();
    order.number = (await link.textContent())!.replace('follow order ', '');
    await shot(page, '20-portal-quote-accepted');
    await link.click();
    await page.waitForURL(/\/portal\/orders\/ord_[a-z0-9]+$/);
    order.id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
    const facts = await text(page, 'main .facts');
    expect(facts).toMatch(/Expected by\d+ \w+ \d{4}/);
    expect(facts).toContain('PO-HALL3');
    await shot(page, '21-portal-order-from-quote');

    // The other quote: declined, with a reason (none at first: said at the field).
    await page.getByRole('link', { name: 'Quotes', exact: true }).click();
    await page.locator(`a[href="/portal/quotes/${declined}"]`).click();
    await page.getByRole('button', { name: 'Decline…' }).click();
    allowed.push(/\/reject$/);
    await page.getByRole('button', { name: 'Decline the quote' }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('Say why.');
    await page.getByLabel('Why you decline').fill('We repair the old seals ourselves.');
    await page.getByRole('button', { name: 'Decline the quote' }).click();
    await poll(() => text(page)).toContain('StatusDeclined');
    expect(await page.getByRole('button', { name: 'Accept…' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('staff: the order shows its promised date and, on its timeline, the quote steps before the order', async () => {
    const { context, page, errors } = await staffAt(`/orders/${order.id}`, 'csr@demo.omc');
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
    expect(await page.getByRole('link', { name: 'Pipeline' }).count()).toBe(0); // not a CSR's
    expect(await page.getByTestId('promise').textContent()).toMatch(/Promised \d+ \w+ \d{4}/);
    const types = await page.getByTestId('timeline').locator('.what').allTextContents();
    for (const step of ['quote.requested', 'quote.drafting_started', 'quote.submitted_for_approval', 'quote.approved', 'quote.sent', 'quote.accepted', 'order.received']) expect(types).toContain(step);
    expect(types.indexOf('quote.requested')).toBe(0);
    expect(types.indexOf('quote.sent')).toBeLessThan(types.indexOf('order.received'));
    expect(await text(page, '[data-testid="timeline"]')).toContain('Approved by finance — Hall 3 is the first of three');
    await shot(page, '22-staff-order-from-quote');

    await page.getByRole('link', { name: 'the accepted quote' }).click();
    await page.getByRole('heading', { name: `Quote ${quote.number}` }).waitFor();
    await page.getByRole('link', { name: 'the order', exact: true }).click();
    await page.waitForURL(`${server.url}/orders/${order.id}`);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  // The rest of the golden path, on the same order: scheduled, shipped, invoiced, disputed, credited.
  const billed = { shipment: '', invoiceId: '', invoice: '' };

  it('operations: computes a what-if with the order in it and commits it', async () => {
    const { context, page, errors } = await staffAt('/schedule', 'operations@demo.omc');
    await page.getByRole('button', { name: 'Compute a what-if' }).click();
    const run = page.getByTestId('run');
    await poll(() => run.textContent()).toMatch(/what if.*\d+ orders, \d+ operations/);
    await run.getByTestId('gantt').getByRole('link', { name: new RegExp(order.number) }).first().waitFor();
    await run.getByRole('button', { name: 'Commit this schedule' }).click();
    const committed = page.locator('section', { has: page.getByRole('heading', { name: 'Committed schedule' }) }).getByTestId('gantt');
    await committed.getByRole('link', { name: new RegExp(order.number) }).first().waitFor();
    await shot(page, '24-staff-golden-scheduled');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('warehouse: makes the pick list from the order page, then picks, packs and ships it', async () => {
    const { context, page, errors } = await staffAt(`/orders/${order.id}`, 'warehouse@demo.omc');
    const actions = page.getByTestId('order-actions');
    await actions.getByRole('button', { name: /^Pick list at / }).first().click();
    await page.waitForURL(`${server.url}/shipments`);
    const row = page.locator('tbody tr', { has: page.locator(`a[href="/orders/${order.id}"]`) });
    await row.waitFor();
    billed.shipment = (await row.locator('td[data-label="Shipment"]').textContent())!;
    const status = page.getByLabel('Status');
    await row.getByRole('button', { name: `Picked ${billed.shipment}` }).click();
    await status.selectOption('picked');
    await row.getByRole('button', { name: `Packed ${billed.shipment}` }).click();
    await status.selectOption('packed');
    await row.getByRole('button', { name: `Ship ${billed.shipment}` }).click();
    const form = page.getByTestId('shipment-step');
    await form.getByLabel('Carrier').fill('DHL Freight');
    await form.getByLabel('Tracking number').fill('JVGL-GOLDEN-1');
    await form.getByRole('button', { name: 'Ship it' }).click();
    await status.selectOption('shipped');
    await poll(() => row.textContent()).toMatch(/shipped.*DHL Freight · JVGL-GOLDEN-1/);
    await shot(page, '25-staff-golden-shipped');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('finance: invoices the shipment', async () => {
    const { context, page, errors } = await staffAt('/invoices', 'finance@demo.omc');
    await page.getByTestId('to-invoice').getByRole('button', { name: `Invoice ${billed.shipment}` }).click();
    await page.waitForURL(/\/invoices\/inv_/);
    billed.invoiceId = new URL(page.url()).pathname.split('/').pop()!;
    const heading = page.getByRole('heading', { name: /^Invoice INV-\d{4}-\d{6}$/ });
    await heading.waitFor();
    billed.invoice = (await heading.textContent())!.replace('Invoice ', '');
    expect(await text(page)).toContain(order.number);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('customer: sees the invoice in the portal and disputes a line', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/portal/invoices/${billed.invoiceId}`);
    await logIn(page, NORDHAFEN_BUYER);
    await page.getByRole('heading', { name: `Invoice ${billed.invoice}` }).waitFor();
    await page.getByRole('button', { name: 'Dispute line 1' }).click();
    await page.getByLabel('What is wrong').selectOption('damaged');
    await page.getByLabel('Tell us more').fill('One unit arrived dented.');
    await page.getByRole('button', { name: 'Send the dispute' }).click();
    await poll(() => text(page)).toContain('Being looked at');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('finance: credits the disputed unit; the order’s timeline tells every step, quote to credit note', async () => {
    const { context, page, errors } = await staffAt('/disputes', 'finance@demo.omc');
    await page.getByRole('link', { name: `${billed.invoice} · line 1` }).click();
    const resolve = page.getByTestId('resolve');
    await resolve.getByLabel('Units to credit').fill('1');
    await resolve.getByLabel('Answer to the customer').fill('Credited, with our apologies.');
    await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
    await poll(() => page.getByTestId('dispute-answer').textContent()).toMatch(/Credit note CN-\d{4}-\d{6}/);

    await page.goto(`${server.url}/orders/${order.id}`);
    const timeline = page.getByTestId('timeline');
    await poll(() => timeline.locator('.what').allTextContents()).toContain('credit_note.issued');
    const types = await timeline.locator('.what').allTextContents();
    const steps = ['quote.requested', 'quote.sent', 'order.received', 'quote.accepted', 'shipment.created', 'shipment.shipped', 'invoice.issued', 'dispute.opened'];
    const at = steps.map((step) => types.indexOf(step));
    expect(at.every((i) => i >= 0), JSON.stringify(types)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b)); // in the order they happened
    for (const last of ['credit_note.issued', 'dispute.resolved']) expect(types.indexOf(last)).toBeGreaterThan(types.indexOf('dispute.opened'));
    expect(await timeline.locator('.when').allTextContents()).toContainEqual(expect.stringMatching(/ · scheduling · /));
    await shot(page, '26-staff-golden-timeline');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("another customer: no staff quote page, not this quote — in the browser and on the API", async () => {
    const { context, page, errors, allowed } = await openPage(browser);
    await page.goto(`${server.url}/portal/login`);
    await logIn(page, LUMIERE_BUYER);
    await page.waitForURL(`${server.url}/portal`);
    for (const path of ['/quotes', `/quotes/${quote.id}`, '/quotes/new']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForURL(`${server.url}/portal`);
    }
    allowed.push(new RegExp(`/v1/quotes/${quote.id}$`));
    await page.goto(`${server.url}/portal/quotes/${quote.id}`);
    await page.getByText('Not found').waitFor();
    expect(await text(page)).not.toContain(quote.number);
    await page.getByRole('link', { name: '← Your quotes' }).click();
    await page.getByRole('heading', { name: 'Your quotes' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await text(page, 'tbody')).not.toContain(quote.number);
    await shot(page, '23-portal-other-customers-quote');

    const answers = await page.evaluate(async (id) => {
      const status = async (path: string, method = 'GET', body?: unknown) =>
        (await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })).status;
      return {
        quote: await status(`/v1/quotes/${id}`),
        accept: await status(`/v1/quotes/${id}/accept`, 'POST', {}),
        approve: await status(`/v1/quotes/${id}/approve`, 'POST', { comment: 'me' }),
        events: await status(`/v1/events?subject_id=${id}`),
      };
    }, quote.id);
    expect(answers).toEqual({ quote: 404, accept: 404, approve: 403, events: 403 });
    expect(errors.filter((e) => !/\/v1\/(quotes\/[^/]+\/(accept|approve)|events\?subject_id=[^)]+)\)$/.test(e))).toEqual([]);
    await context.close();
  }, 60_000);
});
