import type { StripeCheckoutAmount } from '@stripe/stripe-js';
import { fractionDigits, minorUnitsAmountDivisor } from '../../state/currencies.js';

export { minorUnitsAmountDivisor } from '../../state/currencies.js';

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
    minimumFractionDigits: fractionDigits(currency),
  }).format(minorUnitsAmount / divisor);
  return { minorUnitsAmount, amount };
}
