import type { StripeCheckoutAmount } from '@stripe/stripe-js';

// Stripe's zero-decimal currencies: amounts are already in whole units.
// https://docs.stripe.com/currencies#zero-decimal
const ZERO_DECIMAL_CURRENCIES = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

export function minorUnitsAmountDivisor(currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency.toLowerCase()) ? 1 : 100;
}

/** An amount the way Stripe.js hands it out: minor units plus the formatted string ("$10.00"). */
export function checkoutAmount(
  minorUnitsAmount: number,
  currency: string,
  locale = 'en-US',
): StripeCheckoutAmount {
  const divisor = minorUnitsAmountDivisor(currency);
  const amount = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: divisor === 1 ? 0 : 2,
  }).format(minorUnitsAmount / divisor);
  return { minorUnitsAmount, amount };
}
