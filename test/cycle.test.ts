import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '../src/cycle/stages';
import { describeBackends, startTestServer, type ApiResponse, type TestServer } from './harness';

interface EventView {
  id: string;
  seq: number;
  cursor: string;
  at: string;
  type: string;
  subject: { type: string; id: string };
  order_id: string | null;
  customer_id: string | null;
  stage: string | null;
  department: string | null;
  actor: string;
  request_id: string | null;
  data: Record<string, unknown>;
}

function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.request_id).toBe(res.headers.get('x-request-id'));
}

const HOUR = 3_600_000;

describeBackends('cycle: the event log', (backend) => {
  let omc: TestServer;
  let sales: string;
  let finance: string;
  let acme: string;
  let globex: string;
  const t0 = '2026-03-02T09:00:00.000Z';

  /** Walk the whole feed (or a filtered one) page by page. */
  async function walk(query: string, limit = 3): Promise<EventView[]> {
    const out: EventView[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const res: ApiResponse = await omc.call('GET', `/v1/events?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&starting_after=${cursor}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(limit);
      expect(res.body.has_more).toBe(res.body.next_cursor !== null);
      out.push(...res.body.data);
      cursor = res.body.next_cursor;
      if (!cursor) return out;
    }
    throw new Error('the feed does not end');
  }

  beforeAll(async () => {
    omc = await startTestServer(backend);
    sales = await omc.keyFor('sales');
    finance = await omc.keyFor('finance');
    const a = await omc.call('POST', '/v1/customers', { key: sales, body: { name: 'Acme', tier: 'key', currency: 'EUR' } });
    omc.clock.advance({ hours: 1 });
    const g = await omc.call('POST', '/v1/customers', { key: sales, body: { name: 'Globex', tier: 'standard', currency: 'USD' } });
    omc.clock.advance({ hours: 1 });
    acme = a.body.id;
    globex = g.body.id;
    expect(await omc.call('POST', `/v1/customers/${acme}/contacts`, { key: sales, body: { name: 'Wile E.' } })).toMatchObject({ status: 201 });
    omc.clock.advance({ hours: 1 });
    expect(await omc.call('POST', `/v1/customers/${globex}/suspend`, { key: finance, body: { reason: 'overdue invoices' } })).toMatchObject({ status: 200 });
    omc.clock.advance({ hours: 1 });
    expect(await omc.call('POST', '/v1/handoffs', { key: sales, body: { subject: { type: 'customer', id: acme }, customer_id: acme, stage: 'pricing' } })).toMatchObject({
      status: 201,
    });
  });
  afterAll(() => omc?.stop());

  it('is oldest first, and pages by cursor without gaps or repeats', async () => {
    const all = await walk('', 200);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const seqs = all.map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (let i = 1; i < all.length; i++) expect(all[i]!.at >= all[i - 1]!.at).toBe(true);
    for (const page of [1, 2, 3, 5]) expect(await walk('', page)).toEqual(all);
    const first = await omc.call('GET', '/v1/events?limit=2');
    expect(first.body.data).toEqual(all.slice(0, 2));
    expect(first.body.next_cursor).toBe(all[1]!.cursor);
  });

  it('events carry who, when, what, which stage and the request', async () => {
    const [created] = await walk(`type=customer.created&subject_id=${acme}`);
    expect(created).toMatchObject({
      type: 'customer.created',
      subject: { type: 'customer', id: acme },
      customer_id: acme,
      stage: 'generation',
      department: 'sales',
      at: t0,
      data: { name: 'Acme', tier: 'key', currency: 'EUR' },
    });
    expect(created!.id).toMatch(/^evt_/);
    expect(created!.actor).toMatch(/^key_/);
    expect(created!.request_id).toMatch(/^req_/);
  });

  it('filters by exact type', async () => {
    const events = await walk('type=customer.created');
    expect(events.map((e) => e.subject.id)).toEqual([acme, globex]);
    expect(await walk('type=customer')).toEqual([]);
    expect(await walk('type=customer.creat')).toEqual([]);
  });

  it('filters by a type prefix ending in "."', async () => {
    const events = await walk('type=customer.');
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const e of events) expect(e.type.startsWith('customer.')).toBe(true);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['customer.created', 'customer.contact_added', 'customer.put_on_hold']));
    const all = await walk('', 200);
    expect(events).toEqual(all.filter((e) => e.type.startsWith('customer.')));
    expect((await walk('type=handoff.')).map((e) => e.type)).toEqual(['handoff.opened']);
  });

  it('treats LIKE wildcards in a type prefix literally', async () => {
    expect(await walk('type=cu_tomer.')).toEqual([]);
    expect(await walk(`type=${encodeURIComponent('%.')}`)).toEqual([]);
    expect(await walk(`type=${encodeURIComponent('customer%')}`)).toEqual([]);
  });

  it('filters by subject_id and customer_id', async () => {
    const bySubject = await walk(`subject_id=${globex}`);
    expect(bySubject.map((e) => e.type)).toEqual(['customer.created', 'customer.put_on_hold']);
    const byCustomer = await walk(`customer_id=${acme}`);
    expect(byCustomer.map((e) => e.type)).toEqual(['customer.created', 'customer.contact_added', 'handoff.opened']);
    for (const e of byCustomer) expect(e.customer_id).toBe(acme);
    expect(await walk('customer_id=cus_01jd0000000000000000000000')).toEqual([]);
  });

  it('filters by stage and department', async () => {
    const pricing = await walk('stage=pricing');
    expect(pricing.map((e) => e.type)).toEqual(['handoff.opened']);
    const generation = await walk('stage=generation');
    expect(generation.map((e) => e.type)).toEqual(expect.arrayContaining(['customer.created']));
    for (const e of generation) expect(e.stage).toBe('generation');
    const byFinance = await walk('department=finance');
    expect(byFinance.map((e) => e.type)).toEqual(['customer.put_on_hold']);
  });

  it('filters by since (at or after the instant), and filters combine', async () => {
    const all = await walk('', 200);
    const since = new Date(Date.parse(t0) + HOUR).toISOString();
    const later = await walk(`since=${since}`);
    expect(later).toEqual(all.filter((e) => e.at >= since));
    expect(later[0]!.at).toBe(since);
    expect(await walk(`since=2030-01-01T00:00:00Z`)).toEqual([]);
    const combined = await walk(`since=${since}&type=customer.&customer_id=${globex}`);
    expect(combined.map((e) => e.type)).toEqual(['customer.created', 'customer.put_on_hold']);
  });

  it('refuses bad filters with a 400 naming them', async () => {
    for (const [query, field] of [
      ['stage=nowhere', 'stage'],
      ['since=yesterday', 'since'],
      ['starting_after=evt_123', 'starting_after'],
      ['department=janitors', 'department'],
      ['limit=500', 'limit'],
      ['colour=red', 'colour'],
    ] as const) {
      const res = await omc.call('GET', `/v1/events?${query}`);
      expectError(res, 400, 'invalid_request');
      expect(Object.keys(res.body.error.details.fields)).toEqual([field]);
    }
  });

  it('is for staff only', async () => {
    const customerKey = await omc.keyFor('customer', acme);
    expectError(await omc.call('GET', '/v1/events', { key: customerKey }), 403, 'forbidden');
    expectError(await omc.call('GET', '/v1/events', { key: null }), 401, 'unauthenticated');
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE on events fail in the database itself', async () => {
    const db = omc.server.database.db;
    const before = await db.selectFrom('events').selectAll().orderBy('seq').execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(db.updateTable('events').set({ type: 'tampered' }).where('seq', '=', before[0]!.seq).execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('events').set({ type: 'tampered' }).where('seq', '<', 0).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('events').where('seq', '=', before[0]!.seq).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate events`.execute(db)).rejects.toThrow(/append-only/);
    // Inside a transaction too: the transaction fails as a whole.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('events').execute();
      }),
    ).rejects.toThrow(/append-only/);
    expect(await db.selectFrom('events').selectAll().orderBy('seq').execute()).toEqual(before);
  });

  /**
   * A sequence value is taken when a row is inserted, not when its transaction commits: paging by seq alone, a
   * reader past seq N+1 would never see seq N committing later. The feed shows only events of transactions
   * older than every running one, so the late event arrives on the next read instead of being skipped.
   * PGlite runs one transaction at a time, so only PostgreSQL can show it.
   */
  if (backend === 'postgres') {
    it('a feed reader never skips an event that commits after a later one (PostgreSQL)', async () => {
      const db = omc.server.database.db;
      const feed = async (after: string | null) => (await omc.call('GET', `/v1/events?limit=200${after ? `&starting_after=${after}` : ''}`)).body;
      let first = await feed(null);
      let cursor: string | null = null;
      while (first.has_more) first = await feed((cursor = first.next_cursor));
      cursor = first.data.at(-1).cursor;

      let commit!: () => void;
      const mayCommit = new Promise<void>((resolve) => (commit = resolve));
      let appended!: () => void;
      const didAppend = new Promise<void>((resolve) => (appended = resolve));
      const slow = db.transaction().execute(async (trx) => {
        const { appendEvent } = await import('../src/cycle/commands/append-event');
        await appendEvent({ db: trx, now: omc.clock.now(), actor: { id: 'system', role: 'system', customerId: null, name: 't' }, requestId: null }, {
          type: 'test.slow',
          subject: { type: 'test', id: 'slow' },
        });
        appended();
        await mayCommit;
      });
      await didAppend;
      // A later transaction commits first…
      expect((await omc.call('POST', '/v1/handoffs', { body: { subject: { type: 'order', id: 'ord_gap' }, stage: 'entry' } })).status).toBe(201);
      const seen: string[] = [];
      const page = await feed(cursor);
      seen.push(...page.data.map((e: EventView) => e.type));
      const next = page.data.length ? page.data.at(-1).cursor : cursor;
      // …then the earlier one.
      commit();
      await slow;
      seen.push(...(await feed(next)).data.map((e: EventView) => e.type));
      expect(seen).toContain('handoff.opened');
      expect(seen).toContain('test.slow');
    });
  }

  /**
   * Two transactions at once. On PGlite the pool has one connection, so the second waits for the first; on
   * PostgreSQL it runs beside it under READ COMMITTED. Either way it must never see the first one's row before
   * that commits, nor a row that is rolled back, and nothing may deadlock.
   */
  describe('isolation', () => {
    const id = (n: string) => `hof_isolation_${n}_${backend}`;

    async function race(outcome: 'commit' | 'rollback') {
      const db = omc.server.database.db;
      const rowId = id(outcome);
      let committed = false;
      let inserted!: () => void;
      const didInsert = new Promise<void>((resolve) => (inserted = resolve));
      const writer = db
        .transaction()
        .execute(async (trx) => {
          const now = omc.clock.now();
          await trx
            .insertInto('handoffs')
            .values({ id: rowId, subject_type: 'test', subject_id: rowId, stage: 4, department: 'csr', status: 'open', due_at: now, created_by: 'test', created_at: now, updated_at: now } as never)
            .execute();
          inserted();
          await new Promise((resolve) => setTimeout(resolve, 250));
          if (outcome === 'rollback') throw new Error('rolled back on purpose');
        })
        .then(
          () => {
            committed = true;
          },
          () => undefined,
        );
      await didInsert;
      const seen: { rows: number; committedWhenRead: boolean }[] = [];
      const reader = db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('handoffs').select('id').where('id', '=', rowId).execute();
        seen.push({ rows: rows.length, committedWhenRead: committed });
      });
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('deadlock: the transactions did not finish')), 10_000));
      await Promise.race([Promise.all([writer, reader]), timeout]);
      return { seen: seen[0]!, committed };
    }

    it('a reader never sees an uncommitted row; it sees nothing or the committed row', async () => {
      const { seen, committed } = await race('commit');
      expect(committed).toBe(true);
      if (seen.rows === 1) expect(seen.committedWhenRead).toBe(true);
      else expect(seen.rows).toBe(0);
      if (backend === 'pglite') expect(seen).toEqual({ rows: 1, committedWhenRead: true }); // it waited its turn
      const after = await omc.server.database.db.selectFrom('handoffs').select('id').where('id', '=', id('commit')).execute();
      expect(after).toHaveLength(1);
    });

    it('a reader never sees a row that is rolled back', async () => {
      const { seen, committed } = await race('rollback');
      expect(committed).toBe(false);
      expect(seen.rows).toBe(0);
      expect(await omc.server.database.db.selectFrom('handoffs').select('id').where('id', '=', id('rollback')).execute()).toEqual([]);
    });
  });
});

