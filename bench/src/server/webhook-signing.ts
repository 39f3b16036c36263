import Stripe from 'stripe';

/**
 * The `Stripe-Signature` header as Stripe computes it (`t=…,v1=…`), from stripe-node's own test helper rather
 * than a copy of the HMAC, so the project has one signature implementation: stripe-node's.
 */
export function stripeSignature(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
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
