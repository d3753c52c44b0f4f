import type { Generated } from 'kysely';

export interface CustomersTable {
  id: string;
  name: string;
  tier: 'strategic' | 'key' | 'standard';
  currency: string;
  credit_limit_amount: number | null;
  payment_terms_days: number;
  email: string | null;
  /** VAT identifier with its country prefix (DE123456789): a buyer with one is a business. */
  vat_id: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
}

export interface CustomerContactsTable {
  id: string;
  customer_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  is_primary: Generated<boolean>;
  created_at: Date;
}

export interface CustomerAddressesTable {
  id: string;
  customer_id: string;
  kind: 'billing' | 'shipping';
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string | null;
  region: string | null;
  country: string;
  is_default: Generated<boolean>;
  created_at: Date;
}

export interface CustomerTables {
  customers: CustomersTable;
  customer_contacts: CustomerContactsTable;
  customer_addresses: CustomerAddressesTable;
}
