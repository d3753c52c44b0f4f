/**
 * bench/entry — order entry under a TPC-C-shaped New-Order load, on PostgreSQL and on PGlite.
 *
 * What it measures: the same stream of orders (a customer by NURand(1023), 5–15 lines of NURand(8191)
 * products, 1–10 units each, the customer's home warehouse preferred, 1 % of orders ending in an unknown
 * product that must roll back entirely) entered three ways at the same concurrency on the same database:
 *   (c) a raw-SQL New-Order of ours, client-side statements as TPC-C does them: what the database itself costs;
 *   (a) omc's entry command in process: transact(db, trx => placeOrder(tx, input));
 *   (b) omc over HTTP: POST /v1/orders with the admin key.
 * For each: orders/s, p50/p95/p99 latency, unexpected errors and expected rollbacks, then the ratios a/c and
 * b/c (goals on PostgreSQL: a/c ≥ 0.7, b/c ≥ 0.45). Afterwards the invariants are checked on each database:
 * no oversell, no duplicate order number, rolled-back orders left nothing, stock = its movements. A failed
 * invariant makes the run exit non-zero.
 *
 * Run: `npm run bench -- entry [--seconds 10] [--concurrency 8] [--warehouses 2] [--products 10000]
 *       [--customers 1000] [--seed 42] [--short]`  (--short: 2 s per driver and a small catalog, for CI).
 * PostgreSQL is used when it answers at OMC_TEST_DATABASE_URL or 127.0.0.1:5432 (see test/harness.ts).
 *
 * Latency covers every finished attempt (orders and expected rollbacks); orders/s counts created orders.
 * Each driver first warms up (not measured); warm-up orders are counted for the invariants.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../src/access/roles';
import type { Clock } from '../src/core/clock';
import { AppError } from '../src/core/errors';
import { newId } from '../src/core/ids';
import type { Backend } from '../src/db/database';
import type { DB } from '../src/db/schema';
import { transact } from '../src/db/transaction';
import { placeOrder } from '../src/entry/commands/place-order';
import type { PlaceOrderInput } from '../src/entry/schemas';
import { startTestServer, type TestServer } from '../test/harness';
import { argument, benchEveryBackend, benchId, countStatements, percentile, rawPglite, rawPostgres, seededRandom, statementsSoFar, type RawConnection, type WithConnection } from './common';

// ---------------------------------------------------------------------------------------------------------
// Options

interface Options {
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  warehouses: number;
  products: number;
  customers: number;
  seed: number;
}

function readOptions(): Options {
  const short = process.argv.includes('--short');
  const seconds = argument('seconds', short ? 2 : 10);
  return {
    seconds,
    warmupSeconds: Math.min(1, seconds / 4),
    concurrency: argument('concurrency', 8),
    warehouses: argument('warehouses', 2),
    products: argument('products', short ? 2_000 : 10_000),
    customers: argument('customers', short ? 300 : 1_000),
    seed: argument('seed', 42),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ids. The bench's rows get ids of the right prefix and shape (`prd_` + 26 characters of the ULID alphabet,
// which the API's schemas check), made of the row's number padded with zeros: unique, not time-sortable.

const productId = (i: number) => benchId('prd', i);
const customerId = (i: number) => benchId('cus', i);
const warehouseId = (i: number) => benchId('whs', i);
/** Well-formed, never loaded: the last line of the 1 % of orders that must roll back. */
const UNKNOWN_PRODUCT = `prd_${'z'.repeat(26)}`;

/** Who the in-process driver acts as: a CSR, as a person entering orders at the console would be. */
const IN_PROCESS_ACTOR: Actor = { id: 'usr_bench_in_process', role: 'csr', customerId: null, name: 'bench (in process)' };
/** What the raw driver writes as orders.created_by, so the invariants can tell its orders apart. */
const RAW_ACTOR = 'bench_raw_sql';

// ---------------------------------------------------------------------------------------------------------
// The order stream: TPC-C's New-Order input, from a seeded generator so every driver gets the same orders.

interface BenchLine {
  productId: string;
  quantity: number;
}

