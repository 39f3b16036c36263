import type { StripeCheckoutConfirmResult } from '@stripe/stripe-js';
import type { CheckoutErrorDetail } from '../events/checkout-events.js';
import { CheckoutError } from './checkout-error.js';

// Stripe.js reports some failures only as English text. This module is the one place that reads it: every other
// part of the element works with the codes it returns.
const EXPIRED = /expired/i;
const API_KEY = /api key/i;
const AUTHENTICATION = /authenticat/i;

export type ConfirmError = Extract<StripeCheckoutConfirmResult, { type: 'error' }>['error'];

/** The message of anything thrown or rejected. */
export function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/**
 * Why the session could not be loaded: it expired, the publishable key is one Stripe does not know (final: a retry
 * cannot fix a key), or something a retry may fix.
 */
export function classifyLoadFailure(message: string): 'expired' | CheckoutError {
  if (EXPIRED.test(message)) return 'expired';
  if (API_KEY.test(message)) return new CheckoutError('invalid_publishable_key', message, false);
  return new CheckoutError('session_load_failed', ['loadFailed', { reason: message }], true);
}

/**
 * A failed `confirm()`: either the session expired, or something the buyer can act on (another card, a field, a new
 * authentication attempt), reported with Stripe's decline code when there is one.
 */
export function classifyConfirmError(
  error: ConfirmError,
  sessionExpired: boolean,
): 'expired' | CheckoutErrorDetail {
  const declined = error.code === 'paymentFailed';
  // "Your card has expired." is a decline, not an expired session.
  if (sessionExpired || (!declined && EXPIRED.test(error.message))) return 'expired';
  const code = AUTHENTICATION.test(error.message)
    ? 'authentication_failed'
    : declined
      ? (error.paymentFailed.declineCode ?? 'card_declined')
      : 'confirm_failed';
  return { code, message: error.message, recoverable: true };
}
