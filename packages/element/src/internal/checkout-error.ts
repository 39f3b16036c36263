import type { CheckoutErrorCode, CheckoutErrorDetail } from '../events/checkout-events.js';
import { type CheckoutMessageKey, en, type MessageKey } from '../i18n/en.js';
import { createTranslate } from '../i18n/translate.js';

/** A catalog key and its values: what the buyer reads, in their language. */
export type BuyerText<K extends MessageKey = CheckoutMessageKey> = readonly [
  K,
  Readonly<Record<string, string | number>>?,
];

const english = createTranslate(en);

/**
 * A failure the element shows and reports; its message is safe to display and never holds a secret. A failure the
 * buyer meets carries `text`, a catalog key the element shows in the buyer's language (the event's `message` is its
 * English); an integration error, written for the site's developer, has none and is shown as it is, in English.
 */
export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  constructor(
    readonly code: CheckoutErrorCode,
    message: string | BuyerText,
    readonly recoverable: boolean,
    /** What the buyer reads when it differs from `message` (which then keeps details for the site owner). */
    text?: BuyerText,
  ) {
    super(typeof message === 'string' ? message : english(...message));
    this.text = typeof message === 'string' ? text : message;
  }

  readonly text: BuyerText | undefined;

  get detail(): CheckoutErrorDetail {
    return { code: this.code, message: this.message, recoverable: this.recoverable };
  }
}

export function asCheckoutError(error: unknown, fallback: CheckoutErrorCode): CheckoutError {
  if (error instanceof CheckoutError) return error;
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong.';
  return new CheckoutError(fallback, ['loadFailed', { reason: message }], true);
}
