import type { CompanionErrorCode } from '@checkout-element/protocol';

/** Thrown at construction when `checkoutRouter` / `createCheckoutHandler` options are wrong. */
export class CheckoutOptionsError extends Error {
  override readonly name = 'CheckoutOptionsError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`checkout options: \`${option}\` ${message}`);
  }
}

/**
 * A request the client must fix (answered with 4xx). `field` names the offending part of the body;
 * the message is safe to show to the buyer's browser.
 */
export class CheckoutInputError extends Error {
  override readonly name = 'CheckoutInputError';
  constructor(
    message: string,
    readonly field?: string,
    /** A code of the companion protocol's error table; its status and `retryable` come from there. */
    readonly code: CompanionErrorCode = 'invalid_request',
  ) {
    super(message);
  }
}

/**
 * The ledger's database failed (unreachable, connection dropped, busy under another writer's lock). Answered
 * `503 ledger_unavailable`, so Stripe retries the delivery and the browser retries its lookup.
 */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
  constructor(cause: unknown) {
    super(`the ledger database failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The client closed the connection before its body arrived: logged as an aborted request, never as a 500. */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError';
  constructor(cause?: unknown) {
    super('the client aborted the request before its body arrived', { cause });
  }
}

/** A correctly signed webhook whose body is not shaped like the event its type names (`400 invalid_event`). */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export type WebhookSignatureFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'parsed_body'
  | 'missing_body';

const webhookHints: Record<WebhookSignatureFailure, string> = {
  missing_header:
    'The request has no Stripe-Signature header. Only Stripe (or `stripe listen`) can call this endpoint.',
  malformed_header: 'The Stripe-Signature header is not of the form `t=<unix time>,v1=<hex signature>`.',
  bad_signature:
    'No v1 signature matches the body. Check that `webhookSecret` is the signing secret of this endpoint ' +
    '(`whsec_…`, from the Dashboard or `stripe listen`) and that nothing modified the raw body.',
  stale_timestamp:
    'The signature timestamp is more than 300 seconds old: a replayed delivery, or a clock that is off.',
  parsed_body:
    'The request body was already parsed (e.g. by a global `express.json()`), so the raw bytes Stripe signed are ' +
    'gone. Mount `checkoutRouter()` before `app.use(express.json())`, or exclude its path from the JSON parser.',
  missing_body: 'The webhook request has an empty body.',
};

/** A webhook that failed verification. `failure` says why; the message says what to do about it. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  constructor(readonly failure: WebhookSignatureFailure) {
    super(`Webhook signature verification failed (${failure}): ${webhookHints[failure]}`);
  }
}

/** `onFulfil`, `onExpired` or `onPaymentFailed` threw; the claim was released so a retry can run it again. */
export class FulfilmentError extends Error {
  override readonly name = 'FulfilmentError';
  constructor(
    readonly sessionId: string,
    readonly hook: string,
    cause: unknown,
  ) {
    super(
      `${hook} failed for ${sessionId}; the claim was released and a retried delivery will run it again`,
      {
        cause,
      },
    );
  }
}
