/**
 * bench/fulfillment — ship-and-invoice throughput for orders of 5–15 lines, on PostgreSQL and on PGlite.
 *
 * Setup (not measured): 2 warehouses, a stocked catalog (every product at W1, three in four also at the
 * others, so that about half the orders reserve in two warehouses), customers each with a billing address in
 * DE, FR or CH (domestic VAT, reverse charge, export), the seller configured once; then a seeded stream of
 * TPC-C New-Order-shaped orders (NURand customers and products, 5–15 lines of 1–10 units) is entered with
 * placeOrder once per omc driver, so that all ship the same orders, confirmed with reservations.
 *
 * What it measures, at the same concurrency, each driver working through its own copy of the orders:
 *   (c) raw SQL TPC-C Delivery (bench/fulfillment-delivery.ts) on the same orders loaded into TPC-C tables:
 *       what the database itself costs to close an order out;
 *   (a) omc in process, what a real day does per order: for each warehouse the order has stock reserved in,
 *       createShipment → pickShipment → packShipment → shipShipment, then one invoice for the order's
 *       shipments, issued at once (createInvoice issues unless asked for a draft) and read back as the route
 *       does. Each command is its own transaction, as the API runs them — they are different people's work
 *       at different times of day (picker, packer, dispatch, finance), so grouping them would flatter omc;
 *   (a1) a diagnostic, not how the API runs (left out with --short): (a) with all of an order's commands in
 *       one transaction;
 *   (b) the same over HTTP: POST /v1/orders/:id/shipments, /v1/shipments/:id/pick|pack|ship, /v1/invoices;
 *   (w) omc in waves, in process, as the batch routes run (POST /v1/shipments/batch, …/batch/pick|pack|ship,
 *       /v1/invoices/batch): `--wave` orders at a time, each step one transaction for the whole wave — how a
 *       warehouse moves volume (a wave released, picked, packed, collected by the carriers) and finance bills it.
 * Orders/s counts orders shipped and invoiced (for (c), delivered); latency is per order, all its steps (for
 * (w), per wave).
 * Each driver first does a warm-up slice of its orders (not measured, but checked). Afterwards the invariants
 * are checked: stock conserved, every shipped shipment line invoiced exactly once, invoice numbers gapless per
 * series and year, invoice totals = their lines (net, and VAT per category and rate), Delivery consistent. A
 * failed invariant makes the run exit non-zero.
 *
 * Run: `npm run bench -- fulfillment [--orders 400] [--concurrency 8] [--warehouses 2] [--products 5000]
 *       [--customers 1000] [--seed 42] [--wave 50] [--short]`  (--short: 30 orders per driver, waves of 10, a
 *       small catalog, no (a1): CI).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../src/access/roles';
import { createInvoice, createInvoices } from '../src/billing/commands/create-invoice';
import { updateBillingSettings } from '../src/billing/commands/update-billing-settings';
import { invoicesByIds } from '../src/billing/queries/get-invoice';
import type { Clock } from '../src/core/clock';
import type { Backend } from '../src/db/database';
import type { DB } from '../src/db/schema';
import { transact, type Tx } from '../src/db/transaction';
import { createShipment, createShipments } from '../src/fulfillment/commands/create-shipment';
import { packShipment, packShipments } from '../src/fulfillment/commands/pack-shipment';
import { pickShipment, pickShipments } from '../src/fulfillment/commands/pick-shipment';
import { shipShipment, shipShipments } from '../src/fulfillment/commands/ship-shipment';
import { startTestServer, type TestServer } from '../test/harness';
import { checkInvariants, type InvariantRow } from './fulfillment-checks';
import { argument, benchEveryBackend, countStatements, percentile, rawPglite, rawPostgres, statementsSoFar } from './common';
import { createDeliveryTables, deliveryDriver, loadDeliveryOrders } from './fulfillment-delivery';
import { asDelivery, enterOrders, FINANCE, loadCatalog, orderStream, WAREHOUSE, type Options, type PlacedOrder } from './fulfillment-load';

function readOptions(): Options & { short: boolean; wave: number } {
  const short = process.argv.includes('--short');
  const orders = argument('orders', short ? 30 : 400);
  return {
    short,
    orders,
    warmup: Math.max(6, Math.round(orders / 10)),
    concurrency: argument('concurrency', 8),
    warehouses: argument('warehouses', 2),
    products: argument('products', short ? 1_000 : 5_000),
    customers: argument('customers', short ? 300 : 1_000),
    seed: argument('seed', 42),
    wave: argument('wave', short ? 10 : 50),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Drivers: close one order out.

/** Closes an item out: one order, or (a wave) several — it returns how many orders. */
type Driver<T> = (item: T) => Promise<void | number>;

