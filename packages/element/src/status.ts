export type {
  CheckoutStatusDetail,
  CheckoutStatusSession,
  CheckoutStatusState,
} from './events/checkout-events.js';
export { StripeCheckoutStatus } from './stripe-checkout-status/stripe-checkout-status.js';
