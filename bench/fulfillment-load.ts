/**
 * bench/fulfillment's setup, not measured: the catalog as bulk rows straight into omc's tables, set-based,
 * keeping omc's invariants (every stock row has the adjustment movement that explains its on hand; ids unique
 * with the right prefixes, shaped as the API's schemas check: prefix + 26 characters, here the row's number
 * padded with zeros); then the orders, entered with omc's own placeOrder.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../src/access/roles';
import type { Clock } from '../src/core/clock';
import type { DB } from '../src/db/schema';
import { transact } from '../src/db/transaction';
import { placeOrder } from '../src/entry/commands/place-order';
import type { DeliveryOrder } from './fulfillment-delivery';
import { benchId, seededRandom } from './common';

export interface Options {
  /** Orders each driver closes out, measured; `warmup` more go first, unmeasured. */
  orders: number;
  warmup: number;
  concurrency: number;
  warehouses: number;
  products: number;
  customers: number;
  seed: number;
}

export const productId = (i: number) => benchId('prd', i);
export const customerId = (i: number) => benchId('cus', i);
export const warehouseId = (i: number) => benchId('whs', i);
/** Product i's list price in cents, as loadCatalog sets it (the raw Delivery tables use the same amounts). */
export const listPrice = (i: number) => 100 + ((i * 7919) % 9901);

const ON_HAND = 100_000;

export async function loadCatalog(db: Kysely<DB>, options: Options, now: Date): Promise<void> {
  const { warehouses: W, products: N, customers: C } = options;
  const id = (prefix: string, n: RawBuilder<unknown>) => sql`${prefix} || '_' || lpad((${n})::text, 26, '0')`;
  await sql`
    insert into warehouses (id, code, name, handling_days, transit_days, created_at, updated_at)
    select ${id('whs', sql`w`)}, 'W' || w, 'Bench warehouse ' || w, 1, 1 + w, ${now}, ${now}
    from generate_series(1, ${W}::int) w`.execute(db);
  // Mostly standard-rated, every tenth at the reduced rate, a few exempt: invoices carry several VAT groups.
  await sql`
    insert into products (id, sku, name, kind, currency, list_price_amount, standard_cost_amount, lead_time_days, tax_category, created_at, updated_at)
    select ${id('prd', sql`i`)}, 'BENCH-' || i, 'Bench item ' || i, 'stocked', 'EUR', 100 + (i * 7919) % 9901, null, 14,
           case when i % 97 = 0 then 'exempt' when i % 10 = 0 then 'reduced' else 'standard' end, ${now}, ${now}
    from generate_series(1, ${N}::int) i`.execute(db);
  // No credit limit, so every order is confirmed. Seven in ten at home in DE, two in FR with a VAT id (reverse
  // charge), one in CH (export); half the German ones are businesses with a VAT id.
  await sql`
    insert into customers (id, name, tier, currency, credit_limit_amount, vat_id, status, created_at, updated_at)
    select ${id('cus', sql`i`)}, 'Bench customer ' || i, 'standard', 'EUR', null,
           case when i % 10 in (7, 8) then 'FR' || lpad(i::text, 11, '0') when i % 10 < 7 and i % 2 = 0 then 'DE' || lpad(i::text, 9, '0') end,
           'active', ${now}, ${now}
    from generate_series(1, ${C}::int) i`.execute(db);
  await sql`
    insert into customer_addresses (id, customer_id, kind, line1, city, postal_code, country, is_default, created_at)
    select ${id('adr', sql`i`)}, ${id('cus', sql`i`)}, 'billing', 'Benchstraße ' || i,
           case when i % 10 in (7, 8) then 'Lyon' when i % 10 = 9 then 'Basel' else 'Hamburg' end, lpad(i::text, 5, '0'),
           case when i % 10 in (7, 8) then 'FR' when i % 10 = 9 then 'CH' else 'DE' end, true, ${now}
    from generate_series(1, ${C}::int) i`.execute(db);
  // Every product is stocked at W1; three in four also at the other warehouses.
  const stocked = sql`generate_series(1, ${N}::int) p cross join generate_series(1, ${W}::int) w where w = 1 or p % 4 <> 0`;
  await sql`
    insert into stock (product_id, warehouse_id, on_hand, reserved, updated_at)
    select ${id('prd', sql`p`)}, ${id('whs', sql`w`)}, ${ON_HAND}, 0, ${now} from ${stocked}`.execute(db);
  await sql`
    insert into stock_movements (id, product_id, warehouse_id, kind, on_hand_delta, reserved_delta, reason, actor, at)
    select ${id('mov', sql`(p - 1) * ${W}::int + w`)}, ${id('prd', sql`p`)}, ${id('whs', sql`w`)}, 'adjustment', ${ON_HAND}, 0, 'bench load', 'bench', ${now}
    from ${stocked}`.execute(db);
  await sql`analyze`.execute(db);
}

