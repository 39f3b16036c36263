import type {
  CheckoutErrorDetail,
  CheckoutExpiredDetail,
  CheckoutSessionDetail,
  CheckoutStatusDetail,
} from '../events/checkout-events.js';
import type { StripeCheckout } from '../stripe-checkout/stripe-checkout.component.js';
import type { StripeCheckoutStatus } from '../stripe-checkout-status/stripe-checkout-status.component.js';

/** What templates may set on `<stripe-checkout>`: attributes (kebab-case) and properties (camelCase). */
export interface StripeCheckoutAttributes {
  'publishable-key'?: string;
  'client-secret'?: string;
  'session-endpoint'?: string;
  price?: string;
  quantity?: number | string;
  email?: string;
  locale?: string;
  theme?: 'stripe' | 'night' | 'flat';
  redirect?: 'if_required' | 'always';
  'return-url'?: string;
  loading?: 'eager' | 'lazy';
  layout?: 'tabs' | 'accordion';
  'promotion-codes'?: boolean;
}

export type StripeCheckoutProperties = Partial<
  Pick<
    StripeCheckout,
    | 'publishableKey'
    | 'clientSecret'
    | 'sessionEndpoint'
    | 'fetchClientSecret'
    | 'stripe'
    | 'items'
    | 'appearance'
    | 'returnUrl'
    | 'promotionCodes'
  >
>;

/** Lower-case `on<event-name>` listeners, the form React 19 and Preact attach to custom elements. */
export interface StripeCheckoutEventProps {
  'oncheckout-ready'?: (event: CustomEvent<CheckoutSessionDetail>) => void;
  'oncheckout-change'?: (event: CustomEvent<CheckoutSessionDetail>) => void;
  'oncheckout-complete'?: (event: CustomEvent<CheckoutSessionDetail>) => void;
  'oncheckout-error'?: (event: CustomEvent<CheckoutErrorDetail>) => void;
  'oncheckout-expired'?: (event: CustomEvent<CheckoutExpiredDetail>) => void;
}

export interface StripeCheckoutStatusAttributes {
  'session-id'?: string;
  'status-endpoint'?: string;
  'return-href'?: string;
  'oncheckout-status'?: (event: CustomEvent<CheckoutStatusDetail>) => void;
}

export type { StripeCheckout, StripeCheckoutStatus };
