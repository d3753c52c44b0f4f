/**
 * A party's Peppol electronic address (BT-34 / BT-49). Peppol accepts only the EAS codes of its code list —
 * an e-mail address (scheme EM) fails PEPPOL-EN16931-CL008 — so a party without a Peppol id of its own is
 * addressed by its VAT id under its country's VAT scheme (DE123… → 9930:DE123…).
 */
const VAT_SCHEMES: Record<string, string> = {
  AD: '9922', AL: '9923', AT: '9914', BA: '9924', BE: '9925', BG: '9926', CH: '9927', CY: '9928', CZ: '9929',
  DE: '9930', EE: '9931', ES: '9920', FR: '9957', GB: '9932', GR: '9933', EL: '9933', HR: '9934', HU: '9910',
  IE: '9935', LI: '9936', LT: '9937', LU: '9938', LV: '9939', MC: '9940', ME: '9941', MK: '9942',
  MT: '9943', NL: '9944', PL: '9945', PT: '9946', RO: '9947', RS: '9948', SI: '9949', SK: '9950', SM: '9951',
  TR: '9952', VA: '9953',
};

/** Peppol's EAS codes are four digits; anything else (EM, a typo) is not routable there. */
export function isPeppolScheme(scheme: string): boolean {
  return /^\d{4}$/.test(scheme);
}

export function peppolEndpoint(party: { endpointId?: string | null; endpointScheme?: string | null; vatId?: string | null }): { id: string; scheme: string } | undefined {
  if (party.endpointId && party.endpointScheme && isPeppolScheme(party.endpointScheme)) return { id: party.endpointId, scheme: party.endpointScheme };
  const vat = party.vatId?.replace(/\s/g, '').toUpperCase();
  const scheme = vat ? VAT_SCHEMES[vat.slice(0, 2)] : undefined;
  if (vat && scheme) return { id: vat, scheme };
  return undefined;
}
