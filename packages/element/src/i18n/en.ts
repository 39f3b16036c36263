/**
 * The element's English strings: the built-in catalog, bundled with the element. Every string a buyer can read
 * in `<stripe-checkout>` or `<stripe-checkout-status>` is a key here; other languages are lazily loaded catalogs
 * with the same keys, and the `messages` property overrides any of them. `{name}` marks a value filled in by
 * `translate` (amounts and dates are formatted with `Intl` before they are filled in).
 */
export const en = {
  loadingCheckout: 'Loading checkout',
  email: 'Email',
  processing: 'Processing…',
  tryAgain: 'Try again',
  startNewSession: 'Start a new session',
  sessionExpired: 'This checkout session has expired.',
  sessionExpiredReload: 'This checkout session has expired. Reload the page to start again.',
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
} as const;

export type MessageKey = keyof typeof en;
/** A catalog: every key of the English one (a partial catalog falls back to English key by key). */
export type Catalog = { readonly [K in MessageKey]: string };
