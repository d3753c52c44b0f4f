import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock';
import type { RunningServer } from '../../src/server';
import { HAVE_CHROMIUM, launchChromium, logIn, LUMIERE_BUYER, NORDHAFEN_BUYER, openPage, shot, startOmc } from './browser';

/**
 * A wave in a real browser (see ./browser.ts): the warehouse ticks its pick lists and picks, packs and ships
 * them together, one batch call a step, with the mouse and with the keyboard; and a batch the API refuses
 * shows its message and moves nothing.
 */

interface ApiOrder {
  id: string;
  status: string;
  lines: { promise: { warehouse_id: string | null; source: string }[] }[];
}
interface ApiShipment {
  id: string;
  number: string;
  status: string;
  carrier: string | null;
  tracking_number: string | null;
  packages: number | null;
}

describe.skipIf(!HAVE_CHROMIUM)('a wave on the shipments page, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: <T>(path: string, body?: unknown) => Promise<T>;
  let warehouseId: string | undefined;
  let pickLists: (count: number) => Promise<ApiShipment[]>;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    let customerIdOf: Map<string, string>;
    ({ server, admin, customerIdOf } = await startOmc(clock));
    // The demo's own wave is called off, so that "select all" selects this test's pick lists only.
    for (const s of (await admin<{ data: ApiShipment[] }>('/v1/shipments?status=pick_list&limit=200')).data) await admin(`/v1/shipments/${s.id}/cancel`, { reason: 'not this test' });
    const products = (await admin<{ data: { id: string; list_price: unknown }[] }>('/v1/products?limit=200')).data.filter((p) => p.list_price);
    const customers = [NORDHAFEN_BUYER, LUMIERE_BUYER].map((email) => customerIdOf.get(email));
    // Confirmed orders promised wholly from stock at one warehouse (the first such order's), and their pick lists.
    pickLists = async (count) => {
      const orders: ApiOrder[] = [];
      for (const product of products) {
        while (orders.length < count) {
          const order = await admin<ApiOrder>('/v1/orders', { customer_id: customers[orders.length % 2], lines: [{ product_id: product.id, quantity: 1 }] });
          const promise = order.lines[0]!.promise;
          const at = promise[0]?.warehouse_id;
          if (order.status === 'confirmed' && at && (warehouseId ?? at) === at && promise.every((p) => p.source === 'stock' && p.warehouse_id === at)) {
            warehouseId = at;
            orders.push(order);
            continue;
          }
          await admin(`/v1/orders/${order.id}/cancel`, { reason: 'not from stock here' });
          break;
        }
      }
      expect(orders, 'orders from stock at one warehouse').toHaveLength(count);
      const made = await admin<{ data: ApiShipment[] }>('/v1/shipments/batch', { warehouse_id: warehouseId, orders: orders.map((o) => ({ order_id: o.id })) });
      return made.data;
    };
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The warehouse's list at the wave's warehouse, logged in as the warehouse. */
  async function openList(viewport?: { width: number; height: number }) {
    const opened = await openPage(browser, { viewport });
    await opened.page.goto(`${server.url}/shipments`);
    await logIn(opened.page, 'warehouse@demo.omc');
    await opened.page.waitForURL(`${server.url}/shipments`);
    await opened.page.getByLabel('Warehouse').selectOption(warehouseId!);
    return opened;
  }

  const rowsOf = (page: Page, shipments: ApiShipment[]) => shipments.map((s) => page.locator('tbody tr', { hasText: s.number }));
  const read = (shipments: ApiShipment[]) => Promise.all(shipments.map((s) => admin<ApiShipment>(`/v1/shipments/${s.id}`)));

  it('picks, packs and ships a wave: one batch a step, the dispatch with a tracking number each', async () => {
    const wave = await pickLists(3);
    const { context, page, errors, allowed } = await openList();
    const rows = rowsOf(page, wave);
    for (const row of rows) await row.waitFor();
    const status = page.getByLabel('Status');
    const selectAll = page.getByRole('checkbox', { name: 'Select all on this page' });

    // Pick with the mouse: every pick list on the page, then one button.
    await selectAll.check();
    for (const s of wave) expect(await page.getByRole('checkbox', { name: `Select ${s.number}` }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: /^(Pack|Ship) \d+ selected/ }).count()).toBe(0); // only Pick applies to pick lists
    await shot(page, '40-staff-wave-selected');
    await page.getByRole('button', { name: 'Pick 3 selected' }).click();
    for (const row of rows) await expect.poll(() => row.count()).toBe(0);
    expect((await read(wave)).map((s) => s.status)).toEqual(['picked', 'picked', 'picked']);
    expect(await page.getByRole('region', { name: 'Selected shipments' }).count()).toBe(0); // the selection went with them

    // Pack with the keyboard: Space ticks them all; the bar's buttons sit just before the table.
    await status.selectOption('picked');
    for (const row of rows) await row.waitFor();
    await selectAll.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+Tab'); // Clear selection
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Pack 3 selected');
    await page.keyboard.press('Enter');
    for (const row of rows) await expect.poll(() => row.count()).toBe(0);
    expect((await read(wave)).map((s) => s.status)).toEqual(['packed', 'packed', 'packed']);

    // Ship: one carrier and package count for all, a tracking number each; field errors at their fields.
    await status.selectOption('packed');
    for (const row of rows) await row.waitFor();
    await selectAll.check();
    await page.getByRole('button', { name: 'Ship 3 selected…' }).click();
    const form = page.getByTestId('dispatch');
    await expect.poll(() => page.evaluate<string | null>('document.activeElement?.id ?? null')).toBe('h-dispatch');
    allowed.push(/\/batch\/ship$/); // the refused first try's 400
    await form.getByRole('button', { name: 'Ship 3 shipments' }).click();
    await expect.poll(() => form.getByLabel('Carrier').getAttribute('aria-invalid')).toBe('true');
    for (const s of wave) expect(await form.getByLabel(`Tracking number for ${s.number}`).getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.notice').count()).toBe(0); // every message is at its field
    await shot(page, '41-staff-wave-dispatch-errors');
    await form.getByLabel('Carrier').fill('DHL Freight');
    await form.getByLabel('Packages each').fill('2');
    for (const s of wave) await form.getByLabel(`Tracking number for ${s.number}`).fill(`JVGL-${s.number}`);
    await shot(page, '42-staff-wave-dispatch');
    await form.getByRole('button', { name: 'Ship 3 shipments' }).click();
    await form.waitFor({ state: 'detached' });
    for (const row of rows) await expect.poll(() => row.count()).toBe(0);
    for (const s of await read(wave)) expect(s).toMatchObject({ status: 'shipped', carrier: 'DHL Freight', tracking_number: `JVGL-${s.number}`, packages: 2 });

    await status.selectOption('shipped');
    for (const [i, row] of rows.entries()) await expect.poll(() => row.textContent()).toContain(`DHL Freight · JVGL-${wave[i]!.number}`);
    await shot(page, '43-staff-wave-shipped');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('a batch the API refuses shows its message, keeps the selection and moves nothing, on a phone', async () => {
    const wave = await pickLists(2);
    const { context, page, errors, allowed } = await openList({ width: 390, height: 844 });
    for (const row of rowsOf(page, wave)) await row.waitFor();
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    const pick = page.getByRole('button', { name: 'Pick 2 selected' });
    await pick.waitFor();
    await shot(page, '44-staff-wave-phone');

    // Someone else picks one first: the wave no longer applies to all it names.
    await admin(`/v1/shipments/${wave[0]!.id}/pick`, {});
    allowed.push(/\/batch\/pick$/);
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/shipments/batch/pick'));
    await pick.click();
    const refused = await answer;
    expect(refused.status()).toBe(409);
    const { error } = (await refused.json()) as { error: { message: string } };
    expect(error.message).toContain(wave[0]!.number); // the refusal names the shipment that moved on
    await expect.poll(() => page.locator('main .notice-bad').textContent()).toBe(error.message);
    for (const s of wave) expect(await page.getByRole('checkbox', { name: `Select ${s.number}` }).isChecked()).toBe(true);
    expect(await pick.isEnabled()).toBe(true);
    expect((await read(wave)).map((s) => s.status)).toEqual(['picked', 'pick_list']);
    await shot(page, '45-staff-wave-refused');

    // Changing the filter lets the selection go.
    await page.getByLabel('Status').selectOption('');
    await expect.poll(() => page.getByRole('region', { name: 'Selected shipments' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