describeBackends('cycle: handoffs', (backend) => {
  let omc: TestServer;
  let csr: string;
  let csr2: string;
  let warehouse: string;
  let sales: string;

  const open = (body: Record<string, unknown>, key = csr) => omc.call('POST', '/v1/handoffs', { key, body });
  const move = (id: string, verb: 'take' | 'release' | 'complete', key: string, body: Record<string, unknown> = {}) =>
    omc.call('POST', `/v1/handoffs/${id}/${verb}`, { key, body });
  const events = async (query: string): Promise<EventView[]> => (await omc.call('GET', `/v1/events?limit=200&${query}`)).body.data;
  const me = async (key: string): Promise<string> => (await omc.call('GET', '/v1/me', { key })).body.id;

  beforeAll(async () => {
    omc = await startTestServer(backend);
    [csr, csr2, warehouse, sales] = [await omc.keyFor('csr'), await omc.keyFor('csr'), await omc.keyFor('warehouse'), await omc.keyFor('sales')];
  });
  afterAll(() => omc?.stop());

  it('opens with the stage\'s first department and a due time from the stage SLA, and says so in an event', async () => {
    for (const s of STAGES) {
      const res = await open({ subject: { type: 'order', id: `ord_sla_${s.key}` }, stage: s.key, order_id: `ord_sla_${s.key}` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const now = omc.clock.now().getTime();
      expect(res.body).toMatchObject({
        subject: { type: 'order', id: `ord_sla_${s.key}` },
        order_id: `ord_sla_${s.key}`,
        stage: s.key,
        department: s.departments[0],
        status: 'open',
        owner: null,
        overdue: false,
        created_at: new Date(now).toISOString(),
        due_at: new Date(now + s.slaHours * HOUR).toISOString(),
        taken_at: null,
        completed_at: null,
      });
      expect(res.body.id).toMatch(/^hof_/);
      const [opened] = await events(`type=handoff.opened&subject_id=ord_sla_${s.key}`);
      expect(opened).toMatchObject({
        subject: { type: 'order', id: `ord_sla_${s.key}` },
        order_id: `ord_sla_${s.key}`,
        stage: s.key,
        department: 'csr',
        data: { handoff_id: res.body.id, to_department: s.departments[0], due_at: res.body.due_at },
      });
    }
    expect(STAGES.find((s) => s.key === 'entry')).toMatchObject({ departments: ['csr'], slaHours: 4 });
  });

  it('puts a handoff of an order or a customer on that order\'s or customer\'s timeline without repeating the id', async () => {
    const onOrder = await open({ subject: { type: 'order', id: 'ord_implicit' }, stage: 'scheduling' });
    expect(onOrder.body).toMatchObject({ order_id: 'ord_implicit', customer_id: null, department: 'operations' });
    expect((await events('order_id=ord_implicit')).map((e) => e.type)).toEqual(['handoff.opened']);
    const cus = 'cus_01jd0000000000000000000001';
    const onCustomer = await open({ subject: { type: 'customer', id: cus }, stage: 'generation' });
    expect(onCustomer.body).toMatchObject({ order_id: null, customer_id: cus });
    expect((await events(`customer_id=${cus}`)).map((e) => e.type)).toEqual(['handoff.opened']);
  });

  it('under concurrency exactly one taker wins; the others get 409 and no event is doubled', async () => {
    const h = (await open({ subject: { type: 'order', id: 'ord_race' }, stage: 'entry' })).body;
    const takers = await Promise.all(Array.from({ length: 6 }, () => omc.keyFor('csr')));
    const answers = await Promise.all(takers.map((key) => move(h.id, 'take', key)));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expectError(a, 409, 'invalid_transition');
    expect((await events(`subject_id=${h.id}`)).map((e) => e.type)).toEqual(['handoff.taken']);
    const row = (await omc.call('GET', '/v1/handoffs?subject_id=ord_race')).body.data[0];
    expect(row.owner).toBe(won[0]!.body.owner);
  });

  it('takes an explicit department, due time and note', async () => {
    const res = await open({ subject: { type: 'order', id: 'ord_explicit' }, stage: 'fulfillment', department: 'operations', due_at: '2026-03-09T17:00:00Z', note: 'rush' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ department: 'operations', due_at: '2026-03-09T17:00:00.000Z', note: 'rush' });
  });

  it('refuses bad input: unknown stage, department or field', async () => {
    const bad = await open({ subject: { type: 'order', id: 'ord_1' }, stage: 'nirvana', department: 'janitors', owner: 'me' });
    expectError(bad, 400, 'invalid_request');
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['department', 'owner', 'stage']);
  });

  it('take: only its own department; then the taker owns it', async () => {
    const h = (await open({ subject: { type: 'order', id: 'ord_take' }, stage: 'entry' })).body;
    const forbidden = await move(h.id, 'take', warehouse);
    expectError(forbidden, 403, 'forbidden');
    expect(forbidden.body.error.details).toMatchObject({ department: 'csr' });
    expectError(await move(h.id, 'take', sales), 403, 'forbidden');
    omc.clock.advance({ minutes: 10 });
    const taken = await move(h.id, 'take', csr, { note: 'on it' });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'taken', owner: await me(csr), taken_at: omc.clock.now().toISOString() });
    // Someone else in the department cannot take it from under the owner.
    const again = await move(h.id, 'take', csr2);
    expectError(again, 409, 'invalid_transition');
    expect(again.body.error.details).toMatchObject({ from: 'taken', to: 'taken', allowed: ['open', 'completed'] });
  });

  it('release: only the owner (and not an open one); it is open and unowned again', async () => {
    const h = (await open({ subject: { type: 'order', id: 'ord_release' }, stage: 'entry' })).body;
    const notTaken = await move(h.id, 'release', csr);
    expectError(notTaken, 409, 'invalid_transition');
    expect(notTaken.body.error.details).toMatchObject({ from: 'open', to: 'open' });
    expect((await move(h.id, 'take', csr)).status).toBe(200);
    const notOwner = await move(h.id, 'release', csr2);
    expectError(notOwner, 403, 'forbidden');
    expect(notOwner.body.error.details).toMatchObject({ owner: await me(csr) });
    expectError(await move(h.id, 'release', warehouse), 403, 'forbidden');
    const released = await move(h.id, 'release', csr);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'open', owner: null, taken_at: null });
    // Now anyone in the department may take it.
    expect((await move(h.id, 'take', csr2)).body).toMatchObject({ status: 'taken', owner: await me(csr2) });
  });

  it('complete: from open or taken; then nothing more moves it', async () => {
    const h = (await open({ subject: { type: 'order', id: 'ord_complete' }, stage: 'entry' })).body;
    expect((await move(h.id, 'take', csr)).status).toBe(200);
    omc.clock.advance({ minutes: 30 });
    const done = await move(h.id, 'complete', csr, { note: 'entered' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', owner: await me(csr), completed_at: omc.clock.now().toISOString(), overdue: false });
    for (const verb of ['take', 'release', 'complete'] as const) {
      const res = await move(h.id, verb, csr);
      expectError(res, 409, 'invalid_transition');
      expect(res.body.error.details).toMatchObject({ entity: 'handoff', from: 'completed', allowed: [] });
    }
    // Completing one nobody took: the one who completes it owned it.
    const direct = (await open({ subject: { type: 'order', id: 'ord_complete_direct' }, stage: 'entry' })).body;
    expect((await move(direct.id, 'complete', csr2)).body).toMatchObject({ status: 'completed', owner: await me(csr2) });
    expectError(await move(direct.id, 'complete', warehouse), 403, 'forbidden');
  });

  it('an unknown handoff is a 404; an admin may act on any department\'s', async () => {
    expectError(await move('hof_01jd0000000000000000000000', 'take', csr), 404, 'not_found');
    const h = (await open({ subject: { type: 'order', id: 'ord_admin' }, stage: 'billing' })).body;
    expect(h.department).toBe('finance');
    expect((await omc.call('POST', `/v1/handoffs/${h.id}/take`, { body: {} })).body).toMatchObject({ status: 'taken' });
  });

  it('each move appends its event, in order, with from, to, the department and the note', async () => {
    const h = (await open({ subject: { type: 'quote', id: 'quo_events' }, stage: 'pricing', order_id: 'ord_events' }, sales)).body;
    const pricing = await omc.keyFor('pricing');
    expect((await move(h.id, 'take', pricing, { note: 'mine' })).status).toBe(200);
    expect((await move(h.id, 'release', pricing)).status).toBe(200);
    expect((await move(h.id, 'take', pricing)).status).toBe(200);
    expect((await move(h.id, 'complete', pricing, { note: 'priced' })).status).toBe(200);
    expectError(await move(h.id, 'complete', pricing), 409, 'invalid_transition'); // refused: no event

    const moves = await events(`subject_id=${h.id}`);
    expect(moves.map((e) => e.type)).toEqual(['handoff.taken', 'handoff.released', 'handoff.taken', 'handoff.completed']);
    expect(moves.map((e) => [e.data.from, e.data.to])).toEqual([
      ['open', 'taken'],
      ['taken', 'open'],
      ['open', 'taken'],
      ['taken', 'completed'],
    ]);
    const pricingKey = await me(pricing);
    for (const e of moves) {
      expect(e).toMatchObject({ subject: { type: 'handoff', id: h.id }, order_id: 'ord_events', stage: 'pricing', department: 'pricing', actor: pricingKey });
      expect(e.data).toMatchObject({ subject: { type: 'quote', id: 'quo_events' }, department: 'pricing' });
    }
    expect(moves[0]!.data.note).toBe('mine');
    expect(moves[3]!.data.note).toBe('priced');
    // The order's own feed shows the whole story: handed over, taken, given back, taken, done.
    expect((await events('order_id=ord_events')).map((e) => e.type)).toEqual(['handoff.opened', 'handoff.taken', 'handoff.released', 'handoff.taken', 'handoff.completed']);
  });

  it('a refused move changes nothing and appends no event', async () => {
    const h = (await open({ subject: { type: 'order', id: 'ord_refused' }, stage: 'entry' })).body;
    const before = (await omc.call('GET', '/v1/events?limit=200&type=handoff.')).body.data.length;
    expectError(await move(h.id, 'take', warehouse), 403, 'forbidden');
    expectError(await move(h.id, 'release', csr), 409, 'invalid_transition');
    expect((await omc.call('GET', '/v1/events?limit=200&type=handoff.')).body.data.length).toBe(before);
    expect((await omc.call('GET', `/v1/handoffs?subject_id=ord_refused`)).body.data[0]).toMatchObject({ status: 'open', owner: null });
  });
});

