import Stripe from 'stripe';
import { WebhookSignatureError } from './errors.js';

/** Stripe's own tolerance: a signature older than this is treated as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Verifies a delivery with the SDK's `constructEvent` and re-throws its failures as `WebhookSignatureError`,
 * whose `failure` a caller (and a log reader) can act on. `rawBody` must be the bytes Stripe sent.
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
  // A verified signature over a body that is not JSON cannot come from Stripe; it is as good as forged.
  return 'bad_signature';
}
