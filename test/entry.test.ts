import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { stockRowsOffLedger } from './invariants';

describeBackends('order entry', (backend) => {
  let omc: TestServer;
  let ham: string; // 1 + 2 days to the customer
  let lyo: string; // 2 + 3 days
  let customer: string;
  beforeAll(async () => {
    omc = await startTestServer(backend); // today is 2026-03-02
    ham = (await omc.call('POST', '/v1/warehouses', { body: { code: 'HAM', name: 'Hamburg', handling_days: 1, transit_days: 2 } })).body.id;
    lyo = (await omc.call('POST', '/v1/warehouses', { body: { code: 'LYO', name: 'Lyon', handling_days: 2, transit_days: 3 } })).body.id;
    customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
  });
  afterAll(() => omc?.stop());

  let seq = 0;
  async function product(stock: Record<string, number> = {}, overrides: Record<string, unknown> = {}) {
    const res = await omc.call('POST', '/v1/products', {
      body: { sku: `E-${++seq}`, name: 'Gear', kind: 'stocked', list_price: { amount: 2_500, currency: 'EUR' }, lead_time_days: 20, ...overrides },
    });
    expect(res.status).toBe(201);
    for (const [warehouse, quantity] of Object.entries(stock)) {
      const adj = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: res.body.id, warehouse_id: warehouse, quantity, reason: 'count' } });
      expect(adj.status).toBe(201);
    }
    return res.body.id as string;
  }
  const order = (lines: { product_id: string; quantity: number }[], extra: Record<string, unknown> = {}, key?: string) =>
    omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines, ...extra }, ...(key ? { key } : {}) });
  const stockOf = async (productId: string) => (await omc.call('GET', `/v1/stock?product_id=${productId}`)).body.data as { warehouse_id: string; on_hand: number; reserved: number; available: number; incoming: number }[];

  /** The invariants of issue 3: reserved ≤ on hand, reserved = open stock reservations, on hand = sum of movements. */
  async function invariantsHold() {
    const { db } = omc.server.database;
    expect(await stockRowsOffLedger(db)).toEqual([]);
    const overPromised = await sql<{ id: string }>`
      select su.id from supply su
      left join (select supply_id, sum(quantity) q from reservations where status = 'active' and source = 'supply' group by 1) p on p.supply_id = su.id
      where su.promised_quantity <> coalesce(p.q, 0) or su.promised_quantity > su.quantity - su.received_quantity`.execute(db);
    expect(overPromised.rows).toEqual([]);
    const lines = await sql<{ id: string }>`
      select l.id from order_lines l join orders o on o.id = l.order_id
      left join (select order_line_id, sum(quantity) q from reservations where status = 'active' and source = 'stock' group by 1) r on r.order_line_id = l.id
      where o.status <> 'cancelled' and (l.reserved_quantity <> coalesce(r.q, 0) or l.reserved_quantity + l.backordered_quantity <> l.quantity)`.execute(db);
    expect(lines.rows).toEqual([]);
  }

  describe('placing an order', () => {
    it('reserves stock, prices from the list, and promises a date with its reason', async () => {
      const p = await product({ [ham]: 10 });
      const res = await order([{ product_id: p, quantity: 4 }], { requested_date: '2026-03-10', external_ref: 'PO-778' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'confirmed', customer_id: customer, total: { amount: 10_000, currency: 'EUR' }, promised_date: '2026-03-05', external_ref: 'PO-778' });
      expect(res.body.number).toMatch(/^SO-2026-\d{6}$/);
      const [line] = res.body.lines;
      expect(line).toMatchObject({ quantity: 4, reserved_quantity: 4, backordered_quantity: 0, promised_date: '2026-03-05', unit_price: { amount: 2_500 } });
      expect(line.promise).toEqual([expect.objectContaining({ source: 'stock', warehouse_id: ham, quantity: 4, reason: 'in stock at HAM' })]);
      expect(await stockOf(p)).toEqual([expect.objectContaining({ on_hand: 10, reserved: 4, available: 6 })]);
      expect((await omc.call('GET', `/v1/orders/${res.body.id}`)).body).toEqual(res.body);
    });

    it('splits a line across warehouses, preferred first, and dates it by the slower one', async () => {
      const p = await product({ [ham]: 2, [lyo]: 2 });
      const res = await order([{ product_id: p, quantity: 3 }]);
      const [line] = res.body.lines;
      expect(line).toMatchObject({ reserved_quantity: 3, backordered_quantity: 0, promised_date: '2026-03-07' });
      expect(line.promise.map((x: { warehouse_id: string; quantity: number }) => [x.warehouse_id, x.quantity])).toEqual([[ham, 2], [lyo, 1]]);
      const preferLyon = await order([{ product_id: p, quantity: 1 }], { preferred_warehouse_id: lyo });
      expect(preferLyon.body.lines[0].promise[0].warehouse_id).toBe(lyo);
    });

    it('backorders a shortfall on incoming supply, then on lead time, and says so', async () => {
      const p = await product({ [ham]: 1 });
      await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: lyo, quantity: 3, expected_date: '2026-03-20', reference: 'PO-9' } });
      const res = await order([{ product_id: p, quantity: 6 }]);
      expect(res.status).toBe(201);
      const [line] = res.body.lines;
      expect(line).toMatchObject({ reserved_quantity: 1, backordered_quantity: 5, promised_date: '2026-03-25' });
      expect(line.promise.map((x: { source: string; quantity: number; promised_date: string }) => [x.source, x.quantity, x.promised_date])).toEqual([
        ['stock', 1, '2026-03-05'],
        ['supply', 3, '2026-03-25'],
        ['lead_time', 2, '2026-03-25'],
      ]);
      expect((await stockOf(p)).find((s) => s.warehouse_id === lyo)).toMatchObject({ incoming: 3 });
      await invariantsHold();
    });

    it('never promises the same incoming units twice', async () => {
      const p = await product();
      const supply = (await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 5, expected_date: '2026-03-12' } })).body;
      const first = await order([{ product_id: p, quantity: 4 }]);
      const second = await order([{ product_id: p, quantity: 4 }]);
      expect(first.body.lines[0].promise.map((x: { source: string }) => x.source)).toEqual(['supply']);
      expect(second.body.lines[0].promise.map((x: { source: string; quantity: number }) => [x.source, x.quantity])).toEqual([['supply', 1], ['lead_time', 3]]);
      expect((await omc.call('GET', `/v1/supply?product_id=${p}`)).body.data[0]).toMatchObject({ id: supply.id, promised_quantity: 5 });
    });

    it('promises made-to-order and service lines from lead time', async () => {
      const mto = await product({}, { kind: 'made_to_order', lead_time_days: 14 });
      const service = await product({}, { kind: 'service', lead_time_days: 3 });
      const res = await order([{ product_id: mto, quantity: 1 }, { product_id: service, quantity: 2 }], { allow_backorder: false });
      expect(res.status).toBe(201);
      expect(res.body.lines.map((l: { promised_date: string; backordered_quantity: number }) => [l.promised_date, l.backordered_quantity])).toEqual([['2026-03-19', 1], ['2026-03-05', 2]]);
      expect(res.body.promised_date).toBe('2026-03-19');
    });

    it('refuses with insufficient_stock and per-line availability when backorders are not allowed, writing nothing', async () => {
      const p = await product({ [ham]: 2 });
      const q = await product({ [ham]: 5 });
      const events = (await omc.call('GET', '/v1/events?limit=200')).body.data.length;
      const res = await order([{ product_id: q, quantity: 1 }, { product_id: p, quantity: 3 }], { allow_backorder: false });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('insufficient_stock');
      expect(res.body.error.details.lines).toEqual([
        { product_id: q, requested: 1, available: 5 },
        { product_id: p, requested: 3, available: 2 },
      ]);
      expect(await stockOf(q)).toEqual([expect.objectContaining({ reserved: 0 })]);
      expect((await omc.call('GET', '/v1/events?limit=200')).body.data.length).toBe(events);
    });

    it('names every bad line at once and writes nothing', async () => {
      const good = await product({ [ham]: 5 });
      const inactive = await product({}, {});
      await omc.call('PATCH', `/v1/products/${inactive}`, { body: { active: false } });
      const before = (await omc.call('GET', `/v1/orders?customer_id=${customer}&limit=200`)).body.data.length;
      const res = await order([
        { product_id: good, quantity: 1 },
        { product_id: 'prd_01jzzzzzzzzzzzzzzzzzzzzzzz', quantity: 1 },
        { product_id: inactive, quantity: 2 },
      ]);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual(['lines.1.product_id', 'lines.2.product_id']);
      const shapes = await order([{ product_id: good, quantity: 0 }, { product_id: good, quantity: 1.5 }, { product_id: 'x', quantity: 1 }]);
      expect(Object.keys(shapes.body.error.details.fields).sort()).toEqual(['lines.0.quantity', 'lines.1.quantity', 'lines.2.product_id']);
      const tooMany = await order(Array.from({ length: 201 }, () => ({ product_id: good, quantity: 1 })));
      expect(tooMany.body.error.details.fields).toHaveProperty('lines');
      expect((await omc.call('GET', `/v1/orders?customer_id=${customer}&limit=200`)).body.data.length).toBe(before);
      expect(await stockOf(good)).toEqual([expect.objectContaining({ reserved: 0 })]);
    });

    it('lets only pricing and CSR staff set a price; a customer key never', async () => {
      const p = await product({ [ham]: 5 });
      const line = { product_id: p, quantity: 1, unit_price: { amount: 1_999, currency: 'EUR' } };
      const csr = await order([line], {}, await omc.keyFor('csr'));
      expect(csr.status).toBe(201);
      expect(csr.body.lines[0]).toMatchObject({ unit_price: { amount: 1_999 }, price_source: 'manual' });
      const sales = await order([line], {}, await omc.keyFor('sales'));
      expect(sales.status).toBe(403);
      const own = await order([line], {}, await omc.keyFor('customer', customer));
      expect(own.status).toBe(403);
      expect(own.body.error.details.fields).toHaveProperty('lines.0.unit_price');
    });

    it('refuses a second order with the same external_ref, naming the first', async () => {
      const p = await product({ [ham]: 5 });
      const first = await order([{ product_id: p, quantity: 1 }], { external_ref: 'EXT-1' });
      const again = await order([{ product_id: p, quantity: 1 }], { external_ref: 'EXT-1' });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'duplicate_external_ref', details: { order_id: first.body.id, order_number: first.body.number } });
      const racing = await Promise.all(Array.from({ length: 8 }, () => order([{ product_id: p, quantity: 1 }], { external_ref: 'EXT-RACE' })));
      expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
      expect(racing.filter((r) => r.status === 409).every((r) => r.body.error.code === 'duplicate_external_ref')).toBe(true);
      await invariantsHold();
    });
  });

  describe('customers and credit', () => {
    it("a customer's key orders for itself only, and sees only its own orders", async () => {
      const other = (await omc.call('POST', '/v1/customers', { body: { name: 'Other', tier: 'standard', currency: 'EUR' } })).body.id;
      const p = await product({ [ham]: 5 });
      const key = await omc.keyFor('customer', other);
      const mine = await omc.call('POST', '/v1/orders', { key, body: { customer_id: other, lines: [{ product_id: p, quantity: 1 }] } });
      expect(mine.status).toBe(201);
      expect(mine.body.channel).toBe('portal');
      const theirs = await omc.call('POST', '/v1/orders', { key, body: { customer_id: customer, lines: [{ product_id: p, quantity: 1 }] } });
      expect(theirs.status).toBe(404);
      const list = (await omc.call('GET', `/v1/orders?customer_id=${customer}`, { key })).body.data;
      expect(list.every((o: { customer_id: string }) => o.customer_id === other)).toBe(true);
      const acmeOrder = (await omc.call('GET', `/v1/orders?customer_id=${customer}&limit=1`)).body.data[0];
      expect((await omc.call('GET', `/v1/orders/${acmeOrder.id}`, { key })).status).toBe(404);
    });

    it('finds orders by part of their number, the customer’s reference or the customer’s name — a customer only its own', async () => {
      const zephyr = (await omc.call('POST', '/v1/customers', { body: { name: 'Zephyr 100% Pumps', tier: 'standard', currency: 'EUR' } })).body.id;
      const p = await product({ [ham]: 5 });
      const order = (await omc.call('POST', '/v1/orders', { body: { customer_id: zephyr, lines: [{ product_id: p, quantity: 1 }], external_ref: 'ZX-77_A' } })).body;
      const find = async (q: string, key?: string) =>
        (await omc.call('GET', `/v1/orders?q=${encodeURIComponent(q)}&limit=200`, key ? { key } : {})).body.data.map((o: { id: string }) => o.id) as string[];
      expect(await find(order.number.slice(-6))).toContain(order.id);
      expect(await find('zx-77_a')).toEqual([order.id]);
      expect(await find('zephyr 100%')).toEqual([order.id]);
      expect(await find('100_')).toEqual([]); // % and _ are literal characters, not wildcards
      const other = await omc.keyFor('customer', customer);
      expect(await find('zephyr', other)).toEqual([]);
      expect((await omc.call('GET', `/v1/orders?q=${'x'.repeat(101)}`)).status).toBe(400);
    });

    it('holds an order over the credit limit with a handoff to finance, who releases it', async () => {
      const tight = (await omc.call('POST', '/v1/customers', { body: { name: 'Tight', tier: 'standard', currency: 'EUR', credit_limit: { amount: 10_000, currency: 'EUR' } } })).body.id;
      const p = await product({ [ham]: 20 });
      const ok = await omc.call('POST', '/v1/orders', { body: { customer_id: tight, lines: [{ product_id: p, quantity: 4 }] } });
      expect(ok.body.status).toBe('confirmed');
      const held = await omc.call('POST', '/v1/orders', { body: { customer_id: tight, lines: [{ product_id: p, quantity: 1 }] } });
      expect(held.body.status).toBe('on_hold');
      expect(held.body.lines[0].reserved_quantity).toBe(1);
      const handoffs = (await omc.call('GET', `/v1/handoffs?subject_id=${held.body.id}`)).body.data;
      expect(handoffs).toEqual([expect.objectContaining({ department: 'finance', status: 'open', stage: 'entry' })]);
      expect((await omc.call('POST', `/v1/orders/${held.body.id}/release`, { key: await omc.keyFor('csr'), body: { reason: 'x' } })).status).toBe(403);
      const released = await omc.call('POST', `/v1/orders/${held.body.id}/release`, { key: await omc.keyFor('finance'), body: { reason: 'prepayment received' } });
      expect(released.body.status).toBe('confirmed');
      expect((await omc.call('GET', `/v1/handoffs?subject_id=${held.body.id}`)).body.data[0].status).toBe('completed');
      const again = await omc.call('POST', `/v1/orders/${held.body.id}/release`, { key: await omc.keyFor('finance'), body: { reason: 'again' } });
      expect(again.body.error).toMatchObject({ code: 'invalid_transition', details: { from: 'confirmed', to: 'confirmed' } });
    });

    it('refuses orders of a customer on hold', async () => {
      const held = (await omc.call('POST', '/v1/customers', { body: { name: 'Held', tier: 'standard', currency: 'EUR' } })).body.id;
      await omc.call('POST', `/v1/customers/${held}/suspend`, { body: { reason: 'unpaid' } });
      const p = await product({ [ham]: 1 });
      const res = await omc.call('POST', '/v1/orders', { body: { customer_id: held, lines: [{ product_id: p, quantity: 1 }] } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('customer_not_active');
    });
  });

  describe('cancel, supply moves and the timeline', () => {
    it('cancelling releases reserved stock and promised supply', async () => {
      const p = await product({ [ham]: 2 });
      await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 5, expected_date: '2026-03-15' } });
      const placed = await order([{ product_id: p, quantity: 4 }]);
      const cancelled = await omc.call('POST', `/v1/orders/${placed.body.id}/cancel`, { body: { reason: 'customer changed mind' } });
      expect(cancelled.body.status).toBe('cancelled');
      expect(await stockOf(p)).toEqual([expect.objectContaining({ on_hand: 2, reserved: 0, incoming: 5 })]);
      expect((await omc.call('GET', `/v1/supply?product_id=${p}`)).body.data[0].promised_quantity).toBe(0);
      expect((await omc.call('POST', `/v1/orders/${placed.body.id}/cancel`, { body: { reason: 'again' } })).status).toBe(409);
      await invariantsHold();
    });

    it('re-promises every order on a supply that is delayed, with old date, new date and why', async () => {
      const p = await product();
      const s = (await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 10, expected_date: '2026-03-10', reference: 'PO-D' } })).body;
      const a = await order([{ product_id: p, quantity: 3 }]);
      expect(a.body.promised_date).toBe('2026-03-13');
      await omc.call('POST', `/v1/supply/${s.id}/delay`, { body: { expected_date: '2026-03-20', reason: 'vessel late' } });
      const after = (await omc.call('GET', `/v1/orders/${a.body.id}`)).body;
      expect(after.promised_date).toBe('2026-03-23');
      const timeline = (await omc.call('GET', `/v1/orders/${a.body.id}/timeline`)).body.data;
      const repromised = timeline.find((e: { type: string }) => e.type === 'order.repromised');
      expect(repromised.data).toMatchObject({ from: '2026-03-13', to: '2026-03-23' });
      expect(repromised.data.reason).toContain('vessel late');
    });

    it('re-promises from other supply or lead time when a supply is cancelled', async () => {
      const p = await product();
      const s = (await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 4, expected_date: '2026-03-10' } })).body;
      await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 2, expected_date: '2026-03-18' } });
      const a = await order([{ product_id: p, quantity: 4 }]);
      expect(a.body.promised_date).toBe('2026-03-13');
      await omc.call('POST', `/v1/supply/${s.id}/cancel`, { body: { reason: 'supplier bankrupt' } });
      const after = (await omc.call('GET', `/v1/orders/${a.body.id}`)).body;
      expect(after.lines[0].promise.map((x: { source: string; quantity: number }) => [x.source, x.quantity])).toEqual([['supply', 2], ['lead_time', 2]]);
      expect(after.promised_date).toBe('2026-03-25');
      await invariantsHold();
    });

    it('receiving supply reserves it for the orders that waited on it', async () => {
      const p = await product();
      const s = (await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 5, expected_date: '2026-03-10' } })).body;
      const a = await order([{ product_id: p, quantity: 3 }]);
      const b = await order([{ product_id: p, quantity: 4 }]);
      await omc.call('POST', `/v1/supply/${s.id}/receive`, { body: { quantity: 4 } });
      const [lineA] = (await omc.call('GET', `/v1/orders/${a.body.id}`)).body.lines;
      const [lineB] = (await omc.call('GET', `/v1/orders/${b.body.id}`)).body.lines;
      expect([lineA.reserved_quantity, lineA.backordered_quantity, lineA.promised_date]).toEqual([3, 0, '2026-03-05']);
      expect([lineB.reserved_quantity, lineB.backordered_quantity]).toEqual([1, 3]);
      expect(lineB.promise.map((x: { source: string; quantity: number }) => [x.source, x.quantity])).toEqual([['stock', 1], ['supply', 1], ['lead_time', 2]]);
      expect(await stockOf(p)).toEqual([expect.objectContaining({ on_hand: 4, reserved: 4, incoming: 1 })]);
      await invariantsHold();
    });

    it('shows every step on the timeline with stage, department and actor', async () => {
      const p = await product({ [ham]: 1 });
      const placed = await order([{ product_id: p, quantity: 1 }], {}, await omc.keyFor('csr'));
      await omc.call('POST', `/v1/orders/${placed.body.id}/cancel`, { body: { reason: 'duplicate' } });
      const timeline = (await omc.call('GET', `/v1/orders/${placed.body.id}/timeline`)).body.data;
      expect(timeline.map((e: { type: string }) => e.type)).toEqual(['order.received', 'order.confirmed', 'order.cancelled']);
      expect(timeline[0]).toMatchObject({ stage: 'entry', department: 'csr' });
      expect(timeline[1].actor).toBe('system');
    });

    it("shows the customer which department acted, never which person, and no internal notes", async () => {
      const p = await product({ [ham]: 1 });
      const buyer = await omc.keyFor('customer', customer);
      const placed = await order([{ product_id: p, quantity: 1 }], {}, buyer);
      await omc.call('POST', `/v1/orders/${placed.body.id}/cancel`, { key: await omc.keyFor('csr'), body: { reason: 'duplicate' } });
      const staff = (await omc.call('GET', `/v1/orders/${placed.body.id}/timeline`)).body.data;
      const res = await omc.call('GET', `/v1/orders/${placed.body.id}/timeline`, { key: buyer });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const seen = res.body.data;
      expect(seen.map((e: { type: string }) => e.type)).toEqual(staff.map((e: { type: string }) => e.type));
      expect(seen.map((e: { actor: string }) => e.actor).slice(0, 2)).toEqual(['customer', 'omc']);
      expect(seen.at(-1)).toMatchObject({ type: 'order.cancelled', actor: 'csr' });
      expect(JSON.stringify(seen)).not.toMatch(/usr_|key_|"note"/);
    });
  });

  describe('under concurrency', () => {
    it('500 orders of 1 unit against 100 in stock: exactly 100 accepted, 400 refused, none oversold', async () => {
      const p = await product({ [ham]: 100 });
      const results = await Promise.all(Array.from({ length: 500 }, () => order([{ product_id: p, quantity: 1 }], { allow_backorder: false })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(100);
      expect(statuses.filter((s) => s === 409)).toHaveLength(400);
      expect(await stockOf(p)).toEqual([expect.objectContaining({ on_hand: 100, reserved: 100, available: 0 })]);
      const numbers = results.filter((r) => r.status === 201).map((r) => r.body.number);
      expect(new Set(numbers).size).toBe(100);
      await invariantsHold();
    });

    it('the same product on two lines of one order, and 2 + 2 in two warehouses for an order of 3', async () => {
      const p = await product({ [ham]: 2, [lyo]: 2 });
      const two = await order([{ product_id: p, quantity: 1 }, { product_id: p, quantity: 3 }], { allow_backorder: false });
      expect(two.status).toBe(201);
      expect(two.body.lines.map((l: { reserved_quantity: number }) => l.reserved_quantity)).toEqual([1, 3]);
      expect((await order([{ product_id: p, quantity: 1 }], { allow_backorder: false })).status).toBe(409);
      const q = await product({ [ham]: 2, [lyo]: 2 });
      const three = await Promise.all([order([{ product_id: q, quantity: 3 }], { allow_backorder: false }), order([{ product_id: q, quantity: 3 }], { allow_backorder: false })]);
      expect(three.map((r) => r.status).sort()).toEqual([201, 409]);
      await invariantsHold();
    });

    it('200 orders on 200 different products at once are all created', async () => {
      const products = await Promise.all(Array.from({ length: 200 }, (_, i) => omc.call('POST', '/v1/products', { body: { sku: `MANY-${i}`, name: 'x', kind: 'stocked', list_price: { amount: 100, currency: 'EUR' } } })));
      await Promise.all(products.map((p) => omc.call('POST', '/v1/stock/adjustments', { body: { product_id: p.body.id, warehouse_id: ham, quantity: 1, reason: 'count' } })));
      const results = await Promise.all(products.map((p) => order([{ product_id: p.body.id, quantity: 1 }], { allow_backorder: false })));
      expect(results.every((r) => r.status === 201)).toBe(true);
      await invariantsHold();
    });

    it('never promises the same incoming units twice, whatever the concurrency', async () => {
      const p = await product();
      const s = (await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: lyo, quantity: 10, expected_date: '2026-03-12' } })).body;
      const results = await Promise.all(Array.from({ length: 30 }, () => order([{ product_id: p, quantity: 1 }])));
      expect(results.every((r) => r.status === 201)).toBe(true);
      const sources = results.map((r) => r.body.lines[0].promise[0].source);
      expect(sources.filter((x: string) => x === 'supply')).toHaveLength(10);
      expect(sources.filter((x: string) => x === 'lead_time')).toHaveLength(20);
      expect((await omc.call('GET', `/v1/supply?product_id=${p}`)).body.data[0]).toMatchObject({ id: s.id, promised_quantity: 10 });
      await invariantsHold();
    });

    it('orders and cancels interleaved keep every invariant', async () => {
      const p = await product({ [ham]: 30, [lyo]: 10 });
      await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 20, expected_date: '2026-03-15' } });
      const placed = await Promise.all(Array.from({ length: 40 }, (_, i) => order([{ product_id: p, quantity: 1 + (i % 3) }])));
      expect(placed.every((r) => r.status === 201)).toBe(true);
      const mixed = await Promise.all([
        ...placed.filter((_, i) => i % 2 === 0).map((r) => omc.call('POST', `/v1/orders/${r.body.id}/cancel`, { body: { reason: 'test' } })),
        ...Array.from({ length: 20 }, () => order([{ product_id: p, quantity: 2 }])),
      ]);
      expect(mixed.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      await invariantsHold();
    });
  });
});