// ---------------------------------------------------------------------------------------------------------
// The order stream, as bench/entry draws it (without its 1 % of invalid orders: every order here ships).

export interface StreamOrder {
  customer: number;
  warehouse: number;
  lines: { product: number; quantity: number }[];
}

export function orderStream(options: Options, count: number): StreamOrder[] {
  const random = seededRandom(options.seed);
  const rand = (x: number, y: number) => x + Math.floor(random() * (y - x + 1));
  // TPC-C 2.1.6: NURand(A, x, y) = (((rand(0, A) | rand(x, y)) + C) % (y - x + 1)) + x, C a run-time constant.
  const constants = new Map<number, number>();
  const nurand = (A: number, x: number, y: number) => {
    if (!constants.has(A)) constants.set(A, rand(0, A));
    return (((rand(0, A) | rand(x, y)) + constants.get(A)!) % (y - x + 1)) + x;
  };
  return Array.from({ length: count }, () => {
    const customer = nurand(1023, 1, options.customers);
    const lines = Array.from({ length: rand(5, 15) }, () => ({ product: nurand(8191, 1, options.products), quantity: rand(1, 10) }));
    return { customer, warehouse: (customer % options.warehouses) + 1, lines };
  });
}

/** The same order as TPC-C's tables hold it: the customer's home warehouse, a district of ten by customer. */
export const asDelivery = (o: StreamOrder): DeliveryOrder => ({
  warehouse: o.warehouse,
  district: (o.customer % 10) + 1,
  customer: o.customer,
  lineAmounts: o.lines.map((l) => l.quantity * listPrice(l.product)),
  lineQuantities: o.lines.map((l) => l.quantity),
  lineItems: o.lines.map((l) => l.product),
});

// ---------------------------------------------------------------------------------------------------------
// Actors: a CSR enters the orders; the warehouse ships; finance invoices.

const actor = (role: Actor['role'], name: string): Actor => ({ id: `usr_bench_${role}`, role, customerId: null, name: `bench (${name})` });
const CSR = actor('csr', 'order entry');
export const WAREHOUSE = actor('warehouse', 'warehouse');
export const FINANCE = actor('finance', 'finance');

export interface PlacedOrder {
  id: string;
  /** The warehouses the order has stock reserved in: one shipment each. */
  warehouses: string[];
  lines: number;
}

/** Enter every stream order `copies` times, in process, `concurrency` at a time; all must come out confirmed. */
export async function enterOrders(db: Kysely<DB>, clock: Clock, stream: StreamOrder[], copies: number, concurrency: number): Promise<PlacedOrder[][]> {
  const placed: PlacedOrder[][] = Array.from({ length: copies }, () => new Array<PlacedOrder>(stream.length));
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < stream.length * copies; n = next++) {
      const o = stream[Math.floor(n / copies)]!;
      const input = { customer_id: customerId(o.customer), preferred_warehouse_id: warehouseId(o.warehouse), lines: o.lines.map((l) => ({ product_id: productId(l.product), quantity: l.quantity })) };
      const order = await transact(db, (trx) => placeOrder({ db: trx, now: clock.now(), actor: CSR, requestId: null }, input));
      if (order.status !== 'confirmed') throw new Error(`order ${order.number} is ${order.status}, not confirmed`);
      const warehouses = new Set(order.lines.flatMap((l) => l.promise.filter((p) => p.source === 'stock').map((p) => p.warehouse_id!)));
      placed[n % copies]![Math.floor(n / copies)] = { id: order.id, warehouses: [...warehouses].sort(), lines: order.lines.length };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return placed;
}
