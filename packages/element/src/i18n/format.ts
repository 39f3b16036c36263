/**
 * Amounts, dates, periods and lists in the buyer's locale, with `Intl`. Stripe.js hands out amounts as minor units
 * (`minorUnitsAmount`, with the session's `minorUnitsAmountDivisor`) next to a preformatted string; the element
 * formats the minor units itself so that a French page reads "25,00 $US", whatever locale Stripe.js formatted in.
 */
export function formatMoney(locale: string, minorUnits: number, currency: string, divisor: number): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minorUnits / divisor);
}

/** Minor units per major unit of a currency, as `Intl` knows it (100 for USD, 1 for JPY): for the status page. */
export function currencyDivisor(currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  return 10 ** (digits ?? 2);
}

/** A date from Unix seconds ("12 Dec 2026"). */
export function formatDate(locale: string, unixSeconds: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(unixSeconds * 1000);
}

/** "3 months", "2 semaines", "3 か月". */
export function formatPeriod(locale: string, count: number, unit: 'day' | 'week' | 'month' | 'year'): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(count);
}

/** "A, B and C" in the buyer's language. */
export function formatList(locale: string, items: string[]): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}
