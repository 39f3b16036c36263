import type { StoreProduct } from './catalog.js';
import { StoreConfigError } from './config.js';

/** The currency each of the store's checkouts charges in. */
export interface StoreCurrencies {
  /** The cart at /api/checkout (one-time prices), also used for its shipping rates. */
  readonly payment: string | undefined;
  /** The membership at /api/subscribe (recurring prices). */
  readonly subscription: string | undefined;
  /** The save-a-card session at /api/save-card: Stripe requires a currency in setup mode. */
  readonly setup: string;
}

/**
 * A Checkout Session charges in one currency, and every price, coupon, promotion code and shipping rate in it must
 * offer that currency ("If a Checkout Session uses multiple prices, coupons, promotion codes, or shipping rates, …",
 * https://docs.stripe.com/products-prices/manage-prices#use-multi-currency-prices). A cart here may combine any of
 * the one-time prices (and the membership page any recurring ones), so each group must share one currency, or some
 * carts would be refused by Stripe at checkout time. Refused at start-up instead, naming the prices.
 */
export function storeCurrencies(products: readonly StoreProduct[]): StoreCurrencies {
  const shared = (group: readonly StoreProduct[], what: string): string | undefined => {
    const currencies = new Set(group.map((product) => product.currency.toLowerCase()));
    if (currencies.size <= 1) return [...currencies][0];
    const listed = group.map((product) => `${product.price} (${product.currency.toUpperCase()})`).join(', ');
    throw new StoreConfigError(
      `the ${what} prices mix currencies: ${listed}. A Checkout Session charges in one currency, so every price a ` +
        'cart can combine must share it (https://docs.stripe.com/products-prices/manage-prices). List prices of one ' +
        'currency in CHECKOUT_PRICES.',
    );
  };
  const payment = shared(
    products.filter((product) => product.interval === null),
    'one-time',
  );
  const subscription = shared(
    products.filter((product) => product.interval !== null),
    'recurring',
  );
  const setup = payment ?? subscription;
  if (!setup) throw new StoreConfigError('no prices to sell: CHECKOUT_PRICES lists none that Stripe knows.');
  return { payment, subscription, setup };
}
