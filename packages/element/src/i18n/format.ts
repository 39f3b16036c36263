/**
 * Amounts and lists in the buyer's locale, with `Intl` (dates and periods, which only the checkout shows, are in
 * order-summary.ts, so that a return page does not ship them). Stripe.js hands out amounts as minor units
 * (`minorUnitsAmount`, with the session's `minorUnitsAmountDivisor`) next to a preformatted string; the element
 * formats the minor units itself so that a French page reads "25,00 $US", whatever locale Stripe.js formatted in.
 */
export function formatMoney(locale: string, minorUnits: number, currency: string, divisor?: number): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Without Stripe.js's divisor (the status page), the currency's own digits: 100 for USD, 1 for JPY.
  return format.format(minorUnits / (divisor ?? 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2)));
}

/** "A, B and C" in the buyer's language. */
export function formatList(locale: string, items: string[]): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}
