import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';

describeBackends('price lists', (backend) => {
  let omc: TestServer;
  let pricing: string;
  let acme: string; // key tier, EUR
  let bolt: string; // standard tier, EUR
  let yankee: string; // key tier, USD
  let pump: string;
  let valve: string;
  beforeAll(async () => {
    omc = await startTestServer(backend); // 2026-03-02
    pricing = await omc.keyFor('pricing');
    acme = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    bolt = (await omc.call('POST', '/v1/customers', { body: { name: 'Bolt', tier: 'standard', currency: 'EUR' } })).body.id;
    yankee = (await omc.call('POST', '/v1/customers', { body: { name: 'Yankee', tier: 'key', currency: 'USD' } })).body.id;
    pump = (await omc.call('POST', '/v1/products', { body: { sku: 'PUMP', name: 'Pump', kind: 'made_to_order', list_price: { amount: 100_000, currency: 'EUR' }, lead_time_days: 10 } })).body.id;
    valve = (await omc.call('POST', '/v1/products', { body: { sku: 'VALVE', name: 'Valve', kind: 'made_to_order', list_price: { amount: 5_000, currency: 'EUR' }, lead_time_days: 5 } })).body.id;
    const lists = [
      { name: 'Key accounts 2026', currency: 'EUR', valid_from: '2026-01-01', tiers: ['key', 'strategic'], items: [{ product_id: pump, unit_price: 92_000 }, { product_id: pump, min_quantity: 10, unit_price: 88_000 }] },
      { name: 'Acme frame contract', currency: 'EUR', valid_from: '2026-02-01', valid_to: '2026-12-31', customer_ids: [acme], items: [{ product_id: pump, unit_price: 95_000 }] },
      { name: 'Spring promotion', currency: 'EUR', valid_from: '2026-03-01', valid_to: '2026-03-31', items: [{ product_id: valve, unit_price: 4_500 }] },
      { name: 'US list', currency: 'USD', valid_from: '2026-01-01', items: [{ product_id: pump, unit_price: 110_000 }] },
    ];
    for (const list of lists) expect((await omc.call('POST', '/v1/price-lists', { key: pricing, body: list })).status).toBe(201);
  });
  afterAll(() => omc?.stop());

  const price = (customer: string, product: string, quantity = 1, date?: string) =>
    omc.call('GET', `/v1/prices?customer_id=${customer}&product_id=${product}&quantity=${quantity}${date ? `&date=${date}` : ''}`);

  it('says which list and which break gave the price', async () => {
    expect((await price(acme, pump)).body).toMatchObject({ unit_price: { amount: 95_000, currency: 'EUR' }, source: 'price_list', price_list_name: 'Acme frame contract', reason: 'price list "Acme frame contract" for this customer' });
    expect((await price(acme, pump, 1, '2026-01-15')).body).toMatchObject({ unit_price: { amount: 92_000 }, price_list_name: 'Key accounts 2026', min_quantity: 1 });
    expect((await price(acme, pump, 12, '2026-01-15')).body).toMatchObject({ unit_price: { amount: 88_000 }, min_quantity: 10, total: { amount: 1_056_000 } });
    expect((await price(bolt, pump)).body).toMatchObject({ unit_price: { amount: 100_000 }, source: 'list_price', price_list_id: null });
    expect((await price(bolt, valve)).body).toMatchObject({ unit_price: { amount: 4_500 }, price_list_name: 'Spring promotion' });
    expect((await price(bolt, valve, 1, '2026-04-01')).body).toMatchObject({ source: 'list_price' });
    expect((await price(yankee, pump)).body).toMatchObject({ unit_price: { amount: 110_000, currency: 'USD' }, price_list_name: 'US list' });
    const none = await price(yankee, valve);
    expect(none.status).toBe(404);
  });

  it('prices orders from the lists, and names lines that have no price in the customer’s currency', async () => {
    const order = await omc.call('POST', '/v1/orders', { body: { customer_id: acme, lines: [{ product_id: pump, quantity: 2 }, { product_id: valve, quantity: 4 }] } });
    expect(order.status).toBe(201);
    expect(order.body.lines.map((l: { unit_price: { amount: number }; price_source: string }) => [l.unit_price.amount, l.price_source])).toEqual([[95_000, 'price_list'], [4_500, 'price_list']]);
    expect(order.body.total.amount).toBe(2 * 95_000 + 4 * 4_500);
    const us = await omc.call('POST', '/v1/orders', { body: { customer_id: yankee, lines: [{ product_id: pump, quantity: 1 }, { product_id: valve, quantity: 1 }] } });
    expect(us.status).toBe(400);
    expect(Object.keys(us.body.error.details.fields)).toEqual(['lines.1.product_id']);
    const ok = await omc.call('POST', '/v1/orders', { body: { customer_id: yankee, lines: [{ product_id: pump, quantity: 1 }] } });
    expect(ok.body.lines[0]).toMatchObject({ unit_price: { amount: 110_000, currency: 'USD' }, price_source: 'price_list' });
  });

  it('refuses bad lists by field, lets only pricing write, and records each change', async () => {
    const bad = await omc.call('POST', '/v1/price-lists', {
      key: pricing,
      body: { name: '', currency: 'EURO', valid_from: '2026-13-01', tiers: ['gold'], items: [{ product_id: pump, unit_price: -1 }, { product_id: 'prd_01jzzzzzzzzzzzzzzzzzzzzzzz', unit_price: 1 }] },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['currency', 'items.0.unit_price', 'name', 'tiers.0', 'valid_from']);
    const unknown = await omc.call('POST', '/v1/price-lists', { key: pricing, body: { name: 'x', currency: 'EUR', valid_from: '2026-01-01', items: [{ product_id: 'prd_01jzzzzzzzzzzzzzzzzzzzzzzz', unit_price: 1 }] } });
    expect(unknown.body.error.details.fields).toHaveProperty('items.0.product_id');
    const dup = await omc.call('POST', '/v1/price-lists', { key: pricing, body: { name: 'x', currency: 'EUR', valid_from: '2026-01-01', items: [{ product_id: pump, unit_price: 1 }, { product_id: pump, unit_price: 2 }] } });
    expect(dup.status).toBe(400);
    expect((await omc.call('POST', '/v1/price-lists', { key: await omc.keyFor('sales'), body: { name: 'x', currency: 'EUR', valid_from: '2026-01-01', items: [] } })).status).toBe(403);

    const list = (await omc.call('GET', `/v1/price-lists?customer_id=${acme}`)).body.data[0];
    const ended = await omc.call('PATCH', `/v1/price-lists/${list.id}`, { key: pricing, body: { active: false } });
    expect(ended.body.active).toBe(false);
    expect((await price(acme, pump)).body.price_list_name).toBe('Key accounts 2026');
    const replaced = await omc.call('PUT', `/v1/price-lists/${list.id}/items`, { key: pricing, body: { items: [{ product_id: valve, unit_price: 4_000 }] } });
    expect(replaced.body.items).toEqual([expect.objectContaining({ product_id: valve, unit_price: { amount: 4_000, currency: 'EUR' } })]);
    const events = (await omc.call('GET', `/v1/events?subject_id=${list.id}`)).body.data.map((e: { type: string }) => e.type);
    expect(events).toEqual(['price_list.created', 'price_list.updated', 'price_list.items_replaced']);
  });
});
