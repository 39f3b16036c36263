// The buyer simulation and clock over HTTP (INTERNALS.md §3), as a test in another language would use them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { elementsSession, useEmulator } from './helpers.js';

const START = 1_900_000_000;
// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator({ clock: START });

async function control<T>(path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${env.emulator.url}/_emulator${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${env.emulator.secretKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('buyer simulation over HTTP', () => {
  it('starts the clock where asked and stamps objects with it', async () => {
    const session = await elementsSession(env.stripe);
    assert.ok(session.created >= START && session.created < START + 60);
    assert.equal(session.expires_at, session.created + 24 * 60 * 60);
  });

  it('completes with a card, addresses and a shipping rate given in snake_case', async () => {
    const session = await elementsSession(env.stripe, {
      shipping_address_collection: { allowed_countries: ['DE'] },
      shipping_options: [{ shipping_rate: 'shr_demo_standard' }, { shipping_rate: 'shr_demo_express' }],
    });
    const completed = await control<Stripe.Checkout.Session>(`/checkout/sessions/${session.id}/complete`, {
      card: '5555555555554444',
      email: 'emmy@example.com',
      name: 'Emmy Noether',
      billing_address: { line1: 'Bunsenstr. 3', city: 'Göttingen', postal_code: '37073', country: 'DE' },
      shipping_address: {
        name: 'Emmy Noether',
        address: { line1: 'Bunsenstr. 3', city: 'Göttingen', country: 'DE' },
      },
      shipping_rate: 'shr_demo_express',
    });
    assert.equal(completed.status, 200);
    assert.equal(completed.body.status, 'complete');
    assert.equal(completed.body.customer_details?.address?.city, 'Göttingen');
    assert.equal(completed.body.shipping_cost?.amount_total, 1500);
    assert.equal(completed.body.amount_total, 2500 + 1500);
  });

  it('answers a declined card with 402 and the card error', async () => {
    const session = await elementsSession(env.stripe);
    const declined = await control<{ error: { code: string; decline_code: string } }>(
      `/checkout/sessions/${session.id}/complete`,
      { card: '4000000000000002' },
    );
    assert.equal(declined.status, 402);
    assert.equal(declined.body.error.decline_code, 'generic_decline');
  });

  it('settles a delayed payment, expires a session and advances the clock', async () => {
    const delayed = await elementsSession(env.stripe);
    const pending = await control<Stripe.Checkout.Session>(`/checkout/sessions/${delayed.id}/complete`, {
      outcome: 'delayed',
    });
    assert.equal(pending.body.payment_status, 'unpaid');
    const settled = await control<Stripe.Checkout.Session>(`/checkout/sessions/${delayed.id}/async_payment`, {
      result: 'succeeded',
    });
    assert.equal(settled.body.payment_status, 'paid');
    const wrong = await control<{ error: { param: string } }>(
      `/checkout/sessions/${delayed.id}/async_payment`,
      {
        result: 'maybe',
      },
    );
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.param, 'result');

    const toExpire = await elementsSession(env.stripe);
    const expired = await control<Stripe.Checkout.Session>(`/checkout/sessions/${toExpire.id}/expire`, {});
    assert.equal(expired.body.status, 'expired');

    const byClock = await elementsSession(env.stripe);
    const { body } = await control<{ now: number }>('/clock/advance', { seconds: 25 * 60 * 60 });
    assert.ok(body.now >= START + 25 * 60 * 60);
    assert.equal((await env.stripe.checkout.sessions.retrieve(byClock.id)).status, 'expired');
    const deliveries = await control<{ data: unknown[] }>('/webhooks/deliveries');
    assert.deepEqual(deliveries.body.data, [], 'no endpoint registered, so nothing was delivered');
  });

  it('answers 404 for an unknown session', async () => {
    const missing = await control<{ error: { code: string } }>(
      '/checkout/sessions/cs_test_missing/complete',
      {},
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'resource_missing');
  });

  it('checks control bodies with the REST schema machinery and names the field', async () => {
    const session = await elementsSession(env.stripe);
    const unknown = await control<{ error: { code: string; param: string } }>(
      `/checkout/sessions/${session.id}/complete`,
      { crad: '4242424242424242' },
    );
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'parameter_unknown');
    assert.equal(unknown.body.error.param, 'crad');
    const badOutcome = await control<{ error: { param: string; message: string } }>(
      `/checkout/sessions/${session.id}/complete`,
      { outcome: 'later' },
    );
    assert.equal(badOutcome.status, 400);
    assert.equal(badOutcome.body.error.param, 'outcome');
    assert.match(badOutcome.body.error.message, /must be one of paid or delayed/);
    const noSeconds = await control<{ error: { code: string; param: string } }>('/clock/advance', {});
    assert.equal(noSeconds.body.error.code, 'parameter_missing');
    assert.equal(noSeconds.body.error.param, 'seconds');
    const badKind = await control<{ error: { param: string } }>('/faults', {
      route: 'GET /x',
      kind: 'explode',
    });
    assert.equal(badKind.body.error.param, 'kind');
    const badVersion = await control<{ error: { message: string } }>('/webhooks/endpoints', {
      url: 'http://127.0.0.1:1/hook',
      secret: 'whsec_x',
      api_version: 'tomorrow',
    });
    assert.equal(badVersion.status, 400);
    assert.match(badVersion.body.error.message, /apiVersion must look like/);
    const named = await control<Stripe.Checkout.Session>(`/checkout/sessions/${session.id}/complete`, {
      billing_address: {
        name: 'Ada',
        address: { line1: '1 Way', city: 'London', country: 'GB', line2: null },
      },
    });
    assert.equal(named.status, 200);
    assert.equal(named.body.customer_details?.name, 'Ada');
    assert.equal(named.body.customer_details?.address?.city, 'London');
  });
});
