import type { CompanionErrorCode } from '@checkout-element/protocol';
import Stripe from 'stripe';

/** A Stripe failure as the browser may see it; its status and `retryable` come from the protocol's table. */
export interface SafeFailure {
  readonly code: CompanionErrorCode;
  readonly message: string;
  /** The request part at fault, when the failure is the client's (the protocol's `field`). */
  readonly field?: string;
}

/**
 * Maps an SDK error onto what the browser may see. Stripe's own message is left out on purpose (it can quote
 * the request); the code and param are enough to act on, and the full error goes to the (redacted) log.
 */
export function safeStripeFailure(error: unknown, lookup = false): SafeFailure | undefined {
  if (!(error instanceof Stripe.errors.StripeError)) return undefined;
  const detail = [error.code, error.param && `on ${error.param}`].filter(Boolean).join(' ');
  if (error instanceof Stripe.errors.StripeIdempotencyError || error.code === 'idempotency_key_in_use') {
    return {
      code: 'idempotency_conflict',
      message: 'This Idempotency-Key was already used for a different cart; send a new key for a new cart.',
      field: 'Idempotency-Key',
    };
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return {
      code: 'stripe_busy',
      message: 'Stripe is rate limiting this shop right now; try again in a few seconds.',
    };
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return {
      code: 'stripe_unreachable',
      message: 'Stripe could not be reached (network error or timeout); try again.',
    };
  }
  // Permanent until the shop owner fixes the key: retrying the same request can never succeed.
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return {
      code: 'stripe_misconfigured',
      message: "Stripe refused the server's API key; the shop owner must check the secret key configuration.",
    };
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // Only a lookup's own object can be missing; on creation it is a price or rate the shop configured.
    if (lookup && error.code === 'resource_missing') {
      return { code: 'not_found', message: 'No such checkout session.' };
    }
    // A lock timeout or a 5xx dressed as invalid_request is Stripe's own trouble: the same request can succeed.
    if (error.code === 'lock_timeout' || (error.statusCode ?? 400) >= 500) {
      return { code: 'stripe_error', message: 'Stripe answered with an error; try again.' };
    }
    // Permanent: an unknown price, an invalid parameter. Retrying the same request can never succeed.
    return {
      code: 'stripe_rejected',
      message: `Stripe rejected the request${detail ? ` (${detail})` : ''}; the shop's catalog or settings need fixing.`,
    };
  }
  return { code: 'stripe_error', message: 'Stripe answered with an error; try again.' };
}

/** What goes to the log: enough to debug, never the request headers or raw body. */
export function loggableError(error: unknown): Record<string, unknown> {
  if (error instanceof Stripe.errors.StripeError) {
    return {
      type: error.type,
      code: error.code,
      param: error.param,
      statusCode: error.statusCode,
      requestId: error.requestId,
    };
  }
  return {
    type: error instanceof Error ? error.name : typeof error,
    message: error instanceof Error ? error.message : undefined,
  };
}
