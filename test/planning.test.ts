import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';

describeBackends('planning: catalog, stock, supply', (backend) => {
  let omc: TestServer;
  let warehouse: string;
  let other: string;
  beforeAll(async () => {
    omc = await startTestServer(backend);
    warehouse = (await omc.call('POST', '/v1/warehouses', { body: { code: 'HAM', name: 'Hamburg', handling_days: 1, transit_days: 2 } })).body.id;
    other = (await omc.call('POST', '/v1/warehouses', { body: { code: 'LYO', name: 'Lyon' } })).body.id;
  });
  afterAll(() => omc?.stop());

  let skuSeq = 0;
  async function product(overrides: Record<string, unknown> = {}) {
    const res = await omc.call('POST', '/v1/products', {
      body: { sku: `P-${++skuSeq}-${backend}`, name: 'Pump', kind: 'stocked', list_price: { amount: 12_500, currency: 'EUR' }, ...overrides },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  const level = async (productId: string, warehouseId = warehouse) =>
    (await omc.call('GET', `/v1/stock?product_id=${productId}`)).body.data.find((r: { warehouse_id: string }) => r.warehouse_id === warehouseId);

  /** The ledger invariant: on hand and reserved are the sums of their movements. */
  async function ledgerHolds(productId: string) {
    const { db } = omc.server.database;
    const sums = await sql<{ warehouse_id: string; on_hand: number; reserved: number }>`
      select warehouse_id, sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved
      from stock_movements where product_id = ${productId} group by warehouse_id`.execute(db);
    const rows = await db.selectFrom('stock').selectAll().where('product_id', '=', productId).execute();
    for (const row of rows) {
      const sum = sums.rows.find((s) => s.warehouse_id === row.warehouse_id);
      expect({ on_hand: row.on_hand, reserved: row.reserved }).toEqual({ on_hand: sum?.on_hand ?? 0, reserved: sum?.reserved ?? 0 });
    }
  }

  describe('catalog', () => {
    it('creates a product as API.md fixes it, with the issue’s extra fields', async () => {
      const res = await omc.call('POST', '/v1/products', {
        body: { sku: `VALVE-${backend}`, name: 'Valve DN50', kind: 'made_to_order', list_price: { amount: 9_900, currency: 'EUR' }, standard_cost: { amount: 4_100, currency: 'EUR' }, lead_time_days: 15, warranty_days: 365, needs_installation: true },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'made_to_order', list_price: { amount: 9_900, currency: 'EUR' }, standard_cost: { amount: 4_100 }, lead_time_days: 15, warranty_days: 365, needs_installation: true, active: true });
      expect(res.body.id).toMatch(/^prd_/);
      expect((await omc.call('GET', `/v1/products/${res.body.id}`)).body).toEqual(res.body);
    });

    it('refuses a second product with the same SKU in any case, and bad fields by name', async () => {
      await product({ sku: `DUP-${backend}` });
      const dup = await omc.call('POST', '/v1/products', { body: { sku: `dup-${backend}`, name: 'x', kind: 'stocked', list_price: { amount: 1, currency: 'EUR' } } });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('already_exists');
      const bad = await omc.call('POST', '/v1/products', { body: { sku: '', name: 'x', kind: 'gadget', list_price: { amount: 1.5, currency: 'EUR' }, price: 3 } });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['kind', 'list_price.amount', 'price', 'sku']);
      const cost = await omc.call('POST', '/v1/products', { body: { sku: `C-${backend}`, name: 'x', kind: 'stocked', list_price: { amount: 1, currency: 'EUR' }, standard_cost: { amount: 1, currency: 'USD' } } });
      expect(cost.body.error.details.fields).toHaveProperty('standard_cost.currency');
    });

    it('creates warehouses with unique codes and their lead times', async () => {
      const res = await omc.call('GET', `/v1/warehouses/${warehouse}`);
      expect(res.body).toMatchObject({ code: 'HAM', handling_days: 1, transit_days: 2 });
      expect((await omc.call('POST', '/v1/warehouses', { body: { code: 'ham', name: 'again' } })).status).toBe(409);
    });

    it('lets only operations and pricing change the catalog', async () => {
      const sales = await omc.keyFor('sales');
      const res = await omc.call('POST', '/v1/products', { key: sales, body: { sku: 'NOPE', name: 'x', kind: 'stocked', list_price: { amount: 1, currency: 'EUR' } } });
      expect(res.status).toBe(403);
      const pricing = await omc.keyFor('pricing');
      const id = await product();
      const patched = await omc.call('PATCH', `/v1/products/${id}`, { key: pricing, body: { list_price: { amount: 13_000, currency: 'EUR' } } });
      expect(patched.status).toBe(200);
      expect(patched.body.list_price.amount).toBe(13_000);
    });
  });

  describe('stock', () => {
    it('adjusts on hand through a movement, and on hand equals the sum of movements', async () => {
      const id = await product();
      const res = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: warehouse, quantity: 40, reason: 'opening count' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'adjustment', quantity: 40, on_hand_delta: 40, reserved_delta: 0, reason: 'opening count' });
      await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: warehouse, quantity: -15, reason: 'damaged' } });
      expect(await level(id)).toEqual({ product_id: id, warehouse_id: warehouse, on_hand: 25, reserved: 0, available: 25, incoming: 0 });
      const ledger = await omc.call('GET', `/v1/stock/movements?product_id=${id}`);
      expect(ledger.body.data.map((m: { quantity: number }) => m.quantity)).toEqual([40, -15]);
      await ledgerHolds(id);
    });

    it('refuses to take on hand below zero and writes nothing', async () => {
      const id = await product();
      await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: warehouse, quantity: 5, reason: 'count' } });
      const res = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: warehouse, quantity: -6, reason: 'count' } });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'insufficient_stock', details: { on_hand: 5, available: 5 } });
      const first = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: await product(), warehouse_id: other, quantity: -1, reason: 'x' } });
      expect(first.status).toBe(409);
      expect((await level(id))!.on_hand).toBe(5);
      expect((await omc.call('GET', `/v1/stock/movements?product_id=${id}`)).body.data).toHaveLength(1);
    });

    it('refuses stock for services, zero adjustments and unknown ids', async () => {
      const service = await product({ kind: 'service' });
      expect((await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: service, warehouse_id: warehouse, quantity: 1, reason: 'x' } })).status).toBe(400);
      const zero = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: service, warehouse_id: warehouse, quantity: 0, reason: 'x' } });
      expect(zero.body.error.details.fields).toHaveProperty('quantity');
      const unknown = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: 'prd_01jzzzzzzzzzzzzzzzzzzzzzzz', warehouse_id: warehouse, quantity: 1, reason: 'x' } });
      expect(unknown.status).toBe(404);
    });

    it('never takes on hand below zero under concurrent removals', async () => {
      const id = await product();
      await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: warehouse, quantity: 30, reason: 'count' } });
      const results = await Promise.all(
        Array.from({ length: 50 }, () => omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: warehouse, quantity: -1, reason: 'pick' } })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(30);
      expect(statuses.filter((s) => s === 409)).toHaveLength(20);
      expect((await level(id))!.on_hand).toBe(0);
      await ledgerHolds(id);
    });

    it('keeps the ledger append-only', async () => {
      await expect(sql`update stock_movements set on_hand_delta = 1000`.execute(omc.server.database.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from stock_movements`.execute(omc.server.database.db)).rejects.toThrow(/append-only/);
    });
  });

  describe('supply', () => {
    const inDays = (days: number) => new Date(omc.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

    it('shows open supply as incoming, receives it in parts, and each receipt is a movement', async () => {
      const id = await product();
      const created = await omc.call('POST', '/v1/supply', { body: { product_id: id, warehouse_id: warehouse, quantity: 100, expected_date: inDays(10), reference: 'PO-1' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ kind: 'purchase', status: 'open', outstanding_quantity: 100, expected_date: inDays(10) });
      expect(await level(id)).toMatchObject({ on_hand: 0, incoming: 100 });

      const part = await omc.call('POST', `/v1/supply/${created.body.id}/receive`, { body: { quantity: 60 } });
      expect(part.body).toMatchObject({ status: 'partially_received', received_quantity: 60, outstanding_quantity: 40 });
      expect(await level(id)).toMatchObject({ on_hand: 60, incoming: 40, available: 60 });

      const tooMuch = await omc.call('POST', `/v1/supply/${created.body.id}/receive`, { body: { quantity: 41 } });
      expect(tooMuch.status).toBe(400);
      const rest = await omc.call('POST', `/v1/supply/${created.body.id}/receive`, { body: {} });
      expect(rest.body).toMatchObject({ status: 'received', received_quantity: 100 });
      expect(await level(id)).toMatchObject({ on_hand: 100, incoming: 0 });

      const again = await omc.call('POST', `/v1/supply/${created.body.id}/receive`, { body: { quantity: 1 } });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('invalid_transition');
      const receipts = (await omc.call('GET', `/v1/stock/movements?product_id=${id}`)).body.data;
      expect(receipts.map((m: { kind: string; quantity: number; supply_id: string }) => [m.kind, m.quantity, m.supply_id])).toEqual([
        ['receipt', 60, created.body.id],
        ['receipt', 40, created.body.id],
      ]);
      await ledgerHolds(id);
    });

    it('delays supply with the old and new date on the event, and cancels what has not come', async () => {
      const id = await product();
      const s = (await omc.call('POST', '/v1/supply', { body: { product_id: id, warehouse_id: other, quantity: 20, expected_date: inDays(5), kind: 'production' } })).body;
      const delayed = await omc.call('POST', `/v1/supply/${s.id}/delay`, { body: { expected_date: inDays(12), reason: 'supplier strike' } });
      expect(delayed.body.expected_date).toBe(inDays(12));
      const events = (await omc.call('GET', `/v1/events?subject_id=${s.id}`)).body.data;
      expect(events.map((e: { type: string }) => e.type)).toEqual(['supply.created', 'supply.rescheduled']);
      expect(events[1].data).toMatchObject({ from: inDays(5), to: inDays(12), reason: 'supplier strike' });

      const past = await omc.call('POST', `/v1/supply/${s.id}/delay`, { body: { expected_date: inDays(-1), reason: 'x' } });
      expect(past.status).toBe(400);
      const cancelled = await omc.call('POST', `/v1/supply/${s.id}/cancel`, { body: { reason: 'line discontinued' } });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', outstanding_quantity: 0 });
      expect(await level(id, other)).toBeUndefined();
      expect((await omc.call('POST', `/v1/supply/${s.id}/cancel`, { body: { reason: 'again' } })).status).toBe(409);
    });

    it('receives concurrently without receiving more than was expected', async () => {
      const id = await product();
      const s = (await omc.call('POST', '/v1/supply', { body: { product_id: id, warehouse_id: warehouse, quantity: 10, expected_date: inDays(3) } })).body;
      const results = await Promise.all(Array.from({ length: 15 }, () => omc.call('POST', `/v1/supply/${s.id}/receive`, { body: { quantity: 1 } })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(10);
      expect(results.every((r) => r.status === 200 || r.status === 409 || r.status === 400)).toBe(true);
      expect(await level(id)).toMatchObject({ on_hand: 10, incoming: 0 });
      await ledgerHolds(id);
    });
  });
});

describeBackends('planning: what customers see of the catalog', (backend) => {
  let omc: TestServer;
  beforeAll(async () => {
    omc = await startTestServer(backend);
  });
  afterAll(() => omc?.stop());

  it('shows customers the catalog without its standard costs', async () => {
    const product = (await omc.call('POST', '/v1/products', { body: { sku: 'SECRET-COST', name: 'x', kind: 'stocked', list_price: { amount: 100, currency: 'EUR' }, standard_cost: { amount: 40, currency: 'EUR' } } })).body;
    const customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Buyer', tier: 'standard', currency: 'EUR' } })).body.id;
    const key = await omc.keyFor('customer', customer);
    expect((await omc.call('GET', `/v1/products/${product.id}`, { key })).body).toMatchObject({ list_price: { amount: 100 }, standard_cost: null });
    expect((await omc.call('GET', '/v1/products', { key })).body.data.every((p: { standard_cost: unknown }) => p.standard_cost === null)).toBe(true);
    expect((await omc.call('GET', `/v1/products/${product.id}`)).body.standard_cost).toEqual({ amount: 40, currency: 'EUR' });
  });
});
