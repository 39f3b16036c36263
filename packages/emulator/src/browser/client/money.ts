import type { StripeCheckoutAmount } from '@stripe/stripe-js';
import { fractionDigits, minorUnitsAmountDivisor } from '../../state/currencies.js';

export { minorUnitsAmountDivisor } from '../../state/currencies.js';

/**
 * One formatter per locale and currency, built once: every session change maps a dozen amounts. (The first
 * Intl.NumberFormat of a page stays the expensive one, 10-40 ms of main thread on the bench machine while Chromium
 * loads the locale data; any page that formats a price pays that once, Stripe.js's own formatting included.)
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: fractionDigits(currency),
    });
    formatters.set(key, format);
  }
  return format;
}

/** An amount the way Stripe.js hands it out: minor units plus the formatted string ("$10.00"). */
export function checkoutAmount(
  minorUnitsAmount: number,
  currency: string,
  locale = 'en-US',
): StripeCheckoutAmount {
  const amount = formatter(locale, currency).format(minorUnitsAmount / minorUnitsAmountDivisor(currency));
  return { minorUnitsAmount, amount };
}
