import { z } from 'zod';
import { isCountry } from '../customers/countries';
import type { BillingSettingsTable } from './tables';

const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !s.includes('\u0000'), 'Must not contain U+0000.');
/** A rate in percent with at most two decimals (19, 7.5, 5.55), kept as hundredths of a percent. */
const ratePercent = z
  .number()
  .min(0)
  .max(100)
  .refine((r) => Math.abs(r * 100 - Math.round(r * 100)) < 1e-9, 'Use at most two decimals, like 19 or 7.5.');
const prefix = z.string().regex(/^[A-Z0-9]{1,10}$/, 'Use 1–10 capital letters or digits, like INV.');

export const CONSOLIDATIONS = ['per_shipment', 'per_customer_period'] as const;

/** Any field may change; `null` clears an optional one. Issuing needs legal name, VAT id, address and country. */
export const UpdateBillingSettingsBody = z.strictObject({
  legal_name: text(200).optional(),
  vat_id: text(20).nullable().optional(),
  company_id: text(50).nullable().optional(),
  address_line1: text(200).optional(),
  address_line2: text(200).nullable().optional(),
  city: text(100).optional(),
  postal_code: text(20).nullable().optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code, like DE.').refine(isCountry, 'Unknown country code.').optional(),
  email: z.email().max(200).nullable().optional(),
  phone: text(50).nullable().optional(),
  endpoint_id: text(100).nullable().optional().describe('Peppol electronic address of the seller'),
  endpoint_scheme: z.string().regex(/^[A-Z0-9]{2,4}$/, 'An EAS code, like 0088 or 9930.').nullable().optional(),
  iban: z
    .string()
    .transform((v) => v.replace(/\s/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'Use an IBAN, like DE89370400440532013000.'))
    .nullable()
    .optional(),
  bic: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'Use a BIC of 8 or 11 characters.').nullable().optional(),
  invoice_prefix: prefix.optional(),
  credit_note_prefix: prefix.optional(),
  consolidation: z.enum(CONSOLIDATIONS).optional().describe('Billing runs: one invoice per shipment, or one per customer and period'),
  standard_rate: ratePercent.optional().describe('Percent, e.g. 19'),
  reduced_rate: ratePercent.optional().describe('Percent, e.g. 7'),
  exemption_reason: text(300).optional().describe('Printed on lines of exempt products'),
});
export type BillingSettingsChanges = z.infer<typeof UpdateBillingSettingsBody>;

export const BillingSettings = z.object({
  legal_name: z.string().nullable(),
  vat_id: z.string().nullable(),
  company_id: z.string().nullable(),
  address_line1: z.string().nullable(),
  address_line2: z.string().nullable(),
  city: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  endpoint_id: z.string().nullable(),
  endpoint_scheme: z.string().nullable(),
  iban: z.string().nullable(),
  bic: z.string().nullable(),
  invoice_prefix: z.string(),
  credit_note_prefix: z.string(),
  consolidation: z.enum(CONSOLIDATIONS),
  standard_rate: z.number(),
  reduced_rate: z.number(),
  exemption_reason: z.string(),
  missing: z.array(z.string()).describe('Fields that must be set before an invoice can be issued'),
  updated_at: z.string().nullable(),
});

/** The fields an invoice cannot be issued without (EN 16931: seller name, VAT id, postal address). */
export const REQUIRED_FOR_ISSUING = ['legal_name', 'vat_id', 'address_line1', 'city', 'country'] as const;

export function missingForIssuing(s: BillingSettingsTable): string[] {
  return REQUIRED_FOR_ISSUING.filter((f) => !s[f]);
}

export function presentSettings(s: BillingSettingsTable) {
  return {
    legal_name: s.legal_name,
    vat_id: s.vat_id,
    company_id: s.company_id,
    address_line1: s.address_line1,
    address_line2: s.address_line2,
    city: s.city,
    postal_code: s.postal_code,
    country: s.country?.trim() ?? null,
    email: s.email,
    phone: s.phone,
    endpoint_id: s.endpoint_id,
    endpoint_scheme: s.endpoint_scheme,
    iban: s.iban,
    bic: s.bic,
    invoice_prefix: s.invoice_prefix,
    credit_note_prefix: s.credit_note_prefix,
    consolidation: s.consolidation,
    standard_rate: s.standard_rate_bp / 100,
    reduced_rate: s.reduced_rate_bp / 100,
    exemption_reason: s.exemption_reason,
    missing: missingForIssuing(s),
    updated_at: s.updated_at?.toISOString() ?? null,
  };
}
