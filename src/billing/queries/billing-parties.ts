import type { Kysely } from 'kysely';
import { AppError, notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import type { BillingSettingsTable, PartySnapshot } from '../tables';

/**
 * The customer as an invoice names them: the default billing address (else any billing address, else the
 * default shipping one), the VAT id, and the customer's (or its primary contact's) e-mail.
 */
export async function buyerParty(db: Kysely<DB>, customerId: string): Promise<PartySnapshot & { payment_terms_days: number; currency: string }> {
  const customer = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw notFound('customer', customerId);
  const [address] = await db
    .selectFrom('customer_addresses')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy((eb) => eb.case().when('kind', '=', 'billing').then(0).else(1).end())
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .limit(1)
    .execute();
  if (!address) throw new AppError('billing_address_missing', `Customer ${customer.name} has no address to bill to; add one first.`, { customer_id: customerId });
  const contact = await db.selectFrom('customer_contacts').select(['email', 'phone']).where('customer_id', '=', customerId).orderBy('is_primary', 'desc').orderBy('id').executeTakeFirst();
  const email = customer.email ?? contact?.email ?? null;
  return {
    name: customer.name,
    vat_id: customer.vat_id,
    company_id: null,
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    postal_code: address.postal_code,
    region: address.region,
    country: address.country.trim(),
    email,
    phone: contact?.phone ?? null,
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
