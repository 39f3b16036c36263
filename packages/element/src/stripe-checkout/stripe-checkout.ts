import { defineElement } from '../define.js';
import { StripeCheckout } from './stripe-checkout.component.js';

export { StripeCheckout };

defineElement('stripe-checkout', StripeCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'stripe-checkout': StripeCheckout;
  }
}
