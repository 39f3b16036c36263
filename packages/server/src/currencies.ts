import { stripePresentmentCurrencies, stripeRegionalCurrencies } from '@checkout-element/protocol/currencies';

/**
 * The currencies Stripe accepts for charges, lowercase ISO 4217: every account's presentment currencies and the
 * ones only some countries' accounts may use (the list lives in @checkout-element/protocol/currencies, shared with
 * the emulator; see https://docs.stripe.com/currencies). Which of them a given account may use is Stripe's check.
 */
export const stripeCurrencies: ReadonlySet<string> = new Set([
  ...stripePresentmentCurrencies,
  ...stripeRegionalCurrencies,
]);
