import type { CheckoutErrorCode, CheckoutErrorDetail } from '../events/checkout-events.js';

/** A failure the element shows and reports; its message is safe to display and never holds a secret. */
export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
    readonly recoverable: boolean,
  ) {
    super(message);
  }

  get detail(): CheckoutErrorDetail {
    return { code: this.code, message: this.message, recoverable: this.recoverable };
  }
}

export function asCheckoutError(error: unknown, fallback: CheckoutErrorCode): CheckoutError {
  if (error instanceof CheckoutError) return error;
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong.';
  return new CheckoutError(fallback, message, true);
}