type Run = <T>(who: Actor, fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** (a) omc's commands in process, each in its own transaction. */
function inProcessDriver(db: Kysely<DB>, clock: Clock): Driver<PlacedOrder> {
  return closeOut((who, fn) => transact(db, (trx) => fn({ db: trx, now: clock.now(), actor: who, requestId: null })));
}

/**
 * (a1) The same commands, all of one order in one transaction: not how the API runs them, but it shows how
 * much of the gap to (c) is the number of transactions (each a round of BEGIN, COMMIT and, on PostgreSQL, a
 * WAL flush) rather than the work inside them.
 */
function oneTransactionDriver(db: Kysely<DB>, clock: Clock): Driver<PlacedOrder> {
  return (order) => transact(db, (trx) => closeOut((who, fn) => fn({ db: trx, now: clock.now(), actor: who, requestId: null }))(order));
}

function closeOut(run: Run): Driver<PlacedOrder> {
  return async (order) => {
    const shipmentIds: string[] = [];
    for (const warehouse of order.warehouses) {
      const shipment = await run(WAREHOUSE, (tx) => createShipment(tx, order.id, { warehouse_id: warehouse }));
      await run(WAREHOUSE, (tx) => pickShipment(tx, shipment.id));
      await run(WAREHOUSE, (tx) => packShipment(tx, shipment.id));
      await run(WAREHOUSE, (tx) => shipShipment(tx, shipment.id, { carrier: 'DHL', tracking_number: `JD${shipment.id.slice(-12)}`, packages: 1 }));
      shipmentIds.push(shipment.id);
    }
    await run(FINANCE, async (tx) => invoicesByIds(tx.db, [await createInvoice(tx, { shipmentIds })], tx.now));
  };
}

/**
 * (w) omc in waves, in process: `wave` orders at a time, each step one transaction for the whole wave, as the
 * batch routes run them — per warehouse a wave of pick lists, then one pick, one pack, one dispatch for all
 * the wave's shipments, then finance's invoices (one per order, as (a) makes them) issued together.
 */
function waveDriver(db: Kysely<DB>, clock: Clock): Driver<PlacedOrder[]> {
  const run: Run = (who, fn) => transact(db, (trx) => fn({ db: trx, now: clock.now(), actor: who, requestId: null }));
  return async (orders) => {
    const shipments: { id: string; order_id: string }[] = [];
    for (const warehouse of [...new Set(orders.flatMap((o) => o.warehouses))].sort()) {
      const here = orders.filter((o) => o.warehouses.includes(warehouse)).map((o) => ({ orderId: o.id }));
      shipments.push(...(await run(WAREHOUSE, (tx) => createShipments(tx, warehouse, here))));
    }
    const ids = shipments.map((s) => s.id);
    await run(WAREHOUSE, (tx) => pickShipments(tx, ids));
    await run(WAREHOUSE, (tx) => packShipments(tx, ids));
    await run(WAREHOUSE, (tx) => shipShipments(tx, ids.map((id) => ({ shipmentId: id, carrier: 'DHL', tracking_number: `JD${id.slice(-12)}`, packages: 1 }))));
    const perOrder = orders.map((o) => ({ shipmentIds: shipments.filter((s) => s.order_id === o.id).map((s) => s.id) }));
    await run(FINANCE, async (tx) => invoicesByIds(tx.db, await createInvoices(tx, perOrder), tx.now));
    return orders.length;
  };
}

/** (b) omc over HTTP with the admin key; fetch keeps the connections alive. */
function httpDriver(omc: TestServer): Driver<PlacedOrder> {
  const headers = { authorization: `Bearer ${omc.adminKey}`, 'content-type': 'application/json' };
  const post = async (path: string, body: object, expected: number) => {
    const response = await fetch(`${omc.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`POST ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as { id: string };
  };
  return async (order) => {
    const shipmentIds: string[] = [];
    for (const warehouse of order.warehouses) {
      const { id } = await post(`/v1/orders/${order.id}/shipments`, { warehouse_id: warehouse }, 201);
      await post(`/v1/shipments/${id}/pick`, {}, 200);
      await post(`/v1/shipments/${id}/pack`, {}, 200);
      await post(`/v1/shipments/${id}/ship`, { carrier: 'DHL', tracking_number: `JD${id.slice(-12)}`, packages: 1 }, 200);
      shipmentIds.push(id);
    }
    await post('/v1/invoices', { shipment_ids: shipmentIds }, 201);
  };
}


// ---------------------------------------------------------------------------------------------------------
// Running a driver: `concurrency` workers take the next item until none is left.

interface Measured {
  done: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  latencies: number[];
  statements: number;
}

async function drive<T>(driver: Driver<T>, items: T[], concurrency: number): Promise<Measured> {
  const m: Measured = { done: 0, errors: 0, firstError: null, seconds: 0, latencies: [], statements: 0 };
  const statementsBefore = statementsSoFar();
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < items.length; n = next++) {
      const began = performance.now();
      try {
        const orders = (await driver(items[n]!)) ?? 1;
        m.latencies.push(performance.now() - began);
        m.done += orders;
      } catch (error) {
        m.errors++;
        m.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ...m, seconds: (performance.now() - start) / 1000, statements: statementsSoFar() - statementsBefore };
}

interface ResultRow {
  backend: string;
  driver: string;
  orders: number;
  'orders/s': number;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  errors: number;
  'stmts/order': number;
  'vs (c)': string;
}

function resultRow(backend: Backend, driver: string, m: Measured, baseline: number | null): ResultRow {
  const sorted = [...m.latencies].sort((x, y) => x - y);
  const rate = m.done / m.seconds;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    backend,
    driver,
    orders: m.done,
    'orders/s': Math.round(rate * 10) / 10,
    'p50 ms': round(percentile(sorted, 50)),
    'p95 ms': round(percentile(sorted, 95)),
    'p99 ms': round(percentile(sorted, 99)),
    errors: m.errors,
    'stmts/order': Math.round((m.statements / Math.max(1, m.done + m.errors)) * 10) / 10,
    'vs (c)': baseline ? (rate / baseline).toFixed(2) : '1.00',
  };
}

// ---------------------------------------------------------------------------------------------------------
// One backend: set up, run (c), (a), (b), check the invariants.

async function benchBackend(backend: Backend, options: Options & { short: boolean; wave: number }): Promise<{ results: ResultRow[]; invariants: InvariantRow[] }> {
  const omc = await startTestServer(backend);
  const { db } = omc.server.database;
  const raw = backend === 'postgres' ? await rawPostgres(db, options.concurrency) : rawPglite(db);
  const log = (text: string) => process.stderr.write(`[fulfillment] ${backend}: ${text}\n`);
  try {
    let began = performance.now();
    await loadCatalog(db, options, omc.clock.now());
    await transact(db, (trx) =>
      updateBillingSettings({ db: trx, now: omc.clock.now(), actor: FINANCE, requestId: null }, {
        legal_name: 'Bench Maschinenbau GmbH',
        vat_id: 'DE123456789',
        address_line1: 'Industriestraße 7',
        city: 'Bremen',
        postal_code: '28199',
        country: 'DE',
      }),
    );
    const stream = orderStream(options, options.warmup + options.orders);
    // One copy of the stream per omc driver, entered interleaved so that each copy meets the same stock.
    const copies = options.short ? 3 : 4;
    const [forInProcess, forHttp, forWaves, forOneTransaction] = await enterOrders(db, omc.clock, stream, copies, options.concurrency);
    await createDeliveryTables(db);
    const districts = await loadDeliveryOrders(db, stream.map(asDelivery), omc.clock.now());
    log(`loaded and entered ${copies * stream.length} orders in ${Math.round(performance.now() - began)} ms`);

    const deliver = deliveryDriver(raw.withConnection, () => omc.clock.now());
    let delivered = 0;
    const countingDelivery: Driver<(typeof districts)[number]> = async (d) => {
      if (!(await deliver(d))) throw new Error(`district ${d.warehouse}/${d.district} had nothing to deliver`);
      delivered++;
    };
    // Each driver: a warm-up slice of its items (not measured), then the rest, measured.
    const stage = <T>(name: string, key: 'raw' | 'omc', driver: Driver<T>, items: T[], warmup = options.warmup) => ({
      name,
      key,
      warm: () => drive(driver, items.slice(0, warmup), options.concurrency),
      measure: () => drive(driver, items.slice(warmup), options.concurrency),
    });
    // The waves' items: the same warm-up orders and measured orders, `wave` at a time.
    const waves = [...chunks(forWaves!.slice(0, options.warmup), options.wave), ...chunks(forWaves!.slice(options.warmup), options.wave)];
    const drivers = [
      stage('(c) raw SQL Delivery', 'raw', countingDelivery, districts),
      stage('(a) omc in process', 'omc', inProcessDriver(db, omc.clock), forInProcess!),
      ...(options.short ? [] : [stage('(a1) (a) in 1 transaction', 'omc', oneTransactionDriver(db, omc.clock), forOneTransaction!)]),
      stage('(b) omc over HTTP', 'omc', httpDriver(omc), forHttp!),
      stage(`(w) omc in waves of ${options.wave}`, 'omc', waveDriver(db, omc.clock), waves, Math.ceil(options.warmup / options.wave)),
    ];
    const results: ResultRow[] = [];
    const done = { raw: 0, omc: 0 };
    const errors: string[] = [];
    let baseline: number | null = null;
    for (const { name, key, warm: warmUp, measure } of drivers) {
      // Fresh statistics for each driver, as autovacuum keeps them on a live database: the drivers before it
      // grew the tables from nothing, and plans made for empty tables would be this driver's cost, not its work.
      await sql`analyze`.execute(db);
      began = performance.now();
      const warm = await warmUp();
      const measured = await measure();
      done[key] += warm.done + measured.done;
      for (const m of [warm, measured]) if (m.firstError) errors.push(`${name}: ${m.errors} errors, first: ${m.firstError}`);
      results.push(resultRow(backend, name, measured, baseline));
      if (key === 'raw') baseline = measured.done / measured.seconds;
      log(`${name} done in ${Math.round(performance.now() - began)} ms`);
    }
    const invariants = await checkInvariants(backend, db, { shippedAndInvoiced: done.omc, delivered });
    for (const e of errors) invariants.push({ backend, invariant: 'no unexpected errors', found: e, result: 'FAIL' });
    return { results, invariants };
  } finally {
    await raw.close();
    await omc.stop();
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

export async function benchFulfillment(): Promise<InvariantRow[]> {
  const options = readOptions();
  countStatements();
  process.stdout.write(
    `warehouses ${options.warehouses}, products ${options.products}, customers ${options.customers}, ` +
      `${options.orders} orders per driver (+${options.warmup} warm-up), ${options.concurrency} workers, seed ${options.seed}; ` +
      `load average ${loadavg()[0]!.toFixed(1)} on this machine at the start\n`,
  );
  return benchEveryBackend('fulfillment', (backend) => benchBackend(backend, options), () => 'a/c >= 0.50');
}
