import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { configureSeller, customerWithAddress, invoiceShipments, stockedProduct } from './invoicing-setup';

describeBackends('analytics', (backend) => {
  let omc: TestServer;
  let warehouse: string;
  let acme: string; // key tier: 8 h to answer a quote
  let acmeKey: string;
  let globexKey: string;
  let gear: string;
  beforeAll(async () => {
    omc = await startTestServer(backend); // Monday 2026-03-02T09:00Z
    warehouse = (await omc.call('POST', '/v1/warehouses', { body: { code: 'MAIN', name: 'Main', handling_days: 1, transit_days: 2 } })).body.id;
    await configureSeller(omc);
    acme = await customerWithAddress(omc, { name: 'Acme', tier: 'key' });
    const globex = await customerWithAddress(omc, { name: 'Globex' });
    [acmeKey, globexKey] = await Promise.all([omc.keyFor('customer', acme), omc.keyFor('customer', globex)]);
    gear = await stockedProduct(omc, warehouse, { price: 10_000 });
  });
  afterAll(() => omc?.stop());

  const post = async (path: string, body: unknown = {}, key?: string) => {
    const res = await omc.call('POST', path, { body, ...(key ? { key } : {}) });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const place = (quantity = 2) => post('/v1/orders', { customer_id: acme, lines: [{ product_id: gear, quantity }] });
  /** A shipment of the order (all of it, or `quantity` of its line), through pick and pack to shipped, an hour per step. */
  async function ship(order: { id: string; lines: { id: string }[] }, quantity?: number) {
    const body = quantity ? { warehouse_id: warehouse, lines: [{ order_line_id: order.lines[0]!.id, quantity }] } : { warehouse_id: warehouse };
    const shipment = await post(`/v1/orders/${order.id}/shipments`, body);
    for (const step of ['pick', 'pack']) {
      omc.clock.advance({ hours: 1 });
      await post(`/v1/shipments/${shipment.id}/${step}`);
    }
    omc.clock.advance({ hours: 1 });
    await post(`/v1/shipments/${shipment.id}/ship`, { carrier: 'DHL', tracking_number: `JD${shipment.id.slice(-8)}`, packages: 1 });
    return shipment.id as string;
  }

  const get = async (path: string, key?: string) => {
    const res = await omc.call('GET', path, key ? { key } : {});
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const H = 3600;

  it('tells how long one order spent in each stage, and how much of it waiting', async () => {
    const order = await place(); // entered and confirmed at once: into the queue
    omc.clock.advance({ hours: 24 }); // a day in the queue
    const shipment = await ship(order); // three hours with the warehouse
    omc.clock.advance({ hours: 5 }); // five more until finance bills it, while operations waits for the delivery
    await invoiceShipments(omc, [shipment]);
    omc.clock.advance({ hours: 2 });
    const times = await get(`/v1/orders/${order.id}/stage-times`);
    expect(times.stages.map((s: any) => [s.stage, s.duration_seconds / H, s.waiting_seconds / H, s.current])).toEqual([
      ['entry', 0, 0, false],
      ['prioritization', 24, 24, false],
      ['fulfillment', 8, 8, false],
      ['billing', 2, 2, true], // the payment is awaited: finance holds it
    ]);
    expect(times).toMatchObject({ under_way: true, total_seconds: 34 * H, waiting_seconds: 34 * H });
    expect(times.stages[3]).toMatchObject({ entered_at: '2026-03-03T17:00:00.000Z', waiting_on: ['finance'], overdue: false });
    expect(times.stages[2].waiting_on).toEqual(['operations']); // delivery still to confirm

    expect((await get(`/v1/orders/${order.id}/stage-times`, acmeKey)).stages).toHaveLength(4);
    expect((await omc.call('GET', `/v1/orders/${order.id}/stage-times`, { key: globexKey })).status).toBe(404);
  });

  it('measures delivery against the first promise: on time, in full, OTIF, perfect', async () => {
    const [onTime, partial, late, disputed] = [await place(), await place(), await place(), await place()];
    await ship(onTime);
    await ship(partial, 1);
    const invoice = await invoiceShipments(omc, [await ship(disputed)]);
    await post(`/v1/invoices/${invoice.id}/disputes`, { invoice_line_id: invoice.lines[0].id, reason: 'damaged', message: 'Cracked.' }, acmeKey);
    omc.clock.advance({ days: 10 });
    await ship(late);
    expect(late.promised_date < omc.clock.now().toISOString().slice(0, 10)).toBe(true);

    // Five orders are due in March: these four and the first test's (on time, in full, not disputed).
    const kpis = await get('/v1/analytics/delivery?from=2026-03-01&to=2026-03-31');
    const figures = { due_orders: 5, on_time_percent: 80, in_full_percent: 80, otif_percent: 60, perfect_order_percent: 40 };
    expect(kpis).toMatchObject({ period: { from: '2026-03-01', to: '2026-03-31' }, ...figures });
    expect(kpis.weeks).toEqual([{ week: '2026-03-02', ...figures }]);
    expect(kpis.lead_time_days.median).toBe(3);
    expect((await get('/v1/analytics/delivery?from=2026-02-01&to=2026-02-28')).due_orders).toBe(0);
  });

  it('times quotes from the request to the answer, against the tier’s response time', async () => {
    const sales = await omc.keyFor('sales');
    const answered = await post('/v1/quotes', { lines: [{ product_id: gear, quantity: 3 }] }, acmeKey);
    const ignored = await post('/v1/quotes', { lines: [{ product_id: gear, quantity: 1 }] }, acmeKey);
    omc.clock.advance({ hours: 3 });
    await post(`/v1/quotes/${answered.id}/draft`, {}, sales);
    await post(`/v1/quotes/${answered.id}/submit`, {}, sales); // no cost known: finance approves the margin
    await post(`/v1/quotes/${answered.id}/approve`, { comment: 'Fine' }, await omc.keyFor('finance'));
    omc.clock.advance({ hours: 6 }); // the other is now past Acme's 8 hours
    const kpis = await get('/v1/analytics/quotes');
    expect(kpis).toMatchObject({ requested: 2, sent: 1, median_hours: 3, within_sla_percent: 100, waiting_now: 1, overdue_now: 1, win_percent: null });
    expect(kpis.tiers.find((t: any) => t.tier === 'key')).toMatchObject({ requested: 2, sent: 1 });
    void ignored;
  });

  it('shows where orders wait: open handoffs per department, and how long the completed ones took', async () => {
    const { departments } = await get('/v1/analytics/waiting?from=2026-03-01&to=2026-03-31');
    const handoffs = (await get('/v1/handoffs?limit=200')).data as { department: string; status: string }[];
    for (const d of departments) expect(d.open).toBe(handoffs.filter((h) => h.department === d.department && h.status !== 'completed').length);
    expect(departments.find((d: any) => d.department === 'warehouse')).toMatchObject({ open: 0, median_hours: 1, late_percent: 0 });

    const cycle = await get('/v1/analytics/cycle-time?from=2026-03-01&to=2026-03-31');
    expect(cycle.orders).toBe(5);
    expect(cycle.stages.map((s: any) => s.stage)).toEqual(['planning', 'generation', 'pricing', 'entry', 'prioritization', 'scheduling', 'fulfillment', 'billing', 'returns', 'service']);
    expect(cycle.stages.find((s: any) => s.stage === 'prioritization')).toMatchObject({ orders: 5, waiting_share_percent: 100 });
  });

  it('puts every order under way on the board in the stage it has reached, and leaves the rest off', async () => {
    const queued = await place(1);
    const cancelled = await place(1);
    await post(`/v1/orders/${cancelled.id}/cancel`, { reason: 'Ordered twice' });
    const picking = await place(1);
    await post(`/v1/orders/${picking.id}/shipments`, { warehouse_id: warehouse });
    const stageOf = (b: any, id: string) => b.stages.find((s: any) => s.orders.some((o: any) => o.id === id))?.key ?? null;

    const all = await get('/v1/board');
    expect(all.stages.map((s: any) => s.key)).toHaveLength(10);
    expect(stageOf(all, queued.id)).toBe('prioritization');
    expect(stageOf(all, picking.id)).toBe('fulfillment');
    expect(stageOf(all, cancelled.id)).toBeNull();
    const card = all.stages.find((s: any) => s.key === 'prioritization').orders.find((o: any) => o.id === queued.id);
    expect(card).toMatchObject({ number: queued.number, customer_id: acme, waiting_on: [], overdue: false, priority: { position: expect.any(Number), expedited: false } });
    for (const s of all.stages) expect(s.count).toBe(s.orders.length);

    const warehouseOnly = await get('/v1/board?department=warehouse');
    expect(warehouseOnly.stages.flatMap((s: any) => s.orders).find((o: any) => o.id === picking.id).waiting_on).toContain('warehouse');
    expect(stageOf(warehouseOnly, queued.id)).toBeNull(); // the queue is the CSRs' and executives'
    expect(stageOf(await get('/v1/board?priority=top10'), queued.id)).toBe('prioritization');
    expect(stageOf(await get('/v1/board?priority=expedited'), queued.id)).toBeNull();
    const globex = (await get('/v1/customers?limit=200')).data.find((c: any) => c.name === 'Globex').id;
    expect((await get(`/v1/board?customer_id=${globex}`)).stages.every((s: any) => s.count === 0)).toBe(true);

    const bad = await omc.call('GET', '/v1/board?department=everyone');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('department');
    expect((await omc.call('GET', '/v1/board', { key: acmeKey })).status).toBe(403);
  });

  it('refuses a bad period, naming the field, and keeps customers out', async () => {
    const bad = async (query: string, field: string) => {
      const res = await omc.call('GET', `/v1/analytics/delivery?${query}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error)).toContain(field);
    };
    await bad('from=2026-03-31&to=2026-03-01', 'to');
    await bad('from=March', 'from');
    await bad('from=2024-01-01&to=2026-01-01', 'from');
    await bad('since=2026-01-01', 'since');
    for (const path of ['cycle-time', 'waiting', 'delivery', 'quotes']) expect((await omc.call('GET', `/v1/analytics/${path}`, { key: acmeKey })).status).toBe(403);
  });
});
