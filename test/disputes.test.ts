import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { configureSeller, customerWithAddress, invoiceShipments, shipOrder, stockedProduct } from './invoicing-setup';

describeBackends('disputes', (backend) => {
  let omc: TestServer;
  let acme: string; // strategic: 24 h SLA
  let globex: string; // standard: 72 h SLA
  let acmeKey: string;
  let globexKey: string;
  let finance: string;
  let csr: string;
  let acmeInvoice: any;
  let globexInvoice: any;

  beforeAll(async () => {
    omc = await startTestServer(backend); // 2026-03-02T09:00Z
    await configureSeller(omc);
    const warehouse = (await omc.call('POST', '/v1/warehouses', { body: { code: 'BRE', name: 'Bremen' } })).body.id;
    acme = await customerWithAddress(omc, { name: 'Acme', tier: 'strategic', vat_id: 'DE987654321' });
    globex = await customerWithAddress(omc, { name: 'Globex', tier: 'standard' });
    const gear = await stockedProduct(omc, warehouse, { price: 12_345 });
    const belt = await stockedProduct(omc, warehouse, { price: 999 });
    const shipped = await shipOrder(omc, acme, warehouse, [
      { product_id: gear, quantity: 3 },
      { product_id: belt, quantity: 10 },
      { product_id: belt, quantity: 4 },
    ]);
    acmeInvoice = await invoiceShipments(omc, [shipped], 'PO-4711');
    globexInvoice = await invoiceShipments(omc, [await shipOrder(omc, globex, warehouse, [{ product_id: gear, quantity: 1 }])]);
    [acmeKey, globexKey, finance, csr] = await Promise.all([omc.keyFor('customer', acme), omc.keyFor('customer', globex), omc.keyFor('finance'), omc.keyFor('csr')]);
  });
  afterAll(() => omc?.stop());

  const open = (invoiceId: string, body: unknown, key = acmeKey) => omc.call('POST', `/v1/invoices/${invoiceId}/disputes`, { body, key });
  const handoffsOf = async (id: string) => (await omc.call('GET', `/v1/handoffs?subject_id=${id}`, { key: finance })).body.data;
  const overdueIds = async () => ((await omc.call('GET', '/v1/handoffs?overdue=true&limit=200', { key: finance })).body.data as any[]).map((h) => h.subject.id);

  it('goes to finance with the SLA of the customer’s tier, is a dropped ball past it, and is answered in the customer’s sight', async () => {
    const line = acmeInvoice.lines[0];
    const opened = await open(acmeInvoice.id, { invoice_line_id: line.id, reason: 'damaged', message: 'One housing arrived cracked.' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const dispute = opened.body;
    expect(dispute).toMatchObject({ status: 'open', reason: 'damaged', invoice_number: acmeInvoice.number, line: { line_no: line.line_no, quantity: 3 }, resolution: null, answer: null });
    const respondBy = new Date(omc.clock.now().getTime() + 24 * 3600_000).toISOString();
    expect(dispute.respond_by).toBe(respondBy);
    const [handoff] = await handoffsOf(dispute.id);
    expect(handoff).toMatchObject({ department: 'finance', stage: 'billing', status: 'open', due_at: respondBy, customer_id: acme, order_id: line.order_id });

    omc.clock.advance({ hours: 23 });
    expect(await overdueIds()).not.toContain(dispute.id);
    omc.clock.advance({ hours: 2 });
    expect(await overdueIds()).toContain(dispute.id);

    const review = await omc.call('POST', `/v1/disputes/${dispute.id}/review`, { body: { note: 'checking with the warehouse' }, key: finance });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    expect((await handoffsOf(dispute.id))[0]).toMatchObject({ status: 'taken' });
    expect((await omc.call('GET', `/v1/disputes/${dispute.id}`, { key: acmeKey })).body.status).toBe('in_review');

    const resolved = await omc.call('POST', `/v1/disputes/${dispute.id}/resolve`, {
      body: { resolution: 'explained', answer: 'The photos show transport damage; the carrier pays, we re-ship at no cost.' },
      key: finance,
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const seen = (await omc.call('GET', `/v1/disputes/${dispute.id}`, { key: acmeKey })).body;
    expect(seen).toMatchObject({ status: 'resolved_explained', resolution: 'explained', answer: expect.stringContaining('carrier pays'), credit_note_id: null });
    expect(seen.resolved_at).toBe(omc.clock.now().toISOString());
    expect((await handoffsOf(dispute.id))[0]).toMatchObject({ status: 'completed' });
    expect(await overdueIds()).not.toContain(dispute.id);

    const again = await omc.call('POST', `/v1/disputes/${dispute.id}/resolve`, { body: { resolution: 'explained', answer: 'again' }, key: finance });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
    const types = ((await omc.call('GET', `/v1/orders/${line.order_id}/timeline`)).body.data as any[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['dispute.opened', 'dispute.in_review', 'dispute.resolved']));
  });

  it('lets customers see only their own disputes; another customer’s invoice or dispute is a 404', async () => {
    const mine = await open(acmeInvoice.id, { invoice_line_id: acmeInvoice.lines[1].id, reason: 'wrong_price', message: 'We agreed 9.50 a belt.' });
    expect(mine.status).toBe(201);
    const theirs = await open(globexInvoice.id, { invoice_line_id: globexInvoice.lines[0].id, reason: 'not_received', message: 'Nothing came.' }, globexKey);
    expect(theirs.status).toBe(201);
    expect(theirs.body.respond_by).toBe(new Date(omc.clock.now().getTime() + 72 * 3600_000).toISOString());

    const listed = (await omc.call('GET', '/v1/disputes?limit=200', { key: globexKey })).body.data as any[];
    expect(listed.map((d) => d.id)).toEqual([theirs.body.id]);
    const filtered = (await omc.call('GET', `/v1/disputes?customer_id=${acme}`, { key: globexKey })).body.data as any[];
    expect(filtered.every((d) => d.customer_id === globex)).toBe(true);
    expect((await omc.call('GET', `/v1/disputes/${mine.body.id}`, { key: globexKey })).status).toBe(404);
    const intrude = await open(acmeInvoice.id, { invoice_line_id: acmeInvoice.lines[2].id, reason: 'other', message: 'Hm.' }, globexKey);
    expect(intrude.status).toBe(404);
    expect((await omc.call('POST', `/v1/disputes/${mine.body.id}/withdraw`, { body: {}, key: globexKey })).status).toBe(404);
    expect((await omc.call('POST', `/v1/disputes/${mine.body.id}/resolve`, { body: { resolution: 'explained', answer: 'no' }, key: acmeKey })).status).toBe(403);
    expect((await omc.call('GET', `/v1/disputes?invoice_id=${acmeInvoice.id}`, { key: finance })).body.data.length).toBeGreaterThanOrEqual(2);

    const withdrawn = await omc.call('POST', `/v1/disputes/${mine.body.id}/withdraw`, { body: { reason: 'Found the price agreement.' }, key: acmeKey });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawn_reason: 'Found the price agreement.' });
    expect((await handoffsOf(mine.body.id))[0]).toMatchObject({ status: 'completed' });
    expect((await omc.call('POST', `/v1/disputes/${theirs.body.id}/resolve`, { body: { resolution: 'explained', answer: 'Delivered on 3 March, signed by J. Doe.' }, key: csr })).status).toBe(403);
  });

  it('resolves with a linked credit note, or reverses the rest of the line to re-bill it; too much credit changes nothing', async () => {
    const belts = acmeInvoice.lines[1]; // 10 belts, an earlier dispute of it withdrawn
    const opened = await open(acmeInvoice.id, { invoice_line_id: belts.id, reason: 'damaged', message: 'Two belts are torn.' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const tooMuch = await omc.call('POST', `/v1/disputes/${opened.body.id}/resolve`, { body: { resolution: 'credit', answer: 'Sorry.', credit: { quantity: 11 } }, key: finance });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('over_credit');
    expect((await omc.call('GET', `/v1/disputes/${opened.body.id}`, { key: acmeKey })).body).toMatchObject({ status: 'open', credit_note_id: null });

    const credited = await omc.call('POST', `/v1/disputes/${opened.body.id}/resolve`, { body: { resolution: 'credit', answer: 'Two belts credited.', credit: { quantity: 2 } }, key: finance });
    expect(credited.status, JSON.stringify(credited.body)).toBe(200);
    expect(credited.body).toMatchObject({ status: 'resolved_credit', resolution: 'credit', credit_note_id: expect.stringMatching(/^crn_/), credit_note_number: expect.any(String) });
    const seen = (await omc.call('GET', `/v1/disputes/${opened.body.id}`, { key: acmeKey })).body;
    expect(seen.credit_note_number).toBe(credited.body.credit_note_number);
    const invoice = (await omc.call('GET', `/v1/invoices/${acmeInvoice.id}`, { key: acmeKey })).body;
    expect(invoice.lines.find((l: any) => l.id === belts.id)).toMatchObject({ credited_quantity: 2, credited: { amount: 2 * belts.unit_price.amount } });

    const gears = acmeInvoice.lines[0]; // 3 gears, an earlier dispute answered
    const rebill = await open(acmeInvoice.id, { invoice_line_id: gears.id, reason: 'wrong_price', message: 'The contract price is 110.00.' });
    const uncorrected = await omc.call('POST', `/v1/disputes/${rebill.body.id}/resolve`, { body: { resolution: 'rebill', answer: 'Reversed.' }, key: finance });
    expect(uncorrected.status).toBe(400);
    expect(uncorrected.body.error.details.fields).toHaveProperty('correction');
    const reversed = await omc.call('POST', `/v1/disputes/${rebill.body.id}/resolve`, {
      body: { resolution: 'rebill', answer: 'Reversed; the corrected bill follows.', correction: { unit_price: 11_000 } },
      key: finance,
    });
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(200);
    expect(reversed.body).toMatchObject({ status: 'resolved_rebill', credit_note_id: expect.stringMatching(/^crn_/), rebill_invoice_id: expect.stringMatching(/^inv_/) });
    const after = (await omc.call('GET', `/v1/invoices/${acmeInvoice.id}`, { key: finance })).body;
    expect(after.lines.find((l: any) => l.id === gears.id)).toMatchObject({ credited_quantity: 3, credited: gears.net });
    const corrected = (await omc.call('GET', `/v1/invoices/${reversed.body.rebill_invoice_id}`, { key: acmeKey })).body;
    expect(corrected).toMatchObject({ status: 'issued', number: reversed.body.rebill_invoice_number });
    expect(corrected.lines).toHaveLength(1);
    expect(corrected.lines[0]).toMatchObject({ quantity: 3, unit_price: { amount: 11_000 }, net: { amount: 33_000 }, shipment_line_id: gears.shipment_line_id });
    const again = await open(acmeInvoice.id, { invoice_line_id: gears.id, reason: 'other', message: 'And?' });
    const nothingLeft = await omc.call('POST', `/v1/disputes/${again.body.id}/resolve`, { body: { resolution: 'rebill', answer: 'again', correction: { quantity: 3 } }, key: finance });
    expect(nothingLeft.status).toBe(409);
    expect(nothingLeft.body.error.code).toBe('over_credit');
  });

  it('keeps one unresolved dispute per line, also under concurrent requests', async () => {
    const line = acmeInvoice.lines[2];
    const body = { invoice_line_id: line.id, reason: 'wrong_quantity', message: 'We received 3, not 4.' };
    const answers = await Promise.all([open(acmeInvoice.id, body), open(acmeInvoice.id, body), open(acmeInvoice.id, body, csr)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(['dispute_open', 'already_exists']).toContain(a.body.error.code);
    const disputes = (await omc.call('GET', `/v1/disputes?invoice_id=${acmeInvoice.id}&status=open`, { key: finance })).body.data as any[];
    expect(disputes.filter((d) => d.invoice_line_id === line.id)).toHaveLength(1);
  });

  it('resolves a dispute once when finance answers twice at the same moment', async () => {
    const line = globexInvoice.lines[0];
    const list = (await omc.call('GET', `/v1/disputes?invoice_id=${globexInvoice.id}&status=open`, { key: finance })).body.data as any[];
    const id = list[0].id;
    const body = { resolution: 'credit', answer: 'Credited.', credit: { quantity: 1 } };
    const answers = await Promise.all([1, 2, 3].map(() => omc.call('POST', `/v1/disputes/${id}/resolve`, { body, key: finance })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const notes = (await omc.call('GET', `/v1/credit-notes?invoice_id=${globexInvoice.id}`, { key: finance })).body.data as any[];
    expect(notes).toHaveLength(1);
    expect((await omc.call('GET', `/v1/disputes/${id}`, { key: globexKey })).body).toMatchObject({ status: 'resolved_credit', credit_note_id: notes[0].id });
    expect(line.quantity).toBe(1);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const before = (await omc.call('GET', '/v1/disputes?limit=200', { key: finance })).body.data.length;
    const cases: [unknown, string][] = [
      [{ invoice_line_id: acmeInvoice.lines[0].id, reason: 'damaged', message: 'x', status: 'resolved_credit' }, 'status'],
      [{ invoice_line_id: acmeInvoice.lines[0].id, reason: 'too_expensive', message: 'x' }, 'reason'],
      [{ invoice_line_id: acmeInvoice.lines[0].id, reason: 'damaged', message: '  ' }, 'message'],
      [{ invoice_line_id: 'inl_nope', reason: 'damaged', message: 'x' }, 'invoice_line_id'],
      [{ invoice_line_id: globexInvoice.lines[0].id, reason: 'damaged', message: 'x' }, 'invoice_line_id'],
    ];
    for (const [body, field] of cases) {
      const res = await open(acmeInvoice.id, body, finance);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toContain(field);
    }
    const noCredit = await omc.call('POST', `/v1/disputes/dsp_01jd0000000000000000000000/resolve`, { body: { resolution: 'credit', answer: 'ok' }, key: finance });
    expect(noCredit.status).toBe(400);
    expect(Object.keys(noCredit.body.error.details.fields)).toContain('credit');
    expect((await omc.call('GET', '/v1/disputes?limit=200', { key: finance })).body.data.length).toBe(before);
  });
});
