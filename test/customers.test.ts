import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, startTestServer, type ApiResponse, type TestServer } from './harness';

/** A well-formed customer id that no customer has. */
const UNKNOWN_ID = 'cus_00000000000000000000000000';

describeBackends('customers', (backend) => {
  let omc: TestServer;
  const key = { sales: '', csr: '', finance: '', executive: '', service: '', warehouse: '' };
  beforeAll(async () => {
    omc = await startTestServer(backend);
    for (const role of Object.keys(key) as (keyof typeof key)[]) key[role] = await omc.keyFor(role);
  });
  afterAll(() => omc?.stop());

  const acme = { name: 'Acme Industrial', tier: 'key', currency: 'EUR', credit_limit: { amount: 500_000, currency: 'EUR' }, payment_terms_days: 30, email: 'buy@acme.example' };
  const billing = { kind: 'billing', line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' };
  const shipping = { kind: 'shipping', line1: 'Hafenweg 7', city: 'Hamburg', country: 'DE' };

  /** Create a customer (as admin unless a key is given) and return it; fails the test unless 201. */
  async function create(overrides: Record<string, unknown> = {}, as?: string) {
    const res = await omc.call('POST', '/v1/customers', { body: { ...acme, ...overrides }, key: as });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function get(id: string, as?: string) {
    return (await omc.call('GET', `/v1/customers/${id}`, { key: as })).body;
  }

  async function eventsOf(id: string, type?: string): Promise<any[]> {
    const res = await omc.call('GET', `/v1/customers/${id}/events${type ? `?type=${type}` : ''}`);
    expect(res.status).toBe(200);
    return res.body.data;
  }

  /** Rows in every table a customers request may write, straight from the database. */
  async function counts() {
    const { rows } = await sql<{ customers: number; contacts: number; addresses: number; events: number; idempotency_keys: number }>`
      select (select count(*) from customers)::int as customers,
             (select count(*) from customer_contacts)::int as contacts,
             (select count(*) from customer_addresses)::int as addresses,
             (select count(*) from events)::int as events,
             (select count(*) from idempotency_keys)::int as idempotency_keys`.execute(omc.server.database.db);
    return rows[0]!;
  }

  /** Run a request that must be refused, and check it wrote nothing anywhere. */
  async function refusedWithoutTrace(request: () => Promise<ApiResponse>): Promise<ApiResponse> {
    const before = await counts();
    const res = await request();
    expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await counts()).toEqual(before);
    return res;
  }

  /** Run a request that must write nothing (a no-op change). */
  async function writingNothing(request: () => Promise<ApiResponse>): Promise<ApiResponse> {
    const before = await counts();
    const res = await request();
    expect(await counts()).toEqual(before);
    return res;
  }

  function expectInvalid(res: ApiResponse, field: string) {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
    expect(res.body.error.request_id).toMatch(/^req_/);
  }

  describe('create and read', () => {
    it('creates a customer exactly as API.md fixes it', async () => {
      const res = await omc.call('POST', '/v1/customers', { body: acme });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Acme Industrial',
        tier: 'key',
        currency: 'EUR',
        credit_limit: { amount: 500_000, currency: 'EUR' },
        payment_terms_days: 30,
        email: 'buy@acme.example',
        status: 'active',
        contacts: [],
        addresses: [],
      });
      expect(res.body.id).toMatch(/^cus_[0-9a-z]{26}$/);
      expect(res.body.created_at).toBe(omc.clock.now().toISOString());
      const got = await omc.call('GET', `/v1/customers/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it('needs only name, tier and currency; terms default to 30 days and no credit limit', async () => {
      const c = await create({ credit_limit: undefined, payment_terms_days: undefined, email: undefined, name: 'Minimal GmbH', tier: 'standard' });
      expect(c).toMatchObject({ name: 'Minimal GmbH', tier: 'standard', credit_limit: null, payment_terms_days: 30, email: null });
    });

    it('creates contacts and addresses given in the create body', async () => {
      const c = await create({
        contacts: [{ name: 'Ada Buyer', email: 'ada@acme.example', job_title: 'Purchasing', is_primary: true }, { name: 'Bob Clerk', phone: '+49 30 1234' }],
        addresses: [{ ...billing, is_default: true }, shipping],
      });
      expect(c.contacts).toHaveLength(2);
      expect(c.contacts[0]).toMatchObject({ name: 'Ada Buyer', email: 'ada@acme.example', job_title: 'Purchasing', phone: null, is_primary: true });
      expect(c.contacts[1]).toMatchObject({ name: 'Bob Clerk', phone: '+49 30 1234', is_primary: false });
      expect(c.contacts.map((x: any) => x.id)).toEqual([expect.stringMatching(/^con_/), expect.stringMatching(/^con_/)]);
      expect(c.addresses).toEqual([
        { id: expect.stringMatching(/^adr_/), ...billing, line2: null, region: null, is_default: true },
        { id: expect.stringMatching(/^adr_/), ...shipping, line2: null, postal_code: null, region: null, is_default: false },
      ]);
      expect(await get(c.id)).toEqual(c);
    });

    it('records the creation, each contact and each address as events', async () => {
      const c = await create({ contacts: [{ name: 'Ada' }], addresses: [billing] });
      const events = await eventsOf(c.id);
      expect(events.map((e) => e.type)).toEqual(['customer.created', 'customer.contact_added', 'customer.address_added']);
      expect(events[0]).toMatchObject({ subject: { type: 'customer', id: c.id }, customer_id: c.id, stage: 'generation', data: { name: acme.name, tier: 'key' } });
    });

    it('answers a repeated create with the same Idempotency-Key once', async () => {
      const headers = { 'idempotency-key': `create-${backend}-1` };
      const before = await counts();
      const first = await omc.call('POST', '/v1/customers', { body: { ...acme, name: 'Once Only' }, headers });
      const again = await omc.call('POST', '/v1/customers', { body: { ...acme, name: 'Once Only' }, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect((await counts()).customers).toBe(before.customers + 1);
      const other = await omc.call('POST', '/v1/customers', { body: { ...acme, name: 'Twice?' }, headers });
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe('idempotency_key_reused');
    });

    it('is created by sales, csr and finance but not by warehouse or service', async () => {
      for (const role of ['sales', 'csr', 'finance'] as const) await create({ name: `By ${role}` }, key[role]);
      for (const role of ['warehouse', 'service'] as const) {
        const res = await refusedWithoutTrace(() => omc.call('POST', '/v1/customers', { body: acme, key: key[role] }));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    });

    it('answers 400 naming the id for a malformed id, 404 for an unknown well-formed one', async () => {
      for (const bad of ['123', 'cus_123', 'ord_01jd0000000000000000000000', 'CUS_01JD0000000000000000000000']) {
        expectInvalid(await omc.call('GET', `/v1/customers/${bad}`), 'id');
      }
      const missing = await omc.call('GET', `/v1/customers/${UNKNOWN_ID}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'not_found', details: { id: UNKNOWN_ID } });
    });

    it('documents its routes in the OpenAPI document', async () => {
      const doc = await omc.call('GET', '/openapi.json', { key: null });
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/customers', '/v1/customers/{id}', '/v1/customers/{id}/contacts/{contactId}']));
    });

    it('wants a key', async () => {
      expect((await omc.call('GET', '/v1/customers', { key: null })).status).toBe(401);
      expect((await omc.call('GET', '/v1/customers', { key: 'omc_sk_nonsense' })).status).toBe(401);
    });
  });

  describe('list', () => {
    it('lists newest first and pages with limit, starting_after, has_more and next_cursor', async () => {
      const made = [];
      for (let i = 1; i <= 5; i++) {
        omc.clock.advance({ minutes: 1 });
        made.push(await create({ name: `Pager ${i} AG` }));
      }
      const newestFirst = made.map((c) => c.id).reverse();
      const seen: string[] = [];
      const pages: { has_more: boolean; next_cursor: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const res: ApiResponse = await omc.call('GET', `/v1/customers?q=Pager&limit=2${cursor ? `&starting_after=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((c: any) => c.id));
        pages.push({ has_more: res.body.has_more, next_cursor: res.body.next_cursor });
        cursor = res.body.next_cursor;
      } while (cursor);
      expect(seen).toEqual(newestFirst);
      expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
      expect(pages.at(-1)!.next_cursor).toBeNull();
    });

    it('walks every customer exactly once without a filter', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: ApiResponse = await omc.call('GET', `/v1/customers?limit=3${cursor ? `&starting_after=${cursor}` : ''}`);
        seen.push(...res.body.data.map((c: any) => c.id));
        cursor = res.body.next_cursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe((await counts()).customers);
      expect([...seen].sort().reverse()).toEqual(seen);
    });

    it('returns contacts and addresses in list items too', async () => {
      const c = await create({ name: 'Listed With Contacts', contacts: [{ name: 'Li' }], addresses: [billing] });
      const res = await omc.call('GET', '/v1/customers?q=Listed With Contacts');
      expect(res.body.data).toEqual([c]);
    });

    it('defaults to 50 and refuses limit 0, 201 and non-numbers naming limit', async () => {
      const res = await omc.call('GET', '/v1/customers');
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(50);
      expect((await omc.call('GET', '/v1/customers?limit=200')).status).toBe(200);
      for (const limit of ['0', '201', '-1', '2.5', 'ten']) expectInvalid(await omc.call('GET', `/v1/customers?limit=${limit}`), 'limit');
    });

    it('refuses unknown query parameters and a cursor that is not one', async () => {
      expectInvalid(await omc.call('GET', '/v1/customers?sort=name'), 'sort');
      expectInvalid(await omc.call('GET', '/v1/customers?starting_after=%00'), 'starting_after');
    });

    it('filters by part of the name, in any case, with % and _ taken literally', async () => {
      const a = await create({ name: 'Hundred 100% Ltd' });
      await create({ name: 'Hundred 1000 Ltd' });
      await create({ name: 'Hundred_x Ltd' });
      const res = await omc.call('GET', `/v1/customers?q=${encodeURIComponent('100%')}`);
      expect(res.body.data.map((c: any) => c.id)).toEqual([a.id]);
      const underscore = await omc.call('GET', `/v1/customers?q=${encodeURIComponent('hundred_')}`);
      expect(underscore.body.data.map((c: any) => c.name)).toEqual(['Hundred_x Ltd']);
      const anyCase = await omc.call('GET', '/v1/customers?q=HUNDRED');
      expect(anyCase.body.data).toHaveLength(3);
    });

    it('filters by tier and by status', async () => {
      const strategic = await create({ name: 'Tiered Strategic', tier: 'strategic' });
      const standard = await create({ name: 'Tiered Standard', tier: 'standard' });
      const byTier = await omc.call('GET', '/v1/customers?q=Tiered&tier=strategic');
      expect(byTier.body.data.map((c: any) => c.id)).toEqual([strategic.id]);
      await omc.call('POST', `/v1/customers/${standard.id}/suspend`, { body: { reason: 'overdue invoices' }, key: key.finance });
      const onHold = await omc.call('GET', '/v1/customers?q=Tiered&status=on_hold');
      expect(onHold.body.data.map((c: any) => c.id)).toEqual([standard.id]);
      const active = await omc.call('GET', '/v1/customers?q=Tiered&status=active');
      expect(active.body.data.map((c: any) => c.id)).toEqual([strategic.id]);
      expectInvalid(await omc.call('GET', '/v1/customers?tier=gold'), 'tier');
      expectInvalid(await omc.call('GET', '/v1/customers?status=deleted'), 'status');
    });
  });

  describe('bad input is a 400 naming the field, and writes nothing', () => {
    const address = { ...billing };
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown field', { ...acme, status: 'archived' }, 'status'],
      ['a client-chosen id', { ...acme, id: UNKNOWN_ID }, 'id'],
      ['a missing name', { ...acme, name: undefined }, 'name'],
      ['a blank name', { ...acme, name: '   ' }, 'name'],
      ['a name with a NUL character', { ...acme, name: 'Acme\u0000' }, 'name'],
      ['a tier that does not exist', { ...acme, tier: 'gold' }, 'tier'],
      ['a currency of four letters', { ...acme, currency: 'EURO' }, 'currency'],
      ['an unknown currency', { ...acme, currency: 'XXQ' }, 'currency'],
      ['a currency in lower case', { ...acme, currency: 'eur' }, 'currency'],
      ['a credit limit in another currency', { ...acme, credit_limit: { amount: 100, currency: 'USD' } }, 'credit_limit.currency'],
      ['a negative credit limit', { ...acme, credit_limit: { amount: -1, currency: 'EUR' } }, 'credit_limit.amount'],
      ['a fractional credit limit', { ...acme, credit_limit: { amount: 12.5, currency: 'EUR' } }, 'credit_limit.amount'],
      ['a credit limit as a string', { ...acme, credit_limit: { amount: '100', currency: 'EUR' } }, 'credit_limit.amount'],
      ['a credit limit as a bare number', { ...acme, credit_limit: 100 }, 'credit_limit'],
      ['payment terms over a year', { ...acme, payment_terms_days: 400 }, 'payment_terms_days'],
      ['negative payment terms', { ...acme, payment_terms_days: -1 }, 'payment_terms_days'],
      ['a bad e-mail', { ...acme, email: 'not-an-email' }, 'email'],
      ['a bad contact e-mail', { ...acme, contacts: [{ name: 'Ada', email: 'ada@' }] }, 'contacts.0.email'],
      ['an unknown contact field', { ...acme, contacts: [{ name: 'Ada', role: 'boss' }] }, 'contacts.0.role'],
      ['a country name instead of a code', { ...acme, addresses: [{ ...address, country: 'Germany' }] }, 'addresses.0.country'],
      ['a country in lower case', { ...acme, addresses: [{ ...address, country: 'de' }] }, 'addresses.0.country'],
      ['a country code that is not ISO 3166 (UK)', { ...acme, addresses: [{ ...address, country: 'UK' }] }, 'addresses.0.country'],
      ['the unknown-region code ZZ', { ...acme, addresses: [{ ...address, country: 'ZZ' }] }, 'addresses.0.country'],
      ['a region that is not a country (EU)', { ...acme, addresses: [{ ...address, country: 'EU' }] }, 'addresses.0.country'],
      ['a bad second address', { ...acme, addresses: [address, { ...address, kind: 'postal' }] }, 'addresses.1.kind'],
    ];
    it.each(cases)('refuses %s', async (_label, body, field) => {
      const res = await refusedWithoutTrace(() => omc.call('POST', '/v1/customers', { body }));
      expectInvalid(res, field);
    });

    it('refuses a body that is not JSON', async () => {
      const res = await refusedWithoutTrace(() => omc.call('POST', '/v1/customers', { raw: '{"name": ' }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    });

    it('names every bad field at once', async () => {
      const res = await omc.call('POST', '/v1/customers', { body: { name: 'X', tier: 'gold', currency: 'EURO', email: 'nope' } });
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['currency', 'email', 'tier']);
    });

    it('accepts the countries and currencies it should', async () => {
      const c = await create({ currency: 'JPY', credit_limit: { amount: 1_000_000, currency: 'JPY' }, addresses: [{ ...billing, country: 'JP' }, { ...shipping, country: 'GB' }] });
      expect(c.addresses.map((a: any) => a.country)).toEqual(['JP', 'GB']);
    });
  });

  describe('update', () => {
    it('changes name, tier and e-mail and records each change with from and to', async () => {
      const c = await create({ name: 'Before Name' });
      omc.clock.advance({ hours: 1 });
      const res = await omc.call('PATCH', `/v1/customers/${c.id}`, { body: { name: 'After Name', tier: 'strategic', email: null }, key: key.sales });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'After Name', tier: 'strategic', email: null, credit_limit: acme.credit_limit });
      expect(res.body.updated_at).toBe(omc.clock.now().toISOString());
      expect(res.body.created_at).toBe(c.created_at);
      expect(await get(c.id)).toEqual(res.body);
      const [event] = await eventsOf(c.id, 'customer.updated');
      expect(event.data).toEqual({
        changes: { name: { from: 'Before Name', to: 'After Name' }, tier: { from: 'key', to: 'strategic' }, email: { from: 'buy@acme.example', to: null } },
      });
      expect(event).toMatchObject({ department: 'sales', at: omc.clock.now().toISOString() });
    });

    it('records nothing when nothing changes', async () => {
      const c = await create();
      const res = await omc.call('PATCH', `/v1/customers/${c.id}`, { body: { name: c.name, tier: c.tier } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(c);
      expect(await eventsOf(c.id, 'customer.updated')).toEqual([]);
    });

    it('lets finance change the credit limit and payment terms, recorded in the customer’s currency', async () => {
      const c = await create();
      const res = await omc.call('PATCH', `/v1/customers/${c.id}`, { body: { credit_limit: { amount: 750_000, currency: 'EUR' }, payment_terms_days: 60 }, key: key.finance });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ credit_limit: { amount: 750_000, currency: 'EUR' }, payment_terms_days: 60 });
      const [event] = await eventsOf(c.id, 'customer.updated');
      expect(event.data.changes).toEqual({
        credit_limit: { from: { amount: 500_000, currency: 'EUR' }, to: { amount: 750_000, currency: 'EUR' } },
        payment_terms_days: { from: 30, to: 60 },
      });
      const removed = await omc.call('PATCH', `/v1/customers/${c.id}`, { body: { credit_limit: null }, key: key.finance });
      expect(removed.body.credit_limit).toBeNull();
    });

    it('refuses credit terms from sales (403) and changes nothing', async () => {
      const c = await create();
      for (const body of [{ credit_limit: { amount: 9_999_999, currency: 'EUR' } }, { payment_terms_days: 90 }, { credit_limit: null }, { name: 'Sneaky', payment_terms_days: 90 }]) {
        const res = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}`, { body, key: key.sales }));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect(await get(c.id)).toEqual(c);
    });

    it('tells sales it may not change credit terms even when the currency is wrong too', async () => {
      const c = await create();
      const res = await omc.call('PATCH', `/v1/customers/${c.id}`, { body: { credit_limit: { amount: 1, currency: 'USD' } }, key: key.sales });
      expect(res.status).toBe(403);
    });

    it('refuses a credit limit in another currency, naming credit_limit.currency', async () => {
      const c = await create();
      const res = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}`, { body: { credit_limit: { amount: 1, currency: 'USD' } }, key: key.finance }));
      expectInvalid(res, 'credit_limit.currency');
    });

    it('refuses fields that PATCH cannot set', async () => {
      const c = await create();
      for (const [body, field] of [
        [{ status: 'archived' }, 'status'],
        [{ currency: 'USD' }, 'currency'],
        [{ contacts: [] }, 'contacts'],
        [{ tier: 'gold' }, 'tier'],
        [{ email: 'nope' }, 'email'],
        [{ name: '' }, 'name'],
      ] as const) {
        expectInvalid(await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}`, { body })), field);
      }
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      expectInvalid(await refusedWithoutTrace(() => omc.call('PATCH', '/v1/customers/nope', { body: { name: 'X' } })), 'id');
      const res = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${UNKNOWN_ID}`, { body: { name: 'X' } }));
      expect(res.status).toBe(404);
    });

    it('is not for roles outside sales, csr and finance', async () => {
      const c = await create();
      for (const as of [key.warehouse, key.service]) {
        const res = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}`, { body: { name: 'Nope' }, key: as }));
        expect(res.status).toBe(403);
      }
    });
  });

  describe('contacts and addresses', () => {
    it('adds a contact and records it', async () => {
      const c = await create();
      const res = await omc.call('POST', `/v1/customers/${c.id}/contacts`, { body: { name: 'Carla Ops', email: 'carla@acme.example' }, key: key.service });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^con_/), name: 'Carla Ops', email: 'carla@acme.example', phone: null, job_title: null, is_primary: false });
      expect((await get(c.id)).contacts).toEqual([res.body]);
      const [event] = await eventsOf(c.id, 'customer.contact_added');
      expect(event.data).toEqual({ contact_id: res.body.id, name: 'Carla Ops' });
    });

    it('changes a contact and records which fields changed', async () => {
      const c = await create({ contacts: [{ name: 'Dora', phone: '111' }] });
      const contact = c.contacts[0];
      const res = await omc.call('PATCH', `/v1/customers/${c.id}/contacts/${contact.id}`, { body: { phone: '222', job_title: 'CFO' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...contact, phone: '222', job_title: 'CFO' });
      const [event] = await eventsOf(c.id, 'customer.contact_updated');
      expect(event.data).toEqual({ contact_id: contact.id, changed: ['phone', 'job_title'] });
    });

    it('clears optional contact and address fields with null', async () => {
      const c = await create({ contacts: [{ name: 'Fay', email: 'fay@acme.example', phone: '1', job_title: 'CEO' }], addresses: [{ ...billing, line2: 'Hof', region: 'BE' }] });
      const contact = await omc.call('PATCH', `/v1/customers/${c.id}/contacts/${c.contacts[0].id}`, { body: { email: null, phone: null, job_title: null } });
      expect(contact.body).toMatchObject({ name: 'Fay', email: null, phone: null, job_title: null });
      const address = await omc.call('PATCH', `/v1/customers/${c.id}/addresses/${c.addresses[0].id}`, { body: { line2: null, postal_code: null, region: null } });
      expect(address.body).toMatchObject({ line1: billing.line1, line2: null, postal_code: null, region: null });
      expect(await get(c.id)).toMatchObject({ contacts: [contact.body], addresses: [address.body] });
    });

    it('keeps one primary contact: a new primary takes the flag', async () => {
      const c = await create({ contacts: [{ name: 'First', is_primary: true }] });
      const second = await omc.call('POST', `/v1/customers/${c.id}/contacts`, { body: { name: 'Second', is_primary: true } });
      expect(second.body.is_primary).toBe(true);
      let contacts = (await get(c.id)).contacts;
      expect(contacts.filter((x: any) => x.is_primary).map((x: any) => x.name)).toEqual(['Second']);
      await omc.call('PATCH', `/v1/customers/${c.id}/contacts/${contacts[0].id}`, { body: { is_primary: true } });
      contacts = (await get(c.id)).contacts;
      expect(contacts.filter((x: any) => x.is_primary).map((x: any) => x.name)).toEqual(['First']);
    });

    it('keeps one primary contact when the create body names two', async () => {
      const c = await create({ contacts: [{ name: 'One', is_primary: true }, { name: 'Two', is_primary: true }] });
      expect(c.contacts.filter((x: any) => x.is_primary).map((x: any) => x.name)).toEqual(['Two']);
    });

    it('answers an empty contact change with the contact, unchanged and unrecorded', async () => {
      const c = await create({ contacts: [{ name: 'Still' }] });
      const res = await writingNothing(() => omc.call('PATCH', `/v1/customers/${c.id}/contacts/${c.contacts[0].id}`, { body: {} }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(c.contacts[0]);
    });

    it('adds addresses and keeps one default per kind', async () => {
      const c = await create({ addresses: [{ ...billing, is_default: true }, { ...shipping, is_default: true }] });
      const res = await omc.call('POST', `/v1/customers/${c.id}/addresses`, { body: { ...billing, line1: 'Neue Straße 2', is_default: true } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.stringMatching(/^adr_/), line1: 'Neue Straße 2', is_default: true });
      const defaults = (await get(c.id)).addresses.filter((a: any) => a.is_default);
      expect(defaults.map((a: any) => [a.kind, a.line1])).toEqual([
        ['shipping', 'Hafenweg 7'],
        ['billing', 'Neue Straße 2'],
      ]);
      expect((await eventsOf(c.id, 'customer.address_added')).length).toBe(3);
    });

    it('moves the default within a kind when an address is made default', async () => {
      const c = await create({ addresses: [{ ...billing, is_default: true }, { ...billing, line1: 'Other 3' }] });
      const [first, second] = c.addresses;
      const res = await omc.call('PATCH', `/v1/customers/${c.id}/addresses/${second.id}`, { body: { is_default: true } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...second, is_default: true });
      expect((await get(c.id)).addresses).toEqual([{ ...first, is_default: false }, { ...second, is_default: true }]);
      const [event] = await eventsOf(c.id, 'customer.address_updated');
      expect(event.data).toEqual({ address_id: second.id, changed: ['is_default'] });
    });

    it('keeps one default per kind when a default address changes kind', async () => {
      const c = await create({ addresses: [{ ...billing, is_default: true }, { ...shipping, is_default: true }] });
      const [bill] = c.addresses;
      const res = await omc.call('PATCH', `/v1/customers/${c.id}/addresses/${bill.id}`, { body: { kind: 'shipping' } });
      expect(res.status).toBe(200);
      const addresses = (await get(c.id)).addresses;
      for (const kind of ['billing', 'shipping']) {
        expect(addresses.filter((a: any) => a.kind === kind && a.is_default).length, kind).toBeLessThanOrEqual(1);
      }
    });

    it('answers an empty address change with the address, unchanged and unrecorded', async () => {
      const c = await create({ addresses: [billing] });
      const res = await writingNothing(() => omc.call('PATCH', `/v1/customers/${c.id}/addresses/${c.addresses[0].id}`, { body: {} }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(c.addresses[0]);
    });

    it('refuses bad contact and address input naming the field', async () => {
      const c = await create({ contacts: [{ name: 'Eve' }], addresses: [billing] });
      expectInvalid(await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/addresses`, { body: { ...billing, country: 'XX' } })), 'country');
      expectInvalid(await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/contacts`, { body: { email: 'a@b.example' } })), 'name');
      expectInvalid(await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}/addresses/${c.addresses[0].id}`, { body: { country: 'UK' } })), 'country');
      expectInvalid(await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}/contacts/${c.contacts[0].id}`, { body: { name: null } })), 'name');
      expectInvalid(await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}/contacts/adr_01jd0000000000000000000000`, { body: { name: 'X' } })), 'contactId');
    });

    it('answers 404 for a contact or address of another customer, and for an unknown customer', async () => {
      const a = await create({ contacts: [{ name: 'Of A' }], addresses: [billing] });
      const b = await create();
      const contact = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${b.id}/contacts/${a.contacts[0].id}`, { body: { name: 'Stolen' } }));
      expect(contact.status).toBe(404);
      const address = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${b.id}/addresses/${a.addresses[0].id}`, { body: { city: 'Elsewhere' } }));
      expect(address.status).toBe(404);
      expect((await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${UNKNOWN_ID}/contacts`, { body: { name: 'Nobody' } }))).status).toBe(404);
      expect((await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${UNKNOWN_ID}/addresses`, { body: billing }))).status).toBe(404);
      expect(await get(a.id)).toEqual(a);
    });
  });

  describe('status', () => {
    it('suspends (finance), reactivates (executive) and archives (sales), each with its event and reason', async () => {
      const c = await create();
      const suspend = await omc.call('POST', `/v1/customers/${c.id}/suspend`, { body: { reason: 'Two invoices 60 days overdue' }, key: key.finance });
      expect(suspend.status).toBe(200);
      expect(suspend.body.status).toBe('on_hold');
      const reactivate = await omc.call('POST', `/v1/customers/${c.id}/reactivate`, { body: { reason: 'Paid in full' }, key: key.executive });
      expect(reactivate.body.status).toBe('active');
      const archive = await omc.call('POST', `/v1/customers/${c.id}/archive`, { body: { reason: 'Went out of business' }, key: key.sales });
      expect(archive.body.status).toBe('archived');
      expect((await get(c.id)).status).toBe('archived');
      const events = (await eventsOf(c.id, 'customer.')).filter((e) => e.type !== 'customer.created');
      expect(events.map((e) => [e.type, e.department, e.data])).toEqual([
        ['customer.put_on_hold', 'finance', { from: 'active', to: 'on_hold', reason: 'Two invoices 60 days overdue' }],
        ['customer.reactivated', 'executive', { from: 'on_hold', to: 'active', reason: 'Paid in full' }],
        ['customer.archived', 'sales', { from: 'active', to: 'archived', reason: 'Went out of business' }],
      ]);
    });

    it('brings an archived customer back with reactivate', async () => {
      const c = await create();
      await omc.call('POST', `/v1/customers/${c.id}/archive`, { body: { reason: 'duplicate?' } });
      const res = await omc.call('POST', `/v1/customers/${c.id}/reactivate`, { body: { reason: 'not a duplicate' }, key: key.finance });
      expect(res.body.status).toBe('active');
    });

    it('refuses an illegal move with 409 invalid_transition naming from, to and allowed', async () => {
      const c = await create();
      const res = await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/reactivate`, { body: { reason: 'again' }, key: key.finance }));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('invalid_transition');
      expect(res.body.error.details).toMatchObject({ from: 'active', to: 'active', allowed: ['on_hold', 'archived'] });
      await omc.call('POST', `/v1/customers/${c.id}/archive`, { body: { reason: 'done' } });
      const fromArchived = await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/suspend`, { body: { reason: 'x' } }));
      expect(fromArchived.status).toBe(409);
      expect(fromArchived.body.error.details).toMatchObject({ from: 'archived', to: 'on_hold', allowed: ['active'] });
      expect((await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/archive`, { body: { reason: 'x' } }))).status).toBe(409);
    });

    it('refuses a role that may not take the step with 403, leaving the status', async () => {
      const c = await create();
      for (const [verb, as] of [
        ['suspend', key.sales],
        ['suspend', key.csr],
        ['reactivate', key.sales],
        ['archive', key.csr],
        ['archive', key.warehouse],
      ] as const) {
        const res = await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/${verb}`, { body: { reason: 'because' }, key: as }));
        expect(res.status, `${verb}`).toBe(403);
      }
      expect((await get(c.id)).status).toBe('active');
    });

    it('needs a reason, and a customer that exists', async () => {
      const c = await create();
      expectInvalid(await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/suspend`, { body: {}, key: key.finance })), 'reason');
      expectInvalid(await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/suspend`, { body: { reason: ' ' }, key: key.finance })), 'reason');
      expectInvalid(await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/suspend`, { body: { reason: 'x', status: 'archived' }, key: key.finance })), 'status');
      const missing = await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${UNKNOWN_ID}/suspend`, { body: { reason: 'x' }, key: key.finance }));
      expect(missing.status).toBe(404);
    });
  });

  describe('customer keys', () => {
    let mine: any;
    let theirs: any;
    let myKey: string;
    beforeAll(async () => {
      mine = await create({ name: 'Portal Mine', contacts: [{ name: 'Me' }], addresses: [billing] });
      theirs = await create({ name: 'Portal Theirs', contacts: [{ name: 'Them' }], addresses: [billing] });
      myKey = await omc.keyFor('customer', mine.id);
    });

    it('lists only its own customer, whatever the filter', async () => {
      const all = await omc.call('GET', '/v1/customers', { key: myKey });
      expect(all.body).toEqual({ data: [await get(mine.id)], has_more: false, next_cursor: null });
      const q = await omc.call('GET', '/v1/customers?q=Portal', { key: myKey });
      expect(q.body.data.map((c: any) => c.id)).toEqual([mine.id]);
      const theirsByName = await omc.call('GET', '/v1/customers?q=Theirs', { key: myKey });
      expect(theirsByName.body.data).toEqual([]);
    });

    it('gets its own customer, and 404 (not 403) for another', async () => {
      expect((await omc.call('GET', `/v1/customers/${mine.id}`, { key: myKey })).status).toBe(200);
      const other = await omc.call('GET', `/v1/customers/${theirs.id}`, { key: myKey });
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe('not_found');
      const unknown = await omc.call('GET', `/v1/customers/${UNKNOWN_ID}`, { key: myKey });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(other.body.error.message.replace(theirs.id, UNKNOWN_ID));
    });

    it('cannot create, change terms, change status or read the event log', async () => {
      expect((await refusedWithoutTrace(() => omc.call('POST', '/v1/customers', { body: acme, key: myKey }))).status).toBe(403);
      expect((await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${mine.id}`, { body: { tier: 'strategic' }, key: myKey }))).status).toBe(403);
      expect((await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${mine.id}/reactivate`, { body: { reason: 'x' }, key: myKey }))).status).toBe(403);
      expect((await omc.call('GET', `/v1/customers/${mine.id}/events`, { key: myKey })).status).toBe(403);
    });

    it('adds and changes contacts and addresses of its own customer', async () => {
      const contact = await omc.call('POST', `/v1/customers/${mine.id}/contacts`, { body: { name: 'New Colleague', is_primary: true }, key: myKey });
      expect(contact.status).toBe(201);
      const changed = await omc.call('PATCH', `/v1/customers/${mine.id}/contacts/${contact.body.id}`, { body: { phone: '+1 555' }, key: myKey });
      expect(changed.body).toMatchObject({ name: 'New Colleague', phone: '+1 555', is_primary: true });
      const address = await omc.call('POST', `/v1/customers/${mine.id}/addresses`, { body: shipping, key: myKey });
      expect(address.status).toBe(201);
      const [event] = await eventsOf(mine.id, 'customer.contact_added').then((e) => e.filter((x) => x.data.contact_id === contact.body.id));
      expect(event!.actor).toMatch(/^key_/);
    });

    it('gets 404 for another customer’s contacts and addresses, and changes nothing there', async () => {
      const add = await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${theirs.id}/contacts`, { body: { name: 'Intruder' }, key: myKey }));
      expect(add.status).toBe(404);
      const addAddress = await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${theirs.id}/addresses`, { body: billing, key: myKey }));
      expect(addAddress.status).toBe(404);
      const patch = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${theirs.id}/contacts/${theirs.contacts[0].id}`, { body: { name: 'Hijacked' }, key: myKey }));
      expect(patch.status).toBe(404);
      const viaMine = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${mine.id}/contacts/${theirs.contacts[0].id}`, { body: { name: 'Hijacked' }, key: myKey }));
      expect(viaMine.status).toBe(404);
      const patchAddress = await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${theirs.id}/addresses/${theirs.addresses[0].id}`, { body: { city: 'X' }, key: myKey }));
      expect(patchAddress.status).toBe(404);
      expect(await get(theirs.id)).toEqual(theirs);
    });
  });

  describe('transactions', () => {
    it('leaves no customer, contact or event behind when the second contact cannot be stored', async () => {
      // PostgreSQL cannot store U+0000: this used to fail inside the transaction, after the customer and its
      // first contact were written (a 500, rolled back); now validation refuses it first. Either way: no trace.
      const body = { ...acme, name: 'Half Written', contacts: [{ name: 'Fine' }, { name: 'Broken\u0000' }] };
      const res = await refusedWithoutTrace(() => omc.call('POST', '/v1/customers', { body }));
      expectInvalid(res, 'contacts.1.name');
      expect((await omc.call('GET', '/v1/customers?q=Half Written')).body.data).toEqual([]);
    });

    it('leaves nothing behind when a command refuses inside its transaction', async () => {
      const c = await create();
      const before = await eventsOf(c.id);
      await refusedWithoutTrace(() => omc.call('POST', '/v1/customers', { body: { ...acme, credit_limit: { amount: 1, currency: 'CHF' } } }));
      await refusedWithoutTrace(() => omc.call('PATCH', `/v1/customers/${c.id}`, { body: { name: 'Renamed', payment_terms_days: 5 }, key: key.csr }));
      await refusedWithoutTrace(() => omc.call('POST', `/v1/customers/${c.id}/reactivate`, { body: { reason: 'x' }, key: key.finance }));
      expect(await eventsOf(c.id)).toEqual(before);
      expect(await get(c.id)).toEqual(c);
    });

    it('stores no idempotent answer for a refused request, so the key can be used again', async () => {
      const headers = { 'idempotency-key': `refused-then-fine-${backend}` };
      const refused = await refusedWithoutTrace(() => omc.call('POST', '/v1/customers', { body: { ...acme, credit_limit: { amount: 1, currency: 'CHF' } }, headers }));
      expect(refused.status).toBe(400);
      const fine = await omc.call('POST', '/v1/customers', { body: acme, headers });
      expect(fine.status).toBe(201);
    });
  });

  describe('concurrency', () => {
    it('serialises 20 concurrent PATCHes: all answer cleanly and the last recorded change is the state', async () => {
      const c = await create({ name: 'Contended 0' });
      const names = Array.from({ length: 20 }, (_, i) => `Contended ${i + 1}`);
      const answers = await Promise.all(
        names.map((name, i) => omc.call('PATCH', `/v1/customers/${c.id}`, { body: { name, tier: i % 2 ? 'strategic' : 'standard' }, key: i % 3 ? key.sales : key.csr })),
      );
      for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(200);
      const final = await get(c.id);
      expect(names).toContain(final.name);
      const events = await eventsOf(c.id, 'customer.updated');
      expect(events).toHaveLength(20);
      let name = 'Contended 0';
      for (const event of events) {
        expect(event.data.changes.name.from).toBe(name);
        name = event.data.changes.name.to;
      }
      expect(name).toBe(final.name);
    });

    it('serialises concurrent credit-limit changes by finance', async () => {
      const c = await create();
      const amounts = Array.from({ length: 20 }, (_, i) => 100_000 * (i + 1));
      const answers = await Promise.all(
        amounts.map((amount) => omc.call('PATCH', `/v1/customers/${c.id}`, { body: { credit_limit: { amount, currency: 'EUR' } }, key: key.finance })),
      );
      expect(answers.map((r) => r.status)).toEqual(amounts.map(() => 200));
      const final = await get(c.id);
      expect(amounts).toContain(final.credit_limit.amount);
      const events = await eventsOf(c.id, 'customer.updated');
      expect(events.at(-1).data.changes.credit_limit.to).toEqual(final.credit_limit);
    });

    it('creates 20 customers concurrently with distinct ids', async () => {
      const before = await counts();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => omc.call('POST', '/v1/customers', { body: { ...acme, name: `Burst ${i}`, contacts: [{ name: `Burst contact ${i}` }] } })));
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
      const ids = answers.map((r) => r.body.id);
      expect(new Set(ids).size).toBe(20);
      const after = await counts();
      expect(after.customers).toBe(before.customers + 20);
      expect(after.contacts).toBe(before.contacts + 20);
      const listed = await omc.call('GET', '/v1/customers?q=Burst&limit=200');
      expect(listed.body.data.map((c: any) => c.id).sort()).toEqual([...ids].sort());
    });

    it('keeps exactly one primary contact when primaries are added concurrently', async () => {
      const c = await create();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => omc.call('POST', `/v1/customers/${c.id}/contacts`, { body: { name: `Primary ${i}`, is_primary: true } })),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
      const contacts = (await get(c.id)).contacts;
      expect(contacts).toHaveLength(10);
      expect(contacts.filter((x: any) => x.is_primary)).toHaveLength(1);
    });

    it('keeps exactly one primary contact when existing contacts are made primary concurrently', async () => {
      const c = await create({ contacts: Array.from({ length: 10 }, (_, i) => ({ name: `Existing ${i}` })) });
      const answers = await Promise.all(
        c.contacts.map((x: any) => omc.call('PATCH', `/v1/customers/${c.id}/contacts/${x.id}`, { body: { is_primary: true } })),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
      expect((await get(c.id)).contacts.filter((x: any) => x.is_primary)).toHaveLength(1);
    });

    it('keeps one default address per kind when defaults are added concurrently', async () => {
      const c = await create();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          omc.call('POST', `/v1/customers/${c.id}/addresses`, { body: { ...(i % 2 ? billing : shipping), line1: `Street ${i}`, is_default: true } }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
      const addresses = (await get(c.id)).addresses;
      expect(addresses.filter((a: any) => a.kind === 'billing' && a.is_default)).toHaveLength(1);
      expect(addresses.filter((a: any) => a.kind === 'shipping' && a.is_default)).toHaveLength(1);
    });

    it('lets exactly one of 10 concurrent suspensions through; the others are 409', async () => {
      const c = await create();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => omc.call('POST', `/v1/customers/${c.id}/suspend`, { body: { reason: 'racing' }, key: key.finance })),
      );
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      expect(answers.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(9).fill('invalid_transition'));
      expect(await eventsOf(c.id, 'customer.put_on_hold')).toHaveLength(1);
    });
  });
});