describeBackends('order edits', (backend) => {
  let omc: TestServer;
  let ham: string;
  let customer: string;
  beforeAll(async () => {
    omc = await startTestServer(backend);
    ham = (await omc.call('POST', '/v1/warehouses', { body: { code: 'HAM', name: 'Hamburg', handling_days: 1, transit_days: 2 } })).body.id;
    customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR', credit_limit: { amount: 100_000, currency: 'EUR' } } })).body.id;
  });
  afterAll(() => omc?.stop());

  let seq = 0;
  async function product(onHand: number, price = 1_000) {
    const id = (await omc.call('POST', '/v1/products', { body: { sku: `ED-${++seq}`, name: 'Part', kind: 'stocked', list_price: { amount: price, currency: 'EUR' }, lead_time_days: 10 } })).body.id as string;
    if (onHand > 0) await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: ham, quantity: onHand, reason: 'count' } });
    return id;
  }
  const reservedOf = async (p: string) => (await omc.call('GET', `/v1/stock?product_id=${p}`)).body.data[0]?.reserved ?? 0;

  it('previews an edit without writing anything, then applies the same edit', async () => {
    const a = await product(5);
    const b = await product(0);
    const placed = (await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: a, quantity: 2 }] } })).body;
    const changes = [
      { action: 'set_quantity', line_id: placed.lines[0].id, quantity: 4 },
      { action: 'add_line', product_id: b, quantity: 1 },
    ];
    const eventsBefore = (await omc.call('GET', `/v1/orders/${placed.id}/timeline`)).body.data.length;
    const preview = await omc.call('POST', `/v1/orders/${placed.id}/edits/preview`, { body: { changes } });
    expect(preview.status).toBe(200);
    expect(preview.body.effects).toMatchObject({
      total: { from: { amount: 2_000 }, to: { amount: 5_000 } },
      promised_date: { from: '2026-03-05', to: '2026-03-15' },
      stock: [{ product_id: a, warehouse_id: ham, reserved_change: 2 }],
      credit: { within_limit: true },
    });
    expect(await reservedOf(a)).toBe(2);
    expect((await omc.call('GET', `/v1/orders/${placed.id}`)).body).toEqual(placed);
    expect((await omc.call('GET', `/v1/orders/${placed.id}/timeline`)).body.data.length).toBe(eventsBefore);

    const applied = await omc.call('POST', `/v1/orders/${placed.id}/edits`, { body: { changes, reason: 'customer called' } });
    expect(applied.status).toBe(200);
    expect(applied.body.effects).toEqual(preview.body.effects);
    expect(applied.body.order.lines.map((l: { quantity: number; reserved_quantity: number; backordered_quantity: number }) => [l.quantity, l.reserved_quantity, l.backordered_quantity])).toEqual([[4, 4, 0], [1, 0, 1]]);
    expect(await reservedOf(a)).toBe(4);
    const types = (await omc.call('GET', `/v1/orders/${placed.id}/timeline`)).body.data.map((e: { type: string }) => e.type);
    expect(types).toContain('order.edited');
    expect(types).toContain('order.repromised');
  });

  it('lowering a quantity gives back the least sure units first; removing a line releases it all', async () => {
    const a = await product(3);
    const placed = (await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: a, quantity: 5 }, { product_id: await product(1), quantity: 1 }] } })).body;
    expect(placed.lines[0]).toMatchObject({ reserved_quantity: 3, backordered_quantity: 2 });
    const lower = await omc.call('POST', `/v1/orders/${placed.id}/edits`, { body: { changes: [{ action: 'set_quantity', line_id: placed.lines[0].id, quantity: 3 }] } });
    expect(lower.body.order.lines[0]).toMatchObject({ quantity: 3, reserved_quantity: 3, backordered_quantity: 0, promised_date: '2026-03-05' });
    const removed = await omc.call('POST', `/v1/orders/${placed.id}/edits`, { body: { changes: [{ action: 'remove_line', line_id: placed.lines[0].id }] } });
    expect(removed.body.order.lines).toHaveLength(1);
    expect(removed.body.effects.stock).toEqual([{ product_id: a, warehouse_id: ham, reserved_change: -3 }]);
    expect(await reservedOf(a)).toBe(0);
  });

  it('refuses bad edits by name and changes nothing', async () => {
    const a = await product(2);
    const placed = (await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: a, quantity: 1 }] } })).body;
    const all = await omc.call('POST', `/v1/orders/${placed.id}/edits`, { body: { changes: [{ action: 'remove_line', line_id: placed.lines[0].id }] } });
    expect(all.status).toBe(400);
    expect(all.body.error.details.fields).toHaveProperty('changes');
    const twice = await omc.call('POST', `/v1/orders/${placed.id}/edits`, {
      body: { changes: [{ action: 'set_quantity', line_id: placed.lines[0].id, quantity: 2 }, { action: 'set_quantity', line_id: placed.lines[0].id, quantity: 3 }] },
    });
    expect(twice.body.error.details.fields).toHaveProperty('changes.1.line_id');
    const shape = await omc.call('POST', `/v1/orders/${placed.id}/edits`, { body: { changes: [{ action: 'explode' }] } });
    expect(shape.status).toBe(400);
    await omc.call('POST', `/v1/orders/${placed.id}/cancel`, { body: { reason: 'x' } });
    const late = await omc.call('POST', `/v1/orders/${placed.id}/edits`, { body: { changes: [{ action: 'set_quantity', line_id: placed.lines[0].id, quantity: 2 }] } });
    expect(late.status).toBe(409);
    expect(await reservedOf(a)).toBe(0);
  });

  it('an edit that breaks the credit limit puts the order on hold for finance', async () => {
    const a = await product(500, 10_000);
    const placed = (await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: a, quantity: 1 }] } })).body;
    expect(placed.status).toBe('confirmed');
    const preview = await omc.call('POST', `/v1/orders/${placed.id}/edits/preview`, { body: { changes: [{ action: 'set_quantity', line_id: placed.lines[0].id, quantity: 50 }] } });
    expect(preview.body.effects).toMatchObject({ status: { from: 'confirmed', to: 'on_hold' }, credit: { within_limit: false } });
    expect((await omc.call('GET', `/v1/orders/${placed.id}`)).body.status).toBe('confirmed');
    const applied = await omc.call('POST', `/v1/orders/${placed.id}/edits`, { body: { changes: [{ action: 'set_quantity', line_id: placed.lines[0].id, quantity: 50 }] } });
    expect(applied.body.order.status).toBe('on_hold');
    expect((await omc.call('GET', `/v1/handoffs?subject_id=${placed.id}`)).body.data[0]).toMatchObject({ department: 'finance' });
  });
});
