import type { SessionStatus } from '@checkout-element/protocol';
import type { StripeCheckoutSession } from '@stripe/stripe-js';

/** Where a `<stripe-checkout>` is in its life. */
export type CheckoutState = 'idle' | 'loading' | 'ready' | 'confirming' | 'complete' | 'error' | 'expired';

/** Machine-readable failure codes carried by `checkout-error`. */
export type CheckoutErrorCode =
  | 'missing_publishable_key'
  | 'invalid_publishable_key'
  | 'missing_client_secret'
  | 'conflicting_client_secret'
  | 'wrong_secret_type'
  | 'stripe_js_failed'
  | 'session_endpoint_failed'
  | 'session_load_failed'
  | 'card_declined'
  | 'authentication_failed'
  | 'confirm_failed'
  | 'ui_mode_mismatch'
  | (string & {});

export interface CheckoutSessionDetail {
  session: StripeCheckoutSession;
}

export interface CheckoutErrorDetail {
  code: CheckoutErrorCode;
  /** A human message, safe to show (never contains a secret). */
  message: string;
  /** True when retrying (another card, the retry button, `reload()`) can succeed. */
  recoverable: boolean;
}

export interface CheckoutExpiredDetail {
  session: StripeCheckoutSession | null;
}

/** What `<stripe-checkout-status>` found out about the session. */
export type CheckoutStatusState =
  | 'loading'
  | 'succeeded'
  | 'processing'
  | 'not-completed'
  | 'expired'
  | 'error';

/** The companion server's `GET /sessions/:id` answer (companion protocol, `SessionStatus`). */
export type CheckoutStatusSession = SessionStatus;

export interface CheckoutStatusDetail {
  state: CheckoutStatusState;
  session: CheckoutStatusSession | null;
}

/** Events are prefixed, bubble, and cross shadow boundaries so a page can listen anywhere above the element. */
export function checkoutEvent<T>(type: string, detail: T): CustomEvent<T> {
  return new CustomEvent<T>(type, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'checkout-ready': CustomEvent<CheckoutSessionDetail>;
    'checkout-change': CustomEvent<CheckoutSessionDetail>;
    'checkout-complete': CustomEvent<CheckoutSessionDetail>;
    'checkout-error': CustomEvent<CheckoutErrorDetail>;
    'checkout-expired': CustomEvent<CheckoutExpiredDetail>;
    'checkout-status': CustomEvent<CheckoutStatusDetail>;
  }
}
