export { defineElement } from './define.js';
export type {
  CheckoutErrorCode,
  CheckoutErrorDetail,
  CheckoutExpiredDetail,
  CheckoutSessionDetail,
  CheckoutState,
  CheckoutStatusDetail,
  CheckoutStatusSession,
  CheckoutStatusState,
} from './events/checkout-events.js';
export type {
  CheckoutLayout,
  CheckoutLoading,
  CheckoutPaymentLayout,
  CheckoutRedirect,
  CheckoutTheme,
  UiMode,
} from './internal/options.js';
export type { Catalog, MessageKey, Messages } from './i18n/en.js';
export type { CheckoutItem, SessionEndpointAnswer } from './internal/session-endpoint.js';
export { StripeCheckout } from './stripe-checkout/stripe-checkout.js';
// The return page's element registers from '@checkout-element/element/status' (or dist/stripe-checkout-status.js), so a
// checkout page does not ship it; its type is available from here.
export type { StripeCheckoutStatus } from './stripe-checkout-status/stripe-checkout-status.js';
