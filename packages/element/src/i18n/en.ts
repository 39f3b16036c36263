/**
 * The element's English strings: the built-in catalog, bundled with the element. Every string a buyer can read
 * in `<stripe-checkout>` or `<stripe-checkout-status>` is a key here; other languages are lazily loaded catalogs
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
  trialUntil: 'Free until {date}',
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
  statusLoading: 'Checking your payment…',
  statusPaid: 'Payment successful. Thank you!',
  /** Setup mode: nothing was charged. */
  statusSaved: 'Your card was saved. Nothing was charged.',
  /** `{items}` is `Intl`'s list of the subscribed products ("Gold and Extra seats"). */
  statusSubscribed: 'Your subscription to {items} has started.',
  statusSubscribedPlain: 'Your subscription has started.',
  statusProcessing: 'Your payment is processing.',
  statusEmailLater: 'We will email you when it is confirmed.',
  statusNotCompleted: 'Your payment was not completed.',
  statusExpired: 'This checkout session expired.',
  statusTotal: 'Total {amount}.',
  statusReceipt: 'A receipt goes to {email}.',
  returnToCheckout: 'Return to checkout',
  statusFailed: 'We could not check your payment.',
  statusFailedCode: 'We could not check your payment (error {status}).',
  refreshToRetry: 'Refresh the page to try again.',
};

export type MessageKey = keyof typeof en;
/** A catalog: every key of the English one (a partial catalog falls back to English key by key). */
export type Catalog = { readonly [K in MessageKey]: string };
/** The `messages` property: any strings to use instead of the catalog's. */
export type Messages = Partial<Record<MessageKey, string>>;
