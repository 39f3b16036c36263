import { defineElement } from '../define.js';
import { StripeCheckoutStatus } from './stripe-checkout-status.component.js';

export { StripeCheckoutStatus };

defineElement('stripe-checkout-status', StripeCheckoutStatus);

declare global {
  interface HTMLElementTagNameMap {
    'stripe-checkout-status': StripeCheckoutStatus;
  }
}
