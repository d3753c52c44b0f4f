import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { stockRowsOffLedger } from './invariants';

describeBackends('fulfillment', (backend) => {
  let omc: TestServer;
  let ham: string; // 1 + 2 days to the customer
  let lyo: string; // 2 + 3 days
  let customer: string;
  let other: string;
  beforeAll(async () => {
    omc = await startTestServer(backend); // today is 2026-03-02
    ham = (await omc.call('POST', '/v1/warehouses', { body: { code: 'HAM', name: 'Hamburg', handling_days: 1, transit_days: 2 } })).body.id;
    lyo = (await omc.call('POST', '/v1/warehouses', { body: { code: 'LYO', name: 'Lyon', handling_days: 2, transit_days: 3 } })).body.id;
    customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    other = (await omc.call('POST', '/v1/customers', { body: { name: 'Globex', tier: 'key', currency: 'EUR' } })).body.id;
  });
  afterAll(() => omc?.stop());

  let seq = 0;
  async function product(stock: Record<string, number> = {}) {
    const res = await omc.call('POST', '/v1/products', {
      body: { sku: `F-${++seq}`, name: 'Gear', kind: 'stocked', list_price: { amount: 2_500, currency: 'EUR' }, lead_time_days: 20 },
    });
    expect(res.status).toBe(201);
    for (const [warehouse, quantity] of Object.entries(stock)) {
      const adj = await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: res.body.id, warehouse_id: warehouse, quantity, reason: 'count' } });
      expect(adj.status).toBe(201);
    }
    return res.body.id as string;
  }
  async function order(lines: { product_id: string; quantity: number }[], customerId = customer) {
    const res = await omc.call('POST', '/v1/orders', { body: { customer_id: customerId, lines } });
    expect(res.status).toBe(201);
    return res.body;
  }
  const stockAt = async (productId: string, warehouseId: string) =>
    ((await omc.call('GET', `/v1/stock?product_id=${productId}`)).body.data as { warehouse_id: string; on_hand: number; reserved: number }[]).find((s) => s.warehouse_id === warehouseId);
  const ship = (shipmentId: string, key?: string) =>
    omc.call('POST', `/v1/shipments/${shipmentId}/ship`, { body: { carrier: 'DHL', tracking_number: `JD${shipmentId.slice(-8)}`, packages: 2 }, ...(key ? { key } : {}) });
  async function shipAll(shipmentId: string) {
    expect((await omc.call('POST', `/v1/shipments/${shipmentId}/pick`, { body: {} })).status).toBe(200);
    expect((await omc.call('POST', `/v1/shipments/${shipmentId}/pack`, { body: {} })).status).toBe(200);
    const shipped = await ship(shipmentId);
    expect(shipped.status).toBe(200);
    return shipped.body;
  }
  const getOrder = async (id: string) => (await omc.call('GET', `/v1/orders/${id}`)).body;

  /**
   * Stock conservation (the invariants of test/entry.test.ts: reserved ≤ on hand, reserved = active stock
   * reservations, on hand and reserved = sums of movements), and per line: reserved = active stock parts,
   * reserved + backordered + shipped = quantity, shipped reservations = what shipped shipments carry, and no
   * open shipment claims more than is reserved.
   */
  async function invariantsHold() {
    const { db } = omc.server.database;
    expect(await stockRowsOffLedger(db)).toEqual([]);
    const lines = await sql<{ id: string }>`
      select l.id from order_lines l join orders o on o.id = l.order_id
      left join (select order_line_id, sum(quantity) q from reservations where status = 'active' and source = 'stock' group by 1) r on r.order_line_id = l.id
      left join (select order_line_id, sum(quantity) q from reservations where status = 'shipped' group by 1) x on x.order_line_id = l.id
      left join (select sl.order_line_id, sum(sl.quantity) q from shipment_lines sl join shipments s on s.id = sl.shipment_id
                 where s.status in ('shipped', 'delivered') group by 1) y on y.order_line_id = l.id
      where coalesce(x.q, 0) <> coalesce(y.q, 0)
         or (o.status <> 'cancelled' and (l.reserved_quantity <> coalesce(r.q, 0) or l.reserved_quantity + l.backordered_quantity + coalesce(x.q, 0) <> l.quantity))`.execute(db);
    expect(lines.rows).toEqual([]);
    const overClaimed = await sql<{ order_line_id: string }>`
      select c.order_line_id from (
        select sl.order_line_id, s.warehouse_id, sum(sl.quantity) q from shipment_lines sl join shipments s on s.id = sl.shipment_id
        where s.status in ('pick_list', 'picked', 'packed') group by 1, 2) c
      left join (select order_line_id, warehouse_id, sum(quantity) q from reservations where status = 'active' and source = 'stock' group by 1, 2) r
        using (order_line_id, warehouse_id)
      where c.q > coalesce(r.q, 0)`.execute(db);
    expect(overClaimed.rows).toEqual([]);
  }

  describe('shipping an order', () => {
    it('ships in parts from two warehouses, moving stock at every step, and derives the fulfillment status', async () => {
      const p = await product({ [ham]: 5, [lyo]: 5 });
      const q = await product({ [ham]: 3 });
      const o = await order([
        { product_id: p, quantity: 7 },
        { product_id: q, quantity: 3 },
      ]);
      const [lp, lq] = o.lines;
      expect(o.fulfillment_status).toBe('not_shipped');
      expect(lp).toMatchObject({ reserved_quantity: 7, shipped_quantity: 0, delivered_quantity: 0 });

      // A partial pick list: 3 of the 5 units of p reserved at Hamburg.
      const first = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham, lines: [{ order_line_id: lp.id, quantity: 3 }] } });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'pick_list', order_id: o.id, customer_id: customer, warehouse_id: ham, lines: [{ order_line_id: lp.id, product_id: p, quantity: 3 }] });
      expect(first.body.id).toMatch(/^shp_/);
      expect(first.body.number).toMatch(/^SH-2026-\d{6}$/);
      expect((await getOrder(o.id)).status).toBe('in_fulfillment');
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 5, reserved: 5 }); // a pick list moves nothing yet
      await invariantsHold();

      // The rest of Hamburg by default, and Lyon's part on its own shipment.
      const second = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham } });
      expect(second.status).toBe(201);
      expect(second.body.lines.map((l: { order_line_id: string; quantity: number }) => [l.order_line_id, l.quantity]).sort()).toEqual(
        [
          [lp.id, 2],
          [lq.id, 3],
        ].sort(),
      );
      const third = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: lyo } });
      expect(third.body.lines).toEqual([expect.objectContaining({ order_line_id: lp.id, quantity: 2 })]);
      // Everything reserved is on a shipment now: nothing more to claim.
      const none = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham } });
      expect(none.status).toBe(409);
      expect(none.body.error.code).toBe('not_reserved');
      const tooMany = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: lyo, lines: [{ order_line_id: lp.id, quantity: 1 }] } });
      expect(tooMany.status).toBe(409);
      expect(tooMany.body.error.details.lines).toEqual([{ order_line_id: lp.id, requested: 1, available: 0 }]);
      await invariantsHold();

      const shipped = await shipAll(first.body.id);
      expect(shipped).toMatchObject({ status: 'shipped', carrier: 'DHL', packages: 2, shipped_at: '2026-03-02T09:00:00.000Z' });
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 2, reserved: 2 });
      const movements = (await omc.call('GET', `/v1/stock/movements?product_id=${p}&limit=200`)).body.data.filter((m: { kind: string }) => m.kind === 'shipment');
      expect(movements).toEqual([expect.objectContaining({ warehouse_id: ham, on_hand_delta: -3, reserved_delta: -3, order_id: o.id })]);
      let now = await getOrder(o.id);
      expect(now.fulfillment_status).toBe('partially_shipped');
      expect(now.lines[0]).toMatchObject({ quantity: 7, reserved_quantity: 4, shipped_quantity: 3, delivered_quantity: 0 });
      // The Hamburg reservation was split: 3 shipped, 2 still active.
      expect(now.lines[0].promise.map((x: { warehouse_id: string; quantity: number }) => [x.warehouse_id, x.quantity]).sort()).toEqual(
        [
          [ham, 2],
          [lyo, 2],
        ].sort(),
      );
      await invariantsHold();

      await shipAll(second.body.id);
      await invariantsHold();
      await shipAll(third.body.id);
      await invariantsHold();
      now = await getOrder(o.id);
      expect(now.fulfillment_status).toBe('shipped');
      expect(now.lines.map((l: { reserved_quantity: number; shipped_quantity: number }) => [l.reserved_quantity, l.shipped_quantity])).toEqual([
        [0, 7],
        [0, 3],
      ]);
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 0, reserved: 0 });
      expect(await stockAt(p, lyo)).toMatchObject({ on_hand: 3, reserved: 0 });
      expect(await stockAt(q, ham)).toMatchObject({ on_hand: 0, reserved: 0 });

      // Delivery: one shipment confirmed leaves the order shipped; all of them make it delivered.
      const early = await omc.call('POST', `/v1/shipments/${first.body.id}/deliver`, { body: { delivered_on: '2026-03-01' } });
      expect(early.status).toBe(400);
      expect(early.body.error.details.fields).toHaveProperty('delivered_on');
      omc.clock.advance({ days: 3 });
      const delivered = await omc.call('POST', `/v1/shipments/${first.body.id}/deliver`, { body: { delivered_on: '2026-03-04' } });
      expect(delivered.status).toBe(200);
      expect(delivered.body).toMatchObject({ status: 'delivered', delivered_on: '2026-03-04' });
      now = await getOrder(o.id);
      expect(now.fulfillment_status).toBe('shipped');
      expect(now.lines[0]).toMatchObject({ shipped_quantity: 7, delivered_quantity: 3 });
      for (const s of [second, third]) expect((await omc.call('POST', `/v1/shipments/${s.body.id}/deliver`, { body: { delivered_on: '2026-03-05' } })).status).toBe(200);
      expect((await getOrder(o.id)).fulfillment_status).toBe('delivered');
      await invariantsHold();

      // The journey is on the timeline, and every handoff of the shipments is closed.
      const timeline = (await omc.call('GET', `/v1/orders/${o.id}/timeline?limit=200`)).body.data.map((e: { type: string; data: Record<string, unknown> }) => e);
      const types = timeline.map((e: { type: string }) => e.type);
      for (const t of ['order.fulfillment_started', 'shipment.created', 'shipment.picked', 'shipment.packed', 'shipment.shipped', 'shipment.delivered', 'handoff.opened', 'handoff.completed']) {
        expect(types).toContain(t);
      }
      expect(timeline.filter((e: { type: string }) => e.type === 'order.fulfillment_status_changed').map((e: { data: { to: string } }) => e.data.to)).toEqual([
        'partially_shipped',
        'shipped',
        'delivered',
      ]);
      const handoffs = (await omc.call('GET', `/v1/handoffs?limit=200`)).body.data.filter((h: { order_id: string }) => h.order_id === o.id);
      expect(handoffs.length).toBeGreaterThanOrEqual(12); // pick, pack, ship and carrier per shipment
      expect(handoffs.every((h: { status: string }) => h.status === 'completed')).toBe(true);
      expect(new Set(handoffs.map((h: { department: string }) => h.department))).toEqual(new Set(['warehouse', 'operations']));

      // The order's list and the warehouse's list.
      const list = (await omc.call('GET', `/v1/orders/${o.id}/shipments`)).body;
      expect(list.data.map((s: { id: string }) => s.id)).toEqual([first.body.id, second.body.id, third.body.id]);
      const lyonDelivered = (await omc.call('GET', `/v1/shipments?warehouse_id=${lyo}&status=delivered&limit=200`)).body.data.map((s: { id: string }) => s.id);
      expect(lyonDelivered).toContain(third.body.id);
      expect(lyonDelivered).not.toContain(first.body.id);
    });

    it('hands the carrier leg to operations, due after the transit days', async () => {
      const p = await product({ [lyo]: 2 });
      const o = await order([{ product_id: p, quantity: 2 }]);
      const s = (await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: lyo } })).body;
      await shipAll(s.id);
      const open = (await omc.call('GET', `/v1/handoffs?limit=200`)).body.data.filter((h: { order_id: string; status: string }) => h.order_id === o.id && h.status !== 'completed');
      expect(open).toEqual([expect.objectContaining({ department: 'operations', note: expect.stringContaining('DHL') })]);
      expect(new Date(open[0].due_at).getTime() - omc.clock.now().getTime()).toBe(4 * 86_400_000); // 3 transit days + 1
    });
  });

  describe('the state table', () => {
    it('refuses illegal moves with 409 and frees a cancelled shipment’s units for another', async () => {
      const p = await product({ [ham]: 4 });
      const o = await order([{ product_id: p, quantity: 4 }]);
      const s = (await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham } })).body;
      const early = await ship(s.id);
      expect(early.status).toBe(409);
      expect(early.body.error).toMatchObject({ code: 'invalid_transition', details: { from: 'pick_list', to: 'shipped' } });
      expect((await omc.call('POST', `/v1/shipments/${s.id}/deliver`, { body: { delivered_on: omc.clock.now().toISOString().slice(0, 10) } })).status).toBe(409);
      expect((await omc.call('POST', `/v1/shipments/${s.id}/pack`, { body: {} })).status).toBe(409);
      expect((await omc.call('POST', `/v1/shipments/${s.id}/pick`, { body: {} })).status).toBe(200);
      expect((await omc.call('POST', `/v1/shipments/${s.id}/pick`, { body: {} })).status).toBe(409);
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 4, reserved: 4 });

      const cancelled = await omc.call('POST', `/v1/shipments/${s.id}/cancel`, { body: { reason: 'wrong pallet' } });
      expect(cancelled.body.status).toBe('cancelled');
      expect((await omc.call('POST', `/v1/shipments/${s.id}/pack`, { body: {} })).status).toBe(409);
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 4, reserved: 4 }); // still reserved for the order
      const again = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham } });
      expect(again.status).toBe(201);
      expect(again.body.lines[0].quantity).toBe(4);
      const done = await shipAll(again.body.id);
      expect((await omc.call('POST', `/v1/shipments/${done.id}/cancel`, { body: { reason: 'too late' } })).status).toBe(409);
      await invariantsHold();
    });

    it('ships only confirmed orders, and a typed hold stops new shipments', async () => {
      const p = await product({ [ham]: 4 });
      const o = await order([{ product_id: p, quantity: 2 }]);
      const hold = await omc.call('POST', `/v1/orders/${o.id}/holds`, { body: { type: 'quality', reason: 'batch under inspection' } });
      expect(hold.status).toBe(201);
      expect(hold.body.blocks).toContain('in_fulfillment');
      const blocked = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham } });
      expect(blocked.status).toBe(409);
      expect(blocked.body.error.code).toBe('blocked_by_hold');
      await omc.call('POST', `/v1/holds/${hold.body.id}/release`, { body: { reason: 'batch fine' } });
      const s = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham } });
      expect(s.status).toBe(201);
      // A hold placed once fulfillment has started stops the goods leaving, not the packing.
      const late = await omc.call('POST', `/v1/orders/${o.id}/holds`, { body: { type: 'compliance', reason: 'export check' } });
      expect(late.body.blocks).toContain('in_fulfillment');
      await omc.call('POST', `/v1/shipments/${s.body.id}/pick`, { body: {} });
      expect((await omc.call('POST', `/v1/shipments/${s.body.id}/pack`, { body: {} })).status).toBe(200);
      const stopped = await ship(s.body.id);
      expect(stopped.status).toBe(409);
      expect(stopped.body.error.code).toBe('blocked_by_hold');
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 4, reserved: 2 });
      await omc.call('POST', `/v1/holds/${late.body.id}/release`, { body: { reason: 'cleared' } });
      expect((await ship(s.body.id)).status).toBe(200);

      const gone = await order([{ product_id: p, quantity: 1 }]);
      await omc.call('POST', `/v1/orders/${gone.id}/cancel`, { body: { reason: 'changed mind' } });
      const res = await omc.call('POST', `/v1/orders/${gone.id}/shipments`, { body: { warehouse_id: ham } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('order_not_shippable');
      const foreign = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham, lines: [{ order_line_id: gone.lines[0].id, quantity: 1 }] } });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details.fields).toHaveProperty('lines.0.order_line_id');
      expect((await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham, status: 'shipped' } })).status).toBe(400);
    });

    it('cancels an order with open shipments, and refuses once a unit has shipped', async () => {
      const p = await product({ [ham]: 5 });
      const open = await order([{ product_id: p, quantity: 2 }]);
      const s = (await omc.call('POST', `/v1/orders/${open.id}/shipments`, { body: { warehouse_id: ham } })).body;
      const cancel = await omc.call('POST', `/v1/orders/${open.id}/cancel`, { body: { reason: 'customer called' } });
      expect(cancel.status).toBe(200);
      expect(cancel.body.status).toBe('cancelled');
      expect((await omc.call('GET', `/v1/shipments/${s.id}`)).body.status).toBe('cancelled');
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 5, reserved: 0 });

      const sent = await order([{ product_id: p, quantity: 3 }]);
      const part = (await omc.call('POST', `/v1/orders/${sent.id}/shipments`, { body: { warehouse_id: ham, lines: [{ order_line_id: sent.lines[0].id, quantity: 1 }] } })).body;
      await shipAll(part.id);
      const refused = await omc.call('POST', `/v1/orders/${sent.id}/cancel`, { body: { reason: 'too late' } });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'already_shipped', details: { shipped_quantity: 1 } });
      expect((await getOrder(sent.id)).status).toBe('in_fulfillment');
      // An order in fulfillment is no longer edited.
      const edit = await omc.call('POST', `/v1/orders/${sent.id}/edits`, { body: { changes: [{ action: 'set_quantity', line_id: sent.lines[0].id, quantity: 1 }] } });
      expect(edit.status).toBe(409);
      await invariantsHold();
    });
  });

  describe('who may do what', () => {
    it('lets CSRs create shipments and confirm delivery, the warehouse pick, pack and ship, and nobody else', async () => {
      const p = await product({ [ham]: 2 });
      const o = await order([{ product_id: p, quantity: 2 }]);
      const [csr, sales, warehouse, operations, mine] = [await omc.keyFor('csr'), await omc.keyFor('sales'), await omc.keyFor('warehouse'), await omc.keyFor('operations'), await omc.keyFor('customer', customer)];
      const body = { warehouse_id: ham };
      expect((await omc.call('POST', `/v1/orders/${o.id}/shipments`, { key: sales, body })).status).toBe(403);
      expect((await omc.call('POST', `/v1/orders/${o.id}/shipments`, { key: mine, body })).status).toBe(403);
      const s = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { key: csr, body });
      expect(s.status).toBe(201);
      expect((await omc.call('POST', `/v1/shipments/${s.body.id}/pick`, { key: csr, body: {} })).status).toBe(403);
      expect((await omc.call('POST', `/v1/shipments/${s.body.id}/pick`, { key: warehouse, body: {} })).status).toBe(200);
      expect((await omc.call('POST', `/v1/shipments/${s.body.id}/pack`, { key: operations, body: {} })).status).toBe(200);
      expect((await ship(s.body.id, csr)).status).toBe(403);
      expect((await ship(s.body.id, warehouse)).status).toBe(200);
      const today = omc.clock.now().toISOString().slice(0, 10);
      expect((await omc.call('POST', `/v1/shipments/${s.body.id}/deliver`, { key: mine, body: { delivered_on: today } })).status).toBe(403);
      expect((await omc.call('POST', `/v1/shipments/${s.body.id}/deliver`, { key: csr, body: { delivered_on: today } })).status).toBe(200);
    });

    it('shows a customer its own shipments only; another customer’s are 404', async () => {
      const p = await product({ [ham]: 4 });
      const mineOrder = await order([{ product_id: p, quantity: 2 }]);
      const theirs = await order([{ product_id: p, quantity: 2 }], other);
      const mine = (await omc.call('POST', `/v1/orders/${mineOrder.id}/shipments`, { body: { warehouse_id: ham } })).body;
      const foreign = (await omc.call('POST', `/v1/orders/${theirs.id}/shipments`, { body: { warehouse_id: ham } })).body;
      const key = await omc.keyFor('customer', customer);
      expect((await omc.call('GET', `/v1/shipments/${mine.id}`, { key })).body).toMatchObject({ id: mine.id, status: 'pick_list' });
      expect((await omc.call('GET', `/v1/shipments/${foreign.id}`, { key })).status).toBe(404);
      expect((await omc.call('GET', `/v1/orders/${theirs.id}/shipments`, { key })).status).toBe(404);
      expect((await omc.call('GET', `/v1/orders/${mineOrder.id}/shipments`, { key })).body.data.map((s: { id: string }) => s.id)).toEqual([mine.id]);
      const listed = (await omc.call('GET', `/v1/shipments?limit=200&warehouse_id=${ham}`, { key })).body.data;
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((s: { customer_id: string }) => s.customer_id === customer)).toBe(true);
      expect(listed.map((s: { id: string }) => s.id)).not.toContain(foreign.id);
      expect((await omc.call('GET', `/v1/shipments?order_id=${theirs.id}`, { key })).body.data).toEqual([]);
      expect((await omc.call('GET', `/v1/orders/${mineOrder.id}`, { key })).body.fulfillment_status).toBe('not_shipped');
    });
  });

  describe('idempotency and lists', () => {
    it('answers a repeated Idempotency-Key with the same shipment, claiming nothing twice', async () => {
      const p = await product({ [ham]: 3 });
      const o = await order([{ product_id: p, quantity: 3 }]);
      const headers = { 'idempotency-key': `ship-${o.id}` };
      const a = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham }, headers });
      const b = await omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham }, headers });
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.body).toEqual(a.body);
      expect((await omc.call('GET', `/v1/orders/${o.id}/shipments`)).body.data).toHaveLength(1);
      const inFulfillment = (await omc.call('GET', `/v1/orders?status=in_fulfillment&limit=200`)).body.data.map((x: { id: string }) => x.id);
      expect(inFulfillment).toContain(o.id);
      const pickList = (await omc.call('GET', `/v1/shipments?status=pick_list&warehouse_id=${ham}&limit=200`)).body.data.map((x: { id: string }) => x.id);
      expect(pickList).toContain(a.body.id);
      expect((await omc.call('GET', '/v1/shipments?status=lost')).status).toBe(400);
    });
  });

  describe('under concurrency', () => {
    it('lets only one of two concurrent shipments claim the same reserved units, and ships each unit once', async () => {
      const p = await product({ [ham]: 20 });
      for (let round = 0; round < 4; round++) {
        const o = await order([{ product_id: p, quantity: 3 }]);
        const [a, b] = await Promise.all([
          omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham } }),
          omc.call('POST', `/v1/orders/${o.id}/shipments`, { body: { warehouse_id: ham, lines: [{ order_line_id: o.lines[0].id, quantity: 3 }] } }),
        ]);
        expect([a.status, b.status].sort()).toEqual([201, 409]);
        expect([a, b].find((r) => r.status === 409)!.body.error.code).toBe('not_reserved');
        const won = [a, b].find((r) => r.status === 201)!.body;
        await omc.call('POST', `/v1/shipments/${won.id}/pick`, { body: {} });
        await omc.call('POST', `/v1/shipments/${won.id}/pack`, { body: {} });
        const [x, y] = await Promise.all([ship(won.id), ship(won.id)]);
        expect([x.status, y.status].sort()).toEqual([200, 409]);
      }
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 8, reserved: 0 });
      await invariantsHold();
    });
  });

  describe('in waves (many shipments per request)', () => {
    const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((s) => s.id);
    const shipmentCount = async () => Number((await sql<{ n: string }>`select count(*) n from shipments`.execute(omc.server.database.db)).rows[0]!.n);

    it('creates pick lists for many orders at once, then picks, packs and dispatches them together, each with its own tracking', async () => {
      const p = await product({ [ham]: 30, [lyo]: 10 });
      const q = await product({ [ham]: 10 });
      const a = await order([{ product_id: p, quantity: 4 }, { product_id: q, quantity: 2 }]);
      const b = await order([{ product_id: p, quantity: 3 }], other);
      const c = await order([{ product_id: q, quantity: 5 }]);
      const wave = await omc.call('POST', '/v1/shipments/batch', {
        body: { warehouse_id: ham, orders: [{ order_id: a.id }, { order_id: b.id }, { order_id: c.id, lines: [{ order_line_id: c.lines[0].id, quantity: 2 }] }] },
      });
      expect(wave.status).toBe(201);
      expect(wave.body.data.map((s: { order_id: string; customer_id: string; status: string }) => [s.order_id, s.customer_id, s.status])).toEqual([
        [a.id, customer, 'pick_list'],
        [b.id, other, 'pick_list'],
        [c.id, customer, 'pick_list'],
      ]);
      expect(wave.body.data[2].lines).toEqual([expect.objectContaining({ order_line_id: c.lines[0].id, quantity: 2 })]);
      expect(new Set(wave.body.data.map((s: { number: string }) => s.number)).size).toBe(3);
      for (const o of [a, b, c]) expect((await getOrder(o.id)).status).toBe('in_fulfillment');
      await invariantsHold();

      const picked = await omc.call('POST', '/v1/shipments/batch/pick', { body: { shipment_ids: ids(wave), note: 'wave 1' } });
      expect(picked.status).toBe(200);
      expect(picked.body.data.map((s: { status: string }) => s.status)).toEqual(['picked', 'picked', 'picked']);
      expect((await omc.call('POST', '/v1/shipments/batch/pack', { body: { shipment_ids: ids(wave) } })).status).toBe(200);
      const dispatched = await omc.call('POST', '/v1/shipments/batch/ship', {
        body: { shipments: ids(wave).map((id, i) => ({ shipment_id: id, carrier: i === 1 ? 'UPS' : 'DHL', tracking_number: `WAVE-${i}`, packages: i + 1 })) },
      });
      expect(dispatched.status).toBe(200);
      expect(dispatched.body.data.map((s: { carrier: string; tracking_number: string; packages: number; status: string }) => [s.carrier, s.tracking_number, s.packages, s.status])).toEqual([
        ['DHL', 'WAVE-0', 1, 'shipped'],
        ['UPS', 'WAVE-1', 2, 'shipped'],
        ['DHL', 'WAVE-2', 3, 'shipped'],
      ]);
      // Stored as answered, each its own.
      expect((await omc.call('GET', `/v1/shipments/${ids(wave)[1]}`)).body).toMatchObject({ carrier: 'UPS', tracking_number: 'WAVE-1', packages: 2 });
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 23, reserved: 0 });
      expect(await stockAt(q, ham)).toMatchObject({ on_hand: 6, reserved: 3 }); // c's other 3 units stay reserved
      expect((await getOrder(a.id)).fulfillment_status).toBe('shipped');
      expect((await getOrder(c.id)).fulfillment_status).toBe('partially_shipped');
      await invariantsHold();

      // Each order's timeline tells its own shipment's steps, as the single steps would.
      const timeline = (await omc.call('GET', `/v1/orders/${b.id}/timeline?limit=200`)).body.data.map((e: { type: string }) => e.type);
      for (const type of ['shipment.created', 'order.fulfillment_started', 'shipment.picked', 'shipment.packed', 'shipment.shipped', 'order.fulfillment_status_changed']) {
        expect(timeline).toContain(type);
      }
      // The warehouse's handoffs moved on with each step; operations now waits for each delivery.
      const handoffs = await sql<{ subject_id: string; department: string; status: string }>`
        select subject_id, department, status from handoffs where subject_id in (${sql.join(ids(wave))}) and status <> 'completed'`.execute(omc.server.database.db);
      expect(handoffs.rows.map((h) => [h.department, h.status])).toEqual([['operations', 'open'], ['operations', 'open'], ['operations', 'open']]);
    });

    it('is all or nothing: one order or shipment that cannot move refuses the batch, naming it, and changes nothing', async () => {
      const p = await product({ [ham]: 10 });
      const a = await order([{ product_id: p, quantity: 1 }]);
      const b = await order([{ product_id: p, quantity: 1 }]);
      const hold = await omc.call('POST', `/v1/orders/${b.id}/holds`, { body: { type: 'quality', reason: 'batch under inspection' } });
      expect(hold.status).toBe(201);
      const before = await shipmentCount();
      const held = await omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: [{ order_id: a.id }, { order_id: b.id }] } });
      expect(held.status).toBe(409);
      expect(held.body.error.code).toBe('blocked_by_hold');
      expect(held.body.error.details.holds[0].order_id).toBe(b.id);
      expect(await shipmentCount()).toBe(before);
      expect((await getOrder(a.id)).status).toBe('confirmed');

      const twice = await omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: [{ order_id: a.id }, { order_id: a.id }] } });
      expect(twice.status).toBe(400);
      expect(twice.body.error.details.fields).toHaveProperty(['orders.1.order_id']);
      const empty = await omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: [] } });
      expect(empty.status).toBe(400);
      expect(empty.body.error.details.fields).toHaveProperty(['orders']);
      expect(await shipmentCount()).toBe(before);

      await omc.call('POST', `/v1/holds/${hold.body.id}/release`, { body: { reason: 'batch fine' } });
      const badLine = await omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: [{ order_id: a.id }, { order_id: b.id, lines: [{ order_line_id: a.lines[0].id, quantity: 1 }] }] } });
      expect(badLine.status).toBe(400);
      expect(badLine.body.error.details.fields).toHaveProperty(['orders.1.lines.0.order_line_id']);
      expect(await shipmentCount()).toBe(before);
      const wave = await omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: [{ order_id: a.id }, { order_id: b.id }] } });
      expect(wave.status).toBe(201);
      const [sa, sb] = ids(wave);
      expect((await omc.call('POST', `/v1/shipments/${sa}/pick`, { body: {} })).status).toBe(200);
      // sa is picked already: picking both refuses, and sb stays a pick list.
      const again = await omc.call('POST', '/v1/shipments/batch/pick', { body: { shipment_ids: [sb, sa] } });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'invalid_transition', details: { id: sa, from: 'picked', to: 'picked' } });
      expect(again.body.error.message).toMatch(/^SH-\d{4}-\d{6}: /);
      expect((await omc.call('GET', `/v1/shipments/${sb}`)).body.status).toBe('pick_list');
      const repeated = await omc.call('POST', '/v1/shipments/batch/pick', { body: { shipment_ids: [sb, sb] } });
      expect(repeated.status).toBe(400);
      expect(repeated.body.error.details.fields).toHaveProperty(['shipment_ids.1']);
      const unknown = await omc.call('POST', '/v1/shipments/batch/pick', { body: { shipment_ids: [sb, 'shp_00000000000000000000000000'] } });
      expect(unknown.status).toBe(404);

      // Dispatch of a packed and an unpacked shipment: refused, no stock moves.
      await omc.call('POST', `/v1/shipments/${sa}/pack`, { body: {} });
      const early = await omc.call('POST', '/v1/shipments/batch/ship', {
        body: { shipments: [sa, sb].map((id) => ({ shipment_id: id, carrier: 'DHL', tracking_number: `T${id!.slice(-6)}`, packages: 1 })) },
      });
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('invalid_transition');
      expect(await stockAt(p, ham)).toMatchObject({ on_hand: 10, reserved: 2 });
      const noCarrier = await omc.call('POST', '/v1/shipments/batch/ship', { body: { shipments: [{ shipment_id: sa, tracking_number: 'X', packages: 1 }] } });
      expect(noCarrier.status).toBe(400);
      expect(noCarrier.body.error.details.fields).toHaveProperty(['shipments.0.carrier']);
      await invariantsHold();
    });

    it('lets the warehouse and only it move waves; a customer cannot', async () => {
      const p = await product({ [ham]: 5 });
      const o = await order([{ product_id: p, quantity: 1 }]);
      const key = (await omc.call('POST', '/v1/api-keys', { body: { name: 'acme portal', role: 'customer', customer_id: customer } })).body.secret;
      const finance = (await omc.call('POST', '/v1/api-keys', { body: { name: 'finance', role: 'finance' } })).body.secret;
      expect((await omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: [{ order_id: o.id }] }, key })).status).toBe(403);
      expect((await omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: [{ order_id: o.id }] }, key: finance })).status).toBe(403);
    });

    it('never claims or ships a unit twice when waves and single steps race', async () => {
      const p = await product({ [ham]: 40 });
      const orders = [];
      for (let i = 0; i < 6; i++) orders.push(await order([{ product_id: p, quantity: 2 }]));
      // Three overlapping waves and a single pick list at once: each order ends up on exactly one shipment.
      const waves = await Promise.all([
        omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: orders.slice(0, 4).map((o) => ({ order_id: o.id })) } }),
        omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: orders.slice(2, 6).reverse().map((o) => ({ order_id: o.id })) } }),
        omc.call('POST', '/v1/shipments/batch', { body: { warehouse_id: ham, orders: orders.slice(4, 6).map((o) => ({ order_id: o.id })) } }),
        omc.call('POST', `/v1/orders/${orders[0]!.id}/shipments`, { body: { warehouse_id: ham } }),
      ]);
      for (const w of waves) expect([201, 409]).toContain(w.status);
      for (const w of waves.filter((w) => w.status === 409)) expect(w.body.error.code).toBe('not_reserved');
      const created = waves.filter((w) => w.status === 201).flatMap((w) => (w.body.data ?? [w.body]) as { id: string; order_id: string }[]);
      expect(created.map((s) => s.order_id).sort()).toEqual(orders.map((o) => o.id).filter((id) => created.some((s) => s.order_id === id)).sort());
      expect(new Set(created.map((s) => s.order_id)).size).toBe(created.length);
      await invariantsHold();

      const shipmentIds = created.map((s) => s.id);
      await omc.call('POST', '/v1/shipments/batch/pick', { body: { shipment_ids: shipmentIds } });
      await omc.call('POST', '/v1/shipments/batch/pack', { body: { shipment_ids: shipmentIds } });
      const dispatch = { shipments: shipmentIds.map((id) => ({ shipment_id: id, carrier: 'DHL', tracking_number: `R${id.slice(-6)}`, packages: 1 })) };
      const [x, y, z] = await Promise.all([
        omc.call('POST', '/v1/shipments/batch/ship', { body: dispatch }),
        omc.call('POST', '/v1/shipments/batch/ship', { body: { shipments: [...dispatch.shipments].reverse() } }),
        ship(shipmentIds[0]!),
      ]);
      expect([x.status, y.status, z.status].filter((s) => s === 200)).toHaveLength(1);
      const shippedUnits = 2 * created.length;
      // Whichever won, only what it shipped left: the single step ships one shipment, a dispatch all of them.
      const left = (await stockAt(p, ham))!;
      expect([40 - shippedUnits, 40 - 2]).toContain(left.on_hand);
      await invariantsHold();
    });
  });

  describe('backorders', () => {
    it('gives received supply to waiting lines in priority order, not in the order they were entered', async () => {
      const strategic = (await omc.call('POST', '/v1/customers', { body: { name: 'Initech', tier: 'strategic', currency: 'EUR' } })).body.id;
      const standard = (await omc.call('POST', '/v1/customers', { body: { name: 'Hooli', tier: 'standard', currency: 'EUR' } })).body.id;
      const p = await product();
      // Both promised from one incoming supply; the standard customer's order came first.
      const supply = (await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 4, expected_date: '2026-03-20', reference: 'PO-77' } })).body;
      const first = await order([{ product_id: p, quantity: 2 }], standard);
      const second = await order([{ product_id: p, quantity: 2 }], strategic);
      expect([first, second].map((o) => o.lines[0].promise[0].source)).toEqual(['supply', 'supply']);
      // Lead-time waiters: the standard customer first again.
      const third = await order([{ product_id: p, quantity: 1 }], standard);
      const fourth = await order([{ product_id: p, quantity: 1 }], strategic);
      expect([third, fourth].map((o) => o.lines[0].promise[0].source)).toEqual(['lead_time', 'lead_time']);
      const queue = (await omc.call('GET', '/v1/priority/queue?limit=200')).body.data.map((q: { order_id: string }) => q.order_id);
      expect(queue.indexOf(second.id)).toBeLessThan(queue.indexOf(first.id));

      const half = await omc.call('POST', `/v1/supply/${supply.id}/receive`, { body: { quantity: 2 } });
      expect(half.status).toBe(200);
      expect((await getOrder(second.id)).lines[0]).toMatchObject({ reserved_quantity: 2, backordered_quantity: 0 });
      expect((await getOrder(first.id)).lines[0]).toMatchObject({ reserved_quantity: 0, backordered_quantity: 2 });
      await invariantsHold();

      // The rest of the supply: promised units first (the standard order's 2), so the lead-time lines still wait.
      await omc.call('POST', `/v1/supply/${supply.id}/receive`, { body: { quantity: 2 } });
      expect((await getOrder(first.id)).lines[0].reserved_quantity).toBe(2);
      // A new supply is not promised to anyone: the lead-time waiters get it, strategic first.
      const more = (await omc.call('POST', '/v1/supply', { body: { product_id: p, warehouse_id: ham, quantity: 1, expected_date: '2026-03-25' } })).body;
      await omc.call('POST', `/v1/supply/${more.id}/receive`, { body: { quantity: 1 } });
      expect((await getOrder(fourth.id)).lines[0]).toMatchObject({ reserved_quantity: 1, backordered_quantity: 0 });
      expect((await getOrder(third.id)).lines[0]).toMatchObject({ reserved_quantity: 0, backordered_quantity: 1 });
      await invariantsHold();

      // What was released ships like anything reserved.
      const s = (await omc.call('POST', `/v1/orders/${fourth.id}/shipments`, { body: { warehouse_id: ham } })).body;
      await shipAll(s.id);
      expect((await getOrder(fourth.id)).fulfillment_status).toBe('shipped');
      await invariantsHold();
    });
  });
});