interface BenchOrder {
  customerId: string;
  warehouseId: string;
  lines: BenchLine[];
  /** Ends in an unknown product: must be refused and leave nothing. */
  invalid: boolean;
}

function orderStream(options: Options): () => BenchOrder {
  const random = seededRandom(options.seed);
  const rand = (x: number, y: number) => x + Math.floor(random() * (y - x + 1));
  // TPC-C 2.1.6: NURand(A, x, y) = (((rand(0, A) | rand(x, y)) + C) % (y - x + 1)) + x, C a run-time constant.
  const constants = new Map<number, number>();
  const nurand = (A: number, x: number, y: number) => {
    if (!constants.has(A)) constants.set(A, rand(0, A));
    return (((rand(0, A) | rand(x, y)) + constants.get(A)!) % (y - x + 1)) + x;
  };
  return () => {
    const customer = nurand(1023, 1, options.customers);
    const invalid = rand(1, 100) === 1;
    const lines = Array.from({ length: rand(5, 15) }, () => ({ productId: productId(nurand(8191, 1, options.products)), quantity: rand(1, 10) }));
    if (invalid) lines[lines.length - 1]!.productId = UNKNOWN_PRODUCT;
    return { customerId: customerId(customer), warehouseId: warehouseId((customer % options.warehouses) + 1), lines, invalid };
  };
}

