import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';

/**
 * Stage 6 over HTTP: a schedule of the confirmed orders on work centers with calendars and parallel units,
 * checked by an independent validator (`checkSchedule` below, no solver code), what-if versus commit,
 * stale commits, the Gantt data and who may do what.
 */
describeBackends('scheduling', (backend) => {
  let omc: TestServer;
  let ops: string;
  let csr: string;
  let executive: string;
  let sales: string;
  let customerKey: string;
  let ham: string;
  let customer: string;
  const centers = new Map<string, CenterFacts>();
  const routings = new Map<string, RoutingFacts[]>();
  const orders: string[] = [];
  let stocked: string;

  async function workCenter(body: Record<string, unknown>) {
    const res = await omc.call('POST', '/v1/work-centers', { body: { hourly_rate: { amount: 3_000, currency: 'EUR' }, ...body } });
    expect(res.status).toBe(201);
    centers.set(res.body.id, res.body);
    return res.body.id as string;
  }
  async function madeToOrder(sku: string, leadTimeDays: number, steps: RoutingFacts[]) {
    const p = await omc.call('POST', '/v1/products', { body: { sku, name: sku, kind: 'made_to_order', list_price: { amount: 50_000, currency: 'EUR' }, lead_time_days: leadTimeDays } });
    expect(p.status).toBe(201);
    const put = await omc.call('PUT', `/v1/products/${p.body.id}/routing`, {
      body: { operations: steps.map((s, i) => ({ sequence: (i + 1) * 10, work_center_id: s.work_center_id, description: `step ${i + 1}`, setup_minutes: s.setup_minutes, run_minutes: s.run_minutes })) },
    });
    expect(put.status).toBe(200);
    routings.set(p.body.id, steps);
    return p.body.id as string;
  }
  async function order(lines: { product_id: string; quantity: number }[]) {
    const res = await omc.call('POST', '/v1/orders', { body: { customer_id: customer, lines } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('confirmed');
    orders.push(res.body.id);
    return res.body;
  }
  const compute = (key = ops, body: Record<string, unknown> = { budget_ms: 150 }) => omc.call('POST', '/v1/schedule/runs', { key, body });
  const snapshot = async () =>
    Promise.all(orders.map(async (id) => ({ order: (await omc.call('GET', `/v1/orders/${id}`)).body, timeline: (await omc.call('GET', `/v1/orders/${id}/timeline?limit=200`)).body.data })));
  const lineFacts = async () =>
    (await Promise.all(orders.map(async (id) => (await omc.call('GET', `/v1/orders/${id}`)).body))).flatMap((o) =>
      o.lines.map((l: { id: string; product_id: string; quantity: number; reserved_quantity: number }) => ({ ...l, order_id: o.id })),
    );

  beforeAll(async () => {
    omc = await startTestServer(backend); // Monday 2026-03-02 09:00 UTC
    [ops, csr, executive, sales] = (await Promise.all(['operations', 'csr', 'executive', 'sales'].map((r) => omc.keyFor(r)))) as [string, string, string, string];
    ham = (await omc.call('POST', '/v1/warehouses', { body: { code: 'HAM', name: 'Hamburg', handling_days: 1, transit_days: 2 } })).body.id;
    customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    customerKey = await omc.keyFor('customer', customer);
    // Cutting: one unit, 8 h, 6 h on Fridays, closed on Wednesday 4 March. Painting: two units, 4 h, Monday to Saturday.
    const cut = await workCenter({ code: 'CUT', name: 'Cutting', hours_per_day: 8, hours_by_weekday: { fri: 6 }, non_working_dates: ['2026-03-04'] });
    const paint = await workCenter({ code: 'PAINT', name: 'Painting', hours_per_day: 4, parallel_units: 2, working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] });
    await workCenter({ code: 'PACK-HAM', name: 'Pick and pack Hamburg', pick_pack_warehouse_id: ham, hours_per_day: 2 });
    const frame = await madeToOrder('FRAME', 5, [
      { work_center_id: cut, setup_minutes: 30, run_minutes: 60 },
      { work_center_id: paint, setup_minutes: 0, run_minutes: 90 },
    ]);
    const door = await madeToOrder('DOOR', 4, [
      { work_center_id: paint, setup_minutes: 15, run_minutes: 50 },
      { work_center_id: cut, setup_minutes: 0, run_minutes: 45 },
      { work_center_id: paint, setup_minutes: 0, run_minutes: 20 },
    ]);
    stocked = (await omc.call('POST', '/v1/products', { body: { sku: 'BOLT', name: 'Bolt', kind: 'stocked', list_price: { amount: 100, currency: 'EUR' } } })).body.id;
    await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: stocked, warehouse_id: ham, quantity: 1_000, reason: 'count' } });
    for (let i = 0; i < 6; i++) await order([{ product_id: frame, quantity: 4 + (i % 2) }]);
    await order([
      { product_id: door, quantity: 3 },
      { product_id: stocked, quantity: 40 },
    ]);
    await order([{ product_id: stocked, quantity: 150 }]);
    await order([
      { product_id: door, quantity: 2 },
      { product_id: frame, quantity: 1 },
    ]);
  });
  afterAll(() => omc?.stop());

  let first: any;

  describe('a what-if run', () => {
    it('schedules every operation within the calendars and the routings, and changes nothing', async () => {
      const before = await snapshot();
      const res = await compute();
      expect(res.status).toBe(201);
      first = res.body;
      expect(first).toMatchObject({ status: 'what_if', committed_at: null, budget_ms: 150, seed: 1, starts_at: '2026-03-02T09:00:00.000Z', unscheduled: [] });
      expect(first.id).toMatch(/^sch_/);
      const problems = checkSchedule(first, { centers, routings, lines: await lineFacts(), pickPackOf: new Map([[ham, [...centers.values()].find((c) => c.code === 'PACK-HAM')!.id]]), shippingDays: { made: 3, picked: 2 } });
      expect(problems).toEqual([]);
      // The checks bite: both painting units work, and operations run over more than one working day.
      const paintId = [...centers.values()].find((c) => c.code === 'PAINT')!.id;
      expect(new Set(first.operations.filter((o: Op) => o.work_center_id === paintId).map((o: Op) => o.unit))).toEqual(new Set([0, 1]));
      expect(first.operations.some((o: Op) => o.segments.length > 1)).toBe(true);
      expect(first.summary.operations).toBe(first.operations.length);
      expect(first.summary.orders).toBe(orders.length);
      // The cutting load (6 frames of 4–5 units) cannot all keep a 5-day lead time: some orders are late.
      expect(first.summary.late_orders).toBeGreaterThan(0);
      for (const o of first.orders) {
        expect(o.late).toBe(o.days_late > 0);
        if (o.late) expect(o.feasible_promise_date > o.promised_date).toBe(true);
      }
      expect(await snapshot()).toEqual(before);
      const gantt = await omc.call('GET', '/v1/schedule', { key: csr });
      expect(gantt.body).toMatchObject({ run_id: null, work_centers: [] });
      const handoffs = await omc.call('GET', `/v1/handoffs?subject_id=${first.id}`);
      expect(handoffs.body.data).toEqual([]);
      expect((await omc.call('GET', `/v1/schedule/runs/${first.id}`, { key: executive })).body).toEqual(first);
      expect((await omc.call('GET', '/v1/schedule/runs?status=what_if', { key: csr })).body.data.map((r: { id: string }) => r.id)).toEqual([first.id]);
    });

    it('refuses bad input, naming the field, and customers or other departments', async () => {
      const bad = await compute(ops, { budget_ms: 'fast' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.fields).toHaveProperty('budget_ms');
      const unknown = await compute(ops, { budget_ms: 100, horizon: 3 });
      expect(unknown.status).toBe(400);
      expect((await compute(sales)).status).toBe(403);
      expect((await compute(customerKey)).status).toBe(403);
      expect((await omc.call('GET', '/v1/schedule', { key: customerKey })).status).toBe(403);
      expect((await omc.call('GET', `/v1/schedule/runs/${first.id}`, { key: customerKey })).status).toBe(403);
      expect((await omc.call('POST', `/v1/schedule/runs/${first.id}/commit`, { key: csr })).status).toBe(403);
      expect((await omc.call('GET', '/v1/schedule?from=2026-03-10&to=2026-03-01', { key: csr })).status).toBe(400);
      expect((await omc.call('GET', '/v1/schedule/runs/sch_01jzzzzzzzzzzzzzzzzzzzzzzz', { key: csr })).status).toBe(404);
      expect((await omc.call('GET', '/v1/schedule/runs?limit=200', { key: csr })).body.data).toHaveLength(1); // refusals stored nothing
    });
  });

  describe('committing', () => {
    it('re-promises each late order with its reason on the timeline and hands the operations to their departments', async () => {
      const res = await omc.call('POST', `/v1/schedule/runs/${first.id}/commit`, { key: ops });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: first.id, status: 'committed', committed_at: '2026-03-02T09:00:00.000Z' });
      for (const outcome of first.orders) {
        const now = (await omc.call('GET', `/v1/orders/${outcome.order_id}`)).body;
        const repromised = (await omc.call('GET', `/v1/orders/${outcome.order_id}/timeline?limit=200`)).body.data.filter((e: { type: string }) => e.type === 'order.repromised');
        if (!outcome.late) {
          expect(repromised).toEqual([]);
          continue;
        }
        expect(now.promised_date).toBe(outcome.feasible_promise_date);
        expect(repromised).toHaveLength(1);
        expect(repromised[0].data).toMatchObject({ from: outcome.promised_date, to: outcome.feasible_promise_date });
        expect(repromised[0].data.reason).toContain(first.id);
        expect(repromised[0].data.reason).toContain(`${outcome.days_late} days later than promised`);
      }
      const handoffs = (await omc.call('GET', `/v1/handoffs?subject_id=${first.id}&limit=200`)).body.data;
      const expected = new Set(first.operations.map((o: { order_id: string; department: string }) => `${o.order_id} ${o.department}`));
      expect(new Set(handoffs.map((h: { order_id: string; department: string }) => `${h.order_id} ${h.department}`))).toEqual(expected);
      expect(new Set(handoffs.map((h: { department: string }) => h.department))).toEqual(new Set(['operations', 'warehouse']));
    });

    it('gives the committed schedule as Gantt data per work center, unit and period', async () => {
      const res = await omc.call('GET', '/v1/schedule?from=2026-03-02&to=2026-04-30', { key: executive });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ run_id: first.id, from: '2026-03-02', to: '2026-04-30' });
      const bars = res.body.work_centers.flatMap((c: any) => c.units.flatMap((u: any) => u.operations.map((o: any) => ({ ...o, work_center_id: c.id, unit: u.unit }))));
      expect(bars).toHaveLength(first.operations.length);
      for (const c of res.body.work_centers) {
        expect(c).toMatchObject({ code: centers.get(c.id)!.code, parallel_units: centers.get(c.id)!.parallel_units });
        for (const u of c.units) {
          expect(u.unit).toBeLessThan(c.parallel_units);
          const starts = u.operations.map((o: { start: string }) => o.start);
          expect(starts).toEqual([...starts].sort());
        }
      }
      const paint = [...centers.values()].find((c) => c.code === 'PAINT')!;
      const one = await omc.call('GET', `/v1/schedule?from=2026-03-03&to=2026-03-03&work_center_id=${paint.id}`, { key: ops });
      expect(one.body.work_centers.map((c: { id: string }) => c.id)).toEqual([paint.id]);
      for (const o of one.body.work_centers[0].units.flatMap((u: any) => u.operations)) {
        expect(o.start < '2026-03-04T00:00:00Z' && o.end > '2026-03-03T00:00:00Z').toBe(true);
      }
    });

    it('refuses a stale run (409) and changes nothing; a newer commit supersedes and closes the old handoffs', async () => {
      const stale = (await compute()).body;
      await omc.call('PATCH', `/v1/work-centers/${[...centers.values()].find((c) => c.code === 'CUT')!.id}`, { key: ops, body: { hours_per_day: 7 } });
      const before = await snapshot();
      const refused = await omc.call('POST', `/v1/schedule/runs/${stale.id}/commit`, { key: ops });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('schedule_stale');
      expect((await omc.call('GET', `/v1/schedule/runs/${stale.id}`)).body.status).toBe('what_if');
      expect((await omc.call('GET', '/v1/schedule')).body.run_id).toBe(first.id);
      expect(await snapshot()).toEqual(before);
      expect((await omc.call('POST', `/v1/schedule/runs/${stale.id}/discard`, { key: ops })).body.status).toBe('discarded');
      expect((await omc.call('POST', `/v1/schedule/runs/${first.id}/commit`, { key: ops })).body.error.code).toBe('invalid_transition');

      const fresh = (await compute()).body;
      const committed = await omc.call('POST', `/v1/schedule/runs/${fresh.id}/commit`, { key: ops });
      expect(committed.body).toMatchObject({ status: 'committed' });
      expect((await omc.call('GET', `/v1/schedule/runs/${first.id}`)).body.status).toBe('superseded');
      const old = (await omc.call('GET', `/v1/handoffs?subject_id=${first.id}&limit=200`)).body.data;
      expect(old.length).toBeGreaterThan(0);
      expect(old.every((h: { status: string }) => h.status === 'completed')).toBe(true);
      expect((await omc.call('GET', '/v1/schedule')).body.run_id).toBe(fresh.id);
      const problems = checkSchedule(fresh, { centers: new Map([...centers].map(([id, c]) => [id, c.code === 'CUT' ? { ...c, hours_per_day: 7 } : c])), routings, lines: await lineFacts(), pickPackOf: new Map([[ham, [...centers.values()].find((c) => c.code === 'PACK-HAM')!.id]]), shippingDays: { made: 3, picked: 2 } });
      expect(problems).toEqual([]);
    });
  });

  it('commits one run at a time: of two concurrent commits, none fails with a 500 and one schedule is current', async () => {
    const [a, b] = await Promise.all([compute(), compute()]);
    const results = await Promise.all([a, b].map((r) => omc.call('POST', `/v1/schedule/runs/${r.body.id}/commit`, { key: ops })));
    expect(results.map((r) => r.status).every((s) => s === 200 || s === 409)).toBe(true);
    expect(results.some((r) => r.status === 200)).toBe(true);
    const committed = (await omc.call('GET', '/v1/schedule/runs?status=committed')).body.data;
    expect(committed).toHaveLength(1);
    expect((await omc.call('GET', '/v1/schedule')).body.run_id).toBe(committed[0].id);
  });

  describe('capacity calendars', () => {
    it('takes weekday hours and non-working dates, refusing hours for a day that is not worked', async () => {
      const cut = [...centers.values()].find((c) => c.code === 'CUT')!;
      expect(cut).toMatchObject({ hours_by_weekday: { fri: 6 }, non_working_dates: ['2026-03-04'], pick_pack_warehouse_id: null });
      const days = (await omc.call('GET', `/v1/work-centers/${cut.id}/capacity?from=2026-03-02&to=2026-03-08`)).body.days;
      expect(days.map((d: { capacity_minutes: number }) => d.capacity_minutes)).toEqual([420, 420, 0, 420, 360, 0, 0]); // 7 h since the change above
      const bad = await omc.call('PATCH', `/v1/work-centers/${cut.id}`, { key: ops, body: { hours_by_weekday: { sun: 3 } } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.fields).toHaveProperty(['hours_by_weekday.sun']);
      const twice = await omc.call('POST', '/v1/work-centers', { body: { code: 'PACK2', name: 'again', hourly_rate: { amount: 1, currency: 'EUR' }, pick_pack_warehouse_id: ham } });
      expect(twice.status).toBe(409);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The independent validator: the schedule as the API returns it against the work centers and routings as the
// API describes them. It shares no code with the scheduler.

interface CenterFacts {
  id: string;
  code: string;
  parallel_units: number;
  hours_per_day: number;
  hours_by_weekday: Record<string, number>;
  working_days: string[];
  non_working_dates: string[];
}

interface RoutingFacts {
  work_center_id: string;
  setup_minutes: number;
  run_minutes: number;
}

interface LineFacts {
  id: string;
  order_id: string;
  product_id: string;
  quantity: number;
  reserved_quantity: number;
}

interface Op {
  order_id: string;
  order_line_id: string | null;
  kind: string;
  step: number;
  work_center_id: string;
  unit: number;
  minutes: number;
  start: string;
  end: string;
  segments: { start: string; end: string }[];
}

const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const minutesBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Working minutes of one unit of the center on a date, from its calendar fields. */
function dayCapacity(center: CenterFacts, date: string): number {
  const weekday = WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
  if (!center.working_days.includes(weekday) || center.non_working_dates.includes(date)) return 0;
  return Math.round((center.hours_by_weekday[weekday] ?? center.hours_per_day) * 60);
}

function checkSchedule(
  run: { starts_at: string; operations: Op[]; orders: { order_id: string; lines: { order_line_id: string; promised_date: string | null; feasible_promise_date: string; late: boolean }[] }[] },
  facts: { centers: Map<string, CenterFacts>; routings: Map<string, RoutingFacts[]>; lines: LineFacts[]; pickPackOf: Map<string, string>; shippingDays: { made: number; picked: number } },
): string[] {
  const problems: string[] = [];
  const used = new Map<string, number>(); // center unit date → minutes
  const busy = new Map<string, [number, number][]>(); // center unit → segments
  for (const op of run.operations) {
    const center = facts.centers.get(op.work_center_id);
    const name = `${op.order_id}/${op.order_line_id ?? op.kind}#${op.step}`;
    if (!center) {
      problems.push(`${name}: unknown work center`);
      continue;
    }
    if (!(op.unit >= 0 && op.unit < center.parallel_units)) problems.push(`${name}: unit ${op.unit} of ${center.parallel_units}`);
    if (op.start < run.starts_at) problems.push(`${name}: starts before the schedule`);
    if (op.segments.length === 0 || op.segments[0]!.start !== op.start || op.segments.at(-1)!.end !== op.end) problems.push(`${name}: segments do not span start … end`);
    let total = 0;
    let previousEnd = '';
    for (const s of op.segments) {
      const length = minutesBetween(s.start, s.end);
      const date = s.start.slice(0, 10);
      if (!(length > 0) || s.start < previousEnd) problems.push(`${name}: segment ${s.start}–${s.end} empty or out of order`);
      if (Date.parse(s.end) > Date.parse(`${plusDays(date, 1)}T00:00:00Z`)) problems.push(`${name}: segment ${s.start}–${s.end} crosses midnight`);
      if (dayCapacity(center, date) === 0) problems.push(`${name}: works on ${date}, a day ${center.code} does not work`);
      const key = `${center.id} ${op.unit} ${date}`;
      used.set(key, (used.get(key) ?? 0) + length);
      const unitKey = `${center.id} ${op.unit}`;
      busy.set(unitKey, [...(busy.get(unitKey) ?? []), [Date.parse(s.start), Date.parse(s.end)]]);
      total += length;
      previousEnd = s.end;
    }
    if (total !== op.minutes) problems.push(`${name}: segments hold ${total} minutes, the operation ${op.minutes}`);
  }
  for (const [key, minutes] of used) {
    const [centerId, unit, date] = key.split(' ');
    const capacity = dayCapacity(facts.centers.get(centerId!)!, date!);
    if (minutes > capacity) problems.push(`${facts.centers.get(centerId!)!.code} unit ${unit} on ${date}: ${minutes} minutes of work, capacity ${capacity}`);
  }
  for (const [key, segments] of busy) {
    segments.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < segments.length; i++) if (segments[i]![0] < segments[i - 1]![1]) problems.push(`${key}: two operations overlap at ${new Date(segments[i]![0]).toISOString()}`);
  }
  // Routings: every made-to-order line has its routing's operations, in order, one after the other.
  const lastEnd = new Map<string, string>();
  for (const line of facts.lines) {
    const routing = facts.routings.get(line.product_id);
    if (routing) {
      const mine = run.operations.filter((o) => o.order_line_id === line.id).sort((a, b) => a.step - b.step);
      if (mine.length !== routing.length) problems.push(`line ${line.id}: ${mine.length} operations for a routing of ${routing.length}`);
      mine.forEach((op, k) => {
        const step = routing[k];
        if (!step) return;
        if (op.work_center_id !== step.work_center_id) problems.push(`line ${line.id} step ${k}: on the wrong work center`);
        if (op.minutes !== Math.ceil(step.setup_minutes + step.run_minutes * line.quantity)) problems.push(`line ${line.id} step ${k}: ${op.minutes} minutes`);
        if (k > 0 && op.start < mine[k - 1]!.end) problems.push(`line ${line.id} step ${k}: starts ${op.start} before step ${k - 1} ends ${mine[k - 1]!.end}`);
      });
      if (mine.length) lastEnd.set(line.id, plusDays(new Date(Date.parse(mine.at(-1)!.end) - 1).toISOString().slice(0, 10), facts.shippingDays.made));
    } else if (line.reserved_quantity > 0) {
      const pick = run.operations.find((o) => o.order_id === line.order_id && o.kind === 'pick_pack');
      if (!pick || ![...facts.pickPackOf.values()].includes(pick.work_center_id)) problems.push(`line ${line.id}: no pick / pack operation`);
      else lastEnd.set(line.id, plusDays(new Date(Date.parse(pick.end) - 1).toISOString().slice(0, 10), facts.shippingDays.picked));
    }
  }
  // The dates the run reports follow from its own operations.
  for (const order of run.orders) {
    for (const l of order.lines) {
      if (lastEnd.get(l.order_line_id) !== l.feasible_promise_date) problems.push(`line ${l.order_line_id}: feasible ${l.feasible_promise_date}, operations say ${lastEnd.get(l.order_line_id)}`);
      if (l.late !== (l.promised_date !== null && l.feasible_promise_date > l.promised_date)) problems.push(`line ${l.order_line_id}: late flag wrong`);
    }
  }
  return problems;
}