describeBackends('cycle: dropped balls', (backend) => {
  let omc: TestServer;
  let csr: string;

  beforeAll(async () => {
    omc = await startTestServer(backend);
    csr = await omc.keyFor('csr');
  });
  afterAll(() => omc?.stop());

  const list = async (query: string): Promise<any[]> => {
    const res = await omc.call('GET', `/v1/handoffs?limit=200&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

  it('overdue=true lists exactly the handoffs past their SLA and not completed; unowned=true those nobody holds', async () => {
    const h = async (subject: string, stage: string) => (await omc.call('POST', '/v1/handoffs', { key: csr, body: { subject: { type: 'order', id: subject }, stage } })).body;
    const entryOpen = await h('ord_a', 'entry'); // 4 h
    const entryTaken = await h('ord_b', 'entry'); // 4 h, someone holds it but does not finish
    const entryDone = await h('ord_c', 'entry'); // 4 h, finished in time
    const prioritization = await h('ord_d', 'prioritization'); // 8 h
    const pricing = await h('ord_e', 'pricing'); // 48 h
    const entryLate = await h('ord_f', 'entry'); // 4 h, finished late
    await omc.call('POST', `/v1/handoffs/${entryTaken.id}/take`, { key: csr, body: {} });
    await omc.call('POST', `/v1/handoffs/${entryDone.id}/complete`, { key: csr, body: {} });

    expect(await list('overdue=true')).toEqual([]);
    expect(ids(await list('unowned=true'))).toEqual(ids([entryOpen, prioritization, pricing, entryLate]));
    expect(ids(await list('unowned=false'))).toEqual(ids([entryTaken, entryDone]));

    omc.clock.advance({ hours: 4 }); // exactly at due: not yet late
    expect(await list('overdue=true')).toEqual([]);

    omc.clock.advance({ minutes: 1 });
    const late = await list('overdue=true');
    expect(ids(late)).toEqual(ids([entryOpen, entryTaken, entryLate]));
    for (const row of late) expect(row.overdue).toBe(true);
    expect(ids(await list('overdue=true&unowned=true'))).toEqual(ids([entryOpen, entryLate]));
    expect(ids(await list('overdue=false'))).toEqual(ids([entryDone, prioritization, pricing]));

    // Finishing late takes it off the list of dropped balls.
    expect((await omc.call('POST', `/v1/handoffs/${entryLate.id}/complete`, { key: csr, body: {} })).body).toMatchObject({ status: 'completed', overdue: false });
    omc.clock.advance({ hours: 4 }); // 8 h 1 min after opening
    expect(ids(await list('overdue=true'))).toEqual(ids([entryOpen, entryTaken, prioritization]));

    omc.clock.advance({ days: 2 }); // past the 48 h of pricing
    expect(ids(await list('overdue=true'))).toEqual(ids([entryOpen, entryTaken, prioritization, pricing]));
    expect(ids(await list('overdue=true&department=pricing'))).toEqual(ids([pricing]));
    expect(ids(await list('overdue=true&status=taken'))).toEqual(ids([entryTaken]));

    // The single handoff view agrees with the list.
    const all = await list('');
    expect(all).toHaveLength(6);
    expect(all.filter((r) => r.overdue).map((r) => r.id).sort()).toEqual(ids([entryOpen, entryTaken, prioritization, pricing]));
  });

  it('lists oldest first and pages by cursor', async () => {
    const all = await list('');
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await omc.call('GET', `/v1/handoffs?limit=4${cursor ? `&starting_after=${cursor}` : ''}`);
      seen.push(...res.body.data.map((r: { id: string }) => r.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.id));
  });

  it('refuses a non-boolean filter', async () => {
    const res = await omc.call('GET', '/v1/handoffs?overdue=yes');
    expectError(res, 400, 'invalid_request');
    expect(Object.keys(res.body.error.details.fields)).toEqual(['overdue']);
  });
});
