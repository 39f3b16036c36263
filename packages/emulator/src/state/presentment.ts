// Adaptive Pricing: which currencies a buyer is offered and which one the session is presented in.
// https://docs.stripe.com/payments/currencies/localize-prices/adaptive-pricing?payment-ui=embedded-components
import { fxRate, LOCATION_CURRENCIES, testLocation } from './currencies.js';
import { InvalidRequestError } from './errors.js';
import type { SessionRecord } from './records.js';
import type { State } from './store.js';

export interface CurrencyOption {
  currency: string;
  /** Units of `currency` per unit of the session currency; null for the session currency itself. */
  fxRate: number | null;
}

/**
 * The buyer's test-mode country. Stripe's test mode places a buyer with an email like
 * `test+location_FR@example.com` in that country (Adaptive Pricing testing guide, page above, "Test").
 * The email the buyer entered wins over the session's `customer_email` and the customer's.
 */
export function buyerCountry(state: State, session: SessionRecord): string | null {
  const customer = session.customerId ? state.customers.get(session.customerId) : undefined;
  return testLocation(session.buyer.email ?? session.customerEmail ?? customer?.email ?? null);
}

/**
 * The currencies the currency selector offers: the session currency first, then the buyer's local currency
 * when Adaptive Pricing applies (enabled, one-time payment, a different local currency the emulator has a
 * rate for). One entry means no choice.
 */
export function currencyOptions(state: State, session: SessionRecord): CurrencyOption[] {
  const integration = session.currency ?? 'usd';
  const own: CurrencyOption = { currency: integration, fxRate: null };
  // The Elements integration supports Adaptive Pricing for one-time payments only (same guide, "Restrictions").
  if (!session.adaptivePricing || session.mode !== 'payment') return [own];
  const country = buyerCountry(state, session);
  const local = country ? LOCATION_CURRENCIES[country] : undefined;
  if (!local || local === integration) return [own];
  const rate = fxRate(integration, local);
  return rate === undefined ? [own] : [own, { currency: local, fxRate: rate }];
}

/** The currency the session is presented in: the buyer's choice, else their local currency, else its own. */
export function presentmentCurrency(state: State, session: SessionRecord): string {
  const options = currencyOptions(state, session);
  const chosen = session.chosenPresentmentCurrency;
  if (chosen && options.some((option) => option.currency === chosen)) return chosen;
  return options.at(-1)?.currency ?? session.currency ?? 'usd';
}

/** The buyer picks a currency in the currency selector. */
export function choosePresentmentCurrency(state: State, session: SessionRecord, currency: string): void {
  const wanted = currency.toLowerCase();
  const options = currencyOptions(state, session);
  if (!options.some((option) => option.currency === wanted)) {
    throw new InvalidRequestError(
      `This Checkout Session cannot be presented in ${wanted}; it offers ${options.map((option) => option.currency).join(', ')}.`,
      { param: 'presentment_currency' },
    );
  }
  session.chosenPresentmentCurrency = wanted;
}
