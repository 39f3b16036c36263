import type { enStatus } from './en-status.js';

/**
 * The element's English strings: the built-in catalog, bundled with the element. Every string a buyer can read
 * in `<stripe-checkout>` is a key here (`<stripe-checkout-status>`'s are in en-status.ts, so that a return page
 * does not ship the checkout's); other languages are lazily loaded catalogs
 * with the same keys (src/i18n/<locale>.ts, one chunk each), and the `messages` property overrides any of them.
 * `{name}` marks a value filled in by `translate` (amounts and dates are formatted with `Intl` before they are
 * filled in). Integration errors (a missing client secret, a secret key in `publishable-key`…) are written for the
 * site's developer and stay English in every locale, as Stripe.js's own integration errors do (README "Languages").
 */
export const en = {
  loadingCheckout: 'Loading checkout',
  email: 'Email',
  processing: 'Processing…',
  tryAgain: 'Try again',
  startNewSession: 'Start a new session',
  sessionExpired: 'This checkout session has expired.',
  sessionExpiredReload: 'This checkout session has expired. Reload the page to start again.',
  pay: 'Pay {amount}',
  subscribe: 'Subscribe',
  saveCard: 'Save card',
  shippingMethod: 'Shipping method',
  orderSummary: 'Order summary',
  quantity: 'Qty {quantity}',
  quantityFor: 'Quantity for {name}',
  promotionCode: 'Promotion code',
  apply: 'Apply',
  removeCode: 'Remove {code}',
  subtotal: 'Subtotal',
  discount: 'Discount',
  shipping: 'Shipping',
  tax: 'Tax',
  total: 'Total',
  perDay: '{amount} per day',
  perWeek: '{amount} per week',
  perMonth: '{amount} per month',
  perYear: '{amount} per year',
  /** `{period}` is `Intl`'s "3 months". */
  every: '{amount} every {period}',
  paid: 'Thank you! Your payment was received.',
  paymentProcessing: 'Thank you! Your payment is processing.',
  subscribed: 'Thank you! Your subscription is active.',
  cardSaved: 'Your card has been saved.',
  stripeJsFailed:
    'Stripe.js could not be loaded. Check your connection (and that the page allows https://js.stripe.com), then try again.',
  loadFailed: 'Checkout could not be loaded: {reason}',
  startFailed: 'Could not start checkout: the server answered {status}. Please try again.',
  startFailedNetwork: 'Could not start checkout: the network request failed. Please try again.',
  sessionRefused: 'This checkout cannot be started. Please contact the shop.',
  // Optional items (`optional_items`) in the order summary.
  optionalItems: 'Add to your order',
  addItem: 'Add',
  addItemLabel: 'Add {name} to your order',
  removeItem: 'Remove',
  removeItemLabel: 'Remove {name} from your order',
  // Cart and shipping changes made by the shop's server (companion routes).
  sessionNotOpen: 'This checkout can no longer be changed.',
  cartRetryLater: 'Your cart could not be updated right now. Please try again.',
  cartRefused: 'Your cart could not be updated. Please contact the shop.',
  shippingRetryLater: 'Shipping could not be calculated right now. Please try again.',
  shippingUnavailable: 'Shipping could not be calculated for this address. Please contact the shop.',
};

/** The keys of `<stripe-checkout>`'s strings. */
export type CheckoutMessageKey = keyof typeof en;
/** Every key, both elements': one catalog per language serves both. */
export type MessageKey = CheckoutMessageKey | keyof typeof enStatus;
/** A catalog: every key of the English one (a partial catalog falls back to English key by key). */
export type Catalog = { readonly [K in MessageKey]: string };
/** The `messages` property: any strings to use instead of the catalog's. */
export type Messages = Partial<Record<MessageKey, string>>;
