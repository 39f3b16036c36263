// `import type {} from '@checkout-element/element/react'` once in your app types both tags for React 19 JSX.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  StripeCheckout,
  StripeCheckoutAttributes,
  StripeCheckoutEventProps,
  StripeCheckoutProperties,
  StripeCheckoutStatus,
  StripeCheckoutStatusAttributes,
} from './element-props.js';

type ReactElementProps<E extends HTMLElement> = DetailedHTMLProps<HTMLAttributes<E>, E>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'stripe-checkout': ReactElementProps<StripeCheckout> &
        StripeCheckoutAttributes &
        StripeCheckoutProperties &
        StripeCheckoutEventProps;
      'stripe-checkout-status': ReactElementProps<StripeCheckoutStatus> & StripeCheckoutStatusAttributes;
    }
  }
}
