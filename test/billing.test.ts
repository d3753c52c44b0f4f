import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/access/roles';
import { InvoiceDocument } from '../src/billing/documents/invoice-document';
import { creditNoteDocument, invoiceDocument } from '../src/billing/queries/invoice-document';
import { describeBackends, startTestServer, type TestServer } from './harness';

const SELLER = {
  legal_name: 'Demo Maschinen GmbH',
  vat_id: 'DE123456789',
  address_line1: 'Industriestraße 1',
  city: 'Stuttgart',
  postal_code: '70173',
  country: 'DE',
  email: 'billing@demo.example',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
};
const addressIn = (country: string) => ({ kind: 'billing', line1: 'Main street 1', city: 'Town', postal_code: '12345', country });

describeBackends('billing', (backend) => {
  let omc: TestServer;
  let warehouse: string;
  let domestic: string; // DE business, 30 days
  let french: string; // FR business with a VAT id: reverse charge
  let american: string; // export
  let finance: string;
  beforeAll(async () => {
    omc = await startTestServer(backend); // 2026-03-02
    finance = await omc.keyFor('finance');
    warehouse = (await omc.call('POST', '/v1/warehouses', { body: { code: 'STR', name: 'Stuttgart' } })).body.id;
    const customer = async (name: string, country: string, extra: object = {}) => {
      const res = await omc.call('POST', '/v1/customers', { body: { name, tier: 'key', currency: 'EUR', addresses: [addressIn(country)], ...extra } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    domestic = await customer('Nord GmbH', 'DE', { vat_id: 'DE 999 999 999', payment_terms_days: 30 });
    french = await customer('Lumière SAS', 'FR', { vat_id: 'FR12345678901' });
    american = await customer('Acme Inc', 'US');
  });
  afterAll(() => omc?.stop());

  let seq = 0;
  async function product(price: number, tax_category = 'standard') {
    const res = await omc.call('POST', '/v1/products', {
      body: { sku: `B-${++seq}`, name: `Part ${seq}`, kind: 'stocked', list_price: { amount: price, currency: 'EUR' }, tax_category },
    });
    expect(res.status).toBe(201);
    expect((await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: res.body.id, warehouse_id: warehouse, quantity: 10_000, reason: 'count' } })).status).toBe(201);
    return res.body.id as string;
  }
  /** An order, shipped whole in one shipment; returns the shipment id and the order. */
  async function shipped(customerId: string, lines: { product_id: string; quantity: number }[]) {
    const order = await omc.call('POST', '/v1/orders', { body: { customer_id: customerId, lines } });
    expect(order.status).toBe(201);
    const shipment = await omc.call('POST', `/v1/orders/${order.body.id}/shipments`, { body: { warehouse_id: warehouse } });
    expect(shipment.status).toBe(201);
    const id = shipment.body.id as string;
    for (const step of ['pick', 'pack']) expect((await omc.call('POST', `/v1/shipments/${id}/${step}`, { body: {} })).status).toBe(200);
    const ship = await omc.call('POST', `/v1/shipments/${id}/ship`, { body: { carrier: 'DHL', tracking_number: `T${id.slice(-8)}`, packages: 1 } });
    expect(ship.status).toBe(200);
    return { shipmentId: id, order: order.body };
  }
  /** The seller, complete (the settings test starts without it; other suites may run alone). */
  const configureSeller = async () => expect((await omc.call('PATCH', '/v1/billing/settings', { body: SELLER, key: finance })).status).toBe(200);
  const invoice = (shipment_ids: string[], extra: object = {}, key = finance) => omc.call('POST', '/v1/invoices', { body: { shipment_ids, ...extra }, key });

  describe('settings', () => {
    it('refuses to issue until the seller is complete, then finance completes it', async () => {
      const p = await product(1_000);
      const { shipmentId } = await shipped(domestic, [{ product_id: p, quantity: 1 }]);
      const before = await omc.call('GET', '/v1/billing/settings');
      expect(before.body).toMatchObject({ invoice_prefix: 'INV', standard_rate: 19, reduced_rate: 7, consolidation: 'per_shipment' });
      expect(before.body.missing).toEqual(['legal_name', 'vat_id', 'address_line1', 'city', 'country']);
      const refused = await invoice([shipmentId]);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'billing_not_configured', details: { missing: before.body.missing } });

      const csr = await omc.keyFor('csr');
      expect((await omc.call('PATCH', '/v1/billing/settings', { body: SELLER, key: csr })).status).toBe(403);
      const bad = await omc.call('PATCH', '/v1/billing/settings', { body: { standard_rate: 19.005, country: 'XX', colour: 'red' }, key: finance });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['colour', 'country', 'standard_rate']);
      const set = await omc.call('PATCH', '/v1/billing/settings', { body: SELLER, key: finance });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ ...SELLER, iban: 'DE89370400440532013000', missing: [] });
      expect((await invoice([shipmentId])).status).toBe(201);
    });

    it("validates what the tax decision reads: a customer's VAT id, a product's tax category", async () => {
      const customer = await omc.call('POST', '/v1/customers', { body: { name: 'X', tier: 'standard', currency: 'EUR', vat_id: '12' } });
      expect(customer.body.error.details.fields).toHaveProperty('vat_id');
      const p = await omc.call('POST', '/v1/products', { body: { sku: 'TAX-1', name: 'X', kind: 'stocked', list_price: { amount: 1, currency: 'EUR' }, tax_category: 'luxury' } });
      expect(p.body.error.details.fields).toHaveProperty('tax_category');
      const changed = await omc.call('PATCH', `/v1/customers/${american}`, { body: { vat_id: 'us 12-345-678' } });
      expect(changed.body.vat_id).toBe('US12345678');
      expect((await omc.call('PATCH', `/v1/customers/${american}`, { body: { vat_id: null } })).body.vat_id).toBeNull();
    });
  });

  describe('invoicing what shipped', () => {
    beforeAll(configureSeller);

    it('bills each shipment line with its order line, shipment, quantity, price and tax, rounding tax per category', async () => {
      const standard = await product(1_005); // 10.05
      const reduced = await product(333, 'reduced');
      const zero = await product(2_000, 'zero');
      const exempt = await product(5_000, 'exempt');
      const { shipmentId, order } = await shipped(domestic, [
        { product_id: standard, quantity: 3 },
        { product_id: reduced, quantity: 7 },
        { product_id: zero, quantity: 1 },
        { product_id: exempt, quantity: 2 },
      ]);
      const res = await invoice([shipmentId]);
      expect(res.status).toBe(201);
      const inv = res.body;
      expect(inv).toMatchObject({ status: 'issued', customer_id: domestic, currency: 'EUR', issue_date: '2026-03-02', due_date: '2026-04-01', overdue: false });
      expect(inv.number).toMatch(/^INV-2026-\d{6}$/);
      expect(inv.order_reference).toBe(order.number);
      expect(inv.seller).toMatchObject({ name: SELLER.legal_name, vat_id: 'DE123456789', country: 'DE' });
      expect(inv.buyer).toMatchObject({ name: 'Nord GmbH', vat_id: 'DE999999999', country: 'DE' });
      expect(inv.lines).toHaveLength(4);
      const byProduct = Object.fromEntries(inv.lines.map((l: { product_id: string }) => [l.product_id, l]));
      expect(byProduct[standard]).toMatchObject({
        line_no: 1,
        order_id: order.id,
        order_number: order.number,
        order_line_id: order.lines[0].id,
        shipment_id: shipmentId,
        quantity: 3,
        unit_price: { amount: 1_005, currency: 'EUR' },
        net: { amount: 3_015, currency: 'EUR' },
        tax_category: 'S',
        tax_rate: 19,
      });
      expect(byProduct[standard].shipment_number).toMatch(/^SH-/);
      expect(byProduct[reduced]).toMatchObject({ net: { amount: 2_331 }, tax_category: 'S', tax_rate: 7 });
      expect(byProduct[zero]).toMatchObject({ tax_category: 'Z', tax_rate: 0 });
      expect(byProduct[exempt]).toMatchObject({ tax_category: 'E', tax_rate: 0, exemption_reason: 'Exempt from VAT' });
      // 30.15 × 19 % = 5.7285 → 5.73; 23.31 × 7 % = 1.6317 → 1.63
      expect(inv.tax_subtotals).toEqual([
        { category: 'S', rate: 19, taxable: { amount: 3_015, currency: 'EUR' }, tax: { amount: 573, currency: 'EUR' }, exemption_reason: null },
        { category: 'S', rate: 7, taxable: { amount: 2_331, currency: 'EUR' }, tax: { amount: 163, currency: 'EUR' }, exemption_reason: null },
        { category: 'Z', rate: 0, taxable: { amount: 2_000, currency: 'EUR' }, tax: { amount: 0, currency: 'EUR' }, exemption_reason: null },
        { category: 'E', rate: 0, taxable: { amount: 10_000, currency: 'EUR' }, tax: { amount: 0, currency: 'EUR' }, exemption_reason: 'Exempt from VAT' },
      ]);
      expect(inv).toMatchObject({ net: { amount: 17_346 }, tax: { amount: 736 }, gross: { amount: 18_082 }, balance: { amount: 18_082 }, paid: { amount: 0 } });

      const timeline = (await omc.call('GET', `/v1/orders/${order.id}/timeline`)).body.data as { type: string; stage: string }[];
      expect(timeline.filter((e) => e.type.startsWith('invoice.')).map((e) => [e.type, e.stage])).toEqual([
        ['invoice.drafted', 'billing'],
        ['invoice.issued', 'billing'],
      ]);
    });

    it('reverse-charges a business in another EU country and zero-rates an export', async () => {
      const p = await product(10_000);
      const fr = await invoice([(await shipped(french, [{ product_id: p, quantity: 2 }])).shipmentId]);
      expect(fr.body.lines[0]).toMatchObject({ tax_category: 'AE', tax_rate: 0, exemption_reason: 'Reverse charge' });
      expect(fr.body).toMatchObject({ tax: { amount: 0 }, gross: { amount: 20_000 } });
      const us = await invoice([(await shipped(american, [{ product_id: p, quantity: 1 }])).shipmentId]);
      expect(us.body.lines[0]).toMatchObject({ tax_category: 'G', exemption_reason: 'Export outside the EU' });
    });

    it('bills a shipment once, only when shipped, and one customer per invoice', async () => {
      const p = await product(100);
      const a = await shipped(domestic, [{ product_id: p, quantity: 1 }]);
      const b = await shipped(french, [{ product_id: p, quantity: 1 }]);
      expect((await invoice([a.shipmentId, b.shipmentId])).status).toBe(400);
      const first = await invoice([a.shipmentId]);
      expect(first.status).toBe(201);
      const again = await invoice([a.shipmentId]);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'already_invoiced', details: { shipments: [{ id: a.shipmentId, invoice_id: first.body.id }] } });

      const order = await omc.call('POST', '/v1/orders', { body: { customer_id: domestic, lines: [{ product_id: p, quantity: 1 }] } });
      const open = await omc.call('POST', `/v1/orders/${order.body.id}/shipments`, { body: { warehouse_id: warehouse } });
      const unshipped = await invoice([open.body.id]);
      expect(unshipped.status).toBe(409);
      expect(unshipped.body.error.code).toBe('not_billable');
      expect((await invoice(['shp_01jd0000000000000000000000'])).status).toBe(400);
      expect((await invoice([a.shipmentId], { total: 5 })).body.error.details.fields).toEqual({ total: 'Unknown field; it is not accepted here.' });
      expect((await invoice([b.shipmentId], {}, await omc.keyFor('csr'))).status).toBe(403);
    });

    it('keeps a draft unnumbered until it is issued; a discarded draft frees its shipments', async () => {
      const p = await product(100);
      const { shipmentId } = await shipped(domestic, [{ product_id: p, quantity: 1 }]);
      // Finance's "to invoice" list: shipped and on no invoice, the draft's too; back when the draft is discarded.
      const unbilled = async () => {
        const res = await omc.call('GET', '/v1/shipments?unbilled=true&limit=200', { key: finance });
        expect(res.status).toBe(200);
        return (res.body.data as { id: string; status: string }[]).filter((s) => s.id === shipmentId).length;
      };
      expect(await unbilled()).toBe(1);
      const draft = await invoice([shipmentId], { draft: true });
      expect(draft.body).toMatchObject({ status: 'draft', number: null, issue_date: null });
      expect(await unbilled()).toBe(0);
      const discarded = await omc.call('POST', `/v1/invoices/${draft.body.id}/discard`, { body: { reason: 'wrong period' }, key: finance });
      expect(discarded.body).toMatchObject({ status: 'discarded', lines: [] });
      expect(await unbilled()).toBe(1);
      const open = await omc.call('POST', '/v1/orders', { body: { customer_id: domestic, lines: [{ product_id: p, quantity: 1 }] } });
      const pickList = (await omc.call('POST', `/v1/orders/${open.body.id}/shipments`, { body: { warehouse_id: warehouse } })).body.id as string;
      const all = (await omc.call('GET', '/v1/shipments?unbilled=true&limit=200', { key: finance })).body.data as { id: string; status: string }[];
      expect(all.map((s) => s.id)).not.toContain(pickList); // not shipped: nothing to bill yet
      expect(all.every((s) => ['shipped', 'delivered'].includes(s.status))).toBe(true);
      expect((await omc.call('GET', '/v1/shipments?unbilled=maybe', { key: finance })).body.error.details.fields).toHaveProperty(['unbilled']);
      const redraft = await invoice([shipmentId], { draft: true, buyer_reference: 'PO-4711' });
      expect(redraft.status).toBe(201);
      const issued = await omc.call('POST', `/v1/invoices/${redraft.body.id}/issue`, { key: finance });
      expect(issued.body.error).toBeUndefined();
      expect(issued.status).toBe(200);
      expect(issued.body).toMatchObject({ status: 'issued', buyer_reference: 'PO-4711' });
      expect(issued.body.number).toMatch(/^INV-2026-/);
      const twice = await omc.call('POST', `/v1/invoices/${redraft.body.id}/issue`, { key: finance });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('invalid_transition');
    });
  });

  describe('credit notes', () => {
    beforeAll(configureSeller);

    it('take back units or amounts of issued lines, never more than is left, with their own gapless series', async () => {
      const a = await product(1_000);
      const b = await product(333, 'reduced');
      const { shipmentId } = await shipped(domestic, [
        { product_id: a, quantity: 4 },
        { product_id: b, quantity: 3 },
      ]);
      const inv = (await invoice([shipmentId])).body;
      const [la, lb] = inv.lines;
      expect(inv.gross.amount).toBe(4_000 + 760 + 999 + 70); // 19 % of 40.00, 7 % of 9.99 = 0.6993 → 0.70

      const credit = (lines: object[], key = finance) => omc.call('POST', '/v1/credit-notes', { body: { invoice_id: inv.id, reason: 'returned', lines }, key });
      const first = await credit([{ invoice_line_id: la.id, quantity: 1 }, { invoice_line_id: lb.id, amount: 100 }]);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ invoice_id: inv.id, invoice_number: inv.number, net: { amount: 1_100 }, tax: { amount: 190 + 7 }, gross: { amount: 1_297 } });
      expect(first.body.number).toMatch(/^CN-2026-\d{6}$/);
      expect(first.body.lines).toMatchObject([{ invoice_line_id: la.id, quantity: 1, net: { amount: 1_000 } }, { invoice_line_id: lb.id, quantity: 0, net: { amount: 100 } }]);

      const over = await credit([{ invoice_line_id: la.id, quantity: 4 }]);
      expect(over.status).toBe(409);
      expect(over.body.error).toMatchObject({ code: 'over_credit', details: { lines: [{ invoice_line_id: la.id, remaining: { quantity: 3, amount: 3_000 } }] } });
      const overAmount = await credit([{ invoice_line_id: lb.id, amount: 900 }]); // 9.99 − 1.00 left
      expect(overAmount.body.error.code).toBe('over_credit');
      expect((await credit([{ invoice_line_id: la.id, quantity: 1, amount: 5 }])).status).toBe(400);
      expect((await credit([{ invoice_line_id: 'inl_01jd0000000000000000000000', quantity: 1 }])).status).toBe(400);

      // The rest: all of it credited, the tax exactly what the invoice charged.
      const rest = await credit([{ invoice_line_id: la.id, quantity: 3 }, { invoice_line_id: lb.id, amount: 899 }]);
      expect(rest.status).toBe(201);
      expect(first.body.gross.amount + rest.body.gross.amount).toBe(inv.gross.amount);
      expect(first.body.tax.amount + rest.body.tax.amount).toBe(inv.tax.amount);
      const after = (await omc.call('GET', `/v1/invoices/${inv.id}`)).body;
      expect(after).toMatchObject({ status: 'credited', balance: { amount: 0 }, credited: inv.gross });
      expect(after.lines[0]).toMatchObject({ credited_quantity: 4, credited: { amount: 4_000 } });
      const listed = await omc.call('GET', `/v1/credit-notes?invoice_id=${inv.id}`);
      expect(listed.body.data.map((n: { id: string }) => n.id)).toEqual([rest.body.id, first.body.id]);
    });

    it('credit only issued invoices', async () => {
      const p = await product(100);
      const draft = (await invoice([(await shipped(domestic, [{ product_id: p, quantity: 1 }])).shipmentId], { draft: true })).body;
      const res = await omc.call('POST', '/v1/credit-notes', { body: { invoice_id: draft.id, reason: 'x', lines: [{ invoice_line_id: draft.lines[0].id, quantity: 1 }] }, key: finance });
      expect(res.status).toBe(409);
    });
  });

  describe('payments and receivables', () => {
    beforeAll(configureSeller);

    it('pays in part, then in full, keeps over-payment as credit, and applies it later', async () => {
      const customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Payer GmbH', tier: 'standard', currency: 'EUR', addresses: [addressIn('DE')], payment_terms_days: 14 } })).body.id;
      const p = await product(10_000);
      const one = (await invoice([(await shipped(customer, [{ product_id: p, quantity: 1 }])).shipmentId])).body; // 119.00
      const pay = (body: object, headers: Record<string, string> = {}) =>
        omc.call('POST', '/v1/payments', { body: { customer_id: customer, received_on: '2026-03-05', method: 'bank_transfer', ...body }, key: finance, headers });

      const part = await pay({ amount: { amount: 5_000, currency: 'EUR' }, reference: one.number });
      expect(part.status).toBe(201);
      expect(part.body).toMatchObject({ allocations: [{ invoice_id: one.id, invoice_number: one.number, amount: { amount: 5_000 } }], unallocated: { amount: 0 } });
      expect((await omc.call('GET', `/v1/invoices/${one.id}`)).body).toMatchObject({ status: 'partially_paid', paid: { amount: 5_000 }, balance: { amount: 6_900 } });

      const bad = await pay({ amount: { amount: 100, currency: 'USD' } });
      expect(bad.status).toBe(400);
      const tooMuch = await pay({ amount: { amount: 10_000, currency: 'EUR' }, allocations: [{ invoice_id: one.id, amount: 7_000 }] });
      expect(tooMuch.body.error.code).toBe('over_allocation');

      // Sent twice at once with its key, then again: one payment, one answer.
      const keyed = () => pay({ amount: { amount: 10_000, currency: 'EUR' } }, { 'idempotency-key': `pay-${customer}` });
      const [a, b] = await Promise.all([keyed(), keyed()]);
      const rest = a.status === 201 ? a : b; // 69.00 owed: 31.00 over
      // the second waits for the first's answer (a replay) or is told the key is still in use
      for (const r of [a, b]) expect(r.status === 409 ? r.body.error.code : r.body).toEqual(r.status === 409 ? 'idempotency_key_in_use' : rest.body);
      expect((await keyed()).body).toEqual(rest.body);
      expect((await omc.call('GET', `/v1/payments?customer_id=${customer}`)).body.data).toHaveLength(2);
      expect(rest.body).toMatchObject({ allocations: [{ invoice_id: one.id, amount: { amount: 6_900 } }], unallocated: { amount: 3_100 } });
      expect((await omc.call('GET', `/v1/invoices/${one.id}`)).body).toMatchObject({ status: 'paid', balance: { amount: 0 } });
      let receivable = (await omc.call('GET', `/v1/receivables?customer_id=${customer}`)).body.data[0];
      expect(receivable).toMatchObject({ balance: { amount: 0 }, credit: { amount: 3_100 }, net: { amount: -3_100 }, open_invoices: 0 });

      const two = (await invoice([(await shipped(customer, [{ product_id: p, quantity: 1 }])).shipmentId])).body;
      const applied = await omc.call('POST', `/v1/payments/${rest.body.id}/allocations`, { body: { allocations: [{ invoice_id: two.id, amount: 3_100 }] }, key: finance });
      expect(applied.status).toBe(200);
      expect(applied.body.unallocated.amount).toBe(0);
      const again = await omc.call('POST', `/v1/payments/${rest.body.id}/allocations`, { body: { allocations: [{ invoice_id: two.id, amount: 1 }] }, key: finance });
      expect(again.body.error.code).toBe('over_allocation');
      receivable = (await omc.call('GET', `/v1/receivables?customer_id=${customer}`)).body.data[0];
      expect(receivable).toMatchObject({ balance: { amount: 8_800 }, credit: { amount: 0 }, open_invoices: 1, aging: { current: { amount: 8_800 } } });
    });

    it('ages open balances by days past due on the test clock, and flags overdue invoices', async () => {
      const customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Late Payer KG', tier: 'standard', currency: 'EUR', addresses: [addressIn('DE')], payment_terms_days: 10 } })).body.id;
      const p = await product(1_000);
      const issueOne = async () => (await invoice([(await shipped(customer, [{ product_id: p, quantity: 1 }])).shipmentId])).body;
      const start = omc.clock.now();
      const first = await issueOne(); // due today + 10
      omc.clock.advance({ days: 40 });
      const second = await issueOne();
      omc.clock.advance({ days: 35 }); // first: 65 days late; second: 25 days late
      try {
        const r = (await omc.call('GET', `/v1/receivables?customer_id=${customer}`)).body.data[0];
        expect(r).toMatchObject({
          balance: { amount: 2_380 },
          overdue: { amount: 2_380 },
          aging: { current: { amount: 0 }, days_1_30: { amount: 1_190 }, days_31_60: { amount: 0 }, days_61_90: { amount: 1_190 }, days_over_90: { amount: 0 } },
        });
        const overdue = await omc.call('GET', `/v1/invoices?customer_id=${customer}&overdue=true`);
        expect(overdue.body.data.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue])).toEqual([
          [second.id, true],
          [first.id, true],
        ]);
        await omc.call('POST', '/v1/payments', { body: { customer_id: customer, amount: { amount: 1_190, currency: 'EUR' }, received_on: '2026-05-15', method: 'bank_transfer' }, key: finance });
        const stillOverdue = await omc.call('GET', `/v1/invoices?customer_id=${customer}&overdue=true`);
        expect(stillOverdue.body.data.map((i: { id: string }) => i.id)).toEqual([second.id]); // the oldest was paid first
        // Finance's collection handoff of the unpaid one is a dropped ball; the paid one's is done.
        const dropped = (await omc.call('GET', '/v1/handoffs?overdue=true&limit=200')).body.data as { subject: { id: string }; department: string }[];
        expect(dropped.filter((h) => h.subject.id === second.id || h.subject.id === first.id)).toEqual([expect.objectContaining({ subject: expect.objectContaining({ id: second.id }), department: 'finance' })]);
      } finally {
        omc.clock.set(start);
      }
    });

    it('counts unpaid invoices in the credit check, without counting an invoiced order twice', async () => {
      const customer = (await omc.call('POST', '/v1/customers', {
        body: { name: 'Tight Credit AG', tier: 'standard', currency: 'EUR', addresses: [addressIn('DE')], credit_limit: { amount: 25_000, currency: 'EUR' } },
      })).body.id;
      const p = await product(10_000);
      const { shipmentId, order } = await shipped(customer, [{ product_id: p, quantity: 2 }]); // 200.00 open order
      expect(order.status).toBe('confirmed');
      await invoice([shipmentId]); // now 238.00 owed on the invoice, the order counts 0 more
      const next = await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: p, quantity: 1 }] } });
      expect(next.body.status).toBe('on_hold'); // 238 + 100 > 250
      const hold = (await omc.call('GET', `/v1/orders/${next.body.id}/timeline`)).body.data.find((e: { type: string }) => e.type === 'order.put_on_hold');
      expect(hold.data.exposure).toBe(23_800 + 10_000);
      await omc.call('POST', '/v1/payments', { body: { customer_id: customer, amount: { amount: 23_800, currency: 'EUR' }, received_on: '2026-03-02', method: 'bank_transfer' }, key: finance });
      const third = await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines: [{ product_id: p, quantity: 1 }] } });
      expect(third.body.status).toBe('confirmed'); // paid: 100 (held) + 100 ≤ 250
    });
  });

  describe('customers', () => {
    beforeAll(configureSeller);

    it('see only their own issued invoices, credit notes, payments and receivables', async () => {
      const p = await product(100);
      const mine = (await invoice([(await shipped(domestic, [{ product_id: p, quantity: 1 }])).shipmentId])).body;
      const theirs = (await invoice([(await shipped(french, [{ product_id: p, quantity: 1 }])).shipmentId])).body;
      const draft = (await invoice([(await shipped(domestic, [{ product_id: p, quantity: 1 }])).shipmentId], { draft: true })).body;
      await omc.call('POST', '/v1/payments', { body: { customer_id: french, amount: { amount: 100, currency: 'EUR' }, received_on: '2026-03-02', method: 'card' }, key: finance });
      const key = await omc.keyFor('customer', domestic);
      expect((await omc.call('GET', `/v1/invoices/${mine.id}`, { key })).status).toBe(200);
      expect((await omc.call('GET', `/v1/invoices/${theirs.id}`, { key })).status).toBe(404);
      expect((await omc.call('GET', `/v1/invoices/${draft.id}`, { key })).status).toBe(404);
      expect((await omc.call('GET', `/v1/invoices?customer_id=${french}`, { key })).body.data).toEqual([]);
      const list = await omc.call('GET', '/v1/invoices?limit=200', { key });
      expect(list.body.data.length).toBeGreaterThan(0);
      expect(list.body.data.every((i: { customer_id: string; status: string }) => i.customer_id === domestic && i.status !== 'draft')).toBe(true);
      expect((await omc.call('GET', '/v1/payments', { key })).body.data.every((x: { customer_id: string }) => x.customer_id === domestic)).toBe(true);
      expect((await omc.call('GET', '/v1/credit-notes', { key })).body.data.every((x: { customer_id: string }) => x.customer_id === domestic)).toBe(true);
      const receivables = await omc.call('GET', `/v1/receivables?customer_id=${french}`, { key });
      expect(receivables.body.data.map((r: { customer_id: string }) => r.customer_id)).toEqual([domestic]);
      expect((await omc.call('POST', '/v1/payments', { body: { customer_id: domestic, amount: { amount: 1, currency: 'EUR' }, received_on: '2026-03-02', method: 'card' }, key })).status).toBe(403);
    });
  });

  describe('billing runs', () => {
    beforeAll(configureSeller);

    it('invoice what shipped in a period: per shipment, or one per customer when the settings consolidate', async () => {
      const customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Run GmbH', tier: 'standard', currency: 'EUR', addresses: [addressIn('DE')] } })).body.id;
      const p = await product(500);
      const a = await shipped(customer, [{ product_id: p, quantity: 1 }]);
      const b = await shipped(customer, [{ product_id: p, quantity: 2 }]);
      const run = (body: object) => omc.call('POST', '/v1/billing-runs', { body, key: finance });
      const april = await run({ period: { from: '2026-04-01', to: '2026-04-30' }, customer_id: customer });
      expect(april.body.data).toEqual([]);
      expect((await run({ period: { from: '2026-03-31', to: '2026-03-01' } })).status).toBe(400);

      expect((await omc.call('PATCH', '/v1/billing/settings', { body: { consolidation: 'per_customer_period' }, key: finance })).status).toBe(200);
      try {
        const march = await run({ period: { from: '2026-03-01', to: '2026-03-31' }, customer_id: customer });
        expect(march.status).toBe(201);
        expect(march.body.data).toHaveLength(1);
        const [consolidated] = march.body.data;
        expect(consolidated).toMatchObject({ status: 'issued', period: { from: '2026-03-01', to: '2026-03-31' }, order_reference: null, net: { amount: 1_500 } });
        expect(new Set(consolidated.lines.map((l: { shipment_id: string }) => l.shipment_id))).toEqual(new Set([a.shipmentId, b.shipmentId]));
        expect((await run({ period: { from: '2026-03-01', to: '2026-03-31' }, customer_id: customer })).body.data).toEqual([]); // nothing left
      } finally {
        await omc.call('PATCH', '/v1/billing/settings', { body: { consolidation: 'per_shipment' }, key: finance });
      }
    });
  });

  describe('documents', () => {
    beforeAll(configureSeller);

    it('load an issued invoice and its credit note as the InvoiceDocument the UBL and PDF renderers take', async () => {
      const a = await product(1_999);
      const e = await product(500, 'exempt');
      const { shipmentId, order } = await shipped(domestic, [
        { product_id: a, quantity: 3 },
        { product_id: e, quantity: 1 },
      ]);
      const inv = (await invoice([shipmentId], { buyer_reference: 'PO-77' })).body;
      const note = (await omc.call('POST', '/v1/credit-notes', { body: { invoice_id: inv.id, reason: 'One part damaged', lines: [{ invoice_line_id: inv.lines[0].id, quantity: 1 }] }, key: finance })).body;
      const { db } = omc.server.database;
      const doc = InvoiceDocument.parse(await invoiceDocument(db, SYSTEM_ACTOR, inv.id));
      expect(doc).toMatchObject({
        kind: 'invoice',
        number: inv.number,
        issueDate: '2026-03-02',
        dueDate: '2026-04-01',
        currency: 'EUR',
        buyerReference: 'PO-77',
        orderReference: order.number,
        seller: { name: SELLER.legal_name, vatId: 'DE123456789', address: { countryCode: 'DE' }, endpoint: { id: 'DE123456789', scheme: '9930' } },
        buyer: { name: 'Nord GmbH', vatId: 'DE999999999', address: { countryCode: 'DE' } },
        paymentMeans: { code: '58', iban: 'DE89370400440532013000', paymentReference: inv.number },
        totals: { lineTotal: 6_497, tax: 1_139, taxInclusive: 7_636, prepaid: 0, payable: 7_636 }, // 59.97 × 19 % = 11.3943
      });
      expect(doc.lines[0]).toMatchObject({ quantity: 3, unitPrice: 1_999, lineNet: 5_997, taxCategory: 'S', rateBasisPoints: 1900, orderLineRef: order.lines[0].id });
      expect(doc.lines[1]).toMatchObject({ taxCategory: 'E', exemptionReason: 'Exempt from VAT', exemptionReasonCode: 'VATEX-EU-132' });
      expect(doc.taxSubtotals).toEqual([
        { taxCategory: 'S', rateBasisPoints: 1900, taxable: 5_997, tax: 1_139 },
        { taxCategory: 'E', rateBasisPoints: 0, taxable: 500, tax: 0, exemptionReason: 'Exempt from VAT', exemptionReasonCode: 'VATEX-EU-132' },
      ]);
      const credit = InvoiceDocument.parse(await creditNoteDocument(db, SYSTEM_ACTOR, note.id));
      expect(credit).toMatchObject({ kind: 'credit_note', number: note.number, billingReference: { number: inv.number, issueDate: '2026-03-02' }, totals: { payable: note.gross.amount } });
      const other = { ...SYSTEM_ACTOR, role: 'customer' as const, customerId: french };
      await expect(invoiceDocument(db, other, inv.id)).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('under concurrency', () => {
    beforeAll(configureSeller);

    /** `n` shipments of one unit each, shipped, from one order (a few requests at a time). */
    async function oneUnitShipments(n: number, customerId = domestic) {
      const p = await product(1_000);
      const order = (await omc.call('POST', '/v1/orders', { body: { customer_id: customerId, lines: [{ product_id: p, quantity: n }] } })).body;
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const res = await omc.call('POST', `/v1/orders/${order.id}/shipments`, { body: { warehouse_id: warehouse, lines: [{ order_line_id: order.lines[0].id, quantity: 1 }] } });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      for (let i = 0; i < n; i += 10) {
        await Promise.all(
          ids.slice(i, i + 10).map(async (id) => {
            for (const step of ['pick', 'pack']) expect((await omc.call('POST', `/v1/shipments/${id}/${step}`, { body: {} })).status).toBe(200);
            expect((await omc.call('POST', `/v1/shipments/${id}/ship`, { body: { carrier: 'DHL', tracking_number: `T${id.slice(-8)}`, packages: 1 } })).status).toBe(200);
          }),
        );
      }
      return ids;
    }

    // PGlite runs one transaction at a time, so many there proves little and takes long.
    const ISSUES = backend === 'postgres' ? 200 : 20;

    it(`numbers ${ISSUES} invoices issued at once without a gap or a duplicate`, { timeout: 120_000 }, async () => {
      const shipments = await oneUnitShipments(ISSUES);
      const issuedBefore = (await omc.call('GET', '/v1/invoices?limit=200')).body.data as { number: string | null }[];
      const last = Math.max(0, ...issuedBefore.filter((i) => i.number).map((i) => Number(i.number!.split('-')[2])));
      const results = await Promise.all(shipments.map((id) => invoice([id])));
      expect(results.map((r) => r.status)).toEqual(shipments.map(() => 201));
      const numbers = results.map((r) => Number(r.body.number.split('-')[2])).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: ISSUES }, (_, i) => last + 1 + i));
    });

    it('bills a shipment once when many ask for it at once', async () => {
      const [shipment] = await oneUnitShipments(1);
      const results = await Promise.all(Array.from({ length: 10 }, () => invoice([shipment!])));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(9).fill('already_invoiced'));
    });

    it('never credits more than a line has when credit notes race, and numbers them without a gap', async () => {
      const p = await product(1_000);
      const inv = (await invoice([(await shipped(domestic, [{ product_id: p, quantity: 5 }])).shipmentId])).body;
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          omc.call('POST', '/v1/credit-notes', { body: { invoice_id: inv.id, reason: 'returned', lines: [{ invoice_line_id: inv.lines[0].id, quantity: 1 }] }, key: finance }),
        ),
      );
      const issued = results.filter((r) => r.status === 201);
      expect(issued).toHaveLength(5);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'over_credit')).toBe(true);
      const numbers = issued.map((r) => Number(r.body.number.split('-')[2])).sort((a, b) => a - b);
      expect(numbers.at(-1)! - numbers[0]!).toBe(4);
      expect(issued.reduce((s, r) => s + r.body.gross.amount, 0)).toBe(inv.gross.amount);
      expect((await omc.call('GET', `/v1/invoices/${inv.id}`)).body).toMatchObject({ status: 'credited', balance: { amount: 0 } });
    });

    it('never allocates more to an invoice than it has open when payments race', async () => {
      const [shipment] = await oneUnitShipments(1, french); // 10.00, reverse charge: 10.00 gross
      const inv = (await invoice([shipment!])).body;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          omc.call('POST', '/v1/payments', {
            body: { customer_id: french, amount: { amount: 250, currency: 'EUR' }, received_on: '2026-03-02', method: 'card', reference: `r${i}`, allocations: [{ invoice_id: inv.id, amount: 250 }] },
            key: finance,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(4);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'over_allocation')).toBe(true);
      expect((await omc.call('GET', `/v1/invoices/${inv.id}`)).body).toMatchObject({ status: 'paid', paid: { amount: 1_000 }, balance: { amount: 0 } });
    });
  });
});