function orderBody(order: BenchOrder): PlaceOrderInput {
  return {
    customer_id: order.customerId,
    preferred_warehouse_id: order.warehouseId,
    lines: order.lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Setup: bulk data straight into the tables, set-based, keeping omc's invariants (every stock row has the
// adjustment movement that explains its on hand; ids unique with the right prefixes).

const ON_HAND = 100_000;

async function loadData(db: Kysely<DB>, options: Options, now: Date): Promise<void> {
  const { warehouses: W, products: N, customers: C } = options;
  const id = (prefix: string, n: RawBuilder<unknown>) => sql`${prefix} || '_' || lpad((${n})::text, 26, '0')`;
  await sql`
    insert into warehouses (id, code, name, handling_days, transit_days, created_at, updated_at)
    select ${id('whs', sql`w`)}, 'W' || w, 'Bench warehouse ' || w, 1, 1 + w, ${now}, ${now}
    from generate_series(1, ${W}::int) w`.execute(db);
  await sql`
    insert into products (id, sku, name, kind, currency, list_price_amount, standard_cost_amount, lead_time_days, created_at, updated_at)
    select ${id('prd', sql`i`)}, 'BENCH-' || i, 'Bench item ' || i, 'stocked', 'EUR', 100 + (i * 7919) % 9901, null, 14, ${now}, ${now}
    from generate_series(1, ${N}::int) i`.execute(db);
  // No credit limit, so nothing goes on hold (omc then also skips summing the customer's open orders).
  await sql`
    insert into customers (id, name, tier, currency, credit_limit_amount, status, created_at, updated_at)
    select ${id('cus', sql`i`)}, 'Bench customer ' || i, 'standard', 'EUR', null, 'active', ${now}, ${now}
    from generate_series(1, ${C}::int) i`.execute(db);
  await sql`
    insert into stock (product_id, warehouse_id, on_hand, reserved, updated_at)
    select ${id('prd', sql`p`)}, ${id('whs', sql`w`)}, ${ON_HAND}, 0, ${now}
    from generate_series(1, ${N}::int) p cross join generate_series(1, ${W}::int) w`.execute(db);
  await sql`
    insert into stock_movements (id, product_id, warehouse_id, kind, on_hand_delta, reserved_delta, reason, actor, at)
    select ${id('mov', sql`(p - 1) * ${W}::int + w`)}, ${id('prd', sql`p`)}, ${id('whs', sql`w`)}, 'adjustment', ${ON_HAND}, 0, 'bench load', 'bench', ${now}
    from generate_series(1, ${N}::int) p cross join generate_series(1, ${W}::int) w`.execute(db);
  await sql`analyze`.execute(db);
}

// ---------------------------------------------------------------------------------------------------------
// Drivers: enter one order; 'ok' when created, 'rollback' when refused as expected; anything else throws.

type Outcome = 'ok' | 'rollback';
type Driver = (order: BenchOrder) => Promise<Outcome>;

/** (a) omc's entry command, in process, on the server's own database object. */
function inProcessDriver(db: Kysely<DB>, clock: Clock): Driver {
  return async (order) => {
    try {
      await transact(db, (trx) => placeOrder({ db: trx, now: clock.now(), actor: IN_PROCESS_ACTOR, requestId: null }, orderBody(order)));
    } catch (error) {
      if (order.invalid && error instanceof AppError && error.code === 'invalid_request') return 'rollback';
      throw error;
    }
    if (order.invalid) throw new Error('an order with an unknown product was accepted');
    return 'ok';
  };
}

/** (b) omc over HTTP; fetch keeps the connections alive. */
function httpDriver(omc: TestServer): Driver {
  const headers = { authorization: `Bearer ${omc.adminKey}`, 'content-type': 'application/json' };
  return async (order) => {
    const response = await fetch(`${omc.url}/v1/orders`, { method: 'POST', headers, body: JSON.stringify(orderBody(order)) });
    const text = await response.text();
    if (response.status === 201 && !order.invalid) return 'ok';
    if (response.status === 400 && order.invalid) return 'rollback';
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  };
}

/**
 * (c) Our raw-SQL New-Order: client-side statements, one round trip each, as TPC-C's New-Order does them.
 * The baseline of what the database itself costs. Honest and minimal on purpose: it reserves stock with a
 * conditional update and writes the order and its lines, but it writes NO events, NO stock movements and
 * NO reservation rows, takes no customer lock and makes no promise dates — everything omc does on top.
 * Stock rows are updated in product order (as most TPC-C kits sort items) so that concurrent orders do
 * not deadlock; a deadlock or serialization failure is retried, as omc's transact() does.
 */
function rawSqlDriver(withConnection: WithConnection, now: () => Date): Driver {
  return (order) =>
    withConnection(async (conn) => {
      for (let attempt = 1; ; attempt++) {
        await conn.query('begin');
        try {
          const outcome = await rawNewOrder(conn, order, now());
          await conn.query(outcome === 'ok' ? 'commit' : 'rollback');
          return outcome;
        } catch (error) {
          await conn.query('rollback').catch(() => {});
          const code = (error as { code?: string }).code;
          if (attempt >= 4 || (code !== '40P01' && code !== '40001')) throw error;
        }
      }
    });
}

async function rawNewOrder(conn: RawConnection, order: BenchOrder, now: Date): Promise<Outcome> {
  const [customer] = await conn.query('select id, currency from customers where id = $1 and status = $2', [order.customerId, 'active']);
  if (!customer) throw new Error(`no customer ${order.customerId}`);
  const prices: number[] = [];
  for (const line of order.lines) {
    const [item] = await conn.query('select list_price_amount from products where id = $1 and active', [line.productId]);
    if (!item) return 'rollback'; // TPC-C: an unused item number rolls the whole New-Order back
    prices.push(Number(item.list_price_amount));
  }
  const reserved = order.lines.map(() => 0);
  const byProduct = order.lines.map((_, i) => i).sort((x, y) => order.lines[x]!.productId.localeCompare(order.lines[y]!.productId));
  for (const i of byProduct) {
    const { productId: product, quantity } = order.lines[i]!;
    const updated = await conn.query(
      'update stock set reserved = reserved + $3, updated_at = $4 where product_id = $1 and warehouse_id = $2 and on_hand - reserved >= $3 returning on_hand, reserved',
      [product, order.warehouseId, quantity, now],
    );
    reserved[i] = updated.length > 0 ? quantity : 0; // not enough: backordered
  }
  const [sequence] = await conn.query(`select nextval('order_number_seq')::int as n`);
  const number = `SO-${now.getUTCFullYear()}-${String(sequence!.n).padStart(6, '0')}`;
  const orderId = newId('order');
  const total = order.lines.reduce((s, l, i) => s + l.quantity * prices[i]!, 0);
  await conn.query(
    `insert into orders (id, number, customer_id, status, currency, total_amount, channel, created_by, created_at, updated_at)
     values ($1, $2, $3, 'confirmed', $4, $5, 'api', $6, $7, $7)`,
    [orderId, number, order.customerId, String(customer.currency).trim(), total, RAW_ACTOR, now],
  );
  const params: unknown[] = [];
  const rows = order.lines.map((l, i) => {
    const values = [newId('orderLine'), orderId, i + 1, l.productId, l.quantity, prices[i]!, l.quantity * prices[i]!, 'list_price', reserved[i]!, l.quantity - reserved[i]!];
    params.push(...values);
    return `(${values.map((_, k) => `$${params.length - values.length + k + 1}`).join(', ')})`;
  });
  await conn.query(
    `insert into order_lines (id, order_id, line_no, product_id, quantity, unit_price_amount, total_amount, price_source, reserved_quantity, backordered_quantity)
     values ${rows.join(', ')}`,
    params,
  );
  return 'ok';
}



// ---------------------------------------------------------------------------------------------------------
// Running a driver: closed loop, `concurrency` workers taking the next order of the stream until time is up.

interface Tally {
  ok: number;
  rollbacks: number;
  errors: number;
  /** Lines of the orders created: what order_lines must hold. */
  lines: number;
  firstError: string | null;
}

interface Measured extends Tally {
  seconds: number;
  latencies: number[];
  statements: number;
}

const emptyTally = (): Tally => ({ ok: 0, rollbacks: 0, errors: 0, lines: 0, firstError: null });

async function drive(driver: Driver, next: () => BenchOrder, concurrency: number, seconds: number, tally: Tally): Promise<Measured> {
  const latencies: number[] = [];
  const counted = emptyTally();
  const statementsBefore = statementsSoFar();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const order = next();
      const began = performance.now();
      try {
        const outcome = await driver(order);
        latencies.push(performance.now() - began);
        if (outcome === 'ok') {
          counted.ok++;
          counted.lines += order.lines.length;
        } else counted.rollbacks++;
      } catch (error) {
        counted.errors++;
        counted.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  tally.ok += counted.ok;
  tally.rollbacks += counted.rollbacks;
  tally.errors += counted.errors;
  tally.lines += counted.lines;
  tally.firstError ??= counted.firstError;
  return { ...counted, seconds: (performance.now() - start) / 1000, latencies, statements: statementsSoFar() - statementsBefore };
}

interface ResultRow {
  backend: string;
  driver: string;
  'orders/s': number;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  errors: number;
  rollbacks: number;
  'stmts/order': number;
  'vs (c)': string;
}

function resultRow(backend: Backend, driver: string, m: Measured, baseline: number | null): ResultRow {
  const sorted = [...m.latencies].sort((x, y) => x - y);
  const rate = m.ok / m.seconds;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    backend,
    driver,
    'orders/s': Math.round(rate),
    'p50 ms': round(percentile(sorted, 50)),
    'p95 ms': round(percentile(sorted, 95)),
    'p99 ms': round(percentile(sorted, 99)),
    errors: m.errors,
    rollbacks: m.rollbacks,
    'stmts/order': Math.round((m.statements / (m.ok + m.rollbacks + m.errors)) * 10) / 10,
    'vs (c)': baseline ? (rate / baseline).toFixed(2) : '1.00',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Invariants, checked on each database after the three runs.
//
// (c) reserves stock without writing movements, so after it runs `reserved = sum(reserved_delta)` no longer
// holds for the rows it touched. Right after (c) — before omc runs — we record each stock row's reserved
// units that no movement explains (`bench_raw_reserved`) and check that they add up to the reserved units
// of (c)'s order lines. After (a) and (b), every stock row must have exactly that much unexplained and no
// more: whatever omc reserved is matched by its movements (and by its active reservations). on_hand = the
// sum of movements holds for every row, since (c) never touches on_hand.

async function recordRawReservations(db: Kysely<DB>): Promise<{ unexplained: number; rawLines: number }> {
  await sql`
    create table bench_raw_reserved as
    select s.product_id, s.warehouse_id, s.reserved - coalesce(sum(m.reserved_delta), 0)::int as raw
    from stock s left join stock_movements m on m.product_id = s.product_id and m.warehouse_id = s.warehouse_id
    group by s.product_id, s.warehouse_id, s.reserved`.execute(db);
  const { rows } = await sql<{ unexplained: number; raw_lines: number }>`
    select (select coalesce(sum(raw), 0) from bench_raw_reserved)::int as unexplained,
           (select coalesce(sum(l.reserved_quantity), 0) from order_lines l join orders o on o.id = l.order_id
             where o.created_by = ${RAW_ACTOR})::int as raw_lines`.execute(db);
  return { unexplained: rows[0]!.unexplained, rawLines: rows[0]!.raw_lines };
}

interface InvariantRow {
  backend: string;
  invariant: string;
  found: string;
  result: 'pass' | 'FAIL';
}

async function count(db: Kysely<DB>, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select (${query})::int as n`.execute(db);
  return rows[0]!.n;
}

async function checkInvariants(
  backend: Backend,
  db: Kysely<DB>,
  tallies: { raw: Tally; inProcess: Tally; http: Tally },
  rawRecord: { unexplained: number; rawLines: number },
): Promise<InvariantRow[]> {
  const rows: InvariantRow[] = [];
  const check = (invariant: string, found: string, ok: boolean) => rows.push({ backend, invariant, found, result: ok ? 'pass' : 'FAIL' });

  const oversold = await count(db, sql`select count(*) from stock where reserved > on_hand`);
  check('no oversell: reserved <= on_hand', `${oversold} rows over`, oversold === 0);

  const duplicates = await count(db, sql`select count(*) - count(distinct number) from orders`);
  check('no duplicate order number', `${duplicates} duplicates`, duplicates === 0);

  const byDriver = await sql<{ raw: number; in_process: number; total: number }>`
    select count(*) filter (where created_by = ${RAW_ACTOR})::int as raw,
           count(*) filter (where created_by = ${IN_PROCESS_ACTOR.id})::int as in_process,
           count(*)::int as total from orders`.execute(db);
  const { raw, in_process, total } = byDriver.rows[0]!;
  const http = total - raw - in_process;
  const { raw: tRaw, inProcess: tIn, http: tHttp } = tallies;
  check('orders = created by (c)+(a)+(b)', `${raw}+${in_process}+${http} vs ${tRaw.ok}+${tIn.ok}+${tHttp.ok}`, raw === tRaw.ok && in_process === tIn.ok && http === tHttp.ok);

  const lines = await count(db, sql`select count(*) from order_lines`);
  const expectedLines = tRaw.lines + tIn.lines + tHttp.lines;
  check('order lines = lines of created orders', `${lines} vs ${expectedLines}`, lines === expectedLines);

  const unknown = await count(db, sql`select (select count(*) from order_lines where product_id = ${UNKNOWN_PRODUCT}) + (select count(*) from reservations where product_id = ${UNKNOWN_PRODUCT})`);
  const orphans = await count(
    db,
    sql`select (select count(*) from stock_movements m where m.order_id is not null and not exists (select 1 from orders o where o.id = m.order_id))
             + (select count(*) from events e where e.order_id is not null and not exists (select 1 from orders o where o.id = e.order_id))`,
  );
  const received = await count(db, sql`select count(*) from events where type = 'order.received'`);
  check(
    'rollbacks left nothing',
    `${unknown} unknown-product rows, ${orphans} orphan movements/events, ${received} order.received vs ${tIn.ok + tHttp.ok}`,
    unknown === 0 && orphans === 0 && received === tIn.ok + tHttp.ok,
  );

  const movementSums = sql`select product_id, warehouse_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from stock_movements group by 1, 2`;
  const onHandOff = await count(
    db,
    sql`select count(*) from stock s left join (${movementSums}) m using (product_id, warehouse_id) where s.on_hand <> coalesce(m.on_hand, 0)`,
  );
  check('on_hand = sum of movements (every row)', `${onHandOff} rows off`, onHandOff === 0);

  check('(c) reserved = its lines (recorded after c)', `${rawRecord.unexplained} vs ${rawRecord.rawLines}`, rawRecord.unexplained === rawRecord.rawLines);

  const reservedOff = await count(
    db,
    sql`select count(*) from stock s
        left join (${movementSums}) m using (product_id, warehouse_id)
        left join bench_raw_reserved b using (product_id, warehouse_id)
        where s.reserved <> coalesce(m.reserved, 0) + coalesce(b.raw, 0)`,
  );
  check("reserved = movements (+ (c)'s, every row)", `${reservedOff} rows off`, reservedOff === 0);

  const openOff = await count(
    db,
    sql`select count(*) from stock s
        left join (select product_id, warehouse_id, sum(quantity) as q from reservations where source = 'stock' and status = 'active' group by 1, 2) r
          using (product_id, warehouse_id)
        left join bench_raw_reserved b using (product_id, warehouse_id)
        where s.reserved <> coalesce(r.q, 0) + coalesce(b.raw, 0)`,
  );
  check("reserved = active reservations (+ (c)'s)", `${openOff} rows off`, openOff === 0);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// One backend: set up, run (c), (a), (b) on the same seed, check the invariants.

async function benchBackend(backend: Backend, options: Options): Promise<{ results: ResultRow[]; invariants: InvariantRow[] }> {
  const omc = await startTestServer(backend);
  const { db } = omc.server.database;
  const raw = backend === 'postgres' ? await rawPostgres(omc.server.database.db, options.concurrency) : rawPglite(db);
  try {
    const loading = performance.now();
    await loadData(db, options, omc.clock.now());
    process.stderr.write(`[entry] ${backend}: loaded in ${Math.round(performance.now() - loading)} ms\n`);

    const drivers: [string, keyof typeof tallies, Driver][] = [
      ['(c) raw SQL', 'raw', rawSqlDriver(raw.withConnection, () => omc.clock.now())],
      ['(a) omc in process', 'inProcess', inProcessDriver(db, omc.clock)],
      ['(b) omc over HTTP', 'http', httpDriver(omc)],
    ];
    const tallies = { raw: emptyTally(), inProcess: emptyTally(), http: emptyTally() };
    const results: ResultRow[] = [];
    let rawRecord = { unexplained: 0, rawLines: 0 };
    let baseline: number | null = null;
    for (const [name, key, driver] of drivers) {
      const next = orderStream(options); // the same seed, so the same orders, for every driver
      await drive(driver, next, options.concurrency, options.warmupSeconds, tallies[key]);
      const measured = await drive(driver, next, options.concurrency, options.seconds, tallies[key]);
      if (measured.firstError) process.stderr.write(`[entry] ${backend} ${name}: ${measured.errors} errors, first: ${measured.firstError}\n`);
      results.push(resultRow(backend, name, measured, baseline));
      if (key === 'raw') {
        baseline = measured.ok / measured.seconds;
        rawRecord = await recordRawReservations(db);
      }
    }
    const invariants = await checkInvariants(backend, db, tallies, rawRecord);
    for (const [key, t] of Object.entries(tallies)) if (t.errors > 0) invariants.push({ backend, invariant: `no unexpected errors (${key})`, found: `${t.errors}: ${t.firstError}`, result: 'FAIL' });
    return { results, invariants };
  } finally {
    await raw.close();
    await omc.stop();
  }
}

export async function benchEntry(): Promise<InvariantRow[]> {
  const options = readOptions();
  countStatements();
  process.stdout.write(
    `warehouses ${options.warehouses}, products ${options.products}, customers ${options.customers}, ` +
      `${options.concurrency} workers, ${options.seconds} s per driver (+${options.warmupSeconds} s warm-up), seed ${options.seed}; ` +
      `load average ${loadavg()[0]!.toFixed(1)} on this machine at the start\n`,
  );
  return benchEveryBackend('entry', (backend) => benchBackend(backend, options), (backend) => (backend === 'postgres' ? 'a/c >= 0.70, b/c >= 0.45' : '—'));
}
