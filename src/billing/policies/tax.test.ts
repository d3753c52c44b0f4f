import { describe, expect, it } from 'vitest';
import { defaultTaxPolicy, type TaxQuestion } from './tax';

const base: TaxQuestion = {
  seller: { country: 'DE', vatId: 'DE123456789' },
  buyer: { country: 'DE', vatId: null },
  product: 'standard',
  rates: { standard: 1900, reduced: 700 },
  exemptionReason: 'Exempt under §4 UStG',
};
const decide = (q: Partial<TaxQuestion>) => defaultTaxPolicy.decide({ ...base, ...q });

describe('default tax policy', () => {
  it('charges the seller’s rates at home, by product category', () => {
    expect(decide({})).toEqual({ category: 'S', rateBp: 1900, exemptionReason: null, exemptionCode: null });
    expect(decide({ product: 'reduced' })).toMatchObject({ category: 'S', rateBp: 700 });
    expect(decide({ product: 'zero' })).toMatchObject({ category: 'Z', rateBp: 0 });
    expect(decide({ product: 'exempt' })).toEqual({ category: 'E', rateBp: 0, exemptionReason: 'Exempt under §4 UStG', exemptionCode: 'VATEX-EU-132' });
  });

  it('reverse-charges a business in another EU country, and only a business', () => {
    expect(decide({ buyer: { country: 'FR', vatId: 'FR12345678901' } })).toMatchObject({ category: 'AE', rateBp: 0, exemptionCode: 'VATEX-EU-AE' });
    expect(decide({ buyer: { country: 'FR', vatId: 'FR12345678901' }, product: 'reduced' })).toMatchObject({ category: 'AE' });
    expect(decide({ buyer: { country: 'FR', vatId: null } })).toMatchObject({ category: 'S', rateBp: 1900 }); // a consumer
    expect(decide({ buyer: { country: 'DE', vatId: 'DE999999999' } })).toMatchObject({ category: 'S', rateBp: 1900 }); // domestic business
  });

  it('treats goods leaving the EU as an export, and exempt stays exempt anywhere', () => {
    expect(decide({ buyer: { country: 'GB', vatId: 'GB123456789' } })).toMatchObject({ category: 'G', rateBp: 0, exemptionCode: 'VATEX-EU-G' });
    expect(decide({ buyer: { country: 'US', vatId: null }, product: 'zero' })).toMatchObject({ category: 'G' });
    expect(decide({ buyer: { country: 'US', vatId: null }, product: 'exempt' })).toMatchObject({ category: 'E' });
    expect(decide({ seller: { country: 'CH', vatId: 'CHE123' }, buyer: { country: 'DE', vatId: 'DE1' } })).toMatchObject({ category: 'G' });
  });
});
