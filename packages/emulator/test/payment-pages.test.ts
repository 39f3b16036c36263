// The JSON endpoints the Stripe.js stand-in calls (INTERNALS.md §2), driven with fetch like the stand-in does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { elementsSession, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();

interface PageAnswer {
  status: number;
  headers: Headers;
  body: {
    session: Stripe.Checkout.Session;
    requires_action?: { type: string; attempt: string };
    error?: { type: string; code: string; decline_code?: string; param?: string; message: string };
  };
}

async function page(
  session: Stripe.Checkout.Session,
  call: string,
  extra: object = {},
  key?: string,
): Promise<PageAnswer> {
  const response = await fetch(`${env.emulator.url}/v1/payment_pages/${session.id}/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example' },
    body: JSON.stringify({
      key: key ?? env.emulator.publishableKey,
      client_secret: session.client_secret,
      ...extra,
    }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as PageAnswer['body'],
  };
}

const card = (number: string) => ({
  payment_method: { type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } },
});

describe('browser endpoints', () => {
  it('answers CORS preflight and init with the expanded session', async () => {
    const preflight = await fetch(`${env.emulator.url}/v1/payment_pages/cs_test_x/init`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/i);
    const session = await elementsSession(env.stripe, {
      shipping_options: [{ shipping_rate: 'shr_demo_standard' }],
      allow_promotion_codes: true,
    });
    const init = await page(session, 'init');
    assert.equal(init.status, 200);
    assert.equal(init.headers.get('access-control-allow-origin'), '*');
    const product = init.body.session.line_items?.data[0]?.price?.product as Stripe.Product;
    assert.equal(product.name, 'Emulator T-shirt');
    assert.equal(
      (init.body.session.shipping_options[0]?.shipping_rate as Stripe.ShippingRate | undefined)?.display_name,
      'Standard shipping',
    );
    assert.ok(init.body.session.total_details?.breakdown);
  });

  it('refuses a secret key, a wrong client secret, and a publishable key on REST routes', async () => {
    const session = await elementsSession(env.stripe);
    assert.equal((await page(session, 'init', {}, env.emulator.secretKey)).status, 401);
    const wrong = await page({ ...session, client_secret: `${session.id}_secret_wrong` }, 'init');
    assert.equal(wrong.status, 404);
    const intentSecret = await page({ ...session, client_secret: 'pi_123_secret_456' }, 'init');
    assert.equal(intentSecret.status, 400);
    assert.equal(intentSecret.body.error?.param, 'client_secret');
    const rest = await fetch(`${env.emulator.url}/v1/checkout/sessions/${session.id}`, {
      headers: { Authorization: `Bearer ${env.emulator.publishableKey}` },
    });
    assert.equal(rest.status, 401);
  });

  it('updates email, quantity, shipping rate and promotion codes, with Stripe\u2019s errors', async () => {
    const session = await elementsSession(env.stripe, {
      line_items: [
        {
          price: 'price_demo_mug',
          quantity: 1,
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 3 },
        },
      ],
      shipping_options: [{ shipping_rate: 'shr_demo_standard' }, { shipping_rate: 'shr_demo_express' }],
      allow_promotion_codes: true,
    });
    const lineItemId = (await page(session, 'init')).body.session.line_items!.data[0]!.id;
    assert.equal(
      (await page(session, 'update', { email: 'buyer@example.com' })).body.session.customer_details?.email,
      'buyer@example.com',
    );
    const quantity = await page(session, 'update', { line_item: { id: lineItemId, quantity: 3 } });
    assert.equal(quantity.body.session.amount_subtotal, 3600);
    const tooMany = await page(session, 'update', { line_item: { id: lineItemId, quantity: 4 } });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error?.param, 'line_item.quantity');
    const express = await page(session, 'update', { shipping_rate: 'shr_demo_express' });
    assert.equal(express.body.session.total_details?.amount_shipping, 1500);
    const promo = await page(session, 'update', { promotion_code: 'save10' });
    assert.equal(promo.body.session.total_details?.amount_discount, 360);
    const invalid = await page(session, 'update', { promotion_code: 'EXPIRED' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error?.code, 'promotion_code_invalid');
    assert.equal(invalid.body.error?.message, 'This code is invalid.');
    const removed = await page(session, 'update', { remove_promotion_code: true });
    assert.equal(removed.body.session.total_details?.amount_discount, 0);
    const two = await page(session, 'update', { email: 'a@example.com', phone: '+1' });
    assert.equal(two.status, 400);
  });

  it('confirms with test cards: declines as 402 card errors, 3-D Secure in two steps, then success', async () => {
    const session = await elementsSession(env.stripe);
    const noEmail = await page(session, 'confirm', card('4242424242424242'));
    assert.equal(noEmail.status, 400);
    assert.equal(noEmail.body.error?.param, 'email');
    await page(session, 'update', { email: 'buyer@example.com' });
    const incomplete = await page(session, 'confirm', card('4242'));
    assert.equal(incomplete.body.error?.code, 'incomplete_number');
    for (const [number, code, declineCode] of [
      ['4000000000000002', 'card_declined', 'generic_decline'],
      ['4000000000009995', 'card_declined', 'insufficient_funds'],
      ['4000000000000069', 'expired_card', 'expired_card'],
      ['4000000000000127', 'incorrect_cvc', 'incorrect_cvc'],
    ] as const) {
      const declined = await page(session, 'confirm', card(number));
      assert.equal(declined.status, 402, number);
      assert.equal(declined.body.error?.type, 'card_error');
      assert.equal(declined.body.error?.code, code);
      assert.equal(declined.body.error?.decline_code, declineCode);
      assert.equal(declined.body.session.status, 'open');
    }
    const challenge = await page(session, 'confirm', card('4000002500003155'));
    assert.equal(challenge.status, 200);
    assert.equal(challenge.body.requires_action?.type, 'three_d_secure');
    const failed = await page(session, 'confirm', {
      three_d_secure: { attempt: challenge.body.requires_action?.attempt, result: 'fail' },
    });
    assert.equal(failed.status, 402);
    assert.equal(failed.body.error?.code, 'payment_intent_authentication_failure');
    const again = await page(session, 'confirm', card('4000002760003184'));
    const paid = await page(session, 'confirm', {
      three_d_secure: { attempt: again.body.requires_action?.attempt, result: 'complete' },
    });
    assert.equal(paid.status, 200);
    assert.equal(paid.body.session.status, 'complete');
    assert.equal(paid.body.session.payment_status, 'paid');
    const twice = await page(session, 'confirm', card('4242424242424242'));
    assert.equal(twice.status, 400);
    assert.equal(twice.body.error?.code, 'checkout_session_complete');
    const events = env.emulator.events().map((event) => event.type);
    assert.ok(events.includes('checkout.session.completed'));
  });

  it('pays with the test wallet and requires a shipping address when the session collects one', async () => {
    const session = await elementsSession(env.stripe, {
      customer_email: 'w@example.com',
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    const missing = await page(session, 'confirm', { payment_method: { type: 'wallet' } });
    assert.equal(missing.body.error?.param, 'shipping_address');
    const wrongCountry = await page(session, 'update', {
      shipping_address: { name: 'W', address: { line1: '1 Rue', city: 'Paris', country: 'FR' } },
    });
    assert.equal(wrongCountry.status, 400);
    const paid = await page(session, 'confirm', {
      payment_method: { type: 'wallet' },
      shipping_address: {
        name: 'W',
        address: { line1: '1 Main St', city: 'Austin', state: 'TX', postal_code: '73301', country: 'US' },
      },
    });
    assert.equal(paid.status, 200);
    assert.equal(paid.body.session.collected_information?.shipping_details?.address.city, 'Austin');
    const expired = await elementsSession(env.stripe);
    await env.stripe.checkout.sessions.expire(expired.id);
    const late = await page(expired, 'confirm', card('4242424242424242'));
    assert.equal(late.body.error?.code, 'checkout_session_expired');
  });
});

describe('browser endpoints: secrets, bodies and currencies', () => {
  it('matches the client secret exactly: a decoded or re-encoded copy is an unknown secret', async () => {
    let session = await elementsSession(env.stripe);
    while (!/%2F|%2B|%3D/.test(String(session.client_secret))) session = await elementsSession(env.stripe);
    const secret = String(session.client_secret);
    assert.equal((await page(session, 'init')).status, 200);
    const decoded = await page({ ...session, client_secret: decodeURIComponent(secret) }, 'init');
    assert.equal(decoded.status, 404);
    const doubled = await page({ ...session, client_secret: secret.replaceAll('%', '%25') }, 'init');
    assert.equal(doubled.status, 404);
  });

  it('checks bodies with the REST schema machinery: unknown keys, types and enums are named', async () => {
    const session = await elementsSession(env.stripe);
    const unknown = await page(session, 'update', { emial: 'a@example.com' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error?.code, 'parameter_unknown');
    assert.equal(unknown.body.error?.param, 'emial');
    const wrongType = await page(session, 'update', { line_item: { id: 'li_x', quantity: 'two' } });
    assert.equal(wrongType.body.error?.code, 'parameter_invalid_integer');
    assert.equal(wrongType.body.error?.param, 'line_item[quantity]');
    const badResult = await page(session, 'confirm', {
      three_d_secure: { attempt: 'att_1', result: 'maybe' },
    });
    assert.equal(badResult.status, 400);
    assert.equal(badResult.body.error?.param, 'three_d_secure[result]');
    const nested = await page(session, 'confirm', {
      payment_method: { type: 'card', card: { number: '4242424242424242', colour: 'red' } },
    });
    assert.equal(nested.body.error?.param, 'payment_method[card][colour]');
  });

  it('offers the buyer their local currency and presents the session in the one they pick', async () => {
    const session = await elementsSession(env.stripe, {
      adaptive_pricing: { enabled: true },
      customer_email: 'test+location_GB@example.com',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Hoodie' } }, quantity: 2 },
      ],
    });
    const init = (await page(session, 'init')).body as PageAnswer['body'] & {
      presentment: {
        currency: string;
        options: { currency: string; amount_total: number; fx_rate: number | null }[];
      };
    };
    assert.deepEqual(init.presentment, {
      currency: 'gbp',
      options: [
        { currency: 'usd', amount_total: 5000, fx_rate: null },
        // 25.00 USD × 0.79 = 19.75 GBP per unit, × 2.
        { currency: 'gbp', amount_total: 3950, fx_rate: 0.79 },
      ],
    });
    assert.equal(init.session.currency, 'gbp');
    assert.equal(init.session.amount_total, 3950);
    assert.equal(init.session.line_items?.data[0]?.price?.unit_amount, 1975);
    const usd = await page(session, 'update', { presentment_currency: 'usd' });
    assert.equal(usd.body.session.currency, 'usd');
    assert.equal(usd.body.session.amount_total, 5000);
    const refused = await page(session, 'update', { presentment_currency: 'jpy' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error?.param, 'presentment_currency');
    assert.equal((await env.stripe.checkout.sessions.retrieve(session.id)).presentment_details, undefined);
  });
});
