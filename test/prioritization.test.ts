import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';

describeBackends('prioritization', (backend) => {
  let omc: TestServer;
  let ham: string;
  let customers: Record<'strategic' | 'key' | 'standard', string>;
  let product: string;
  beforeAll(async () => {
    omc = await startTestServer(backend); // 2026-03-02
    ham = (await omc.call('POST', '/v1/warehouses', { body: { code: 'HAM', name: 'Hamburg', handling_days: 1, transit_days: 2 } })).body.id;
    customers = {} as typeof customers;
    for (const tier of ['strategic', 'key', 'standard'] as const) {
      customers[tier] = (await omc.call('POST', '/v1/customers', { body: { name: `${tier} co`, tier, currency: 'EUR' } })).body.id;
    }
    product = (await omc.call('POST', '/v1/products', { body: { sku: 'PRI-1', name: 'Gear', kind: 'stocked', list_price: { amount: 10_000, currency: 'EUR' }, standard_cost: { amount: 6_000, currency: 'EUR' }, lead_time_days: 20 } })).body.id;
    await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: product, warehouse_id: ham, quantity: 1000, reason: 'count' } });
  });
  afterAll(() => omc?.stop());

  const place = async (tier: keyof typeof customers, quantity = 1) =>
    (await omc.call('POST', '/v1/orders', { body: { customer_id: customers[tier], lines: [{ product_id: product, quantity }] } })).body as { id: string; number: string };

  describe('the policy', () => {
    it('starts at version 1 with its starvation bound, and only an executive sets a new version', async () => {
      const current = await omc.call('GET', '/v1/priority/policy');
      expect(current.body).toMatchObject({ version: 1, weights: { age: 1 }, starvation_bound_days: 19 });
      const body = { weights: { tier: 2, value: 1, margin: 1, slack: 4, age: 2 }, tier_values: { strategic: 1, key: 0.5, standard: 0.1 }, slack_horizon_days: 20, expedite_boost: 6, note: 'more weight on waiting' };
      expect((await omc.call('POST', '/v1/priority/policy', { key: await omc.keyFor('csr'), body })).status).toBe(403);
      const set = await omc.call('POST', '/v1/priority/policy', { key: await omc.keyFor('executive'), body });
      expect(set.status).toBe(201);
      expect(set.body).toMatchObject({ version: 2, starvation_bound_days: (2 + 1 + 1 + 8 + 6) / 2, note: 'more weight on waiting' });
      expect((await omc.call('GET', '/v1/priority/policy')).body.version).toBe(2);
      const events = (await omc.call('GET', '/v1/events?type=priority_policy.set')).body.data;
      expect(events.at(-1).data).toMatchObject({ version: 2 });
    });

    it('refuses a policy without aging, naming the field', async () => {
      const res = await omc.call('POST', '/v1/priority/policy', {
        key: await omc.keyFor('executive'),
        body: { weights: { tier: 1, value: 1, margin: 1, slack: 1, age: 0 }, tier_values: { strategic: 1, key: 0.5, standard: 0.1 }, slack_horizon_days: 20, expedite_boost: 1 },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toHaveProperty('weights.age');
    });
  });

  describe('scores and the queue', () => {
    it('explains every order’s score term by term, and ranks the queue by it', async () => {
      const standard = await place('standard');
      const strategic = await place('strategic');
      const res = await omc.call('GET', `/v1/orders/${strategic.id}/priority`);
      expect(res.status).toBe(200);
      const { explanation, score } = res.body;
      expect(explanation.map((t: { term: string }) => t.term)).toEqual(['tier', 'value', 'margin', 'slack', 'age']);
      expect(explanation.reduce((s: number, t: { contribution: number }) => s + t.contribution, 0)).toBeCloseTo(score, 3);
      expect(explanation[0]).toMatchObject({ input: 'strategic customer', value: 1 });
      expect(explanation[2]).toMatchObject({ input: 'margin 40.0 %', value: 0.4 });
      expect(explanation[3].input).toBe('3 days to the promised date');
      const queue = (await omc.call('GET', '/v1/priority/queue?limit=200')).body.data;
      const position = (id: string) => queue.find((q: { order_id: string }) => q.order_id === id).position;
      expect(position(strategic.id)).toBeLessThan(position(standard.id));
      expect(res.body.position).toBe(position(strategic.id));
      expect(queue.map((q: { position: number }) => q.position)).toEqual(queue.map((_: unknown, i: number) => i + 1));
      // The queue carries each explanation, the same as the order's own.
      expect(queue.find((q: { order_id: string }) => q.order_id === strategic.id).explanation).toEqual(explanation);
    });

    it('lets a waiting order overtake fresh ones as it ages', async () => {
      const waiting = await place('standard');
      const before = (await omc.call('GET', `/v1/orders/${waiting.id}/priority`)).body.position;
      omc.clock.advance({ days: 30 });
      await place('strategic');
      const after = (await omc.call('GET', `/v1/orders/${waiting.id}/priority`)).body;
      expect(after.position).toBeLessThan(before + 1);
      expect(after.explanation.find((t: { term: string }) => t.term === 'age').input).toMatch(/^waiting 30\.\d days$/);
    });

    it('is 404 for an order not in the queue', async () => {
      const gone = await place('key');
      await omc.call('POST', `/v1/orders/${gone.id}/cancel`, { body: { reason: 'x' } });
      expect((await omc.call('GET', `/v1/orders/${gone.id}/priority`)).status).toBe(404);
    });
  });

  describe('expedite requests', () => {
    it('are asked by a CSR, decided by operations in the open, and say who moved back', async () => {
      const low = await place('standard');
      const csr = await omc.keyFor('csr');
      const ops = await omc.keyFor('operations');
      const asked = await omc.call('POST', `/v1/orders/${low.id}/expedite-requests`, { key: csr, body: { reason: 'line down at the customer' } });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ status: 'requested', order_id: low.id, effect: null });
      const handoff = (await omc.call('GET', `/v1/handoffs?subject_id=${asked.body.id}`)).body.data[0];
      expect(handoff).toMatchObject({ department: 'operations', status: 'open' });
      expect((await omc.call('POST', `/v1/orders/${low.id}/expedite-requests`, { key: csr, body: { reason: 'again' } })).status).toBe(409);
      expect((await omc.call('POST', `/v1/expedite-requests/${asked.body.id}/accept`, { key: csr, body: { reason: 'x' } })).status).toBe(403);

      const before = (await omc.call('GET', `/v1/orders/${low.id}/priority`)).body.position;
      const accepted = await omc.call('POST', `/v1/expedite-requests/${asked.body.id}/accept`, { key: ops, body: { reason: 'strategic account at risk' } });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', decision_reason: 'strategic account at risk' });
      const { effect } = accepted.body;
      expect(effect.position.from).toBe(before);
      expect(effect.position.to).toBeLessThan(before);
      expect(effect.moved_back.length).toBe(before - effect.position.to);
      for (const moved of effect.moved_back) expect(moved.to).toBe(moved.from + 1);
      const now = (await omc.call('GET', `/v1/orders/${low.id}/priority`)).body;
      expect(now.position).toBe(effect.position.to);
      expect(now.explanation.at(-1)).toMatchObject({ term: 'expedite', input: 'expedite request accepted' });
      expect((await omc.call('GET', `/v1/handoffs?subject_id=${asked.body.id}`)).body.data[0].status).toBe('completed');
      expect((await omc.call('POST', `/v1/expedite-requests/${asked.body.id}/decline`, { key: ops, body: { reason: 'x' } })).status).toBe(409);
      const timeline = (await omc.call('GET', `/v1/orders/${low.id}/timeline`)).body.data.map((e: { type: string }) => e.type);
      expect(timeline).toEqual(expect.arrayContaining(['expedite_request.requested', 'expedite_request.accepted']));
    });

    it('can be declined with a reason, and listed with their decisions', async () => {
      const order = await place('key');
      const asked = (await omc.call('POST', `/v1/orders/${order.id}/expedite-requests`, { key: await omc.keyFor('sales'), body: { reason: 'trade show' } })).body;
      const declined = await omc.call('POST', `/v1/expedite-requests/${asked.id}/decline`, { key: await omc.keyFor('operations'), body: { reason: 'capacity full this week' } });
      expect(declined.body).toMatchObject({ status: 'declined', effect: null });
      const listed = (await omc.call('GET', `/v1/expedite-requests?order_id=${order.id}`)).body.data;
      expect(listed).toEqual([expect.objectContaining({ id: asked.id, status: 'declined', decision_reason: 'capacity full this week' })]);
      expect((await omc.call('POST', `/v1/orders/${order.id}/expedite-requests`, { key: await omc.keyFor('csr'), body: { reason: 'try again' } })).status).toBe(201);
    });
  });

  describe('holds', () => {
    it('block exactly the moves they name until released, with who and why', async () => {
      const tight = (await omc.call('POST', '/v1/customers', { body: { name: 'Tight', tier: 'standard', currency: 'EUR', credit_limit: { amount: 5_000, currency: 'EUR' } } })).body.id;
      const held = (await omc.call('POST', '/v1/orders', { body: { customer_id: tight, lines: [{ product_id: product, quantity: 1 }] } })).body;
      expect(held.status).toBe('on_hold');
      const ops = await omc.keyFor('operations');
      const finance = await omc.keyFor('finance');
      const quality = await omc.call('POST', `/v1/orders/${held.id}/holds`, { key: ops, body: { type: 'quality', reason: 'batch under inspection' } });
      expect(quality.status).toBe(201);
      expect(quality.body).toMatchObject({ type: 'quality', blocks: expect.arrayContaining(['confirmed']), active: true, placed_by: expect.stringMatching(/^key_/) });

      const blocked = await omc.call('POST', `/v1/orders/${held.id}/release`, { key: finance, body: { reason: 'paid' } });
      expect(blocked.status).toBe(409);
      expect(blocked.body.error).toMatchObject({ code: 'blocked_by_hold', details: { to: 'confirmed', holds: [expect.objectContaining({ id: quality.body.id, type: 'quality' })] } });
      expect((await omc.call('POST', `/v1/holds/${quality.body.id}/release`, { key: finance, body: { reason: 'x' } })).status).toBe(403);
      const released = await omc.call('POST', `/v1/holds/${quality.body.id}/release`, { key: ops, body: { reason: 'inspection passed' } });
      expect(released.body).toMatchObject({ active: false, release_reason: 'inspection passed' });
      expect((await omc.call('POST', `/v1/holds/${quality.body.id}/release`, { key: ops, body: { reason: 'again' } })).status).toBe(409);
      expect((await omc.call('POST', `/v1/orders/${held.id}/release`, { key: finance, body: { reason: 'paid' } })).body.status).toBe('confirmed');
      const holds = (await omc.call('GET', `/v1/orders/${held.id}/holds`)).body.data;
      expect(holds).toEqual([expect.objectContaining({ id: quality.body.id, released_by: expect.stringMatching(/^key_/) })]);
      const types = (await omc.call('GET', `/v1/orders/${held.id}/timeline`)).body.data.map((e: { type: string }) => e.type);
      expect(types).toEqual(expect.arrayContaining(['order.hold_placed', 'order.hold_released', 'order.released']));
    });

    it('a hold that names only some moves leaves the others free, and refuses bad input by name', async () => {
      const order = await place('key');
      const csr = await omc.keyFor('csr');
      const onlyConfirm = await omc.call('POST', `/v1/orders/${order.id}/holds`, { key: csr, body: { type: 'customer_request', blocks: ['confirmed'], reason: 'customer asked to wait' } });
      expect(onlyConfirm.status).toBe(201);
      expect((await omc.call('POST', `/v1/orders/${order.id}/cancel`, { key: csr, body: { reason: 'changed mind' } })).status).toBe(200);
      const bad = await omc.call('POST', `/v1/orders/${order.id}/holds`, { key: csr, body: { type: 'whim', blocks: ['shipped'], reason: '' } });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['blocks.0', 'reason', 'type']);
      expect((await omc.call('POST', `/v1/orders/${order.id}/holds`, { key: csr, body: { type: 'quality', reason: 'x' } })).status).toBe(403);
    });
  });
});
