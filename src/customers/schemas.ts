import { z } from 'zod';
import { idPattern } from '../core/ids';
import { isCurrency } from '../core/money';
import { pageQuery } from '../http/pagination';
import { isCountry } from './countries';
import { customerMachine, type CustomerStatus } from './transitions';
import type { CustomerAddressesTable, CustomerContactsTable, CustomersTable } from './tables';

export const TIERS = ['strategic', 'key', 'standard'] as const;

export const currencyField = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code in capitals, like EUR.')
  .refine(isCurrency, 'Unknown ISO 4217 currency.');

export const MoneyInput = z.strictObject({
  amount: z.number().int('Use an integer count of minor units (cents).').min(0).max(Number.MAX_SAFE_INTEGER),
  currency: currencyField,
});
export const Money = z.object({ amount: z.number().int(), currency: z.string() });

export const CustomerIdParams = z.strictObject({ id: z.string().regex(idPattern('customer'), 'Expected a customer id (cus_…).') });

// A bare lookup, not Intl.DisplayNames: that throws on 'Germany' (a 500) and accepts UK, EU and ZZ.
const countryField = z
  .string()
  .regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code in capitals, like DE.')
  .refine(isCountry, 'Unknown country code; use ISO 3166-1 alpha-2, like DE or GB.');

/** PostgreSQL cannot store U+0000 in text or jsonb: refuse it here as a 400 rather than fail in the database. */
const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'Must not contain the NUL character (U+0000).';

const text = (max: number) => z.string().trim().min(1).max(max).refine(noNul, NUL_MESSAGE);

export const ContactInput = z.strictObject({
  name: text(200),
  email: z.email().max(200).optional(),
  phone: text(50).optional(),
  job_title: text(100).optional(),
  is_primary: z.boolean().optional(),
});
/** Any field may change; `null` clears an optional one (e-mail, phone, job title). */
export const ContactChanges = ContactInput.partial().extend({
  email: ContactInput.shape.email.unwrap().nullable().optional(),
  phone: ContactInput.shape.phone.unwrap().nullable().optional(),
  job_title: ContactInput.shape.job_title.unwrap().nullable().optional(),
});

export const AddressInput = z.strictObject({
  kind: z.enum(['billing', 'shipping']),
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  postal_code: text(20).optional(),
  region: text(100).optional(),
  country: countryField,
  is_default: z.boolean().optional(),
});
/** Any field may change; `null` clears an optional one (line 2, postal code, region). */
export const AddressChanges = AddressInput.partial().extend({
  line2: AddressInput.shape.line2.unwrap().nullable().optional(),
  postal_code: AddressInput.shape.postal_code.unwrap().nullable().optional(),
  region: AddressInput.shape.region.unwrap().nullable().optional(),
});

/** Country prefix and 2–13 letters or digits, as the EU's VIES writes them (DE123456789, ATU12345678). */
const vatIdField = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s.-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}[A-Z0-9]{2,13}$/, 'Use a VAT id with its country prefix, like DE123456789.'));

export const CreateCustomerBody = z.strictObject({
  name: text(200),
  tier: z.enum(TIERS),
  currency: currencyField,
  credit_limit: MoneyInput.optional(),
  payment_terms_days: z.number().int().min(0).max(365).optional(),
  email: z.email().max(200).optional(),
  vat_id: vatIdField.optional(),
  contacts: z.array(ContactInput).max(50).optional(),
  addresses: z.array(AddressInput).max(50).optional(),
});

export const UpdateCustomerBody = z.strictObject({
  name: text(200).optional(),
  tier: z.enum(TIERS).optional(),
  credit_limit: MoneyInput.nullable().optional(),
  payment_terms_days: z.number().int().min(0).max(365).optional(),
  email: z.email().max(200).nullable().optional(),
  vat_id: vatIdField.nullable().optional(),
});

export const StatusChangeBody = z.strictObject({ reason: text(500) });

export const ListCustomersQuery = z.strictObject({
  ...pageQuery,
  starting_after: z.string().regex(idPattern('customer'), 'Use the next_cursor of the previous page.').optional(),
  q: z.string().trim().min(1).max(100).refine(noNul, NUL_MESSAGE).optional().describe('Part of the name, any case'),
  tier: z.enum(TIERS).optional(),
  status: z.enum(customerMachine.states).optional(),
});

export const Contact = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  job_title: z.string().nullable(),
  is_primary: z.boolean(),
});
export const Address = z.object({
  id: z.string(),
  kind: z.enum(['billing', 'shipping']),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  postal_code: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string(),
  is_default: z.boolean(),
});

export const Customer = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.enum(TIERS),
  currency: z.string(),
  credit_limit: Money.nullable(),
  payment_terms_days: z.number().int(),
  email: z.string().nullable(),
  vat_id: z.string().nullable(),
  status: z.enum(customerMachine.states),
  contacts: z.array(Contact),
  addresses: z.array(Address),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CustomerView = z.infer<typeof Customer>;

type ContactRow = Omit<CustomerContactsTable, 'is_primary'> & { is_primary: boolean };
type AddressRow = Omit<CustomerAddressesTable, 'is_default'> & { is_default: boolean };

export function presentContact(c: ContactRow) {
  return { id: c.id, name: c.name, email: c.email, phone: c.phone, job_title: c.job_title, is_primary: c.is_primary };
}

export function presentAddress(a: AddressRow) {
  return {
    id: a.id,
    kind: a.kind,
    line1: a.line1,
    line2: a.line2,
    city: a.city,
    postal_code: a.postal_code,
    region: a.region,
    country: a.country,
    is_default: a.is_default,
  };
}

export function presentCustomer(c: CustomersTable, contacts: ContactRow[], addresses: AddressRow[]): CustomerView {
  return {
    id: c.id,
    name: c.name,
    tier: c.tier,
    currency: c.currency.trim(),
    credit_limit: c.credit_limit_amount === null ? null : { amount: c.credit_limit_amount, currency: c.currency.trim() },
    payment_terms_days: c.payment_terms_days,
    email: c.email,
    vat_id: c.vat_id,
    status: c.status as CustomerStatus, // written only by the machine's transitions
    contacts: contacts.map(presentContact),
    addresses: addresses.map(presentAddress),
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  };
}
