import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/access/roles';
import { createCustomer } from '../src/customers/commands/create-customer';
import { transact } from '../src/db/transaction';
import { adjustStock } from '../src/planning/commands/adjust-stock';
import { createProduct } from '../src/planning/commands/create-product';
import { createWarehouse } from '../src/planning/commands/create-warehouse';
import { prepareDatabase } from '../src/server';
import { describeBackends, startTestServer, type TestServer } from './harness';

describeBackends('order import (CSV)', (backend) => {
  let omc: TestServer;
  let acme: string;
  beforeAll(async () => {
    omc = await startTestServer(backend);
    const ham = (await omc.call('POST', '/v1/warehouses', { body: { code: 'HAM', name: 'Hamburg' } })).body.id;
    acme = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    for (const sku of ['BOLT-1', 'NUT-2']) {
      const p = (await omc.call('POST', '/v1/products', { body: { sku, name: sku, kind: 'stocked', list_price: { amount: 100, currency: 'EUR' } } })).body.id;
      await omc.call('POST', '/v1/stock/adjustments', { body: { product_id: p, warehouse_id: ham, quantity: 50, reason: 'count' } });
    }
  });
  afterAll(() => omc?.stop());

  const post = (csv: string, key?: string) => omc.call('POST', '/v1/orders/import', { raw: csv, headers: { 'content-type': 'text/csv' }, ...(key ? { key } : {}) });

  it('enters every good order, reports every bad row by line, and never enters one twice', async () => {
    const csv = [
      'external_ref,customer_id,sku,quantity,requested_date',
      `PO-1,${acme},BOLT-1,5,2026-03-20`,
      `PO-1,${acme},nut-2,2,2026-03-20`,
      `PO-2,${acme},BOLT-1,0,`,
      `PO-3,${acme},WIDGET-9,1,`,
      `PO-4,cus_01jzzzzzzzzzzzzzzzzzzzzzzz,BOLT-1,1,`,
      `PO-5,${acme},NUT-2,3,`,
    ].join('\n');
    const first = await post(csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 6, created: 2, already_imported: 0, failed: 3 });
    const byRef = Object.fromEntries(first.body.orders.map((o: { external_ref: string }) => [o.external_ref, o]));
    expect(byRef['PO-1']).toMatchObject({ outcome: 'created', lines: [2, 3] });
    expect(byRef['PO-2'].errors).toEqual([{ line: 4, message: expect.stringContaining('quantity') }]);
    expect(byRef['PO-3'].errors).toEqual([{ line: 5, message: 'sku: no product WIDGET-9' }]);
    expect(byRef['PO-4'].errors[0]).toMatchObject({ line: 6, message: expect.stringContaining('No customer') });
    const order = (await omc.call('GET', `/v1/orders/${byRef['PO-1'].order_id}`)).body;
    expect(order).toMatchObject({ channel: 'import', external_ref: 'PO-1', requested_date: '2026-03-20' });
    expect(order.lines.map((l: { quantity: number }) => l.quantity)).toEqual([5, 2]);

    const again = await post(csv);
    expect(again.body).toMatchObject({ created: 0, already_imported: 2, failed: 3 });
    expect((await omc.call('GET', `/v1/orders?customer_id=${acme}`)).body.data).toHaveLength(2);
  });

  it('refuses what is not a CSV file with a clear 4xx', async () => {
    expect((await post('')).status).toBe(400);
    const unbalanced = await post('external_ref,customer_id,sku,quantity\n"PO-9,x,y,1\n');
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.error.details.fields).toHaveProperty('body');
    const json = await omc.call('POST', '/v1/orders/import', { body: { rows: [] } });
    expect(json.status).toBe(400);
    expect((await post('external_ref\n', await omc.keyFor('warehouse'))).status).toBe(403);
  });
});

it('omc import orders FILE.csv enters the orders with a report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'omc-import-'));
  try {
    const database = await prepareDatabase({ dataDir: join(dir, 'data') }, null);
    const customerId = await transact(database.db, async (trx) => {
      const tx = { db: trx, now: new Date(), actor: SYSTEM_ACTOR, requestId: null };
      const w = await createWarehouse(tx, { code: 'W1', name: 'Main' });
      const p = await createProduct(tx, { sku: 'GEAR', name: 'Gear', kind: 'stocked', list_price: { amount: 500, currency: 'EUR' } });
      await adjustStock(tx, { product_id: p.id, warehouse_id: w.id, quantity: 10, reason: 'count' });
      return (await createCustomer(tx, { name: 'Acme', tier: 'key', currency: 'EUR' })).id;
    });
    await database.close();
    const file = join(dir, 'orders.csv');
    writeFileSync(file, `external_ref,customer_id,sku,quantity\nA-1,${customerId},GEAR,2\nA-2,${customerId},NOPE,1\n`);
    const run = () => promisify(execFile)('node', ['bin/omc.js', 'import', 'orders', file, '--data-dir', join(dir, 'data')], { env: { ...process.env, DATABASE_URL: '' } }).catch((e: { stdout: string; code: number }) => e);
    const first = await run();
    expect(first.stdout).toContain('line 3: sku: no product NOPE');
    expect(first.stdout).toContain('2 rows: 1 orders created, 0 already imported, 1 failed.');
    expect((first as { code?: number }).code).toBe(2);
    const second = await run();
    expect(second.stdout).toContain('0 orders created, 1 already imported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

describeBackends('order import with an Idempotency-Key', (backend) => {
  let omc: TestServer;
  let csv: string;
  beforeAll(async () => {
    omc = await startTestServer(backend);
    const customer = (await omc.call('POST', '/v1/customers', { body: { name: 'Acme', tier: 'key', currency: 'EUR' } })).body.id;
    await omc.call('POST', '/v1/products', { body: { sku: 'PIN', name: 'Pin', kind: 'stocked', list_price: { amount: 10, currency: 'EUR' } } });
    csv = `external_ref,customer_id,sku,quantity\nK-1,${customer},PIN,1\nK-2,${customer},PIN,2\n`;
  });
  afterAll(() => omc?.stop());
  const post = (body: string, key: string) => omc.call('POST', '/v1/orders/import', { raw: body, headers: { 'content-type': 'text/csv', 'idempotency-key': key } });

  it('replays the stored report for the same file, refuses another file under the key, and 409s while running', async () => {
    // Sent together: the second finds the first running (409) or, if the first already finished, its report.
    const [first, second] = await Promise.all([post(csv, 'imp-1'), post(csv, 'imp-1')]);
    const done = first.status === 200 && !first.headers.get('idempotent-replayed') ? first : second;
    const other = done === first ? second : first;
    expect(done.body).toMatchObject({ created: 2 });
    if (other.status === 409) expect(other.body.error.code).toBe('idempotency_key_in_use');
    else expect([other.status, other.headers.get('idempotent-replayed'), other.body]).toEqual([200, 'true', done.body]);
    const replay = await post(csv, 'imp-1');
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(done.body);
    const changed = await post(`${csv}K-3,x,PIN,1\n`, 'imp-1');
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('idempotency_key_reused');
  });
});
