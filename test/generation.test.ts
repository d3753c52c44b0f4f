import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';

describeBackends('order generation', (backend) => {
  let omc: TestServer;
  const keys: Record<string, string> = {};
  let customerKey: string;
  let acme: string;
  beforeAll(async () => {
    omc = await startTestServer(backend); // today is 2026-03-02
    for (const role of ['marketing', 'sales', 'executive', 'csr', 'service', 'warehouse', 'finance']) keys[role] = await omc.keyFor(role);
    acme = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    customerKey = await omc.keyFor('customer', acme);
  });
  afterAll(() => omc?.stop());

  const as = (role: string) => ({
    call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      omc.call(method, path, { key: keys[role]!, ...(body !== undefined && { body }), ...(headers && { headers }) }),
  });
  const marketing = as('marketing');
  const sales = as('sales');

  async function campaign(body: Record<string, unknown> = {}) {
    const res = await marketing.call('POST', '/v1/campaigns', {
      name: 'Spring fair',
      channel: 'trade_show',
      budget: { amount: 1_000_000, currency: 'EUR' },
      starts_on: '2026-03-01',
      ends_on: '2026-03-31',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function lead(body: Record<string, unknown> = {}) {
    const res = await marketing.call('POST', '/v1/leads', { company: 'Initech', contact_name: 'Bill Lumbergh', email: 'bill@initech.example', ...body });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function qualifiedLead(body: Record<string, unknown> = {}) {
    const l = await lead(body);
    expect((await sales.call('POST', `/v1/leads/${l.id}/qualify`, {})).status).toBe(200);
    return l;
  }
  async function opportunity(body: Record<string, unknown>) {
    const res = await sales.call('POST', '/v1/opportunities', { customer_id: acme, name: 'Deal', expected_value: { amount: 10_000, currency: 'EUR' }, ...body });
    expect(res.status).toBe(201);
    return res.body;
  }
  const stage = (id: string, body: Record<string, unknown>) => sales.call('POST', `/v1/opportunities/${id}/stage`, body);
  const count = async (table: 'leads' | 'customers' | 'opportunities' | 'campaigns' | 'customer_notes') =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(omc.server.database.db)).rows[0]!.n);

  describe('leads', () => {
    it('go from new through contacted to qualified, with events in the generation stage and a handoff to sales', async () => {
      const c = await campaign();
      expect(c).toMatchObject({ channel: 'trade_show', budget: { amount: 1_000_000, currency: 'EUR' }, status: 'active' });
      const l = await lead({ campaign_id: c.id });
      expect(l).toMatchObject({ status: 'new', campaign_id: c.id, company: 'Initech', converted_customer_id: null });
      expect(l.id).toMatch(/^led_/);

      const contacted = await marketing.call('POST', `/v1/leads/${l.id}/contact`, { note: 'called at the fair' });
      expect(contacted.status).toBe(200);
      expect(contacted.body.status).toBe('contacted');
      const again = await marketing.call('POST', `/v1/leads/${l.id}/contact`, {});
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'invalid_transition', details: { from: 'contacted', allowed: ['qualified', 'disqualified'] } });

      const edited = await sales.call('PATCH', `/v1/leads/${l.id}`, { phone: '+49 30 1234', email: null });
      expect(edited.body).toMatchObject({ phone: '+49 30 1234', email: null, status: 'contacted' });
      expect((await sales.call('POST', `/v1/leads/${l.id}/qualify`, {})).body.status).toBe('qualified');

      const handoffs = await omc.call('GET', `/v1/handoffs?subject_id=${l.id}`);
      expect(handoffs.body.data).toMatchObject([{ department: 'sales', status: 'open' }]);
      const events = (await omc.call('GET', `/v1/events?subject_id=${l.id}`)).body.data as { type: string; stage: unknown; department: string }[];
      expect(events.map((e) => e.type)).toEqual(['lead.created', 'lead.contacted', 'lead.updated', 'lead.qualified', 'handoff.opened']);
      expect(events[0]).toMatchObject({ department: 'marketing' });

      const listed = await omc.call('GET', `/v1/leads?campaign_id=${c.id}&status=qualified`, { key: keys.executive! });
      expect(listed.body.data.map((x: { id: string }) => x.id)).toEqual([l.id]);
    });

    it('are disqualified with a reason, and then change no more', async () => {
      const l = await lead();
      const noReason = await sales.call('POST', `/v1/leads/${l.id}/disqualify`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.details.fields).toHaveProperty('reason');
      const out = await sales.call('POST', `/v1/leads/${l.id}/disqualify`, { reason: 'no budget' });
      expect(out.body).toMatchObject({ status: 'disqualified', disqualified_reason: 'no budget' });
      expect((await sales.call('PATCH', `/v1/leads/${l.id}`, { company: 'Other' })).body.error.code).toBe('lead_closed');
      expect((await sales.call('POST', `/v1/opportunities`, { lead_id: l.id, name: 'x', expected_value: { amount: 1, currency: 'EUR' } })).body.error.code).toBe(
        'lead_closed',
      );
    });
  });

  describe('converting a lead', () => {
    it('creates the customer and the opportunity in one go, and only once', async () => {
      const c = await campaign({ name: 'Webinar', channel: 'web' });
      const notYet = await lead({ campaign_id: c.id });
      const early = await sales.call('POST', `/v1/leads/${notYet.id}/convert`, { customer_id: acme, opportunity: { name: 'x', expected_value: { amount: 1, currency: 'EUR' } } });
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('invalid_transition');

      const l = await qualifiedLead({ campaign_id: c.id });
      const body = {
        customer: { name: 'Initech GmbH', tier: 'standard', currency: 'EUR', email: 'ap@initech.example' },
        opportunity: { name: 'Initech line 2', expected_value: { amount: 250_000, currency: 'EUR' }, expected_close: '2026-05-31' },
      };
      const res = await sales.call('POST', `/v1/leads/${l.id}/convert`, body);
      expect(res.status).toBe(201);
      const { lead: converted, customer, opportunity: opp } = res.body;
      expect(customer).toMatchObject({ name: 'Initech GmbH', tier: 'standard', status: 'active' });
      expect(opp).toMatchObject({ customer_id: customer.id, lead_id: l.id, campaign_id: c.id, stage: 'prospecting', probability: 10, weighted_value: { amount: 25_000, currency: 'EUR' } });
      expect(converted).toMatchObject({ status: 'converted', converted_customer_id: customer.id, converted_opportunity_id: opp.id });
      expect((await omc.call('GET', `/v1/customers/${customer.id}`)).status).toBe(200);
      expect((await omc.call('GET', `/v1/handoffs?subject_id=${l.id}`)).body.data).toMatchObject([{ status: 'completed' }]);

      const twice = await sales.call('POST', `/v1/leads/${l.id}/convert`, body);
      expect(twice.status).toBe(409);
      expect(twice.body.error).toMatchObject({ code: 'already_converted', details: { customer_id: customer.id, opportunity_id: opp.id } });
      const disqualify = await sales.call('POST', `/v1/leads/${l.id}/disqualify`, { reason: 'changed our mind' });
      expect(disqualify.status).toBe(409);
      expect(disqualify.body.error.code).toBe('invalid_transition');
    });

    it("into an existing customer takes over the lead's open opportunity", async () => {
      const l = await qualifiedLead({ company: 'Acme subsidiary' });
      const opp = (await sales.call('POST', '/v1/opportunities', { lead_id: l.id, name: 'Subsidiary deal', expected_value: { amount: 5_000, currency: 'EUR' } })).body;
      expect(opp).toMatchObject({ customer_id: null, lead_id: l.id });
      const won = await stage(opp.id, { stage: 'won' });
      expect(won.status).toBe(409);
      expect(won.body.error.code).toBe('lead_not_converted');

      const customersBefore = await count('customers');
      const res = await sales.call('POST', `/v1/leads/${l.id}/convert`, { customer_id: acme });
      expect(res.status).toBe(201);
      expect(res.body.opportunity).toMatchObject({ id: opp.id, customer_id: acme, lead_id: l.id });
      expect(await count('customers')).toBe(customersBefore);
      expect((await stage(opp.id, { stage: 'won' })).body).toMatchObject({ stage: 'won', probability: 100 });
    });

    it('asks for an opportunity when the lead has none, and for exactly one of customer and customer_id', async () => {
      const l = await qualifiedLead();
      const none = await sales.call('POST', `/v1/leads/${l.id}/convert`, { customer_id: acme });
      expect(none.status).toBe(400);
      expect(none.body.error.details.fields).toHaveProperty('opportunity');
      const both = await sales.call('POST', `/v1/leads/${l.id}/convert`, { customer_id: acme, customer: { name: 'X', tier: 'key', currency: 'EUR' } });
      expect(both.status).toBe(400);
      expect(both.body.error.details.fields).toHaveProperty('customer');
      const badCustomer = await sales.call('POST', `/v1/leads/${l.id}/convert`, {
        customer: { name: 'X', tier: 'gold', currency: 'EUR' },
        opportunity: { name: 'x', expected_value: { amount: 1, currency: 'EUR' } },
      });
      expect(badCustomer.status).toBe(400);
      expect(badCustomer.body.error.details.fields).toHaveProperty('customer.tier');
      expect((await omc.call('GET', `/v1/leads/${l.id}`)).body.status).toBe('qualified');
    });

    it('replays an Idempotency-Key: the same answer, one customer', async () => {
      const l = await qualifiedLead();
      const body = { customer: { name: 'Replay Ltd', tier: 'key', currency: 'GBP' }, opportunity: { name: 'Replay', expected_value: { amount: 9_900, currency: 'GBP' } } };
      const headers = { 'idempotency-key': `convert-${l.id}` };
      const first = await sales.call('POST', `/v1/leads/${l.id}/convert`, body, headers);
      expect(first.status).toBe(201);
      const before = await count('customers');
      const replay = await sales.call('POST', `/v1/leads/${l.id}/convert`, body, headers);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(await count('customers')).toBe(before);
    });

    it('converts once when two requests race', async () => {
      const l = await qualifiedLead();
      const body = { customer: { name: 'Race AG', tier: 'standard', currency: 'EUR' }, opportunity: { name: 'Race', expected_value: { amount: 1_000, currency: 'EUR' } } };
      const before = await count('customers');
      const results = await Promise.all([1, 2, 3].map(() => sales.call('POST', `/v1/leads/${l.id}/convert`, body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(await count('customers')).toBe(before + 1);
    });
  });

  describe('opportunities', () => {
    it('move through the stages; lost needs a reason; won and lost are final', async () => {
      const o = await opportunity({ name: 'Gearboxes', expected_value: { amount: 80_000, currency: 'EUR' } });
      expect(o).toMatchObject({ stage: 'prospecting', probability: 10, customer_id: acme, lead_id: null });
      expect((await stage(o.id, { stage: 'negotiation', probability: 55 })).body).toMatchObject({ stage: 'negotiation', probability: 55, weighted_value: { amount: 44_000 } });
      expect((await stage(o.id, { stage: 'proposal' })).body).toMatchObject({ stage: 'proposal', probability: 40 }); // deals slip back
      const same = await stage(o.id, { stage: 'proposal' });
      expect(same.body.error.code).toBe('invalid_transition');

      const noReason = await stage(o.id, { stage: 'lost' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.details.fields).toHaveProperty('lost_reason');
      const reasonNotLost = await stage(o.id, { stage: 'negotiation', lost_reason: 'price' });
      expect(reasonNotLost.body.error.details.fields).toHaveProperty('lost_reason');
      const lost = await stage(o.id, { stage: 'lost', lost_reason: 'went with a competitor' });
      expect(lost.body).toMatchObject({ stage: 'lost', probability: 0, lost_reason: 'went with a competitor' });
      expect((await stage(o.id, { stage: 'proposal' })).body.error).toMatchObject({ code: 'invalid_transition', details: { allowed: [] } });
      expect((await sales.call('PATCH', `/v1/opportunities/${o.id}`, { name: 'Again' })).body.error.code).toBe('opportunity_closed');

      const events = (await omc.call('GET', `/v1/events?subject_id=${o.id}`)).body.data.map((e: { type: string }) => e.type);
      expect(events).toEqual(['opportunity.created', 'opportunity.stage_changed', 'opportunity.stage_changed', 'opportunity.lost']);
      const listed = await omc.call('GET', `/v1/opportunities?stage=lost&customer_id=${acme}`, { key: keys.executive! });
      expect(listed.body.data.map((x: { id: string }) => x.id)).toContain(o.id);
    });

    it('is refused for an unknown customer or campaign, naming the field, and nothing is written', async () => {
      const before = await count('opportunities');
      const unknownCampaign = await sales.call('POST', '/v1/opportunities', {
        customer_id: acme,
        campaign_id: 'cmp_01jd0000000000000000000000',
        name: 'x',
        expected_value: { amount: 1, currency: 'EUR' },
      });
      expect(unknownCampaign.status).toBe(404);
      expect(unknownCampaign.body.error.details.fields).toHaveProperty('campaign_id');
      const both = await sales.call('POST', '/v1/opportunities', { customer_id: acme, lead_id: 'led_01jd0000000000000000000000', name: 'x', expected_value: { amount: 1, currency: 'EUR' } });
      expect(both.status).toBe(400);
      expect(both.body.error.details.fields).toHaveProperty('customer_id');
      const float = await sales.call('POST', '/v1/opportunities', { customer_id: acme, name: 'x', expected_value: { amount: 1.5, currency: 'EUR' }, probability: 120 });
      expect(Object.keys(float.body.error.details.fields).sort()).toEqual(['expected_value.amount', 'probability']);
      expect(await count('opportunities')).toBe(before);
    });
  });

  it('sums the pipeline per currency and stage, weighted by probability', async () => {
    const c = await campaign({ name: 'Pipeline', channel: 'email' });
    const on = { campaign_id: c.id };
    await opportunity({ ...on, expected_value: { amount: 10_000, currency: 'EUR' } }); // prospecting 10%
    const p = await opportunity({ ...on, expected_value: { amount: 33_333, currency: 'EUR' } });
    await stage(p.id, { stage: 'proposal' }); // 40%: 13 333.2
    const n = await opportunity({ ...on, expected_value: { amount: 50_001, currency: 'EUR' } });
    await stage(n.id, { stage: 'negotiation' }); // 70%: 35 000.7
    const w = await opportunity({ ...on, expected_value: { amount: 20_000, currency: 'EUR' } });
    await stage(w.id, { stage: 'won' });
    const l = await opportunity({ ...on, expected_value: { amount: 5_000, currency: 'EUR' } });
    await stage(l.id, { stage: 'lost', lost_reason: 'timing' });
    await opportunity({ ...on, expected_value: { amount: 7_000, currency: 'USD' } });

    const res = await omc.call('GET', `/v1/pipeline?campaign_id=${c.id}`, { key: keys.executive! });
    expect(res.status).toBe(200);
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    expect(res.body.data.map((b: { currency: string }) => b.currency)).toEqual(['EUR', 'USD']);
    expect(res.body.data[0]).toEqual({
      currency: 'EUR',
      stages: [
        { stage: 'prospecting', count: 1, value: eur(10_000), weighted_value: eur(1_000) },
        { stage: 'proposal', count: 1, value: eur(33_333), weighted_value: eur(13_333) },
        { stage: 'negotiation', count: 1, value: eur(50_001), weighted_value: eur(35_001) },
        { stage: 'won', count: 1, value: eur(20_000), weighted_value: eur(20_000) },
        { stage: 'lost', count: 1, value: eur(5_000), weighted_value: eur(0) },
      ],
      open: { count: 3, value: eur(93_334), weighted_value: eur(49_334) },
    });
    expect(res.body.data[1].open).toEqual({ count: 1, value: { amount: 7_000, currency: 'USD' }, weighted_value: { amount: 700, currency: 'USD' } });
  });

  it("reports a campaign's leads, opportunities, quotes, orders and revenue", async () => {
    const c = await campaign({ name: 'Mailing', channel: 'email', budget: { amount: 120_000, currency: 'EUR' } });
    const leads = [await qualifiedLead({ campaign_id: c.id }), await lead({ campaign_id: c.id }), await lead({ campaign_id: c.id })];
    await sales.call('POST', `/v1/leads/${leads[1]!.id}/disqualify`, { reason: 'student' });
    const conversion = await sales.call('POST', `/v1/leads/${leads[0]!.id}/convert`, {
      customer: { name: 'Mailing customer', tier: 'standard', currency: 'EUR' },
      opportunity: { name: 'First order', expected_value: { amount: 40_000, currency: 'EUR' } },
    });
    const { customer, opportunity: opp } = conversion.body;
    await opportunity({ campaign_id: c.id, customer_id: customer.id });

    const product = await omc.call('POST', '/v1/products', {
      body: { sku: 'GEN-1', name: 'Widget', kind: 'stocked', list_price: { amount: 2_500, currency: 'EUR' }, lead_time_days: 10 },
    });
    const order = async (attribution: Record<string, string>, quantity: number) => {
      const res = await omc.call('POST', '/v1/orders', { body: { customer_id: customer.id, lines: [{ product_id: product.body.id, quantity }], ...attribution } });
      expect(res.status).toBe(201);
      return res.body;
    };
    const viaOpportunity = await order({ opportunity_id: opp.id }, 4); // 10 000
    expect(viaOpportunity).toMatchObject({ opportunity_id: opp.id, campaign_id: c.id });
    // Attributed only through its opportunity: the campaign still counts it.
    await sql`update orders set campaign_id = null where id = ${viaOpportunity.id}`.execute(omc.server.database.db);
    await order({ campaign_id: c.id }, 2); // 5 000
    const cancelled = await order({ campaign_id: c.id }, 1);
    expect((await omc.call('POST', `/v1/orders/${cancelled.id}/cancel`, { body: { reason: 'duplicate' } })).status).toBe(200);
    await order({}, 3); // not attributed

    // Quotes: two revisions of one number (counted once, accepted), one more through the opportunity.
    const db = omc.server.database.db;
    const quote = (number: string, version: number, status: string, attribution: { campaign_id?: string; opportunity_id?: string }) =>
      sql`insert into quotes (id, number, version, customer_id, opportunity_id, campaign_id, status, currency, requested_at, response_due_at, created_by, created_at, updated_at)
          values (${`quo_${number}_${version}`}, ${number}, ${version}, ${customer.id}, ${attribution.opportunity_id ?? null}, ${attribution.campaign_id ?? null},
                  ${status}, 'EUR', now(), now(), 'test', now(), now())`.execute(db);
    await quote('Q-GEN-1', 1, 'superseded', { campaign_id: c.id });
    await quote('Q-GEN-1', 2, 'accepted', { campaign_id: c.id });
    await quote('Q-GEN-2', 1, 'sent', { opportunity_id: opp.id });

    const res = await omc.call('GET', `/v1/campaigns/${c.id}/performance`, { key: keys.executive! });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      campaign_id: c.id,
      budget: { amount: 120_000, currency: 'EUR' },
      leads: { count: 3, by_status: { converted: 1, disqualified: 1, new: 1 } },
      converted_leads: 1,
      opportunities: { count: 2, by_stage: { prospecting: 2 } },
      quotes: { count: 2, accepted: 1 },
      orders: { count: 2 },
      revenue: { amount: 15_000, currency: 'EUR' },
      revenue_in_other_currencies: [],
      cost_per_lead: { amount: 40_000, currency: 'EUR' },
      cost_per_order: { amount: 60_000, currency: 'EUR' },
    });
  });

  it('shows notes on a customer from every department to sales, newest first', async () => {
    for (const [role, body] of [
      ['csr', 'Complained about late delivery on the phone.'],
      ['service', 'Line 3 gearbox worn; they ask about a replacement.'],
      ['warehouse', 'Dock closes at 15:00.'],
    ] as const) {
      omc.clock.advance({ minutes: 5 });
      const res = await omc.call('POST', `/v1/customers/${acme}/notes`, { key: keys[role]!, body: { body } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ customer_id: acme, department: role, body });
    }
    const list = await omc.call('GET', `/v1/customers/${acme}/notes?limit=2`, { key: keys.sales! });
    expect(list.body.data.map((n: { department: string }) => n.department)).toEqual(['warehouse', 'service']);
    const rest = await omc.call('GET', `/v1/customers/${acme}/notes?starting_after=${list.body.next_cursor}`, { key: keys.sales! });
    expect(rest.body.data.map((n: { department: string }) => n.department)).toEqual(['csr']);

    const empty = await omc.call('POST', `/v1/customers/${acme}/notes`, { key: keys.csr!, body: { body: '  ', urgent: true } });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.error.details.fields).sort()).toEqual(['body', 'urgent']);
    const unknown = await omc.call('POST', '/v1/customers/cus_01jd0000000000000000000000/notes', { key: keys.csr!, body: { body: 'x' } });
    expect(unknown.status).toBe(404);
    await expect(sql`update customer_notes set body = 'edited'`.execute(omc.server.database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses customer keys on every generation route, and departments outside marketing and sales on writes', async () => {
    const l = await lead();
    const o = await opportunity({});
    const c = await campaign();
    const routes: [string, string][] = [
      ['GET', '/v1/campaigns'],
      ['GET', `/v1/campaigns/${c.id}`],
      ['GET', `/v1/campaigns/${c.id}/performance`],
      ['POST', '/v1/campaigns'],
      ['GET', '/v1/leads'],
      ['GET', `/v1/leads/${l.id}`],
      ['POST', '/v1/leads'],
      ['POST', `/v1/leads/${l.id}/convert`],
      ['GET', '/v1/opportunities'],
      ['GET', `/v1/opportunities/${o.id}`],
      ['POST', `/v1/opportunities/${o.id}/stage`],
      ['GET', '/v1/pipeline'],
      ['GET', `/v1/customers/${acme}/notes`],
      ['POST', `/v1/customers/${acme}/notes`],
    ];
    for (const [method, path] of routes) {
      const res = await omc.call(method, path, { key: customerKey, ...(method === 'POST' && { body: { body: 'x' } }) });
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
    expect((await omc.call('POST', '/v1/leads', { key: keys.finance!, body: { company: 'X' } })).status).toBe(403);
    expect((await omc.call('POST', '/v1/leads', { key: keys.executive!, body: { company: 'X' } })).status).toBe(403);
    expect((await omc.call('GET', '/v1/leads', { key: keys.csr! })).status).toBe(403);
  });

  it('validates campaigns, naming the fields, and changes nothing on bad input', async () => {
    const before = await count('campaigns');
    const bad = await marketing.call('POST', '/v1/campaigns', { name: 'X', channel: 'fax', budget: { amount: -1, currency: 'EUR' }, starts_on: '2026-02-30', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['budget.amount', 'channel', 'colour', 'starts_on']);
    const backwards = await marketing.call('POST', '/v1/campaigns', { name: 'X', channel: 'web', budget: { amount: 0, currency: 'EUR' }, starts_on: '2026-04-01', ends_on: '2026-03-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields).toHaveProperty('ends_on');
    expect(await count('campaigns')).toBe(before);

    const c = await campaign({ starts_on: '2026-04-01', ends_on: '2026-04-30' });
    expect(c.status).toBe('planned');
    const moved = await marketing.call('PATCH', `/v1/campaigns/${c.id}`, { starts_on: '2026-01-01', ends_on: '2026-02-01' });
    expect(moved.body).toMatchObject({ status: 'ended', starts_on: '2026-01-01' });
    expect((await marketing.call('PATCH', `/v1/campaigns/${c.id}`, { starts_on: '2026-03-01' })).body.error.details.fields).toHaveProperty('ends_on');
    const planned = await omc.call('GET', '/v1/campaigns?status=ended', { key: keys.executive! });
    expect(planned.body.data.map((x: { id: string }) => x.id)).toContain(c.id);
  });
});
