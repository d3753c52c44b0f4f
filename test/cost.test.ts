import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';

describeBackends('cost: work centers, bills of materials, routings, roll-up', (backend) => {
  let omc: TestServer;
  let sales: string;
  let pricing: string;
  let operations: string;
  beforeAll(async () => {
    omc = await startTestServer(backend);
    [sales, pricing, operations] = await Promise.all([omc.keyFor('sales'), omc.keyFor('pricing'), omc.keyFor('operations')]);
  });
  afterAll(() => omc?.stop());

  let seq = 0;
  /** A product; returns its id. */
  async function product(sku: string, standardCost: number | null = null, currency = 'EUR', kind = 'made_to_order') {
    const res = await omc.call('POST', '/v1/products', {
      body: {
        sku: `${sku}-${++seq}`,
        name: `Product ${sku}`,
        kind,
        list_price: { amount: 100_000, currency },
        ...(standardCost === null ? {} : { standard_cost: { amount: standardCost, currency } }),
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }
  const skuOf = async (id: string) => (await omc.call('GET', `/v1/products/${id}`)).body.sku as string;
  async function workCenter(code: string, body: Record<string, unknown> = {}) {
    const res = await omc.call('POST', '/v1/work-centers', { body: { code: `${code}-${++seq}`, name: `Center ${code}`, hourly_rate: { amount: 3_000, currency: 'EUR' }, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }
  const putBom = (id: string, lines: unknown[], key?: string) => omc.call('PUT', `/v1/products/${id}/bom`, { body: { lines }, ...(key ? { key } : {}) });
  const events = async (subjectId: string) => (await omc.call('GET', `/v1/events?subject_id=${subjectId}`)).body.data as { type: string; stage: string; department: string | null; data: any }[];

  describe('work centers', () => {
    it('creates one with its rate, overhead and capacity calendar, and defaults the rest', async () => {
      const res = await omc.call('POST', '/v1/work-centers', {
        key: operations,
        body: {
          code: `MILL-${backend}`,
          name: 'Milling',
          department: 'operations',
          hourly_rate: { amount: 4_500, currency: 'EUR' },
          overhead_percent: 62.5,
          hours_per_day: 7.5,
          parallel_units: 2,
          working_days: ['fri', 'mon', 'tue', 'wed', 'thu'],
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        code: `MILL-${backend}`,
        department: 'operations',
        hourly_rate: { amount: 4_500, currency: 'EUR' },
        overhead_percent: 62.5,
        hours_per_day: 7.5,
        minutes_per_day: 450,
        parallel_units: 2,
        working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        capacity_hours_per_week: 75,
        active: true,
      });
      expect(res.body.id).toMatch(/^wct_/);
      expect((await omc.call('GET', `/v1/work-centers/${res.body.id}`, { key: sales })).body).toEqual(res.body);

      const plain = await omc.call('POST', '/v1/work-centers', { body: { code: `PACK-${backend}`, name: 'Packing', department: 'warehouse', hourly_rate: { amount: 2_000, currency: 'EUR' } } });
      expect(plain.body).toMatchObject({ overhead_percent: 0, hours_per_day: 8, parallel_units: 1, working_days: ['mon', 'tue', 'wed', 'thu', 'fri'], capacity_hours_per_week: 40 });
      const warehouse = await omc.call('GET', '/v1/work-centers?department=warehouse');
      expect(warehouse.body.data.map((w: { id: string }) => w.id)).toEqual([plain.body.id]);
      expect((await events(res.body.id)).map((e) => [e.type, e.stage, e.department])).toEqual([['work_center.created', 'planning', 'operations']]);

      const dup = await omc.call('POST', '/v1/work-centers', { body: { code: `mill-${backend}`, name: 'again', hourly_rate: { amount: 1, currency: 'EUR' } } });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({ code: 'already_exists', details: { fields: { code: 'Already in use.' } } });
    });

    it('names every bad field', async () => {
      const res = await omc.call('POST', '/v1/work-centers', {
        body: {
          code: '',
          name: 'x',
          department: 'kitchen',
          hourly_rate: { amount: 12.5, currency: 'EUR' },
          overhead_percent: 12.345,
          hours_per_day: 7.33,
          parallel_units: 0,
          working_days: ['mon', 'mon'],
          colour: 'red',
        },
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual(
        ['code', 'colour', 'department', 'hourly_rate.amount', 'hours_per_day', 'overhead_percent', 'parallel_units', 'working_days'].sort(),
      );
      expect((await omc.call('POST', '/v1/work-centers', { body: { name: 'x' } })).body.error.details.fields).toHaveProperty('hourly_rate');
    });

    it('changes rate and capacity with the old and new values on the event; only operations and finance may', async () => {
      const id = await workCenter('ASM');
      expect((await omc.call('PATCH', `/v1/work-centers/${id}`, { key: sales, body: { parallel_units: 3 } })).status).toBe(403);
      const finance = await omc.keyFor('finance');
      const res = await omc.call('PATCH', `/v1/work-centers/${id}`, { key: finance, body: { hourly_rate: { amount: 3_300, currency: 'EUR' }, hours_per_day: 16, working_days: ['sat'] } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ hourly_rate: { amount: 3_300 }, hours_per_day: 16, working_days: ['sat'], capacity_hours_per_week: 16 });
      const updated = (await events(id)).at(-1)!;
      expect(updated.type).toBe('work_center.updated');
      expect(updated.data.changes).toEqual({
        hourly_rate: { from: { amount: 3_000, currency: 'EUR' }, to: { amount: 3_300, currency: 'EUR' } },
        hours_per_day: { from: 8, to: 16 },
        working_days: { from: ['mon', 'tue', 'wed', 'thu', 'fri'], to: ['sat'] },
      });
      // Nothing changed, nothing recorded.
      await omc.call('PATCH', `/v1/work-centers/${id}`, { body: { hours_per_day: 16 } });
      expect((await events(id)).length).toBe(2);
      expect((await omc.call('PATCH', `/v1/work-centers/wct_01jzzzzzzzzzzzzzzzzzzzzzzz`, { body: { parallel_units: 2 } })).status).toBe(404);
    });

    it('gives the capacity calendar: units × minutes on working days, nothing on the others', async () => {
      const id = await workCenter('CAL', { hours_per_day: 7.5, parallel_units: 2, working_days: ['mon', 'tue', 'wed', 'thu', 'fri'] });
      // 2026-03-02 is a Monday.
      const res = await omc.call('GET', `/v1/work-centers/${id}/capacity?from=2026-03-02&to=2026-03-08`, { key: sales });
      expect(res.status).toBe(200);
      expect(res.body.days.map((d: { capacity_minutes: number }) => d.capacity_minutes)).toEqual([900, 900, 900, 900, 900, 0, 0]);
      expect(res.body.days[0]).toEqual({ date: '2026-03-02', working: true, units: 2, minutes_per_unit: 450, capacity_minutes: 900 });
      expect(res.body.total_capacity_minutes).toBe(4_500);
      const backwards = await omc.call('GET', `/v1/work-centers/${id}/capacity?from=2026-03-08&to=2026-03-02`);
      expect(backwards.body.error.details.fields).toHaveProperty('to');
      expect((await omc.call('GET', `/v1/work-centers/${id}/capacity?from=2026-03-02&to=2027-12-31`)).status).toBe(400);
    });
  });

  describe('bills of materials', () => {
    it('replaces, adds to and removes from a BOM, each with its event; GET shows the lines in order', async () => {
      const top = await product('TOP');
      const a = await product('A', 100);
      const b = await product('B', 200);
      const c = await product('C', 300);
      const put = await putBom(top, [{ component_id: a, quantity: 2 }, { component_id: b, quantity: 0.25, scrap_percent: 4 }], pricing);
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body.lines.map((l: any) => [l.component_id, l.quantity, l.scrap_percent, l.position])).toEqual([
        [a, 2, 0, 1],
        [b, 0.25, 4, 2],
      ]);
      expect(put.body.lines[0]).toMatchObject({ component_sku: await skuOf(a), component_name: 'Product A' });
      expect(put.body.lines[0].id).toMatch(/^bom_/);

      const added = await omc.call('POST', `/v1/products/${top}/bom/lines`, { key: operations, body: { component_id: c, quantity: 1 } });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ component_id: c, quantity: 1, position: 3 });
      const again = await omc.call('POST', `/v1/products/${top}/bom/lines`, { body: { component_id: c, quantity: 5 } });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'already_exists', details: { fields: { component_id: 'Already in this bill of materials.' } } });

      const removed = await omc.call('DELETE', `/v1/products/${top}/bom/lines/${put.body.lines[0].id}`);
      expect(removed.status).toBe(200);
      expect(removed.body.lines.map((l: any) => l.component_id)).toEqual([b, c]);
      expect((await omc.call('DELETE', `/v1/products/${top}/bom/lines/${put.body.lines[0].id}`)).status).toBe(404);
      expect((await omc.call('GET', `/v1/products/${top}/bom`, { key: sales })).body).toEqual(removed.body);

      const log = await events(top);
      expect(log.map((e) => [e.type, e.stage])).toEqual([
        ['product.created', 'planning'],
        ['bom.replaced', 'planning'],
        ['bom.line_added', 'planning'],
        ['bom.line_removed', 'planning'],
      ]);
      expect(log[1]!.data).toEqual({ lines: [{ component_id: a, quantity: 2, scrap_percent: 0 }, { component_id: b, quantity: 0.25, scrap_percent: 4 }], previous: [] });

      // The same BOM again changes nothing and records nothing; an empty one removes it.
      const current = removed.body.lines.map((l: any) => ({ component_id: l.component_id, quantity: l.quantity, scrap_percent: l.scrap_percent }));
      expect((await putBom(top, current)).body).toEqual(removed.body);
      expect((await events(top)).length).toBe(4);
      expect((await putBom(top, [])).body.lines).toEqual([]);
    });

    it('names bad lines by field and writes nothing', async () => {
      const top = await product('BAD');
      const ok = await product('OK', 1);
      const inactive = await product('OLD', 1);
      await omc.call('PATCH', `/v1/products/${inactive}`, { body: { active: false } });
      const shape = await putBom(top, [{ component_id: ok, quantity: 0 }, { component_id: 'prd_x', quantity: 1.1234567 }, { component_id: ok, quantity: 1, scrap_percent: -1, extra: true }]);
      expect(shape.status).toBe(400);
      expect(Object.keys(shape.body.error.details.fields).sort()).toEqual(['lines.0.quantity', 'lines.1.component_id', 'lines.1.quantity', 'lines.2.extra', 'lines.2.scrap_percent'].sort());
      const refs = await putBom(top, [{ component_id: ok, quantity: 1 }, { component_id: 'prd_01jzzzzzzzzzzzzzzzzzzzzzzz', quantity: 1 }, { component_id: inactive, quantity: 1 }, { component_id: ok, quantity: 2 }]);
      expect(refs.status).toBe(400);
      expect(Object.keys(refs.body.error.details.fields)).toEqual(['lines.1.component_id', 'lines.2.component_id', 'lines.3.component_id']);
      expect(refs.body.error.details.fields['lines.3.component_id']).toContain('also lines.0.component_id');
      expect((await omc.call('GET', `/v1/products/${top}/bom`)).body.lines).toEqual([]);
      expect((await omc.call('PUT', `/v1/products/prd_01jzzzzzzzzzzzzzzzzzzzzzzz/bom`, { body: { lines: [] } })).status).toBe(404);
      expect((await omc.call('PUT', `/v1/products/${top}/bom`, { body: {} })).body.error.details.fields).toHaveProperty('lines');
    });

    it('refuses a cycle anywhere with its path, and changes nothing', async () => {
      const a = await product('CYA');
      const b = await product('CYB');
      const c = await product('CYC', 10);
      expect((await putBom(a, [{ component_id: b, quantity: 1 }])).status).toBe(200);
      expect((await putBom(b, [{ component_id: c, quantity: 1 }])).status).toBe(200);
      const [sa, sb, sc] = await Promise.all([skuOf(a), skuOf(b), skuOf(c)]);

      const closing = await putBom(c, [{ component_id: a, quantity: 1 }]);
      expect(closing.status).toBe(409);
      expect(closing.body.error.code).toBe('bom_cycle');
      expect(closing.body.error.message).toContain(`${sc} → ${sa} → ${sb} → ${sc}`);
      expect(closing.body.error.details).toMatchObject({ path: [sc, sa, sb, sc], product_ids: [c, a, b, c], field: 'lines.0.component_id' });

      const self = await omc.call('POST', `/v1/products/${a}/bom/lines`, { body: { component_id: a, quantity: 1 } });
      expect(self.status).toBe(409);
      expect(self.body.error.details).toMatchObject({ path: [sa, sa], field: 'component_id' });
      const viaLine = await omc.call('POST', `/v1/products/${c}/bom/lines`, { body: { component_id: b, quantity: 1 } });
      expect(viaLine.body.error.details.path).toEqual([sc, sb, sc]);

      expect((await omc.call('GET', `/v1/products/${c}/bom`)).body.lines).toEqual([]);
      expect((await events(c)).map((e) => e.type)).toEqual(['product.created']);
      // The structure still rolls up.
      expect((await omc.call('GET', `/v1/products/${a}/cost`)).body.totals.total.amount).toBe(10);
    });

    it('lets only operations and pricing change a BOM; staff read it, customers do not', async () => {
      const top = await product('PERM');
      const part = await product('PART', 1);
      const refused = await putBom(top, [{ component_id: part, quantity: 1 }], sales);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect((await omc.call('POST', `/v1/products/${top}/bom/lines`, { key: sales, body: { component_id: part, quantity: 1 } })).status).toBe(403);
      expect((await omc.call('PUT', `/v1/products/${top}/routing`, { key: sales, body: { operations: [] } })).status).toBe(403);
      expect((await omc.call('POST', '/v1/work-centers', { key: sales, body: { code: 'NO', name: 'no', hourly_rate: { amount: 1, currency: 'EUR' } } })).status).toBe(403);
      expect((await omc.call('POST', `/v1/products/${top}/standard-cost`, { key: sales, body: {} })).status).toBe(403);
      expect((await omc.call('GET', `/v1/products/${top}/bom`)).body.lines).toEqual([]);
      const customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Buyer', tier: 'standard', currency: 'EUR' } })).body.id;
      const customerKey = await omc.keyFor('customer', customer);
      expect((await omc.call('GET', `/v1/products/${top}/bom`, { key: customerKey })).status).toBe(403);
      expect((await omc.call('GET', `/v1/products/${top}/cost`, { key: customerKey })).status).toBe(403);
      expect((await omc.call('GET', '/v1/work-centers', { key: customerKey })).status).toBe(403);
    });

    it('replays a POST with the same Idempotency-Key instead of adding the line twice', async () => {
      const top = await product('IDEM');
      const part = await product('IDP', 1);
      const headers = { 'idempotency-key': `bom-${backend}` };
      const first = await omc.call('POST', `/v1/products/${top}/bom/lines`, { headers, body: { component_id: part, quantity: 3 } });
      const second = await omc.call('POST', `/v1/products/${top}/bom/lines`, { headers, body: { component_id: part, quantity: 3 } });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect((await omc.call('GET', `/v1/products/${top}/bom`)).body.lines).toHaveLength(1);
    });
  });

  describe('concurrent BOM edits', () => {
    it('lets at most one of two edits that together make a cycle succeed', async () => {
      for (let round = 0; round < 5; round++) {
        const x = await product('X');
        const y = await product('Y');
        const results = await Promise.all([putBom(x, [{ component_id: y, quantity: 1 }]), putBom(y, [{ component_id: x, quantity: 1 }])]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        expect(results.find((r) => r.status === 409)!.body.error.code).toBe('bom_cycle');
      }
    });

    it('refuses the edit that closes a ring, even when no two edits touch the same products', async () => {
      // Ring p0 → p1 → … → p5 → p0, every edge added at once: whatever order they commit in, the last one
      // closes the ring. Locking only the two products of each edge would let all six through.
      const ring = await Promise.all(Array.from({ length: 6 }, (_, i) => product(`R${i}`, 10)));
      const results = await Promise.all(
        ring.map((p, i) => omc.call('POST', `/v1/products/${p}/bom/lines`, { key: operations, body: { component_id: ring[(i + 1) % ring.length], quantity: 1 } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 409]);
      const refused = results.find((r) => r.status === 409)!;
      expect(refused.body.error.code).toBe('bom_cycle');
      expect(refused.body.error.details.path).toHaveLength(7);
      // The graph in the database has no cycle: every product of the ring still rolls up.
      for (const p of ring) expect((await omc.call('GET', `/v1/products/${p}/cost`)).status).toBe(200);
      const edges = await sql<{ n: number }>`select count(*)::int as n from bom_lines where product_id in (${sql.join(ring)})`.execute(omc.server.database.db);
      expect(edges.rows[0]!.n).toBe(5);
    });
  });

  describe('routings', () => {
    it('replaces, adds and removes operations; bad ones are named by field', async () => {
      const p = await product('ROUTED');
      const w1 = await workCenter('W1');
      const w2 = await workCenter('W2');
      const put = await omc.call('PUT', `/v1/products/${p}/routing`, {
        key: operations,
        body: {
          operations: [
            { sequence: 20, work_center_id: w2, description: 'Paint', run_minutes: 1.5 },
            { sequence: 10, work_center_id: w1, description: 'Weld', setup_minutes: 30, run_minutes: 6 },
          ],
        },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body.operations.map((o: any) => [o.sequence, o.work_center_id, o.setup_minutes, o.run_minutes])).toEqual([
        [10, w1, 30, 6],
        [20, w2, 0, 1.5],
      ]);
      expect(put.body.operations[0].id).toMatch(/^rop_/);
      expect(put.body.operations[0].work_center_code).toMatch(/^W1-/);

      const added = await omc.call('POST', `/v1/products/${p}/routing/operations`, { body: { sequence: 30, work_center_id: w1, description: 'Test', run_minutes: 2 } });
      expect(added.status).toBe(201);
      const taken = await omc.call('POST', `/v1/products/${p}/routing/operations`, { body: { sequence: 30, work_center_id: w1, description: 'Again', run_minutes: 2 } });
      expect(taken.status).toBe(409);
      expect(taken.body.error.details.fields).toHaveProperty('sequence');
      const removed = await omc.call('DELETE', `/v1/products/${p}/routing/operations/${put.body.operations[1].id}`);
      expect(removed.body.operations.map((o: any) => o.sequence)).toEqual([10, 30]);
      expect((await omc.call('GET', `/v1/products/${p}/routing`, { key: sales })).body).toEqual(removed.body);

      const bad = await omc.call('PUT', `/v1/products/${p}/routing`, {
        body: {
          operations: [
            { sequence: 10, work_center_id: 'wct_01jzzzzzzzzzzzzzzzzzzzzzzz', description: 'x', run_minutes: 1 },
            { sequence: 10, work_center_id: w1, description: 'y', run_minutes: -1 },
            { sequence: 0, work_center_id: 'nope', description: '', run_minutes: 1 },
          ],
        },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['operations.1.run_minutes', 'operations.2.description', 'operations.2.sequence', 'operations.2.work_center_id'].sort());
      const refs = await omc.call('PUT', `/v1/products/${p}/routing`, {
        body: { operations: [{ sequence: 10, work_center_id: 'wct_01jzzzzzzzzzzzzzzzzzzzzzzz', description: 'x', run_minutes: 1 }, { sequence: 10, work_center_id: w1, description: 'y', run_minutes: 1 }] },
      });
      expect(Object.keys(refs.body.error.details.fields)).toEqual(['operations.0.work_center_id', 'operations.1.sequence']);
      expect((await omc.call('GET', `/v1/products/${p}/routing`)).body.operations).toHaveLength(2);
      expect((await events(p)).map((e) => e.type)).toEqual(['product.created', 'routing.replaced', 'routing.operation_added', 'routing.operation_removed']);
    });
  });

  describe('the cost roll-up', () => {
    /**
     * TOP (made) = 2 × SUB + 3 × P1 (10 % scrap), routed on WC2 (45.00/h, no overhead): setup 60 min, run 12 min.
     * SUB (made) = 0.5 × P2, routed on WC1 (30.00/h, 50 % overhead): setup 30 min, run 6 min. P1 costs 1.50, P2 3.33.
     */
    let top: string;
    let sub: string;
    let p1: string;
    let p2: string;
    beforeAll(async () => {
      [top, sub, p1, p2] = await Promise.all([product('TOP'), product('SUB', 99_999), product('P1', 150, 'EUR', 'stocked'), product('P2', 333, 'EUR', 'stocked')]);
      const wc1 = await workCenter('WC1', { hourly_rate: { amount: 3_000, currency: 'EUR' }, overhead_percent: 50 });
      const wc2 = await workCenter('WC2', { hourly_rate: { amount: 4_500, currency: 'EUR' } });
      await putBom(top, [{ component_id: sub, quantity: 2 }, { component_id: p1, quantity: 3, scrap_percent: 10 }]);
      await putBom(sub, [{ component_id: p2, quantity: 0.5 }]);
      await omc.call('PUT', `/v1/products/${top}/routing`, { body: { operations: [{ sequence: 10, work_center_id: wc2, description: 'Assemble', setup_minutes: 60, run_minutes: 12 }] } });
      await omc.call('PUT', `/v1/products/${sub}/routing`, { body: { operations: [{ sequence: 10, work_center_id: wc1, description: 'Weld', setup_minutes: 30, run_minutes: 6 }] } });
    });
    const amounts = (e: any) => [e.materials.amount, e.labour.amount, e.overhead.amount, e.total.amount];

    it('rolls up materials, labour and overhead over all levels, by hand', async () => {
      const res = await omc.call('GET', `/v1/products/${top}/cost?quantity=10`, { key: sales });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const cost = res.body;
      // SUB for the lot: 20 units. P2: 10 × 3.33 = 33.30. WC1: 30 + 6 × 20 = 150 min = 2.5 h × 30.00 = 75.00, +50 % = 37.50.
      // SUB = 145.80. P1: 10 × 3 × 1.1 = 33 × 1.50 = 49.50. WC2: 60 + 12 × 10 = 180 min = 3 h × 45.00 = 135.00.
      expect(cost).toMatchObject({ product_id: top, currency: 'EUR', quantity: 10, method: 'rolled_up' });
      expect(cost.materials.map((m: any) => [m.level, m.component_id, m.quantity, m.source, m.unit_cost.amount, m.extended_cost.amount])).toEqual([
        [1, sub, 20, 'rolled_up', 729, 14_580],
        [2, p2, 10, 'standard_cost', 333, 3_330],
        [1, p1, 33, 'standard_cost', 150, 4_950],
      ]);
      expect(cost.materials[1].path).toEqual([await skuOf(top), await skuOf(sub), await skuOf(p2)]);
      expect(cost.operations.map((o: any) => [o.level, o.product_id, o.quantity, o.hours, o.hourly_rate.amount, o.labour.amount, o.overhead_percent, o.overhead.amount])).toEqual([
        [1, sub, 20, 2.5, 3_000, 7_500, 50, 3_750],
        [0, top, 10, 3, 4_500, 13_500, 0, 0],
      ]);
      expect(amounts(cost.totals)).toEqual([8_280, 21_000, 3_750, 33_030]);
      expect(amounts(cost.unit)).toEqual([828, 2_100, 375, 3_303]);
      // A lot of one pays every setup alone: SUB ×2: P2 1 × 3.33; WC1 30 + 12 = 42 min = 21.00 + 10.50.
      // P1 3.3 × 1.50 = 4.95; WC2 72 min = 54.00. Total 3.33 + 31.50 + 4.95 + 54.00 = 93.78.
      const one = (await omc.call('GET', `/v1/products/${top}/cost`)).body;
      expect(amounts(one.totals)).toEqual([828, 7_500, 1_050, 9_378]);
    });

    it('validates the quantity by name and answers 404 for an unknown product', async () => {
      for (const q of ['0', '-1', '1.5', 'ten', '1000001']) {
        const res = await omc.call('GET', `/v1/products/${top}/cost?quantity=${q}`);
        expect(res.status, q).toBe(400);
        expect(res.body.error.details.fields, q).toHaveProperty('quantity');
      }
      expect((await omc.call('GET', `/v1/products/${top}/cost?quantity=1&colour=red`)).body.error.details.fields).toHaveProperty('colour');
      expect((await omc.call('GET', '/v1/products/prd_01jzzzzzzzzzzzzzzzzzzzzzzz/cost')).status).toBe(404);
    });

    it('refuses a component in another currency and a purchased component without a cost, naming where', async () => {
      const eur = await product('EURTOP');
      const usd = await product('USDPART', 100, 'USD');
      await putBom(eur, [{ component_id: usd, quantity: 1 }]);
      const mismatch = await omc.call('GET', `/v1/products/${eur}/cost`);
      expect(mismatch.status).toBe(409);
      expect(mismatch.body.error).toMatchObject({ code: 'currency_mismatch', details: { product_id: usd, currency: 'USD', expected: 'EUR' } });

      const costless = await product('NOCOST');
      const parent = await product('NEEDS');
      await putBom(parent, [{ component_id: costless, quantity: 1 }]);
      const unknown = await omc.call('GET', `/v1/products/${parent}/cost`);
      expect(unknown.status).toBe(409);
      expect(unknown.body.error).toMatchObject({ code: 'cost_unknown', details: { product_id: costless, path: [await skuOf(parent), await skuOf(costless)] } });

      const usdCenter = await workCenter('USW', { hourly_rate: { amount: 1_000, currency: 'USD' } });
      const routed = await product('USROUTED');
      await omc.call('PUT', `/v1/products/${routed}/routing`, { body: { operations: [{ sequence: 10, work_center_id: usdCenter, description: 'x', run_minutes: 1 }] } });
      expect((await omc.call('GET', `/v1/products/${routed}/cost`)).body.error).toMatchObject({ code: 'currency_mismatch', details: { work_center_id: usdCenter } });
    });

    it('costs a product with no BOM or routing at its standard cost', async () => {
      const res = await omc.call('GET', `/v1/products/${p1}/cost?quantity=4`);
      expect(res.body).toMatchObject({ method: 'standard_cost', materials: [], operations: [] });
      expect(amounts(res.body.totals)).toEqual([600, 0, 0, 600]);
    });

    it('writes the rolled-up unit cost back as the standard cost, with a pricing event', async () => {
      const res = await omc.call('POST', `/v1/products/${top}/standard-cost`, { key: pricing, body: { quantity: 10 } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.product.standard_cost).toEqual({ amount: 3_303, currency: 'EUR' });
      expect(res.body.cost.unit.total.amount).toBe(3_303);
      expect((await omc.call('GET', `/v1/products/${top}`)).body.standard_cost.amount).toBe(3_303);
      const log = (await events(top)).slice(-2);
      expect(log.map((e) => [e.type, e.stage, e.department])).toEqual([
        ['product.updated', 'planning', 'pricing'],
        ['product.standard_cost_rolled_up', 'pricing', 'pricing'],
      ]);
      expect(log[1]!.data).toMatchObject({ quantity: 10, from: null, to: { amount: 3_303, currency: 'EUR' } });
      // A purchased part has nothing to roll up.
      const purchased = await omc.call('POST', `/v1/products/${p1}/standard-cost`, { body: {} });
      expect(purchased.status).toBe(409);
      expect((await omc.call('POST', `/v1/products/${top}/standard-cost`, { body: { quantity: 0 } })).body.error.details.fields).toHaveProperty('quantity');
    });

    it('uses a changed work-center rate at the next roll-up', async () => {
      const before = (await omc.call('GET', `/v1/products/${sub}/cost?quantity=20`)).body.totals.total.amount;
      const wc1 = (await omc.call('GET', `/v1/products/${sub}/routing`)).body.operations[0].work_center_id;
      await omc.call('PATCH', `/v1/work-centers/${wc1}`, { body: { overhead_percent: 100 } });
      const after = (await omc.call('GET', `/v1/products/${sub}/cost?quantity=20`)).body.totals.total.amount;
      expect(after - before).toBe(3_750);
    });
  });
});
