import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStatistics } from '../src/automation/sweeps';
import { startTestServer, type TestServer } from './harness';

/** PGlite runs no autovacuum: omc keeps its planner's statistics current itself (src/automation/sweeps.ts). */
describe('planner statistics on PGlite', () => {
  let omc: TestServer;
  beforeAll(async () => {
    omc = await startTestServer('pglite');
  });
  afterAll(() => omc?.stop());

  const estimatedCustomers = async () =>
    Number((await sql<{ n: number }>`select reltuples n from pg_class where relname = 'customers'`.execute(omc.server.database.db)).rows[0]!.n);

  it('are brought up to date at start and on its timer, so plans follow the data', async () => {
    for (let i = 0; i < 30; i++) expect((await omc.call('POST', '/v1/customers', { body: { name: `Stat ${i}`, tier: 'standard', currency: 'EUR' } })).status).toBe(201);
    const errors: unknown[] = [];
    const stop = startStatistics(omc.server.database, { error: (e: unknown) => errors.push(e) }, 50);
    try {
      await expect.poll(estimatedCustomers, { timeout: 5_000 }).toBeGreaterThanOrEqual(30);
      for (let i = 30; i < 60; i++) await omc.call('POST', '/v1/customers', { body: { name: `Stat ${i}`, tier: 'standard', currency: 'EUR' } });
      await expect.poll(estimatedCustomers, { timeout: 5_000 }).toBeGreaterThanOrEqual(60); // the timer's run, not the first
    } finally {
      stop();
    }
    expect(errors).toEqual([]);
  });
});
