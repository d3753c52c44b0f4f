/**
 * Money is an integer count of minor units with its ISO 4217 currency — never a float.
 * Rounding happens in exactly one place: `roundHalfUp`, the commercial rounding EN 16931 uses.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

/** Digits after the decimal point for a currency: EUR 2, JPY 0, BHD 3. */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Money amount must be a safe integer of minor units, got ${amount}`);
  if (!isCurrency(currency)) throw new RangeError(`Unknown currency ${currency}`);
  return { amount, currency };
}

export function zero(currency: string): Money {
  return money(0, currency);
}

/** The single rounding rule: half away from zero, to an integer. */
export function roundHalfUp(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value) + Number.EPSILON * Math.abs(value));
  return rounded === 0 ? 0 : rounded; // no negative zero
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`Currency mismatch: ${a.currency} and ${b.currency}`);
}

export function add(a: Money, ...more: Money[]): Money {
  return more.reduce((sum, m) => {
    sameCurrency(sum, m);
    return money(sum.amount + m.amount, sum.currency);
  }, a);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/** Multiply by a quantity or a rate; the result is rounded once. */
export function multiply(m: Money, factor: number): Money {
  return money(roundHalfUp(m.amount * factor), m.currency);
}

export function sum(currency: string, items: Money[]): Money {
  return items.length === 0 ? zero(currency) : add(zero(currency), ...items);
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/**
 * Split an amount by ratios so that the parts add up exactly (largest remainder; ties go to the earlier part).
 * allocate(100, [1,1,1]) → 34, 33, 33.
 */
export function allocate(m: Money, ratios: number[]): Money[] {
  const total = ratios.reduce((s, r) => s + r, 0);
  if (ratios.length === 0 || total <= 0 || ratios.some((r) => r < 0)) {
    throw new RangeError('allocate needs at least one non-negative ratio and a positive total');
  }
  const exact = ratios.map((r) => (m.amount * r) / total);
  const parts = exact.map((x) => (m.amount >= 0 ? Math.floor(x) : Math.ceil(x)));
  let remainder = m.amount - parts.reduce((s, p) => s + p, 0);
  const step = Math.sign(remainder);
  const order = exact
    .map((x, i) => ({ i, frac: Math.abs(x - parts[i]!) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; remainder !== 0; k = (k + 1) % order.length) {
    parts[order[k]!.i]! += step;
    remainder -= step;
  }
  return parts.map((amount) => money(amount, m.currency));
}

/** Human form for logs and documents: `EUR 1,234.50`. Never parse this back. */
export function format(m: Money, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(m.amount / 10 ** minorUnitDigits(m.currency));
}
