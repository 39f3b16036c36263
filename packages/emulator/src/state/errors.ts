/**
 * What the domain refuses, in the domain's words. The HTTP layer (`api/errors.ts`) turns each kind into Stripe's
 * error object and status; the domain knows nothing of HTTP.
 */
export abstract class DomainError extends Error {
  /** Stripe's error code (`checkout_session_expired`, `card_declined`, …), when Stripe sends one. */
  readonly code: string | undefined;
  /** The parameter the error is about, named as Stripe names it. */
  readonly param: string | undefined;

  constructor(message: string, fields: { code?: string; param?: string } = {}) {
    super(message);
    this.code = fields.code;
    this.param = fields.param;
  }
}

/** A request the domain cannot carry out as asked: the caller or the buyer must change something. */
export class InvalidRequestError extends DomainError {
  override readonly name = 'InvalidRequestError';
}

/** An object the request refers to does not exist. */
export class ResourceMissingError extends DomainError {
  override readonly name = 'ResourceMissingError';

  constructor(kind: string, id: string, param = 'id') {
    super(`No such ${kind}: '${id}'`, { code: 'resource_missing', param });
  }
}

/** The card issuer declined, or the buyer failed authentication. The session stays open for another try. */
export class CardError extends DomainError {
  override readonly name = 'CardError';
  readonly declineCode: string | undefined;
  /** The PaymentIntent the attempt was recorded on (payment mode), for the error body's `payment_intent`. */
  readonly paymentIntentId: string | undefined;

  constructor(
    message: string,
    fields: { code: string; declineCode?: string; param?: string; paymentIntentId?: string },
  ) {
    super(message, fields);
    this.declineCode = fields.declineCode;
    this.paymentIntentId = fields.paymentIntentId;
  }
}

/**
 * Stripe's documentation page for an error code. Stripe's URLs use hyphens where the code has underscores:
 * `parameter_unknown` → https://stripe.com/docs/error-codes/parameter-unknown
 * (https://docs.stripe.com/error-codes lists every code with its anchor).
 */
export function errorDocUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
}
