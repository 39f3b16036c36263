import Stripe from 'stripe';

/**
 * Signs a webhook payload the way Stripe does: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`,
 * computed by stripe-node's own `Stripe.webhooks.generateTestHeaderString`, so the project has a single
 * signature implementation (stripe-node's) and `stripe.webhooks.constructEvent` accepts every header.
 *
 * The timestamp defaults to wall-clock time, not the emulator clock, so receivers' 300-second tolerance holds
 * even after a test advanced the emulator clock by hours.
 */
export function signWebhookPayload(
  payload: string,
  secret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** @deprecated Use `signWebhookPayload` (same arguments and result). */
export const signatureHeader = signWebhookPayload;
