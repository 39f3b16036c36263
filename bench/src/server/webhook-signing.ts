import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header exactly as Stripe computes it: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" keyed with the whole endpoint secret, whsec_ prefix included>`.
 */
export function stripeSignature(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

let sequence = 0;

/** A `checkout.session.completed` event around a session object, shaped like the ones Stripe delivers. */
export function completedEvent(session: Record<string, unknown>, apiVersion: string): string {
  sequence += 1;
  return JSON.stringify({
    id: `evt_bench_${process.pid}_${Date.now().toString(36)}_${sequence}`,
    object: 'event',
    api_version: apiVersion,
    created: Math.floor(Date.now() / 1000),
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
  });
}
