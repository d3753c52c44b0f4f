import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { configureSeller, shipOrder, stockedProduct } from './invoicing-setup';

type Line = { product_id: string; quantity: number };
type InvoiceBody = { id: string; number: string | null; status: string; lines: { order_id: string; shipment_id: string }[] } & Record<string, any>;

/** POST /v1/invoices/batch: many invoices in one transaction, issued ones numbered consecutively in input order. */
describeBackends('billing: invoices in a batch', (backend) => {
  let omc: TestServer;
  let finance: string;
  let warehouse: string;
  let domestic: string; // DE business, 30 days: VAT by product
  let french: string; // FR business with a VAT id, 14 days: reverse charge
  let american: string; // US, 60 days: export
  beforeAll(async () => {
    omc = await startTestServer(backend);
    await configureSeller(omc);
    finance = await omc.keyFor('finance');
    warehouse = (await omc.call('POST', '/v1/warehouses', { body: { code: 'BAT', name: 'Batch' } })).body.id;
    const customer = async (name: string, country: string, payment_terms_days: number, vat_id?: string) => {
      const address = { kind: 'billing', line1: 'Main street 1', city: 'Town', postal_code: '12345', country };
      const res = await omc.call('POST', '/v1/customers', { body: { name, tier: 'key', currency: 'EUR', payment_terms_days, addresses: [address], ...(vat_id ? { vat_id } : {}) } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    domestic = await customer('Nord GmbH', 'DE', 30, 'DE999999999');
    french = await customer('Lumière SAS', 'FR', 14, 'FR12345678901');
    american = await customer('Acme Inc', 'US', 60);
  });
  afterAll(() => omc?.stop());

  const batch = (invoices: object[], key = finance, headers: Record<string, string> = {}) => omc.call('POST', '/v1/invoices/batch', { body: { invoices }, key, headers });
  const single = (shipment_ids: string[], extra: object = {}) => omc.call('POST', '/v1/invoices', { body: { shipment_ids, ...extra }, key: finance });
  const db = () => omc.server.database.db;
  const lastNumber = async () => (await db().selectFrom('document_number_counters').select('last_number').where('series', '=', 'INV').executeTakeFirst())?.last_number ?? 0;
  const sequenceOf = (number: string) => Number(number.split('-')[2]);
  /** What a refused request must not have changed. */
  async function written() {
    const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0]!.n);
    return { invoices: await count('invoices'), lines: await count('invoice_lines'), events: await count('events'), handoffs: await count('handoffs'), counter: await lastNumber() };
  }
  /** An invoice as its customer reads it, without what differs between two invoices of the same goods. */
  const billed = (inv: InvoiceBody) => ({
    status: inv.status,
    customer_id: inv.customer_id,
    currency: inv.currency,
    issue_date: inv.issue_date,
    due_date: inv.due_date,
    seller: inv.seller,
    buyer: inv.buyer,
    lines: inv.lines.map((l: any) => [l.line_no, l.sku, l.quantity, l.unit_price, l.net, l.tax_category, l.tax_rate, l.exemption_reason]),
    tax_subtotals: inv.tax_subtotals,
    net: inv.net,
    tax: inv.tax,
    gross: inv.gross,
  });

  it('issues invoices for several customers and tax cases with consecutive numbers in input order, as one by one would', async () => {
    const standard = await stockedProduct(omc, warehouse, { price: 1_005 });
    const reduced = await stockedProduct(omc, warehouse, { price: 333, tax_category: 'reduced' });
    const zero = await stockedProduct(omc, warehouse, { price: 2_000, tax_category: 'zero' });
    const exempt = await stockedProduct(omc, warehouse, { price: 5_000, tax_category: 'exempt' });
    // Each input's shipments, as order lines; the draft (index 2) takes no number.
    const cases: { customer: string; orders: Line[][]; draft?: boolean }[] = [
      { customer: domestic, orders: [[{ product_id: standard, quantity: 3 }, { product_id: reduced, quantity: 7 }]] },
      { customer: french, orders: [[{ product_id: standard, quantity: 2 }]] },
      { customer: domestic, orders: [[{ product_id: zero, quantity: 1 }]], draft: true },
      { customer: american, orders: [[{ product_id: exempt, quantity: 1 }, { product_id: standard, quantity: 4 }]] },
      { customer: domestic, orders: [[{ product_id: exempt, quantity: 2 }], [{ product_id: zero, quantity: 3 }, { product_id: reduced, quantity: 1 }]] },
    ];
    // The same goods shipped twice, one after the other (lines go by shipment number): for the batch, and for invoices made one by one.
    const shipAll = async () => {
      const ids: string[][] = [];
      for (const c of cases) {
        ids.push([]);
        for (const lines of c.orders) ids.at(-1)!.push(await shipOrder(omc, c.customer, warehouse, lines));
      }
      return ids;
    };
    const forBatch = await shipAll();
    const forSingles = await shipAll();

    const before = await lastNumber();
    const res = await batch(cases.map((c, i) => ({ shipment_ids: forBatch[i], ...(c.draft ? { draft: true } : {}), ...(i === 1 ? { buyer_reference: 'PO-77' } : {}) })));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const invoices = res.body.data as InvoiceBody[];
    expect(invoices.map((inv) => inv.lines.map((l) => l.shipment_id))).toEqual(forBatch.map((ids) => expect.arrayContaining(ids)));
    expect(invoices.map((inv) => inv.status)).toEqual(['issued', 'issued', 'draft', 'issued', 'issued']);
    expect(invoices.map((inv) => inv.number && sequenceOf(inv.number))).toEqual([before + 1, before + 2, null, before + 3, before + 4]);
    expect(await lastNumber()).toBe(before + 4);
    expect(invoices[1]).toMatchObject({ buyer_reference: 'PO-77', tax: { amount: 0 }, lines: [{ tax_category: 'AE' }] });
    expect(invoices[3]!.lines.map((l: any) => l.tax_category).sort()).toEqual(['E', 'G']); // exempt goes first, even abroad
    expect(invoices.map((inv) => inv.due_date)).toEqual(['2026-04-01', '2026-03-16', null, '2026-05-01', '2026-04-01']);

    for (const [i, c] of cases.entries()) {
      const one = await single(forSingles[i]!, c.draft ? { draft: true } : {});
      expect(one.status, JSON.stringify(one.body)).toBe(201);
      expect(billed(invoices[i]!)).toEqual(billed(one.body));
    }

    const invoiceEvents = async (orderId: string) =>
      ((await omc.call('GET', `/v1/orders/${orderId}/timeline`)).body.data as { type: string; stage: string }[]).filter((e) => e.type.startsWith('invoice.')).map((e) => [e.type, e.stage]);
    for (const inv of invoices) {
      const orderIds = [...new Set(inv.lines.map((l) => l.order_id))];
      // An invoice of several orders is issued on none's timeline (its event names no one order), as one by one.
      const issuedHere = inv.status === 'issued' && orderIds.length === 1;
      for (const orderId of orderIds) expect(await invoiceEvents(orderId)).toEqual([['invoice.drafted', 'billing'], ...(issuedHere ? [['invoice.issued', 'billing']] : [])]);
      const handoffs = (await omc.call('GET', `/v1/handoffs?subject_id=${inv.id}`)).body.data as { department: string; note: string; due_at: string }[];
      expect(handoffs).toEqual(inv.status === 'draft' ? [] : [expect.objectContaining({ department: 'finance', note: `collect ${inv.number}, due ${inv.due_date}` })]);
    }
  });

  it('answers a repeated request with its Idempotency-Key once, invoicing nothing twice', async () => {
    const p = await stockedProduct(omc, warehouse, { price: 700 });
    const a = await shipOrder(omc, domestic, warehouse, [{ product_id: p, quantity: 1 }]);
    const b = await shipOrder(omc, french, warehouse, [{ product_id: p, quantity: 1 }]);
    const send = () => batch([{ shipment_ids: [a] }, { shipment_ids: [b] }], finance, { 'idempotency-key': `batch-${a}` });
    const first = await send();
    expect(first.status).toBe(201);
    const after = await written();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await written()).toEqual(after);
  });

  describe('refuses a bad item, naming it, and writes nothing', () => {
    let good: string; // a shipment every refused batch also names: it stays billable
    let other: string; // of another customer
    let unshipped: string;
    let invoiced: { shipment: string; invoice: string };
    let mixedCurrency: [string, string];
    beforeAll(async () => {
      const p = await stockedProduct(omc, warehouse, { price: 900 });
      good = await shipOrder(omc, domestic, warehouse, [{ product_id: p, quantity: 1 }]);
      other = await shipOrder(omc, french, warehouse, [{ product_id: p, quantity: 1 }]);
      const order = await omc.call('POST', '/v1/orders', { body: { customer_id: domestic, lines: [{ product_id: p, quantity: 1 }] } });
      unshipped = (await omc.call('POST', `/v1/orders/${order.body.id}/shipments`, { body: { warehouse_id: warehouse } })).body.id;
      const shipment = await shipOrder(omc, domestic, warehouse, [{ product_id: p, quantity: 1 }]);
      invoiced = { shipment, invoice: (await single([shipment])).body.id };
      // The API keeps a customer to one currency; an order of another is set here to reach the check.
      mixedCurrency = [await shipOrder(omc, american, warehouse, [{ product_id: p, quantity: 1 }]), await shipOrder(omc, american, warehouse, [{ product_id: p, quantity: 1 }])];
      const { order_id } = await db().selectFrom('shipments').select('order_id').where('id', '=', mixedCurrency[1]).executeTakeFirstOrThrow();
      await db().updateTable('orders').set({ currency: 'USD' }).where('id', '=', order_id).execute();
    });

    const unknown = 'shp_01jd0000000000000000000000';
    const cases: [string, () => object[], number, (error: any) => void][] = [
      ['an unknown field', () => [{ shipment_ids: [good] }, { shipment_ids: [other], total: 5 }], 400, (e) => expect(e.details.fields).toEqual({ 'invoices.1.total': 'Unknown field; it is not accepted here.' })],
      ['a malformed shipment id', () => [{ shipment_ids: [good] }, { shipment_ids: [other] }, { shipment_ids: ['nope'] }], 400, (e) => expect(Object.keys(e.details.fields)).toEqual(['invoices.2.shipment_ids.0'])],
      ['no invoices at all', () => [], 400, (e) => expect(Object.keys(e.details.fields)).toEqual(['invoices'])],
      [
        'more than 500 shipments',
        () => [0, 1, 2].map((i) => ({ shipment_ids: Array.from({ length: 200 }, (_, k) => `shp_01jd${String(i * 1000 + k).padStart(22, '0')}`) })),
        400,
        (e) => expect(Object.keys(e.details.fields)).toEqual(['invoices']),
      ],
      ['a shipment that does not exist', () => [{ shipment_ids: [good] }, { shipment_ids: [other, unknown] }], 400, (e) => expect(e.details.fields).toEqual({ 'invoices.1.shipment_ids.1': `No shipment ${unknown}.` })],
      ['a shipment named by two items', () => [{ shipment_ids: [good] }, { shipment_ids: [other] }, { shipment_ids: [good] }], 400, (e) => expect(Object.keys(e.details.fields)).toEqual(['invoices.2.shipment_ids.0'])],
      ['an item of two customers', () => [{ shipment_ids: [good] }, { shipment_ids: [mixedCurrency[0], other] }], 400, (e) => expect(Object.keys(e.details.fields)).toEqual(['invoices.1.shipment_ids'])],
      [
        'a shipment not shipped yet',
        () => [{ shipment_ids: [good] }, { shipment_ids: [other, unshipped] }],
        409,
        (e) => expect(e).toMatchObject({ code: 'not_billable', details: { shipments: [{ id: unshipped, status: 'pick_list', field: 'invoices.1.shipment_ids.1' }] } }),
      ],
      [
        'a shipment already invoiced',
        () => [{ shipment_ids: [good] }, { shipment_ids: [invoiced.shipment] }],
        409,
        (e) => expect(e).toMatchObject({ code: 'already_invoiced', details: { shipments: [{ id: invoiced.shipment, invoice_id: invoiced.invoice, field: 'invoices.1.shipment_ids.0' }] } }),
      ],
      [
        'an item of orders in two currencies',
        () => [{ shipment_ids: [good] }, { shipment_ids: [other] }, { shipment_ids: mixedCurrency }],
        409,
        (e) => expect(e).toMatchObject({ code: 'currency_mismatch', details: { currencies: ['EUR', 'USD'], field: 'invoices.2.shipment_ids' } }),
      ],
    ];
    it.each(cases)('%s', async (_, invoices, status, check) => {
      const before = await written();
      const res = await batch(invoices());
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      check(res.body.error);
      expect(await written()).toEqual(before);
    });

    it('lets only finance batch, and still bills the good shipment afterwards', async () => {
      const before = await written();
      expect((await batch([{ shipment_ids: [good] }], await omc.keyFor('csr'))).status).toBe(403);
      expect(await written()).toMatchObject({ invoices: before.invoices, counter: before.counter });
      const res = await batch([{ shipment_ids: [good] }]);
      expect(res.status).toBe(201);
      expect(sequenceOf(res.body.data[0].number)).toBe(before.counter + 1);
    });
  });

  it('numbers batches and single invoices racing each other without a gap or a duplicate, and bills each shipment line once', async () => {
    const p = await stockedProduct(omc, warehouse, { price: 1_000 });
    const order = (await omc.call('POST', '/v1/orders', { body: { customer_id: domestic, lines: [{ product_id: p, quantity: 24 }] } })).body;
    const shipments: string[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await omc.call('POST', `/v1/orders/${order.id}/shipments`, { body: { warehouse_id: warehouse, lines: [{ order_line_id: order.lines[0].id, quantity: 1 }] } });
      shipments.push(res.body.id);
    }
    for (const id of shipments) {
      for (const step of ['pick', 'pack']) await omc.call('POST', `/v1/shipments/${id}/${step}`, { body: {} });
      expect((await omc.call('POST', `/v1/shipments/${id}/ship`, { body: { carrier: 'DHL', tracking_number: `T${id.slice(-8)}`, packages: 1 } })).status).toBe(200);
    }
    const before = await lastNumber();
    // Four batches of five invoices, each racing a single invoice for one of its shipments; two more singles and a batch alone.
    const batches = [0, 1, 2, 3].map((j) => shipments.slice(5 * j, 5 * j + 5).map((id) => [id]));
    const requests = [
      ...batches.map((invoices) => batch(invoices.map((shipment_ids) => ({ shipment_ids })))),
      ...[0, 1, 2, 3].map((j) => single([shipments[5 * j + 2]!])),
      single([shipments[20]!]),
      single([shipments[21]!]),
      batch([{ shipment_ids: [shipments[22]!] }, { shipment_ids: [shipments[23]!] }]),
    ];
    const results = await Promise.all(requests);
    for (const r of results) expect(r.status === 409 ? r.body.error.code : r.status, JSON.stringify(r.body)).toBe(r.status === 409 ? 'already_invoiced' : 201);
    for (const j of [0, 1, 2, 3]) expect([results[j]!.status, results[4 + j]!.status].sort()).toEqual([201, 409]); // one of each race

    // What a refused batch named is billable still: a last batch bills it.
    const raced = results.filter((r) => r.status === 201).flatMap((r) => (Array.isArray(r.body.data) ? r.body.data : [r.body])) as InvoiceBody[];
    const racedShipments = new Set(raced.flatMap((inv) => inv.lines.map((l) => l.shipment_id)));
    const rest = shipments.filter((id) => !racedShipments.has(id));
    const last = rest.length > 0 ? await batch(rest.map((id) => ({ shipment_ids: [id] }))) : null;
    expect(last?.status ?? 201).toBe(201);

    const issued = [...raced, ...(last?.body.data ?? [])] as InvoiceBody[];
    const numbers = issued.map((inv) => sequenceOf(inv.number!));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: shipments.length }, (_, i) => before + 1 + i));
    expect(await lastNumber()).toBe(before + shipments.length);
    for (const r of [...results, last].filter((r) => r?.status === 201 && Array.isArray(r.body.data))) {
      const own = r!.body.data.map((inv: InvoiceBody) => sequenceOf(inv.number!));
      expect(own).toEqual(own.map((_: number, i: number) => own[0] + i)); // a batch's numbers: consecutive, in input order
    }
    const lines = await db().selectFrom('invoice_lines').select(['shipment_id', 'invoice_id']).where('shipment_id', 'in', shipments).execute();
    expect(lines.map((l) => l.shipment_id).sort()).toEqual([...shipments].sort()); // each shipment's one line, once
    expect(new Set(lines.map((l) => l.invoice_id))).toEqual(new Set(issued.map((inv) => inv.id)));
  });
});
