import Stripe from 'stripe';

export function signedDelivery(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

let counter = 0;
/** A minimal but well-formed Stripe event around a Checkout Session object. */
export function sessionEvent(
  type: string,
  session: Record<string, unknown>,
  id = `evt_test_${Date.now()}_${counter++}`,
) {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { object: 'checkout.session', ...session } },
  });
}
