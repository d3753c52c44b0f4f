import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends, startTestServer, type TestServer } from './harness';

describeBackends('customers', (backend) => {
  let omc: TestServer;
  beforeAll(async () => {
    omc = await startTestServer(backend);
  });
  afterAll(() => omc?.stop());

  const acme = { name: 'Acme Industrial', tier: 'key', currency: 'EUR', credit_limit: { amount: 500_000, currency: 'EUR' }, payment_terms_days: 30, email: 'buy@acme.example' };

  it('creates a customer exactly as API.md fixes it', async () => {
    const res = await omc.call('POST', '/v1/customers', { body: acme });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Acme Industrial', tier: 'key', currency: 'EUR', credit_limit: { amount: 500_000, currency: 'EUR' }, status: 'active' });
    expect(res.body.id).toMatch(/^cus_/);
    const got = await omc.call('GET', `/v1/customers/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });
});
