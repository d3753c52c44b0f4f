import { SingleBar } from 'cli-progress';
import type { Kysely } from 'kysely';
import { createApiKey } from '../access/commands/create-api-key';
import { createUser } from '../access/commands/create-user';
import { DEPARTMENTS, SYSTEM_ACTOR } from '../access/roles';
import { createCustomer, type NewCustomer } from '../customers/commands/create-customer';
import type { DB } from '../db/schema';
import { transact } from '../db/transaction';

export const DEMO_PASSWORD = 'omc-demo-password';
export const DEMO_ADMIN_EMAIL = 'admin@demo.omc';
/** Demo data only: a well-known key so that the README's curl lines work on a fresh demo. */
export const DEMO_API_KEY = 'omc_sk_demo_admin_key_do_not_use_in_production';

const address = (kind: 'billing' | 'shipping', line1: string, city: string, postal_code: string, country: string) => ({
  kind,
  line1,
  city,
  postal_code,
  country,
  is_default: true,
});

/** A believable manufacturer's customer base: a few strategic accounts, key accounts and the long tail. */
const DEMO_CUSTOMERS: (NewCustomer & { portalUser?: string })[] = [
  {
    name: 'Nordhafen Maschinenbau GmbH',
    tier: 'strategic',
    currency: 'EUR',
    credit_limit: { amount: 50_000_000, currency: 'EUR' },
    payment_terms_days: 45,
    email: 'purchasing@nordhafen.example',
    contacts: [{ name: 'Katrin Vogel', email: 'k.vogel@nordhafen.example', job_title: 'Head of Purchasing', is_primary: true }],
    addresses: [address('billing', 'Kaistraße 12', 'Hamburg', '20457', 'DE'), address('shipping', 'Werk 2, Am Hafen 3', 'Bremerhaven', '27568', 'DE')],
    portalUser: 'buyer@nordhafen.example',
  },
  {
    name: 'Atlantic Food Processing Ltd',
    tier: 'strategic',
    currency: 'GBP',
    credit_limit: { amount: 30_000_000, currency: 'GBP' },
    payment_terms_days: 30,
    contacts: [{ name: 'Owen Price', email: 'owen.price@atlanticfood.example', job_title: 'Operations Director', is_primary: true }],
    addresses: [address('billing', '4 Dock Road', 'Cardiff', 'CF10 4AA', 'GB')],
  },
  {
    name: 'Lumière Packaging SAS',
    tier: 'key',
    currency: 'EUR',
    credit_limit: { amount: 12_000_000, currency: 'EUR' },
    contacts: [{ name: 'Claire Martin', email: 'c.martin@lumiere-pack.example', job_title: 'Buyer', is_primary: true }],
    addresses: [address('billing', '18 rue des Tanneurs', 'Lyon', '69002', 'FR')],
    portalUser: 'claire@lumiere-pack.example',
  },
  {
    name: 'Great Lakes Bottling Co.',
    tier: 'key',
    currency: 'USD',
    credit_limit: { amount: 15_000_000, currency: 'USD' },
    payment_terms_days: 30,
    contacts: [{ name: 'Dana Kowalski', email: 'dana@glbottling.example', job_title: 'Plant Manager', is_primary: true }],
    addresses: [address('shipping', '900 Harbor Ave', 'Milwaukee', '53207', 'US')],
  },
  {
    name: 'Van Dijk Agri Systems BV',
    tier: 'key',
    currency: 'EUR',
    credit_limit: { amount: 8_000_000, currency: 'EUR' },
    contacts: [{ name: 'Pieter van Dijk', email: 'pieter@vandijk-agri.example', is_primary: true }],
    addresses: [address('billing', 'Havenweg 7', 'Rotterdam', '3089 JA', 'NL')],
  },
  ...['Alpine Kitchen Equipment AG', 'Baltic Cold Storage UAB', 'Iberia Bottling SL', 'Danube Dairy Kft', 'Fjord Fisheries AS', 'Tatra Brewery s.r.o.', 'Po Valley Pasta SpA'].map(
    (name, i): NewCustomer => ({
      name,
      tier: 'standard',
      currency: 'EUR',
      credit_limit: { amount: 2_000_000 + i * 250_000, currency: 'EUR' },
      payment_terms_days: 30,
      addresses: [address('billing', `${10 + i} Industriestraße`, ['Innsbruck', 'Klaipėda', 'Valencia', 'Győr', 'Bergen', 'Poprad', 'Parma'][i]!, `${1000 + i}`, ['AT', 'LT', 'ES', 'HU', 'NO', 'SK', 'IT'][i]!)],
    }),
  ),
];

/** True when the demo company is already there (seeding twice adds nothing). */
export async function hasDemoData(db: Kysely<DB>): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where('email', '=', DEMO_ADMIN_EMAIL).executeTakeFirst());
}

/** Seed the demo company in one transaction: an admin, one user per department, customers of every tier. */
export async function seedDemo(db: Kysely<DB>, { progress = true } = {}): Promise<boolean> {
  if (await hasDemoData(db)) return false;
  const steps = 1 + DEPARTMENTS.length + DEMO_CUSTOMERS.length;
  const bar = progress ? new SingleBar({ format: 'Seeding demo company [{bar}] {value}/{total} {step}', stream: process.stderr }) : null;
  bar?.start(steps, 0, { step: '' });
  await transact(db, async (trx) => {
    const tx = { db: trx, now: new Date(), actor: SYSTEM_ACTOR, requestId: null };
    await createUser(tx, { email: DEMO_ADMIN_EMAIL, name: 'Ada Admin', password: DEMO_PASSWORD, role: 'admin' });
    await createApiKey(tx, { name: 'demo admin key', role: 'admin', secret: DEMO_API_KEY });
    bar?.increment({ step: 'admin' });
    for (const department of DEPARTMENTS) {
      await createUser(tx, { email: `${department}@demo.omc`, name: `${department[0]!.toUpperCase()}${department.slice(1)} Demo`, password: DEMO_PASSWORD, role: department });
      bar?.increment({ step: department });
    }
    for (const { portalUser, ...customer } of DEMO_CUSTOMERS) {
      const created = await createCustomer(tx, customer);
      if (portalUser) await createUser(tx, { email: portalUser, name: `${customer.name} buyer`, password: DEMO_PASSWORD, customer_id: created.id });
      bar?.increment({ step: customer.name });
    }
  });
  bar?.stop();
  return true;
}
