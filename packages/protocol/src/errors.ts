import { z } from 'zod';

/**
 * Every error code a companion server may answer, with its HTTP status and whether repeating the same request
 * later can succeed. The element retries only retryable errors; a non-retryable one is final for this attempt
 * (the buyer sees a message, the site owner a console error naming the fix). See docs/companion-protocol.md.
 */
export const companionErrors = {
  /** A body field, header or path part is wrong; `field` names it. */
  invalid_request: { status: 400, retryable: false },
  /** The webhook's `Stripe-Signature` does not verify (forged, tampered, stale, parsed body). */
  webhook_signature_invalid: { status: 400, retryable: false },
  /** A correctly signed webhook whose event is not shaped like a Stripe event. */
  invalid_event: { status: 400, retryable: false },
  /** The request's `Origin` is not one the shop allows. */
  origin_not_allowed: { status: 403, retryable: false },
  /** No such route, or Stripe does not know the session. */
  not_found: { status: 404, retryable: false },
  /** Wrong HTTP method for the route; `Allow` lists the right one. */
  method_not_allowed: { status: 405, retryable: false },
  /** The `Idempotency-Key` was already used with a different body. */
  idempotency_conflict: { status: 409, retryable: false },
  /** The session is complete or expired: its cart and shipping can no longer change. */
  session_not_open: { status: 409, retryable: false },
  /** The shop's shipping hook refused the buyer's address; `message` is the hook's, `field` the address part. */
  shipping_address_refused: { status: 422, retryable: false },
  /** The server does not offer this optional capability (e.g. no shipping hook is configured). */
  not_supported: { status: 501, retryable: false },
  /** The body is larger than the route accepts. */
  body_too_large: { status: 413, retryable: false },
  /** `Content-Type` is not `application/json` on a JSON route. */
  unsupported_media_type: { status: 415, retryable: false },
  /** Too many requests from this client; `Retry-After` may say when to come back. */
  rate_limited: { status: 429, retryable: true },
  /** The server failed unexpectedly; the same request may succeed later. */
  internal_error: { status: 500, retryable: true },
  /** A fulfilment hook threw; its claim was released and a redelivery runs it again. */
  hook_failed: { status: 500, retryable: true },
  /** Stripe refused the server's API key (or its permissions): the shop owner must fix the configuration. */
  stripe_misconfigured: { status: 502, retryable: false },
  /** Stripe refused the request's parameters (unknown price, invalid setting): the shop's catalog needs fixing. */
  stripe_rejected: { status: 502, retryable: false },
  /** Stripe answered with an error of another kind (its own 5xx). */
  stripe_error: { status: 502, retryable: true },
  /** Stripe is rate limiting the shop. */
  stripe_busy: { status: 503, retryable: true },
  /** The session could not be looked up at Stripe right now (webhook path). */
  stripe_unavailable: { status: 503, retryable: true },
  /** Another worker holds this session's fulfilment; `Retry-After` says when to come back. */
  in_progress: { status: 503, retryable: true },
  /** The ledger (database) is unreachable or busy. */
  ledger_unavailable: { status: 503, retryable: true },
  /** Stripe could not be reached (network error or timeout). */
  stripe_unreachable: { status: 504, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type CompanionErrorCode = keyof typeof companionErrors;

/**
 * The body of every error answer: `{ "error": { code, message, field?, retryable } }`. `message` is safe to show
 * in a browser console and names the fix; it never contains a secret or a stack trace.
 */
export const companionErrorBodySchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string().min(1),
    /** The request part at fault: a body path (`items[0].price`), a header (`Idempotency-Key`) or `id`. */
    field: z.string().optional(),
    retryable: z.boolean(),
  }),
});

export type CompanionErrorBody = z.infer<typeof companionErrorBodySchema>;

/**
 * Whether an error answer may be retried. A server that predates `retryable` is judged by status, as before:
 * 429 and 5xx are temporary, other 4xx are final.
 */
export function isRetryable(status: number, body: unknown): boolean {
  const retryable = (body as { error?: { retryable?: unknown } } | null)?.error?.retryable;
  if (typeof retryable === 'boolean') return retryable;
  return status === 429 || status >= 500;
}
