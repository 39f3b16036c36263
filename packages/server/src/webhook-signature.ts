import { sessionIdPattern } from '@checkout-element/protocol';
import Stripe from 'stripe';
import { z } from 'zod';
import { InvalidEventError, WebhookSignatureError } from './errors.js';

/** Stripe's own tolerance: a signature older than this is treated as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Verifies a delivery with the SDK's `constructEvent` and re-throws its failures as `WebhookSignatureError`,
 * whose `failure` a caller (and a log reader) can act on. `rawBody` must be the bytes Stripe sent.
 *
 * Timestamps in the future are accepted, as stripe-node accepts them (it only refuses signatures older than the
 * tolerance): the timestamp is inside the HMAC, so only Stripe or the secret's holder can choose it, and a
 * replayed event id is acknowledged without running anything again (the ledger remembers every event id).
 */
export function verifyWebhook(
  rawBody: Uint8Array | string | undefined,
  signatureHeader: string | null | undefined,
  webhookSecret: string,
): Stripe.Event {
  return parseEvent(verifySignature(rawBody, signatureHeader, webhookSecret));
}

/**
 * The signature check alone (stripe-node's `verifyHeader`: every `v1` in the header, constant-time comparison,
 * the 300 s tolerance), answering the payload as text: what the server may trust from here on. Nothing of the
 * body is read before this returns.
 */
export function verifySignature(
  rawBody: Uint8Array | string | undefined,
  signatureHeader: string | null | undefined,
  webhookSecret: string,
): string {
  if (!signatureHeader) throw new WebhookSignatureError('missing_header');
  if (rawBody === undefined || rawBody.length === 0) throw new WebhookSignatureError('missing_body');
  // A JavaScript caller handing over what express.json() made of the body: the signed bytes are gone.
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array))
    throw new WebhookSignatureError('parsed_body');
  // Decoded once here, not by the SDK in verifyHeader and again in constructEvent's parse.
  const payload =
    typeof rawBody === 'string'
      ? rawBody
      : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.length).toString('utf8');
  const sdk = Stripe.webhooks.signature;
  if (!sdk) throw new Error('stripe-node has no webhook signature helper (Stripe.webhooks.signature)');
  try {
    sdk.verifyHeader(payload, signatureHeader, webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    throw new WebhookSignatureError(classify(error));
  }
  return payload;
}

/** A verified payload as an event, as `constructEvent` parses it (a v2 thin event is not a webhook event). */
function parseEvent(payload: string): Stripe.Event {
  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    throw new InvalidEventError('The signed body is not JSON.');
  }
  if ((event as { object?: unknown } | null)?.object === 'v2.core.event')
    throw new InvalidEventError(
      'The signed body is a thin event notification (v2.core.event), not a webhook event; point this endpoint at snapshot events.',
    );
  return event as Stripe.Event;
}

// Stripe writes an event's `id` as its first member (`{\n  "id": "evt_…",`). The class excludes `"` and `\`, so
// what it captures is exactly the string JSON.parse would read for that member.
const leadingId = /^\s*\{\s*"id"\s*:\s*"([A-Za-z0-9_]{1,255})"/;

/**
 * The event id of a VERIFIED payload when it is the payload's first member, without parsing the rest: enough to
 * answer a repeat of an event already processed (Stripe's retries) without building its 3 KB session. Undefined
 * when the payload is written otherwise; the caller then parses it whole.
 */
export function leadingEventId(verifiedPayload: string): string | undefined {
  return leadingId.exec(verifiedPayload)?.[1];
}

function classify(error: unknown): WebhookSignatureError['failure'] {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('Timestamp outside the tolerance zone')) return 'stale_timestamp';
  if (
    message.includes('Unable to extract timestamp') ||
    message.includes('No signatures found with expected scheme')
  ) {
    return 'malformed_header';
  }
  if (message.includes('No stripe-signature header')) return 'missing_header';
  if (message.includes('parsed JavaScript object')) return 'parsed_body';
  return 'bad_signature';
}

export const handledEventTypes = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;

// The schemas check only what the handlers read, and strip the rest: the verified event itself (not zod's copy) is
// what the hooks get, so a 3 KB session is not walked and copied key by key on every delivery (profiled: the
// copying `looseObject`/`record` parse was 4 % of a webhook's CPU time).
const eventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.object({}) }),
});

/** What the handlers read from a Checkout Session event; anything else in it is passed through to the hooks. */
const sessionSchema = z.object({
  id: z.string().regex(sessionIdPattern),
  status: z.enum(['open', 'complete', 'expired']).nullable().optional(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']).optional(),
});

export type VerifiedEvent =
  | { readonly id: string; readonly type: string; readonly ignored: true }
  | {
      readonly id: string;
      readonly type: string;
      readonly ignored: false;
      readonly session: Stripe.Checkout.Session;
    };

/**
 * The event's shape, for a payload `verifySignature` accepted: a signed but malformed event is `InvalidEventError`
 * (400).
 */
export function checkoutEventOf(verifiedPayload: string): VerifiedEvent {
  const event = parseEvent(verifiedPayload);
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success)
    throw new InvalidEventError(`The signed body is not a Stripe event: ${describe(parsed.error)}.`);
  const { id, type } = parsed.data;
  if (!(handledEventTypes as readonly string[]).includes(type)) return { id, type, ignored: true };
  const object: unknown = event.data.object;
  const session = sessionSchema.safeParse(object);
  if (!session.success)
    throw new InvalidEventError(
      `The ${type} event's data.object is not a Checkout Session: ${describe(session.error, 'data.object.')}.`,
    );
  // The original object, checked above: every member Stripe sent reaches the hooks unchanged.
  return { id, type, ignored: false, session: object as Stripe.Checkout.Session };
}

function describe(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0]!;
  return `${prefix}${issue.path.map(String).join('.') || 'body'} ${issue.message}`;
}
