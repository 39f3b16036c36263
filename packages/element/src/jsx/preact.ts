// `import type {} from '@checkout-element/element/preact'` once in your app types both tags for Preact JSX.
import type { JSX } from 'preact';
import type {
  StripeCheckout,
  StripeCheckoutAttributes,
  StripeCheckoutEventProps,
  StripeCheckoutProperties,
  StripeCheckoutStatus,
  StripeCheckoutStatusAttributes,
} from './element-props.js';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'stripe-checkout': Omit<JSX.HTMLAttributes<StripeCheckout>, keyof StripeCheckoutAttributes> &
        StripeCheckoutAttributes &
        StripeCheckoutProperties &
        StripeCheckoutEventProps;
      'stripe-checkout-status': JSX.HTMLAttributes<StripeCheckoutStatus> & StripeCheckoutStatusAttributes;
    }
  }
}
