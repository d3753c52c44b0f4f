import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { stockRowsOffLedger } from './invariants';
import { configureSeller, customerWithAddress } from './invoicing-setup';

/**
 * Issue 6's whole path on one order: shipped in parts from two warehouses, a made-to-order line assembled
 * first, invoiced per shipment (PDF and UBL), paid, a line disputed and credited — every step on the order's
 * timeline, and the money adding up.
 */
describeBackends('order to cash', (backend) => {
  let omc: TestServer;
  beforeAll(async () => {
    omc = await startTestServer(backend);
    await configureSeller(omc);
  });
  afterAll(() => omc?.stop());

  it('ships in parts from two warehouses, assembles, invoices per shipment, is paid, disputed and credited — all on the timeline', async () => {
    const warehouse = async (code: string) => (await omc.call('POST', '/v1/warehouses', { body: { code, name: code, handling_days: 1, transit_days: 2 } })).body.id as string;
    const [ham, lyo] = [await warehouse('HAM'), await warehouse('LYO')];
    const customer = await customerWithAddress(omc, { name: 'Nordhafen', tier: 'key', vat_id: 'DE987654321' });
    const buyer = await omc.keyFor('customer', customer);
    const product = async (sku: string, kind: string, stock: [string, number][] = []) => {
      const id = (await omc.call('POST', '/v1/products', { body: { sku, name: `${sku} unit`, kind, list_price: { amount: 12_000, currency: 'EUR' }, standard_cost: { amount: 4_000, currency: 'EUR' }, lead_time_days: 10 } })).body.id as string;
      for (const [w, quantity] of stock) await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: id, warehouse_id: w, quantity, reason: 'count' } });
      return id;
    };
    const pump = await product('PUMP', 'stocked', [[ham, 3], [lyo, 5]]);
    const frame = await product('FRAME', 'stocked', [[ham, 4]]);
    const skid = await product('SKID', 'made_to_order');
    const assembly = (await omc.call('POST', '/v1/work-centers', { body: { code: 'ASSY', name: 'Assembly', hourly_rate: { amount: 6_000, currency: 'EUR' } } })).body.id;
    await omc.call('PUT', `/v1/products/${skid}/bom`, { body: { lines: [{ component_id: frame, quantity: 1 }] } });
    await omc.call('PUT', `/v1/products/${skid}/routing`, { body: { operations: [{ sequence: 10, work_center_id: assembly, description: 'Mount', run_minutes: 60 }] } });

    const order = (await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: pump, quantity: 6 }, { product_id: skid, quantity: 1 }], external_ref: 'PO-9' } })).body;
    expect(order.status).toBe('confirmed');
    const [pumpLine, skidLine] = order.lines;

    // Assemble the skid, then ship from both warehouses.
    const [workOrder] = (await omc.call('POST', `/v1/orders/${order.id}/work-orders`, { body: {} })).body.data;
    expect((await omc.call('POST', `/v1/work-orders/${workOrder.id}/operations/10/complete`, { body: {} })).body.status).toBe('done');
    const ship = async (warehouseId: string) => {
      const shipment = (await omc.call('POST', `/v1/orders/${order.id}/shipments`, { body: { warehouse_id: warehouseId } })).body;
      for (const step of ['pick', 'pack']) await omc.call('POST', `/v1/shipments/${shipment.id}/${step}`, { body: {} });
      expect((await omc.call('POST', `/v1/shipments/${shipment.id}/ship`, { body: { carrier: 'DHL', tracking_number: `T-${warehouseId.slice(-6)}`, packages: 1 } })).status).toBe(200);
      return shipment;
    };
    const fromHamburg = await ship(ham); // 3 pumps + the skid (built in HAM)
    expect((await omc.call('GET', `/v1/orders/${order.id}`)).body.fulfillment_status).toBe('partially_shipped');
    const fromLyon = await ship(lyo); // the other 3 pumps
    expect(fromHamburg.lines.map((l: { order_line_id: string; quantity: number }) => [l.order_line_id, l.quantity]).sort()).toEqual([[pumpLine.id, 3], [skidLine.id, 1]].sort());
    expect(fromLyon.lines.map((l: { quantity: number }) => l.quantity)).toEqual([3]);
    await omc.call('POST', `/v1/shipments/${fromHamburg.id}/deliver`, { body: { delivered_on: '2026-03-02' } }).then((r) => expect(r.status).toBe(200));

    // One invoice per shipment, each with its PDF and UBL.
    const invoices = [];
    for (const shipment of [fromHamburg, fromLyon]) {
      const invoice = await omc.call('POST', '/v1/invoices', { body: { shipment_ids: [shipment.id] } });
      expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
      invoices.push(invoice.body);
      const pdf = await fetch(`${omc.url}/v1/invoices/${invoice.body.id}/pdf`, { headers: { authorization: `Bearer ${buyer}` } });
      expect(pdf.status).toBe(200);
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      const ubl = await fetch(`${omc.url}/v1/invoices/${invoice.body.id}/ubl`, { headers: { authorization: `Bearer ${buyer}` } });
      expect(await ubl.text()).toContain(`<cbc:ID>${invoice.body.number}</cbc:ID>`);
    }
    const [first, second] = invoices;
    const gross = (i: { gross: { amount: number } }) => i.gross.amount;
    expect(first.lines.reduce((s: number, l: { net: { amount: number } }) => s + l.net.amount, 0)).toBe(4 * 12_000); // 3 pumps + 1 skid
    expect(gross(first)).toBe(first.net.amount + first.tax.amount);

    // Paid in full; the customer disputes a pump on the second invoice, finance credits it.
    const paid = await omc.call('POST', '/v1/payments', { body: { customer_id: customer, amount: { amount: gross(first) + gross(second), currency: 'EUR' }, received_on: '2026-03-10', method: 'bank_transfer', reference: 'SEPA 42' } });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect((await omc.call('GET', `/v1/invoices/${second.id}`)).body.status).toBe('paid');
    const dispute = await omc.call('POST', `/v1/invoices/${second.id}/disputes`, { key: buyer, body: { invoice_line_id: second.lines[0].id, reason: 'damaged', message: 'One pump arrived with a cracked housing.' } });
    expect(dispute.status, JSON.stringify(dispute.body)).toBe(201);
    const resolved = await omc.call('POST', `/v1/disputes/${dispute.body.id}/resolve`, { body: { resolution: 'credit', answer: 'Credited one pump; a replacement ships separately.', credit: { quantity: 1 } } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const seen = (await omc.call('GET', `/v1/disputes/${dispute.body.id}`, { key: buyer })).body;
    expect(seen).toMatchObject({ status: 'resolved_credit', answer: 'Credited one pump; a replacement ships separately.' });
    const receivables = (await omc.call('GET', `/v1/receivables?customer_id=${customer}`, { key: buyer })).body.data[0];
    expect(receivables.credit.amount).toBeGreaterThan(0); // the credited pump, paid already, is the customer's money

    // The whole journey on one timeline.
    const types = (await omc.call('GET', `/v1/orders/${order.id}/timeline?limit=200`)).body.data.map((e: { type: string }) => e.type);
    for (const type of ['order.received', 'work_order.done', 'shipment.shipped', 'shipment.delivered', 'invoice.issued', 'dispute.opened', 'dispute.resolved', 'credit_note.issued', 'invoice.paid']) {
      expect(types, type).toContain(type);
    }
    expect(await stockRowsOffLedger(omc.server.database.db)).toEqual([]);
  });
});
