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
  if (!signatureHeader) throw new WebhookSignatureError('missing_header');
  if (rawBody === undefined || rawBody.length === 0) throw new WebhookSignatureError('missing_body');
  const payload =
    typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.length);
  try {
    return Stripe.webhooks.constructEvent(payload, signatureHeader, webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    // constructEvent parses only after the signature matched: a signed body that is not JSON is not an event.
    if (error instanceof SyntaxError) throw new InvalidEventError('The signed body is not JSON.');
    throw new WebhookSignatureError(classify(error));
  }
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

/** Verifies the signature, then the event's shape: a signed but malformed event is `InvalidEventError` (400). */
export function verifyCheckoutEvent(
  rawBody: Uint8Array,
  signatureHeader: string | null,
  webhookSecret: string,
): VerifiedEvent {
  const event = verifyWebhook(rawBody, signatureHeader, webhookSecret);
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
