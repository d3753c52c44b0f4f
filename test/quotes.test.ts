import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';
import { stockRowsOffLedger } from './invariants';

describeBackends('quotes', (backend) => {
  let omc: TestServer;
  let warehouse: string;
  let acme: string; // key tier: 8 h to answer
  let globex: string; // standard tier: 24 h
  let acmeKey: string;
  let globexKey: string;
  let sales: string;
  let pricing: string;
  let finance: string;
  let executive: string;
  let gear: string; // 100.00, costs 60.00, 10 in stock
  let widget: string; // 50.00, no cost known
  beforeAll(async () => {
    omc = await startTestServer(backend); // 2026-03-02T09:00Z
    warehouse = (await omc.call('POST', '/v1/warehouses', { body: { code: 'MAIN', name: 'Main', handling_days: 1, transit_days: 2 } })).body.id;
    acme = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    globex = (await omc.call('POST', '/v1/customers', { body: { name: 'Globex', tier: 'standard', currency: 'EUR' } })).body.id;
    [acmeKey, globexKey, sales, pricing, finance, executive] = await Promise.all([
      omc.keyFor('customer', acme),
      omc.keyFor('customer', globex),
      omc.keyFor('sales'),
      omc.keyFor('pricing'),
      omc.keyFor('finance'),
      omc.keyFor('executive'),
    ]);
    gear = (await omc.call('POST', '/v1/products', { body: { sku: 'GEAR', name: 'Gear', kind: 'stocked', list_price: { amount: 10_000, currency: 'EUR' }, standard_cost: { amount: 6_000, currency: 'EUR' }, lead_time_days: 20 } })).body.id;
    widget = (await omc.call('POST', '/v1/products', { body: { sku: 'WIDGET', name: 'Widget', kind: 'stocked', list_price: { amount: 5_000, currency: 'EUR' }, lead_time_days: 10 } })).body.id;
    await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: gear, warehouse_id: warehouse, quantity: 10, reason: 'count' } });
  });
  afterAll(() => omc?.stop());

  const get = async (id: string, key = sales) => (await omc.call('GET', `/v1/quotes/${id}`, { key })).body;
  const post = (path: string, key: string, body: unknown = {}) => omc.call('POST', path, { key, body });
  /** A quote sales makes for Acme, priced and in drafting. */
  async function draft(lines: unknown[] = [{ product_id: gear, quantity: 2 }], extra: Record<string, unknown> = {}) {
    const res = await post('/v1/quotes', sales, { customer_id: acme, lines, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function sent(lines?: unknown[]) {
    const quote = await draft(lines);
    const res = await post(`/v1/quotes/${quote.id}/submit`, sales);
    expect(res.body.status).toBe('sent');
    return res.body;
  }
  const reservedGear = async () => ((await omc.call('GET', `/v1/stock?product_id=${gear}`)).body.data[0]?.reserved ?? 0) as number;

  describe('a customer asks, sales answers', () => {
    it('takes a request from the customer’s key, unpriced, with sales holding it and the answer due by the tier’s SLA', async () => {
      const res = await post('/v1/quotes', acmeKey, { lines: [{ product_id: gear, quantity: 3 }], needed_by: '2026-03-20', message: 'For the spring line' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'requested', customer_id: acme, version: 1, total: null, cost: null, message: 'For the spring line' });
      expect(res.body.number).toMatch(/^Q-2026-\d{6}$/);
      expect(res.body.clock).toMatchObject({ holder: 'sales', response_due_at: '2026-03-02T17:00:00.000Z', responded_at: null, overdue: false });
    });

    it('refuses prices, discounts and attribution from a customer, naming each field, and another customer’s id', async () => {
      const priced = await post('/v1/quotes', acmeKey, { lines: [{ product_id: gear, quantity: 1, discount_percent: 50 }], valid_until: '2026-12-31' });
      expect(priced.status).toBe(403);
      expect(Object.keys(priced.body.error.details.fields).sort()).toEqual(['lines.0.discount_percent', 'valid_until']);
      expect((await post('/v1/quotes', acmeKey, { customer_id: globex, lines: [{ product_id: gear, quantity: 1 }] })).status).toBe(404);
    });

    it('validates input without changing anything', async () => {
      const before = (await omc.call('GET', '/v1/quotes?limit=200')).body.data.length;
      const bad = await post('/v1/quotes', sales, { customer_id: acme, lines: [{ product_id: 'prd_nope', quantity: 0 }], colour: 'red' });
      expect(bad.status).toBe(400);
      const unknownProduct = await post('/v1/quotes', sales, { customer_id: acme, lines: [{ product_id: gear.replace(/.$/, gear.endsWith('0') ? '1' : '0'), quantity: 1 }] });
      expect(unknownProduct.status).toBe(400);
      expect(unknownProduct.body.error.details.fields).toHaveProperty(['lines.0.product_id']);
      expect((await post('/v1/quotes', sales, { lines: [{ product_id: gear, quantity: 1 }] })).body.error.details.fields).toHaveProperty('customer_id');
      expect((await omc.call('GET', '/v1/quotes?limit=200')).body.data.length).toBe(before);
    });

    it('prices, costs and promises the lines from cost data, price lists and available stock — reserving nothing', async () => {
      await omc.call('POST', '/v1/price-lists', {
        body: { name: 'Key accounts', currency: 'EUR', valid_from: '2026-01-01', tiers: ['key'], items: [{ product_id: gear, unit_price: 9_500 }, { product_id: gear, min_quantity: 5, unit_price: 9_000 }] },
      });
      const reserved = await reservedGear();
      const quote = await draft([{ product_id: gear, quantity: 5, discount_percent: 10 }]);
      expect(quote.status).toBe('drafting');
      expect(quote.lines[0]).toMatchObject({
        base_unit_price: { amount: 9_000, currency: 'EUR' },
        price_source: 'price_list',
        discount_percent: 10,
        unit_price: { amount: 8_100, currency: 'EUR' },
        total: { amount: 40_500, currency: 'EUR' },
        unit_cost: { amount: 6_000, currency: 'EUR' },
        cost_method: 'standard_cost',
        margin: { amount: 10_500, currency: 'EUR' },
        promised_date: '2026-03-05',
      });
      expect(quote.lines[0].promise_reason).toMatch(/in stock at MAIN/);
      expect(quote).toMatchObject({ total: { amount: 40_500 }, cost: { amount: 30_000 }, discount: { amount: 4_500 }, margin_percent: 25.93 });
      expect(await reservedGear()).toBe(reserved);
    });
  });

  describe('the quote clock', () => {
    it('adds up the time each department held the quote from a scripted sequence of handoffs, and shows the customer no person', async () => {
      const request = await post('/v1/quotes', acmeKey, { lines: [{ product_id: gear, quantity: 1 }] });
      const id = request.body.id;
      omc.clock.advance({ minutes: 30 });
      expect((await post(`/v1/quotes/${id}/draft`, sales)).body.clock.holder).toBe('sales');
      omc.clock.advance({ minutes: 30 });
      expect((await post(`/v1/quotes/${id}/hand-over`, sales, { department: 'pricing', note: 'cost the special finish' })).body.clock.holder).toBe('pricing');
      omc.clock.advance({ hours: 2 });
      await post(`/v1/quotes/${id}/hand-over`, pricing, { department: 'sales' });
      omc.clock.advance({ minutes: 20 });
      const submitted = await post(`/v1/quotes/${id}/submit`, sales);
      expect(submitted.body.status).toBe('sent');
      omc.clock.advance({ hours: 1 });

      const seen = await get(id, acmeKey);
      expect(seen.clock).toMatchObject({ holder: 'customer', elapsed_seconds: 200 * 60, overdue: false, responded_at: submitted.body.sent_at });
      expect(seen.clock.held).toEqual([
        { holder: 'sales', seconds: 80 * 60 },
        { holder: 'pricing', seconds: 120 * 60 },
        { holder: 'customer', seconds: 60 * 60 },
      ]);
      expect(JSON.stringify(seen)).not.toMatch(/usr_|key_/); // departments, never people
      expect(seen).toMatchObject({ cost: null, margin: null, margin_percent: null, approvals: [], total: { amount: 9_500 } });
      expect(seen.lines[0].unit_cost).toBeNull();
    });

    it('puts a quote past its response due time in the dropped-ball list, with a handoff to its holder', async () => {
      const request = await post('/v1/quotes', globexKey, { lines: [{ product_id: widget, quantity: 4 }] });
      expect(request.body.clock.response_due_at).toBe(new Date(omc.clock.now().getTime() + 24 * 3_600_000).toISOString());
      omc.clock.advance({ hours: 25 });
      const handoffs = (await omc.call('GET', '/v1/handoffs?overdue=true&limit=200')).body.data as { subject: { id: string }; department: string }[];
      expect(handoffs.filter((h) => h.subject.id === request.body.id).map((h) => h.department)).toEqual(['sales']);
      const overdue = (await omc.call('GET', '/v1/quotes?overdue=true&limit=200')).body.data.map((q: { id: string }) => q.id);
      expect(overdue).toContain(request.body.id);
      expect((await get(request.body.id, globexKey)).clock).toMatchObject({ holder: 'sales', overdue: true, elapsed_seconds: 25 * 3600 });
      const bySales = (await omc.call('GET', '/v1/quotes?holder=sales&limit=200')).body.data.map((q: { id: string }) => q.id);
      expect(bySales).toContain(request.body.id);
    });
  });

  describe('approvals', () => {
    it('sends a healthy quote straight to the customer', async () => {
      const quote = await sent();
      expect(quote.approvals).toEqual([]);
      expect(quote.clock.holder).toBe('customer');
      expect(quote.valid_until).toBe(new Date(omc.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10));
    });

    it('sends a deep discount to finance, whose approval (with a comment) sends it on; nobody else may approve', async () => {
      const quote = await draft([{ product_id: gear, quantity: 1, discount_percent: 25 }]);
      const pending = await post(`/v1/quotes/${quote.id}/submit`, sales);
      expect(pending.body).toMatchObject({ status: 'pending_approval', clock: { holder: 'finance' } });
      expect(pending.body.approvals).toHaveLength(1);
      expect(pending.body.approvals[0]).toMatchObject({ approver_role: 'finance', status: 'pending' });
      expect(pending.body.approvals[0].reason).toMatch(/Discount above 20 %: a discount of 25 %/);
      expect((await post(`/v1/quotes/${quote.id}/approve`, sales, { comment: 'fine' })).status).toBe(403);
      expect((await post(`/v1/quotes/${quote.id}/approve`, executive, { comment: 'fine' })).status).toBe(403); // finance's turn
      expect((await post(`/v1/quotes/${quote.id}/approve`, finance, { comment: '' })).status).toBe(400);
      const approved = await post(`/v1/quotes/${quote.id}/approve`, finance, { comment: 'Volume next quarter justifies it' });
      expect(approved.body).toMatchObject({ status: 'sent', clock: { holder: 'customer' } });
      expect(approved.body.approvals[0]).toMatchObject({ status: 'approved', comment: 'Volume next quarter justifies it' });
    });

    it('asks finance, then an executive, for a big deal at a thin margin', async () => {
      const quote = await draft([{ product_id: gear, quantity: 600, unit_price: { amount: 9_000, currency: 'EUR' } }]); // 54,000.00 at 33 % margin
      await omc.call('PATCH', `/v1/quotes/${quote.id}`, { key: sales, body: { lines: [{ product_id: gear, quantity: 600, unit_price: { amount: 6_500, currency: 'EUR' } }] } }); // 7.7 %, 39,000
      const big = await omc.call('PATCH', `/v1/quotes/${quote.id}`, { key: sales, body: { lines: [{ product_id: gear, quantity: 800, unit_price: { amount: 6_500, currency: 'EUR' } }] } });
      expect(big.body).toMatchObject({ total: { amount: 5_200_000 }, margin_percent: 7.69 });
      const pending = await post(`/v1/quotes/${quote.id}/submit`, sales);
      expect(pending.body.approvals.map((a: { approver_role: string }) => a.approver_role)).toEqual(['finance', 'finance', 'executive']); // margin, discount 27.78 %, total
      expect(pending.body.clock.holder).toBe('finance');
      const afterFinance = await post(`/v1/quotes/${quote.id}/approve`, finance, { comment: 'cleared' });
      expect(afterFinance.body).toMatchObject({ status: 'pending_approval', clock: { holder: 'executive' } });
      expect((await post(`/v1/quotes/${quote.id}/approve`, finance, { comment: 'again' })).status).toBe(403);
      const done = await post(`/v1/quotes/${quote.id}/approve`, executive, { comment: 'strategic win' });
      expect(done.body.status).toBe('sent');
      expect(done.body.approvals.map((a: { status: string }) => a.status)).toEqual(['approved', 'approved', 'approved']);
    });

    it('sends a denied quote back to drafting with the one who submitted it, and lapses the rest of the round', async () => {
      const quote = await draft([{ product_id: gear, quantity: 800, unit_price: { amount: 6_500, currency: 'EUR' } }]);
      await omc.call('PATCH', `/v1/quotes/${quote.id}`, { key: pricing, body: { valid_until: '2026-06-30' } });
      const pending = await post(`/v1/quotes/${quote.id}/submit`, pricing);
      expect(pending.body.status).toBe('pending_approval');
      const denied = await post(`/v1/quotes/${quote.id}/deny`, finance, { comment: 'Margin too thin: hold the list price' });
      expect(denied.body).toMatchObject({ status: 'drafting', clock: { holder: 'pricing' } });
      expect(denied.body.approvals.map((a: { status: string }) => a.status).sort()).toEqual(['denied', 'denied', 'void']);
      expect((await post(`/v1/quotes/${quote.id}/approve`, finance, { comment: 'late' })).status).toBe(409);
      await omc.call('PATCH', `/v1/quotes/${quote.id}`, { key: pricing, body: { lines: [{ product_id: gear, quantity: 6 }] } });
      expect((await post(`/v1/quotes/${quote.id}/submit`, pricing)).body.status).toBe('sent');
    });

    it('asks finance when the margin cannot be known, and follows the rules as data', async () => {
      const unknown = await draft([{ product_id: widget, quantity: 1 }]);
      expect(unknown.lines[0]).toMatchObject({ unit_cost: null, margin: null });
      expect(unknown.lines[0].cost_method).toMatch(/^unknown: .*WIDGET has no standard cost/);
      const pending = await post(`/v1/quotes/${unknown.id}/submit`, sales);
      expect(pending.body.approvals[0].reason).toMatch(/margin is unknown/);

      const rules = (await omc.call('GET', '/v1/quote-approval-rules', { key: sales })).body.data as { id: string; kind: string }[];
      const margin = rules.find((r) => r.kind === 'margin_below_percent')!;
      expect((await omc.call('PATCH', `/v1/quote-approval-rules/${margin.id}`, { key: sales, body: { active: false } })).status).toBe(403);
      expect((await omc.call('PATCH', `/v1/quote-approval-rules/${margin.id}`, { key: executive, body: { active: false } })).body.active).toBe(false);
      try {
        expect((await post(`/v1/quotes/${(await draft([{ product_id: widget, quantity: 1 }])).id}/submit`, sales)).body.status).toBe('sent');
        const bad = await post('/v1/quote-approval-rules', executive, { name: 'Big', kind: 'total_above', threshold: 100, approver_role: 'executive' });
        expect(bad.status).toBe(400);
        expect(bad.body.error.details.fields).toHaveProperty('currency');
        const rule = await post('/v1/quote-approval-rules', executive, { name: 'Anything in USD over 1.00', kind: 'total_above', threshold: 100, currency: 'USD', approver_role: 'executive' });
        expect(rule.status).toBe(201);
        // A new threshold replaces the rule in one step; an unknown rule to replace changes nothing.
        const before = (await omc.call('GET', '/v1/quote-approval-rules', { key: sales })).body.data.length;
        const missing = await post('/v1/quote-approval-rules', executive, { name: 'x', kind: 'total_above', threshold: 1, currency: 'USD', approver_role: 'executive', replaces_rule_id: 'qar_00000000000000000000000000' });
        expect(missing.status).toBe(404);
        expect((await omc.call('GET', '/v1/quote-approval-rules', { key: sales })).body.data.length).toBe(before);
        const lower = await post('/v1/quote-approval-rules', executive, { name: 'Anything in USD over 0.50', kind: 'total_above', threshold: 50, currency: 'USD', approver_role: 'executive', replaces_rule_id: rule.body.id });
        expect(lower.status).toBe(201);
        const after = (await omc.call('GET', '/v1/quote-approval-rules', { key: sales })).body.data as { id: string; active: boolean }[];
        expect(after.find((r) => r.id === rule.body.id)!.active).toBe(false);
        expect(after.find((r) => r.id === lower.body.id)!.active).toBe(true);
        await omc.call('PATCH', `/v1/quote-approval-rules/${lower.body.id}`, { key: executive, body: { active: false } });
      } finally {
        await omc.call('PATCH', `/v1/quote-approval-rules/${margin.id}`, { key: executive, body: { active: true } });
      }
    });
  });

  describe('accepting', () => {
    it('makes the order in the same step, at the quote’s prices, with reservations and a promise date', async () => {
      const quote = await sent([{ product_id: gear, quantity: 2, discount_percent: 5 }]);
      const reserved = await reservedGear();
      const res = await post(`/v1/quotes/${quote.id}/accept`, acmeKey, { external_ref: 'PO-881' });
      expect(res.status).toBe(201);
      const { order } = res.body;
      expect(order).toMatchObject({ customer_id: acme, quote_id: quote.id, channel: 'quote', external_ref: 'PO-881', total: { amount: 2 * 9_025 } });
      expect(order.lines[0]).toMatchObject({ quantity: 2, reserved_quantity: 2, backordered_quantity: 0, price_source: 'quote', unit_price: { amount: 9_025 } });
      expect(order.promised_date).toBe(quote.lines[0].promised_date);
      expect(res.body.quote).toMatchObject({ status: 'accepted', order_id: order.id, clock: { holder: null } });
      expect(await reservedGear()).toBe(reserved + 2);
      const timeline = (await omc.call('GET', `/v1/orders/${order.id}/timeline`)).body.data.map((e: { type: string }) => e.type);
      expect(timeline).toContain('quote.accepted');
      expect(await stockRowsOffLedger(omc.server.database.db)).toEqual([]);
    });

    it('makes one order when the quote is accepted twice, or many times at once', async () => {
      const quote = await sent();
      const results = await Promise.all(Array.from({ length: 6 }, () => post(`/v1/quotes/${quote.id}/accept`, acmeKey)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const winner = results.find((r) => r.status === 201)!.body.order.id;
      for (const loser of results.filter((r) => r.status === 409)) expect(loser.body.error).toMatchObject({ code: 'quote_already_accepted', details: { order_id: winner } });
      const orders = (await omc.call('GET', `/v1/orders?customer_id=${acme}&limit=200`)).body.data.filter((o: { quote_id: string }) => o.quote_id === quote.id);
      expect(orders).toHaveLength(1);
    });

    it('replays an accept sent again with the same Idempotency-Key', async () => {
      const quote = await sent();
      const send = () => omc.call('POST', `/v1/quotes/${quote.id}/accept`, { key: acmeKey, body: {}, headers: { 'idempotency-key': `accept-${quote.id}` } });
      const first = await send();
      const again = await send();
      expect(again.status).toBe(201);
      expect(again.body.order.id).toBe(first.body.order.id);
    });

    it('lets the customer decline with a reason, and refuses to accept what is not on the table', async () => {
      const quote = await sent();
      expect((await post(`/v1/quotes/${quote.id}/reject`, acmeKey, { reason: 'Found it cheaper' })).body).toMatchObject({ status: 'rejected', decision_reason: 'Found it cheaper' });
      const late = await post(`/v1/quotes/${quote.id}/accept`, acmeKey);
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('invalid_transition');
      const drafting = await draft();
      expect((await post(`/v1/quotes/${drafting.id}/accept`, sales)).status).toBe(409);
    });
  });

  describe('revisions and expiry', () => {
    it('revises a quote into a new version of the same number, keeping the old one superseded', async () => {
      const quote = await sent([{ product_id: gear, quantity: 3, discount_percent: 12.5 }]);
      const revised = await post(`/v1/quotes/${quote.id}/revise`, sales, { reason: 'Customer asked for 4' });
      expect(revised.status).toBe(201);
      expect(revised.body).toMatchObject({ number: quote.number, version: 2, status: 'drafting', supersedes_id: quote.id });
      expect(revised.body.lines[0]).toMatchObject({ quantity: 3, discount_percent: 12.5 });
      expect(await get(quote.id, acmeKey)).toMatchObject({ status: 'superseded', superseded_by_id: revised.body.id });
      expect((await post(`/v1/quotes/${quote.id}/accept`, acmeKey)).status).toBe(409);
      const patched = await omc.call('PATCH', `/v1/quotes/${revised.body.id}`, { key: sales, body: { lines: [{ product_id: gear, quantity: 4, discount_percent: 12.5 }] } });
      expect(patched.body.total.amount).toBe(4 * 8_313); // 9,500 − 12.5 %, rounded half up
      expect((await omc.call('PATCH', `/v1/quotes/${quote.id}`, { key: sales, body: { needed_by: '2026-04-01' } })).body.error.code).toBe('quote_not_editable');
    });

    it('expires a sent quote past its validity by the sweep, on the test clock', async () => {
      const quote = await draft();
      await omc.call('PATCH', `/v1/quotes/${quote.id}`, { key: sales, body: { valid_until: new Date(omc.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10) } });
      await post(`/v1/quotes/${quote.id}/submit`, sales);
      expect((await post('/v1/quotes/expire', sales)).body.expired.map((q: { id: string }) => q.id)).not.toContain(quote.id);
      omc.clock.advance({ days: 3 });
      const refused = await post(`/v1/quotes/${quote.id}/accept`, acmeKey);
      expect(refused.body.error.code).toBe('quote_expired');
      expect((await post('/v1/quotes/expire', sales)).body.expired.map((q: { id: string }) => q.id)).toContain(quote.id);
      expect(await get(quote.id, acmeKey)).toMatchObject({ status: 'expired', clock: { holder: null } });
      expect((await post('/v1/quotes/expire', sales)).body.expired).toEqual([]);
      expect((await post(`/v1/quotes/${quote.id}/revise`, sales, { reason: 'new prices' })).status).toBe(201);
    });
  });

  describe('from a lead to an order', () => {
    it('converts a lead, quotes its opportunity from cost and price lists, approves, sends and accepts — attributed to the campaign, with the clock visible at every step', async () => {
      const marketing = await omc.keyFor('marketing');
      const campaign = (await post('/v1/campaigns', marketing, { name: 'Spring mailing', channel: 'email', budget: { amount: 100_000, currency: 'EUR' }, starts_on: '2026-01-01' })).body;
      const lead = (await post('/v1/leads', marketing, { company: 'Initrode', contact_name: 'Pat', campaign_id: campaign.id })).body;
      await post(`/v1/leads/${lead.id}/qualify`, marketing);
      const converted = await post(`/v1/leads/${lead.id}/convert`, sales, {
        customer: { name: 'Initrode', tier: 'strategic', currency: 'EUR' },
        opportunity: { name: 'Gearbox line', expected_value: { amount: 200_000, currency: 'EUR' } },
      });
      expect(converted.status).toBe(201);
      const { customer, opportunity } = converted.body;
      const buyer = await omc.keyFor('customer', customer.id);
      const clockOf = async (id: string) => (await get(id, buyer)).clock;

      const request = await post('/v1/quotes', buyer, { lines: [{ product_id: gear, quantity: 4 }], message: 'Need four' });
      expect(request.body.clock).toMatchObject({ holder: 'sales', overdue: false });
      expect(request.body.clock.response_due_at).toBe(new Date(omc.clock.now().getTime() + 4 * 3_600_000).toISOString()); // strategic: 4 h
      await omc.call('PATCH', `/v1/quotes/${request.body.id}`, { key: sales, body: { opportunity_id: opportunity.id } }).then((r) => expect(r.status).toBe(409)); // not drafting yet
      await post(`/v1/quotes/${request.body.id}/draft`, sales);
      const priced = await omc.call('PATCH', `/v1/quotes/${request.body.id}`, { key: sales, body: { opportunity_id: opportunity.id, lines: [{ product_id: gear, quantity: 4, discount_percent: 21 }] } });
      expect(priced.body).toMatchObject({ opportunity_id: opportunity.id, campaign_id: campaign.id, cost: { amount: 24_000 } });
      omc.clock.advance({ minutes: 40 });
      await post(`/v1/quotes/${request.body.id}/submit`, sales);
      expect(await clockOf(request.body.id)).toMatchObject({ holder: 'finance' });
      omc.clock.advance({ minutes: 15 });
      await post(`/v1/quotes/${request.body.id}/approve`, finance, { comment: 'New strategic customer' });
      const seen = await clockOf(request.body.id);
      expect(seen).toMatchObject({ holder: 'customer', elapsed_seconds: 55 * 60, overdue: false });
      expect(seen.held).toEqual([
        { holder: 'sales', seconds: 40 * 60 },
        { holder: 'finance', seconds: 15 * 60 },
        { holder: 'customer', seconds: 0 },
      ]);

      const accepted = await post(`/v1/quotes/${request.body.id}/accept`, buyer);
      expect(accepted.status).toBe(201);
      expect(accepted.body.order).toMatchObject({ opportunity_id: opportunity.id, campaign_id: campaign.id, quote_id: request.body.id });
      expect(accepted.body.order.promised_date).toMatch(/^2026-/);
      const timeline = (await omc.call('GET', `/v1/orders/${accepted.body.order.id}/timeline?limit=200`)).body.data.map((e: { type: string }) => e.type);
      expect(timeline.slice(0, 3)).toEqual(['quote.requested', 'handoff.opened', 'quote.drafting_started']); // the order's story starts with the request
      expect(timeline).toEqual(expect.arrayContaining(['quote.approved', 'quote.accepted', 'order.received']));
      expect((await omc.call('GET', `/v1/opportunities/${opportunity.id}`, { key: sales })).body).toMatchObject({ stage: 'won', probability: 100 });
      const performance = (await omc.call('GET', `/v1/campaigns/${campaign.id}/performance`, { key: marketing })).body;
      expect(performance).toMatchObject({ converted_leads: 1, quotes: { count: 1, accepted: 1 }, orders: { count: 1 }, revenue: accepted.body.order.total });
    });
  });

  describe('who sees what', () => {
    it('shows a customer only its own quotes, and another customer’s quote as missing', async () => {
      const mine = await post('/v1/quotes', globexKey, { lines: [{ product_id: gear, quantity: 1 }] });
      expect((await omc.call('GET', `/v1/quotes/${mine.body.id}`, { key: acmeKey })).status).toBe(404);
      const acmeList = (await omc.call('GET', '/v1/quotes?limit=200', { key: acmeKey })).body.data as { customer_id: string; cost: unknown }[];
      expect(acmeList.length).toBeGreaterThan(0);
      expect(acmeList.every((q) => q.customer_id === acme && q.cost === null)).toBe(true);
      expect((await omc.call('GET', `/v1/quotes?customer_id=${globex}`, { key: acmeKey })).body.data.every((q: { customer_id: string }) => q.customer_id === acme)).toBe(true);
      expect((await post(`/v1/quotes/${mine.body.id}/accept`, acmeKey)).status).toBe(404);
      expect((await omc.call('PATCH', `/v1/quotes/${mine.body.id}`, { key: globexKey, body: { needed_by: '2026-05-01' } })).status).toBe(403);
      expect((await post(`/v1/quotes/${mine.body.id}/draft`, globexKey)).status).toBe(403);
      expect((await omc.call('GET', '/v1/quote-approval-rules', { key: acmeKey })).status).toBe(403);
    });

    it('finds quotes by part of their number or the customer’s name — a customer only its own', async () => {
      const quote = await draft();
      const find = async (q: string, key = sales) => (await omc.call('GET', `/v1/quotes?q=${encodeURIComponent(q)}&limit=200`, { key })).body.data.map((x: { id: string }) => x.id) as string[];
      expect(await find(quote.number.slice(-6))).toContain(quote.id);
      expect(await find('acm')).toContain(quote.id);
      expect(await find('globex')).not.toContain(quote.id);
      expect(await find('acm', globexKey)).toEqual([]);
    });

    it('keeps leads, opportunities and campaigns away from customers', async () => {
      for (const path of ['/v1/leads', '/v1/opportunities', '/v1/campaigns']) expect((await omc.call('GET', path, { key: acmeKey })).status).toBe(403);
    });
  });
});
