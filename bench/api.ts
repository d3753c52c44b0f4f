/**
 * The foundation's request path, end to end over real HTTP: the HTTP stack alone, an authenticated read,
 * a write (insert + event), and the same write with an Idempotency-Key. Both backends, one run, so the
 * figures compare as ratios. `npm run bench -- api [--seconds N] [--connections N]`
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { BACKENDS, startTestServer } from '../test/harness';

interface Row {
  backend: string;
  scenario: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  non2xx: number;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

export async function benchApi(): Promise<Row[]> {
  const seconds = argument('seconds', 5);
  const connections = argument('connections', 10);
  const rows: Row[] = [];
  for (const backend of BACKENDS) {
    const omc = await startTestServer(backend);
    const auth = { authorization: `Bearer ${omc.adminKey}`, 'content-type': 'application/json' };
    const created = await omc.call('POST', '/v1/customers', { body: { name: 'Bench Read', tier: 'key', currency: 'EUR' } });
    const customer = JSON.stringify({ name: 'Bench Customer', tier: 'standard', currency: 'EUR', credit_limit: { amount: 100_000, currency: 'EUR' } });
    const scenarios: [string, autocannon.Options][] = [
      ['GET /health', { url: `${omc.url}/health` }],
      ['GET /v1/customers/:id', { url: `${omc.url}/v1/customers/${created.body.id}`, headers: auth }],
      ['POST /v1/customers', { url: `${omc.url}/v1/customers`, method: 'POST', headers: auth, body: customer }],
      [
        'POST /v1/customers + Idempotency-Key',
        {
          url: `${omc.url}/v1/customers`,
          requests: [{ method: 'POST', headers: auth, body: customer, setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
        },
      ],
    ];
    for (const [scenario, options] of scenarios) {
      const result = await autocannon({ ...options, connections, duration: seconds });
      rows.push({
        backend,
        scenario,
        'req/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        non2xx: result.non2xx,
      });
    }
    await omc.stop();
  }
  return rows;
}
