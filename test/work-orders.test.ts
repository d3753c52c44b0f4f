import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { stockRowsOffLedger } from './invariants';

describeBackends('work orders', (backend) => {
  let omc: TestServer;
  let warehouse: string;
  let customer: string;
  let frame: string;
  let motor: string;
  let skid: string; // made to order: 1 frame + 2 motors; assembly (operations) then test (service)
  let operations: string;
  let service: string;
  let warehouseKey: string;
  beforeAll(async () => {
    omc = await startTestServer(backend);
    warehouse = (await omc.call('POST', '/v1/warehouses', { body: { code: 'MAIN', name: 'Main', handling_days: 1, transit_days: 2 } })).body.id;
    customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    [operations, service, warehouseKey] = await Promise.all([omc.keyFor('operations'), omc.keyFor('service'), omc.keyFor('warehouse')]);
    const product = async (sku: string, kind: string, stock = 0) => {
      const id = (await omc.call('POST', '/v1/products', { body: { sku, name: sku, kind, list_price: { amount: 10_000, currency: 'EUR' }, standard_cost: { amount: 1_000, currency: 'EUR' }, lead_time_days: 15 } })).body.id as string;
      if (stock) await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: warehouse, quantity: stock, reason: 'count' } });
      return id;
    };
    frame = await product('FRAME', 'stocked', 10);
    motor = await product('MOTOR', 'stocked', 5);
    skid = await product('SKID', 'made_to_order');
    const center = async (code: string, department: string) =>
      (await omc.call('POST', '/v1/work-centers', { body: { code, name: code, department, hourly_rate: { amount: 6_000, currency: 'EUR' } } })).body.id as string;
    const [assembly, test] = [await center('ASSY', 'operations'), await center('TEST', 'service')];
    expect((await omc.call('PUT', `/v1/products/${skid}/bom`, { body: { lines: [{ component_id: frame, quantity: 1 }, { component_id: motor, quantity: 2 }] } })).status).toBe(200);
    const routing = await omc.call('PUT', `/v1/products/${skid}/routing`, {
      body: { operations: [{ sequence: 10, work_center_id: assembly, description: 'Assemble', setup_minutes: 30, run_minutes: 120 }, { sequence: 20, work_center_id: test, description: 'Run test', run_minutes: 45 }] },
    });
    expect(routing.status).toBe(200);
  });
  afterAll(() => omc?.stop());

  async function orderSkids(quantity: number) {
    const res = await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: skid, quantity }, { product_id: frame, quantity: 1 }] } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('confirmed');
    return res.body;
  }
  const step = (wo: string, sequence: number, verb: 'start' | 'complete', key = operations) => omc.call('POST', `/v1/work-orders/${wo}/operations/${sequence}/${verb}`, { key, body: {} });
  const onHand = async (productId: string) => ((await omc.call('GET', `/v1/stock?product_id=${productId}`)).body.data[0] ?? { on_hand: 0, reserved: 0 }) as { on_hand: number; reserved: number };

  it('builds a made-to-order line in its operations, consumes the components, reserves the product for the line — and only then can it ship', async () => {
    const order = await orderSkids(2);
    const line = order.lines.find((l: { product_id: string }) => l.product_id === skid);
    expect(line).toMatchObject({ reserved_quantity: 0, backordered_quantity: 2 });

    const released = await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { key: operations, body: {} });
    expect(released.status).toBe(201);
    const [wo] = released.body.data;
    expect(wo).toMatchObject({ status: 'released', quantity: 2, sku: 'SKID', current_department: 'operations', order_number: order.number });
    expect(wo.number).toMatch(/^WO-2026-\d{6}$/);
    expect(wo.operations.map((o: { sequence: number; department: string; planned_minutes: number; status: string }) => [o.sequence, o.department, o.planned_minutes, o.status])).toEqual([
      [10, 'operations', 270, 'pending'],
      [20, 'service', 90, 'pending'],
    ]);
    expect(wo.materials).toEqual(
      expect.arrayContaining([expect.objectContaining({ component_id: frame, quantity: 2, short: 0 }), expect.objectContaining({ component_id: motor, quantity: 4, short: 0 })]),
    );
    expect((await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { key: operations, body: {} })).body.data).toEqual([]); // releasing twice makes nothing twice
    const handoffs = (await omc.call('GET', '/v1/handoffs?department=operations&limit=200')).body.data as { subject: { id: string } }[];
    expect(handoffs.some((h) => h.subject.id === wo.id)).toBe(true);

    // Nothing ships before the work order is done: the line has no stock reserved.
    const early = await omc.call('POST', `/v1/orders/${order.id}/shipments`, { key: warehouseKey, body: { warehouse_id: warehouse, lines: [{ order_line_id: line.id, quantity: 1 }] } });
    expect(early.status).toBe(409);

    expect((await step(wo.id, 20, 'start', service)).status).toBe(409); // operations run in sequence
    expect((await step(wo.id, 10, 'start', service)).status).toBe(403); // not service's operation
    const started = await step(wo.id, 10, 'start');
    expect(started.body).toMatchObject({ status: 'in_progress' });
    const assembled = await step(wo.id, 10, 'complete');
    expect(assembled.body).toMatchObject({ status: 'in_progress', current_department: 'service' });
    const framesBefore = await onHand(frame);
    const tested = await step(wo.id, 20, 'complete', service); // completing a pending operation starts it first
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ status: 'done', current_department: null });
    expect(tested.body.materials.every((m: { consumed: boolean }) => m.consumed)).toBe(true);
    expect((await onHand(frame)).on_hand).toBe(framesBefore.on_hand - 2);
    expect(await onHand(motor)).toMatchObject({ on_hand: 1 });
    expect(await onHand(skid)).toMatchObject({ on_hand: 2, reserved: 2 });

    const after = (await omc.call('GET', `/v1/orders/${order.id}`)).body;
    expect(after.lines.find((l: { id: string }) => l.id === line.id)).toMatchObject({ reserved_quantity: 2, backordered_quantity: 0 });
    const timeline = (await omc.call('GET', `/v1/orders/${order.id}/timeline`)).body.data.map((e: { type: string }) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(['work_order.released', 'work_order.started', 'work_order.operation_done', 'work_order.done', 'order.repromised']));
    const shipment = await omc.call('POST', `/v1/orders/${order.id}/shipments`, { key: warehouseKey, body: { warehouse_id: warehouse } });
    expect(shipment.status).toBe(201);
    expect(shipment.body.lines.find((l: { order_line_id: string }) => l.order_line_id === line.id).quantity).toBe(2);
    expect(await stockRowsOffLedger(omc.server.database.db)).toEqual([]);
  });

  it('refuses to finish while a component is short, changing nothing, and names it', async () => {
    const order = await orderSkids(1); // needs 2 motors; 1 is left
    const [wo] = (await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { key: operations, body: {} })).body.data;
    expect(wo.materials.find((m: { component_id: string }) => m.component_id === motor)).toMatchObject({ quantity: 2, available: 1, short: 1 });
    await step(wo.id, 10, 'complete');
    const short = await step(wo.id, 20, 'complete', service);
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({ code: 'insufficient_stock', details: { product_id: motor } });
    expect((await omc.call('GET', `/v1/work-orders/${wo.id}`)).body).toMatchObject({ status: 'in_progress', operations: [{ status: 'done' }, { status: 'pending' }] });
    await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: motor, warehouse_id: warehouse, quantity: 1, reason: 'found one' } });
    expect((await step(wo.id, 20, 'complete', service)).body.status).toBe('done');
    expect(await stockRowsOffLedger(omc.server.database.db)).toEqual([]);
  });

  it('stops the work orders of a cancelled order, and lets operations cancel and release again', async () => {
    const order = await orderSkids(1);
    const [first] = (await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { key: operations, body: {} })).body.data;
    expect((await omc.call('POST', `/v1/work-orders/${first.id}/cancel`, { key: warehouseKey, body: { reason: 'x' } })).status).toBe(403);
    expect((await omc.call('POST', `/v1/work-orders/${first.id}/cancel`, { key: operations, body: { reason: 'wrong frame spec' } })).body.status).toBe('cancelled');
    const [second] = (await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { key: operations, body: {} })).body.data;
    expect(second.id).not.toBe(first.id);
    await omc.call('POST', `/v1/orders/${order.id}/cancel`, { body: { reason: 'customer changed plans' } });
    expect((await omc.call('GET', `/v1/work-orders/${second.id}`)).body.status).toBe('cancelled');
    const list = (await omc.call('GET', `/v1/work-orders?order_id=${order.id}`)).body.data.map((w: { status: string }) => w.status);
    expect(list).toEqual(['cancelled', 'cancelled']);
  });

  it('leaves work already done out of a schedule run, and shows the committed times on the work order', async () => {
    await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: motor, warehouse_id: warehouse, quantity: 10, reason: 'delivery' } });
    const order = await orderSkids(1);
    const line = order.lines.find((l: { product_id: string }) => l.product_id === skid);
    const [wo] = (await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { key: operations, body: {} })).body.data;
    const stepsOf = (run: { operations: { order_line_id: string | null; description: string }[] }) =>
      run.operations.filter((o) => o.order_line_id === line.id).map((o) => o.description.split(' ')[0]);
    const before = await omc.call('POST', '/v1/schedule/runs', { key: operations, body: { budget_ms: 100 } });
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(stepsOf(before.body)).toEqual(['10', '20']);
    await step(wo.id, 10, 'complete');
    const afterRes = await omc.call('POST', '/v1/schedule/runs', { key: operations, body: { budget_ms: 100 } });
    expect(afterRes.status, JSON.stringify(afterRes.body)).toBe(201);
    const after = afterRes.body;
    expect(stepsOf(after)).toEqual(['20']);
    expect((await omc.call('POST', `/v1/schedule/runs/${before.body.id}/commit`, { key: operations, body: {} })).status).toBe(409); // stale: work was done since
    expect((await omc.call('POST', `/v1/schedule/runs/${after.id}/commit`, { key: operations, body: {} })).status).toBe(200);
    const scheduled = (await omc.call('GET', `/v1/work-orders/${wo.id}`)).body.operations;
    expect(scheduled[0]).toMatchObject({ status: 'done', scheduled_start: null });
    expect(scheduled[1].scheduled_start).toMatch(/^2026-/);
    expect((await step(wo.id, 20, 'complete', service)).body.status).toBe('done');
    const doneRes = await omc.call('POST', '/v1/schedule/runs', { key: operations, body: { budget_ms: 100 } });
    expect(doneRes.status, JSON.stringify(doneRes.body)).toBe(201);
    const done = doneRes.body;
    expect(stepsOf(done)).toEqual([]); // built: only its pick / pack remains, where a warehouse has one
  });

  it('validates, and releases nothing for an order that is not confirmed or has no routing', async () => {
    expect((await omc.call('GET', '/v1/work-orders?status=nope')).status).toBe(400);
    expect((await omc.call('POST', '/v1/work-orders/wko_nope/operations/10/start', { key: operations, body: {} })).status).toBe(400);
    const bare = (await omc.call('POST', '/v1/products', { body: { sku: 'BARE', name: 'No routing', kind: 'made_to_order', list_price: { amount: 100, currency: 'EUR' }, lead_time_days: 5 } })).body.id;
    const order = (await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: bare, quantity: 1 }] } })).body;
    const refused = await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { key: operations, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/No routing to build BARE/);
    expect((await omc.call('GET', `/v1/work-orders?order_id=${order.id}`)).body.data).toEqual([]);
  });
});
