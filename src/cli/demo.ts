import { SingleBar } from 'cli-progress';
import type { Kysely } from 'kysely';
import { createApiKey } from '../access/commands/create-api-key';
import { createUser } from '../access/commands/create-user';
import { seedHistory } from '../analytics/demo';
import { DEPARTMENTS, SYSTEM_ACTOR } from '../access/roles';
import { createCustomer, type NewCustomer } from '../customers/commands/create-customer';
import type { Tx } from '../db/transaction';
import { placeOrder } from '../entry/commands/place-order';
import { seedGeneration } from '../generation/demo';
import { seedQuotes } from '../pricing/demo';
import { seedBilling, seedSeller } from '../billing/demo';
import { seedWave } from '../fulfillment/demo';
import { adjustStock } from '../planning/commands/adjust-stock';
import { createProduct } from '../planning/commands/create-product';
import { createSupply } from '../planning/commands/create-supply';
import { createWarehouse } from '../planning/commands/create-warehouse';
import { createWorkCenter } from '../planning/commands/create-work-center';
import { replaceBom } from '../planning/commands/replace-bom';
import { replaceRouting } from '../planning/commands/replace-routing';
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

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** What the demo company makes and sells: pumps and valves, their parts, and services. */
const DEMO_PRODUCTS = [
  { sku: 'PMP-100', name: 'Centrifugal pump CP-100', kind: 'stocked', list_price: eur(189_000), standard_cost: eur(112_000), lead_time_days: 21, warranty_days: 730 },
  { sku: 'PMP-250', name: 'Centrifugal pump CP-250', kind: 'stocked', list_price: eur(342_000), standard_cost: eur(205_000), lead_time_days: 28, warranty_days: 730 },
  { sku: 'VLV-DN50', name: 'Ball valve DN50 stainless', kind: 'stocked', list_price: eur(24_500), standard_cost: eur(11_800), lead_time_days: 14, warranty_days: 365 },
  { sku: 'VLV-DN80', name: 'Ball valve DN80 stainless', kind: 'stocked', list_price: eur(38_900), standard_cost: eur(19_600), lead_time_days: 14, warranty_days: 365 },
  { sku: 'SEAL-KIT', name: 'Mechanical seal kit', kind: 'stocked', list_price: eur(8_900), standard_cost: eur(3_100), lead_time_days: 10, warranty_days: 180 },
  { sku: 'MTR-7K5', name: 'Motor 7.5 kW IE3', kind: 'stocked', list_price: eur(96_000), standard_cost: eur(61_000), lead_time_days: 35, warranty_days: 730 },
  { sku: 'FRAME-S', name: 'Skid frame, steel', kind: 'stocked', list_price: eur(31_000), standard_cost: eur(14_000), lead_time_days: 12 },
  { sku: 'SKID-PU1', name: 'Pump unit on skid PU-1 (built to order)', kind: 'made_to_order', list_price: eur(498_000), lead_time_days: 18, warranty_days: 730, needs_installation: true },
  { sku: 'SRV-INST', name: 'Installation and commissioning (per day)', kind: 'service', list_price: eur(98_000), standard_cost: eur(52_000), lead_time_days: 5 },
  { sku: 'SRV-TRAIN', name: 'Operator training (per session)', kind: 'service', list_price: eur(65_000), standard_cost: eur(30_000), lead_time_days: 7 },
] as const;

