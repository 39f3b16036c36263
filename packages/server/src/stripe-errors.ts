import Stripe from 'stripe';

export interface SafeFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
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
      status: 409,
      code: 'idempotency_conflict',
      message: 'This Idempotency-Key was already used for a different cart; send a new key for a new cart.',
    };
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return {
      status: 503,
      code: 'stripe_busy',
      message: 'Stripe is rate limiting this shop right now; try again in a few seconds.',
    };
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return {
      status: 504,
      code: 'stripe_unreachable',
      message: 'Stripe could not be reached (network error or timeout); try again.',
    };
  }
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return {
      status: 502,
      code: 'stripe_misconfigured',
      message: "Stripe refused the server's API key; the shop owner must check the secret key configuration.",
    };
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // Only a lookup's own object can be missing; on creation it is a price or rate the shop configured.
    if (lookup && error.code === 'resource_missing') {
      return { status: 404, code: 'not_found', message: 'No such checkout session.' };
    }
    return {
      status: 502,
      code: 'stripe_rejected',
      message: `Stripe rejected the request${detail ? ` (${detail})` : ''}; the shop's catalog or settings need fixing.`,
    };
  }
  return { status: 502, code: 'stripe_error', message: 'Stripe answered with an error; try again.' };
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
