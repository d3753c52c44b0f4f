/**
 * Which VAT applies to a line: the product's tax category, the seller's rates, and where the buyer is. A pure
 * decision — a company with other rules (OSS destination rates, intra-community supply as K) swaps the policy.
 */

/** EN 16931 VAT category codes (UNCL5305) that omc decides between. */
export type TaxCategory = 'S' | 'Z' | 'E' | 'AE' | 'G';

/** How VAT treats a product at home: the seller's standard or reduced rate, zero-rated, or exempt. */
export const PRODUCT_TAX_CATEGORIES = ['standard', 'reduced', 'zero', 'exempt'] as const;
export type ProductTaxCategory = (typeof PRODUCT_TAX_CATEGORIES)[number];

/** EU member states (ISO 3166-1 alpha-2; Greece is GR here, EL only in VAT ids). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
);

export interface TaxQuestion {
  seller: { country: string; vatId: string | null };
  /** A buyer with a VAT id is a business. */
  buyer: { country: string; vatId: string | null };
  product: ProductTaxCategory;
  /** The seller's rates in hundredths of a percent (1900 = 19 %). */
  rates: { standard: number; reduced: number };
  /** Printed on exempt lines. */
  exemptionReason: string;
}

export interface TaxDecision {
  category: TaxCategory;
  /** Hundredths of a percent: 1900 = 19 %, 750 = 7.5 %. */
  rateBp: number;
  /** Why a line carries no VAT (EN 16931 wants it for E, AE and G). */
  exemptionReason: string | null;
  /** The VATEX code of that reason. */
  exemptionCode: string | null;
}

export interface TaxPolicy {
  decide(question: TaxQuestion): TaxDecision;
}

const noTax = (category: TaxCategory, reason: string, code: string): TaxDecision => ({ category, rateBp: 0, exemptionReason: reason, exemptionCode: code });

/**
 * The default, in this order:
 * 1. an exempt product is exempt (E) wherever it goes;
 * 2. goods leaving the EU (or leaving a non-EU seller's country) are an export: G, no VAT;
 * 3. a business buyer with a VAT id in another EU country than the seller's: reverse charge (AE) — the buyer
 *    accounts for the VAT. (Goods between EU businesses are, strictly, an intra-community supply, K; omc
 *    bills them as AE as the issue asks; K also needs the delivery country and date on the document.)
 * 4. otherwise the seller's own rates (domestic, and EU consumers below the OSS threshold): zero-rated
 *    products Z, reduced S at the reduced rate, the rest S at the standard rate.
 */
export const defaultTaxPolicy: TaxPolicy = {
  decide({ seller, buyer, product, rates, exemptionReason }) {
    if (product === 'exempt') return noTax('E', exemptionReason, 'VATEX-EU-132');
    const sellerInEu = EU_COUNTRIES.has(seller.country);
    const crossBorder = buyer.country !== seller.country;
    if (crossBorder && (!EU_COUNTRIES.has(buyer.country) || !sellerInEu)) return noTax('G', 'Export outside the EU', 'VATEX-EU-G');
    if (crossBorder && buyer.vatId && seller.vatId) return noTax('AE', 'Reverse charge', 'VATEX-EU-AE');
    if (product === 'zero') return { category: 'Z', rateBp: 0, exemptionReason: null, exemptionCode: null };
    return { category: 'S', rateBp: product === 'reduced' ? rates.reduced : rates.standard, exemptionReason: null, exemptionCode: null };
  },
};
