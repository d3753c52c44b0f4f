/**
 * bench/priority — rank 100,000 open orders by the priority policy, as `GET /v1/priority/queue` and
 * `GET /v1/orders/{id}/priority` do on every call (scores are computed from the data, never stored).
 * `npm run bench -- priority [--orders N] [--runs N]`
 */
import { sql } from 'kysely';
import { currentPolicy } from '../src/prioritization/queries/current-policy';
import { rankOrders } from '../src/prioritization/queries/rank-orders';
import { BACKENDS, startTestServer } from '../test/harness';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchPriority(): Promise<object[]> {
  const orders = argument('orders', 100_000);
  const runs = argument('runs', 5);
  const rows: object[] = [];
  for (const backend of BACKENDS) {
    const omc = await startTestServer(backend);
    const { db } = omc.server.database;
    // 1,000 customers of all tiers and `orders` open orders with varied totals, costs, promises and ages.
    await sql`insert into customers (id, name, tier, currency, status, created_at, updated_at)
      select 'cus_' || lpad(i::text, 26, '0'), 'Customer ' || i, (array['strategic','key','standard'])[1 + i % 3], 'EUR', 'active', now(), now()
      from generate_series(1, 1000) i`.execute(db);
    await sql`insert into orders (id, number, customer_id, status, currency, total_amount, cost_amount, promised_date, channel, created_by, created_at, updated_at)
      select 'ord_' || lpad(i::text, 26, '0'), 'SO-B-' || i, 'cus_' || lpad((1 + i % 1000)::text, 26, '0'), 'confirmed', 'EUR',
             1000 + (i * 7919) % 5000000, case when i % 10 = 0 then null else (1000 + (i * 7919) % 5000000) * 6 / 10 end,
             current_date + (i % 60) - 10, 'api', 'bench', now() - make_interval(mins => i % 40000), now()
      from generate_series(1, ${orders}) i`.execute(db);
    await sql`analyze`.execute(db);
    const { policy } = await currentPolicy(db);
    const times: number[] = [];
    let ranked = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      ranked = (await rankOrders(db, new Date(), policy)).length;
      times.push(performance.now() - started);
    }
    const started = performance.now();
    const page = await omc.call('GET', '/v1/priority/queue?limit=50');
    const httpMs = performance.now() - started;
    if (page.status !== 200 || ranked !== orders) throw new Error(`ranked ${ranked} of ${orders} (HTTP ${page.status})`);
    rows.push({ backend, orders: ranked, 'rank median ms': Math.round(median(times)), 'rank min ms': Math.round(Math.min(...times)), 'GET /v1/priority/queue ms': Math.round(httpMs) });
    await omc.stop();
  }
  return rows;
}
