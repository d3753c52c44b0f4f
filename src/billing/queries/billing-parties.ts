import type { InferResult, Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { AppError, notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import type { BillingSettingsTable, PartySnapshot } from '../tables';
import { issuable } from './billing-settings';

/**
 * What invoices need of both parties, in one statement: the seller's settings (409 while incomplete, as
 * `settingsForIssuing` checks them) and each customer as `buyerQuery` finds them, by customer id.
 */
export async function invoiceParties(db: Kysely<DB>, customerIds: string[]) {
  const { buyers, ...settings } = await db
    .selectFrom('billing_settings')
    .selectAll()
    .select(jsonArrayFrom(buyerQuery(db, customerIds)).as('buyers'))
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const found = new Map(buyers.map((b) => [b.id, b]));
  return { settings: issuable(settings), buyers: new Map(customerIds.map((id) => [id, buyerParty(found.get(id) ?? null, id)])) };
}

/**
 * Customers as an invoice names them: the default billing address (else any billing address, else the
 * default shipping one), the VAT id, and the customer's (or its primary contact's) e-mail — the customer,
 * its address to bill to and its primary contact in one query, for any number of customers.
 */
function buyerQuery(db: Kysely<DB>, customerIds: string[]) {
  return db
    .selectFrom('customers as c')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('customer_addresses')
          .select(['line1', 'line2', 'city', 'postal_code', 'region', 'country'])
          .whereRef('customer_id', '=', 'c.id')
          .orderBy((o) => o.case().when('kind', '=', 'billing').then(0).else(1).end())
          .orderBy('is_default', 'desc')
          .orderBy('id')
          .limit(1)
          .as('a'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) => eb.selectFrom('customer_contacts').select(['email as contact_email', 'phone']).whereRef('customer_id', '=', 'c.id').orderBy('is_primary', 'desc').orderBy('id').limit(1).as('p'),
      (join) => join.onTrue(),
    )
    .select(['c.id', 'c.name', 'c.vat_id', 'c.email', 'c.payment_terms_days', 'c.currency', 'a.line1', 'a.line2', 'a.city', 'a.postal_code', 'a.region', 'a.country', 'p.contact_email', 'p.phone'])
    .where('c.id', 'in', customerIds);
}

type BuyerRow = InferResult<ReturnType<typeof buyerQuery>>[number];

/** The buyer's party snapshot; 404 without the customer, 409 without an address to bill to. */
function buyerParty(customer: BuyerRow | null, customerId: string): PartySnapshot & { payment_terms_days: number; currency: string } {
  if (!customer) throw notFound('customer', customerId);
  if (customer.line1 === null) throw new AppError('billing_address_missing', `Customer ${customer.name} has no address to bill to; add one first.`, { customer_id: customerId });
  return {
    name: customer.name,
    vat_id: customer.vat_id,
    company_id: null,
    line1: customer.line1,
    line2: customer.line2,
    city: customer.city!,
    postal_code: customer.postal_code,
    region: customer.region,
    country: customer.country!.trim(),
    email: customer.email ?? customer.contact_email ?? null,
    phone: customer.phone ?? null,
    // customers have no Peppol id of their own yet: documents address them by VAT id
    endpoint_id: null,
    endpoint_scheme: null,
    payment_terms_days: customer.payment_terms_days,
    currency: customer.currency.trim(),
  };
}

/** The seller as the invoice prints it, from the settings at the moment of issue. */
export function sellerParty(s: BillingSettingsTable & { legal_name: string; country: string }): PartySnapshot {
  return {
    name: s.legal_name,
    vat_id: s.vat_id,
    company_id: s.company_id,
    line1: s.address_line1,
    line2: s.address_line2,
    city: s.city,
    postal_code: s.postal_code,
    region: null,
    country: s.country,
    email: s.email,
    phone: s.phone,
    endpoint_id: s.endpoint_id,
    endpoint_scheme: s.endpoint_scheme,
    iban: s.iban,
    bic: s.bic,
  };
}