/** Catalog, two warehouses with stock, supply on its way, a workshop that assembles pump skids. */
async function seedOperations(tx: Tx): Promise<Map<string, string>> {
  const hamburg = await createWarehouse(tx, { code: 'HAM', name: 'Hamburg central warehouse', handling_days: 1, transit_days: 2 });
  const lyon = await createWarehouse(tx, { code: 'LYO', name: 'Lyon regional warehouse', handling_days: 1, transit_days: 3 });
  const ids = new Map<string, string>();
  for (const product of DEMO_PRODUCTS) ids.set(product.sku, (await createProduct(tx, { ...product })).id);
  const stock: [string, string, number][] = [
    ['PMP-100', hamburg.id, 14], ['PMP-100', lyon.id, 4], ['PMP-250', hamburg.id, 3], ['VLV-DN50', hamburg.id, 120], ['VLV-DN50', lyon.id, 40],
    ['VLV-DN80', hamburg.id, 6], ['SEAL-KIT', hamburg.id, 300], ['MTR-7K5', hamburg.id, 9], ['FRAME-S', hamburg.id, 11],
  ];
  for (const [sku, warehouse, quantity] of stock) await adjustStock(tx, { product_id: ids.get(sku)!, warehouse_id: warehouse, quantity, reason: 'opening count' });
  const inDays = (days: number) => new Date(tx.now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  await createSupply(tx, { product_id: ids.get('PMP-250')!, warehouse_id: hamburg.id, quantity: 10, expected_date: inDays(12), reference: 'PO-2026-0412' });
  await createSupply(tx, { product_id: ids.get('VLV-DN80')!, warehouse_id: hamburg.id, quantity: 40, expected_date: inDays(9), reference: 'PO-2026-0415' });
  const assembly = await createWorkCenter(tx, { code: 'ASM', name: 'Skid assembly', hourly_rate: eur(6_800), overhead_percent: 35, hours_per_day: 8, parallel_units: 2 });
  const test = await createWorkCenter(tx, { code: 'TST', name: 'Test bench', hourly_rate: eur(8_500), overhead_percent: 50, hours_per_day: 8, parallel_units: 1 });
  // Each warehouse picks and packs at a work center of its own, so the schedule plans the warehouses' work too.
  await createWorkCenter(tx, { code: 'PCK-HAM', name: 'Pick & pack Hamburg', department: 'warehouse', hourly_rate: eur(4_200), overhead_percent: 20, hours_per_day: 8, parallel_units: 3, pick_pack_warehouse_id: hamburg.id });
  await createWorkCenter(tx, { code: 'PCK-LYO', name: 'Pick & pack Lyon', department: 'warehouse', hourly_rate: eur(3_900), overhead_percent: 20, hours_per_day: 8, parallel_units: 1, pick_pack_warehouse_id: lyon.id });
  await replaceBom(tx, ids.get('SKID-PU1')!, {
    lines: [
      { component_id: ids.get('PMP-100')!, quantity: 1 },
      { component_id: ids.get('MTR-7K5')!, quantity: 1 },
      { component_id: ids.get('FRAME-S')!, quantity: 1 },
      { component_id: ids.get('VLV-DN50')!, quantity: 2 },
    ],
  });
  await replaceRouting(tx, ids.get('SKID-PU1')!, {
    operations: [
      { sequence: 10, work_center_id: assembly.id, description: 'Mount pump, motor and valves on the frame', setup_minutes: 45, run_minutes: 240 },
      { sequence: 20, work_center_id: test.id, description: 'Pressure and run test', setup_minutes: 30, run_minutes: 90 },
    ],
  });
  return ids;
}

/** A few weeks of orders: most confirmed, some backordered on incoming supply, one over its credit limit. */
async function seedOrders(tx: Tx, customers: string[], products: Map<string, string>): Promise<void> {
  const baskets: [string, number][][] = [
    [['PMP-100', 2], ['SEAL-KIT', 4]],
    [['VLV-DN50', 24]],
    [['PMP-250', 5], ['SRV-INST', 2]],
    [['SKID-PU1', 1], ['SRV-TRAIN', 1]],
    [['VLV-DN80', 10]],
    [['MTR-7K5', 2], ['FRAME-S', 2]],
    [['SEAL-KIT', 20], ['VLV-DN50', 6]],
    [['PMP-100', 1]],
  ];
  for (const [i, customer] of customers.entries()) {
    const basket = baskets[i % baskets.length]!;
    await placeOrder(tx, {
      customer_id: customer,
      lines: basket.map(([sku, quantity]) => ({ product_id: products.get(sku)!, quantity })),
      external_ref: `PO-${4711 + i}`,
      channel: (['email', 'phone', 'edi', 'api'] as const)[i % 4],
    });
  }
}

/** True when the demo company is already there (seeding twice adds nothing). */
export async function hasDemoData(db: Kysely<DB>): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where('email', '=', DEMO_ADMIN_EMAIL).executeTakeFirst());
}

/** Seed the demo company in one transaction: an admin, one user per department, customers of every tier. */
export async function seedDemo(db: Kysely<DB>, { progress = true } = {}): Promise<boolean> {
  if (await hasDemoData(db)) return false;
  const steps = 1 + DEPARTMENTS.length + DEMO_CUSTOMERS.length + 2;
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
    const customers: string[] = [];
    for (const { portalUser, ...customer } of DEMO_CUSTOMERS) {
      const created = await createCustomer(tx, customer);
      if (customer.currency === 'EUR') customers.push(created.id); // the catalog is priced in EUR
      if (portalUser) await createUser(tx, { email: portalUser, name: `${customer.name} buyer`, password: DEMO_PASSWORD, customer_id: created.id });
      bar?.increment({ step: customer.name });
    }
    const products = await seedOperations(tx);
    bar?.increment({ step: 'catalog, stock and workshop' });
    await seedSeller(tx);
    await seedHistory(tx, customers, products);
    await seedOrders(tx, customers, products);
    await seedGeneration(tx, customers);
    await seedQuotes(tx, customers, products);
    await seedBilling(tx, customers);
    await seedWave(tx);
    bar?.increment({ step: 'orders' });
  });
  bar?.stop();
  return true;
}
