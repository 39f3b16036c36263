// `checkout.sessions.update` as Stripe's dynamic-update guides use it, through the official SDK: line items
// retransmitted whole (kept by id, changed, added, removed, reordered), server-side shipping options and details
// under `permissions[update_shipping_details]=server_only`, and every refusal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { elementsSession, expectStripeError, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();

async function lineItemIds(sessionId: string): Promise<string[]> {
  return (await env.stripe.checkout.sessions.listLineItems(sessionId)).data.map((item) => item.id);
}

function serverShippingSession(params: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return elementsSession(env.stripe, {
    permissions: { update_shipping_details: 'server_only' },
    shipping_address_collection: { allowed_countries: ['US', 'CA'] },
    ...params,
  });
}

describe('line_items: the whole list is retransmitted', () => {
  it('keeps items by id, changes their quantity or price, adds new ones, drops omitted ones, in the order given', async () => {
    const session = await elementsSession(env.stripe, {
      line_items: [
        { price: 'price_demo_tshirt', quantity: 1, metadata: { size: 'M', colour: 'red' } },
        { price: 'price_demo_mug', quantity: 1 },
        { price: 'price_demo_stickers', quantity: 1 },
      ],
    });
    const [shirt, mug] = await lineItemIds(session.id);
    const updated = await env.stripe.checkout.sessions.update(session.id, {
      line_items: [
        { price: 'price_demo_stickers', quantity: 3 },
        { id: mug!, quantity: 2 },
        { id: shirt!, price: 'price_demo_mug', metadata: { colour: '' } },
      ],
      expand: ['line_items'],
    });
    const items = updated.line_items?.data ?? [];
    assert.equal(items.length, 3, 'the omitted stickers line is gone, a new stickers line exists');
    assert.equal(items[0]?.price?.id, 'price_demo_stickers');
    assert.equal(items[0]?.quantity, 3);
    assert.notEqual(items[0]?.id, shirt);
    assert.deepEqual(
      items.slice(1).map((item) => [item.id, item.price?.id, item.quantity]),
      [
        [mug, 'price_demo_mug', 2],
        [shirt, 'price_demo_mug', 1],
      ],
    );
    assert.deepEqual(items[2]?.metadata, { size: 'M' }, 'an empty value unsets one key of a kept item');
    assert.equal(updated.amount_subtotal, 3 * 500 + 2 * 1200 + 1200);
  });

  it('refuses an unknown id, an id twice, an empty list and a new item without a quantity, changing nothing', async () => {
    const session = await elementsSession(env.stripe);
    const [shirt] = await lineItemIds(session.id);
    await expectStripeError(
      env.stripe.checkout.sessions.update(session.id, { line_items: [{ id: 'li_nope' }] }),
      {
        status: 404,
        code: 'resource_missing',
        param: 'line_items[0][id]',
      },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.update(session.id, {
        line_items: [{ id: shirt! }, { id: shirt!, quantity: 2 }],
      }),
      { status: 400, param: 'line_items[1][id]' },
    );
    // stripe-node drops an empty array from the form body, so an empty list can only be sent as `line_items=`.
    const empty = await fetch(`${env.emulator.url}/v1/checkout/sessions/${session.id}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${env.emulator.secretKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'line_items=',
    });
    assert.equal(empty.status, 400);
    assert.equal(((await empty.json()) as { error: { param: string } }).error.param, 'line_items');
    await expectStripeError(
      env.stripe.checkout.sessions.update(session.id, {
        line_items: [{ id: shirt! }, { price: 'price_demo_mug' }],
      }),
      { status: 400, code: 'parameter_missing', param: 'line_items[1][quantity]' },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.update(session.id, {
        line_items: [{ id: shirt!, quantity: 9 }],
        shipping_options: [{ shipping_rate: 'shr_demo_standard' }],
      }),
      { status: 400, param: 'shipping_options' },
    );
    const unchanged = await env.stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    assert.equal(unchanged.line_items?.data[0]?.quantity, 1, 'a refused update changes nothing');
  });

  it('holds new items to the rules of creation: active price, session currency, mode', async () => {
    const session = await elementsSession(env.stripe);
    const [shirt] = await lineItemIds(session.id);
    const euro = await env.stripe.prices.create({
      currency: 'eur',
      unit_amount: 900,
      product_data: { name: 'Tote' },
    });
    await expectStripeError(
      env.stripe.checkout.sessions.update(session.id, {
        line_items: [{ id: shirt! }, { price: euro.id, quantity: 1 }],
      }),
      { status: 400, param: 'line_items[1]' },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.update(session.id, {
        line_items: [{ id: shirt! }, { price: 'price_demo_membership_monthly', quantity: 1 }],
      }),
      { status: 400, param: 'line_items[1]', message: /recurring price/ },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.update(session.id, { line_items: [{ price: 'price_gone', quantity: 1 }] }),
      { status: 404, param: 'line_items[0][price]' },
    );
  });

  it('is only for open elements sessions in payment or subscription mode', async () => {
    const hosted = await env.stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'https://shop.example/success',
      line_items: [{ price: 'price_demo_mug', quantity: 1 }],
    });
    await expectStripeError(
      env.stripe.checkout.sessions.update(hosted.id, {
        line_items: [{ price: 'price_demo_mug', quantity: 2 }],
      }),
      { status: 400, param: 'line_items', message: /ui_mode: elements/ },
    );
    const paid = await elementsSession(env.stripe);
    await env.emulator.buyer.complete(paid.id);
    await expectStripeError(
      env.stripe.checkout.sessions.update(paid.id, {
        line_items: [{ price: 'price_demo_mug', quantity: 2 }],
      }),
      { status: 400, code: 'checkout_session_complete' },
    );
    const subscription = await elementsSession(env.stripe, {
      mode: 'subscription',
      line_items: [{ price: 'price_demo_membership_monthly', quantity: 1 }],
    });
    const [membership] = await lineItemIds(subscription.id);
    const upsold = await env.stripe.checkout.sessions.update(subscription.id, {
      line_items: [{ id: membership!, quantity: 2 }],
    });
    assert.equal(upsold.amount_total, 1800);
  });
});

describe('shipping from the server (permissions[update_shipping_details]=server_only)', () => {
  it('sets the shipping address and options; the first option is selected and the totals follow', async () => {
    const session = await serverShippingSession();
    const updated = await env.stripe.checkout.sessions.update(session.id, {
      collected_information: {
        shipping_details: {
          name: 'Ada Lovelace',
          address: { line1: '1 Main St', city: 'Toronto', country: 'CA' },
        },
      },
      shipping_options: [
        {
          shipping_rate_data: { display_name: 'Canada Post', fixed_amount: { amount: 900, currency: 'usd' } },
        },
        { shipping_rate: 'shr_demo_express' },
      ],
    });
    assert.equal(updated.collected_information?.shipping_details?.address.country, 'CA');
    assert.equal(updated.collected_information?.shipping_details?.name, 'Ada Lovelace');
    assert.equal(updated.shipping_options.length, 2);
    assert.equal(updated.shipping_cost?.amount_total, 900);
    assert.equal(updated.amount_total, 2500 + 900);
    const cleared = await env.stripe.checkout.sessions.update(session.id, { shipping_options: '' });
    assert.deepEqual(cleared.shipping_options, []);
    assert.equal(cleared.shipping_cost, null);
  });

  it('refuses both without the permission, and an address outside allowed_countries', async () => {
    const clientOnly = await elementsSession(env.stripe, {
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    await expectStripeError(
      env.stripe.checkout.sessions.update(clientOnly.id, {
        shipping_options: [{ shipping_rate: 'shr_demo_standard' }],
      }),
      {
        status: 400,
        param: 'shipping_options',
        message: /permissions\[update_shipping_details\]=server_only/,
      },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.update(clientOnly.id, {
        collected_information: {
          shipping_details: { name: 'Ada', address: { line1: '1 Main St', country: 'US' } },
        },
      }),
      { status: 400, param: 'collected_information[shipping_details]' },
    );
    const server = await serverShippingSession();
    await expectStripeError(
      env.stripe.checkout.sessions.update(server.id, {
        collected_information: {
          shipping_details: { name: 'Ada', address: { line1: '1 Rue', country: 'FR' } },
        },
      }),
      { status: 400, param: 'collected_information[shipping_details][address][country]' },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.update(server.id, {
        shipping_options: Array.from({ length: 6 }, () => ({ shipping_rate: 'shr_demo_standard' })),
      }),
      { status: 400, param: 'shipping_options', message: /at most 5/ },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.update(server.id, {
        collected_information: { shipping_details: { name: 'Ada', address: { country: 'US' } } },
      } as Stripe.Checkout.SessionUpdateParams),
      {
        status: 400,
        code: 'parameter_missing',
        param: 'collected_information[shipping_details][address][line1]',
      },
    );
  });
});

describe('payment_intent_data', () => {
  it('is accepted on an open elements payment session and refused elsewhere', async () => {
    const session = await elementsSession(env.stripe);
    await env.stripe.checkout.sessions.update(session.id, {
      payment_intent_data: { description: 'Order 42', metadata: { order: '42' } },
    });
    const hosted = await env.stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'https://shop.example/success',
      line_items: [{ price: 'price_demo_mug', quantity: 1 }],
    });
    await expectStripeError(
      env.stripe.checkout.sessions.update(hosted.id, { payment_intent_data: { description: 'Order 43' } }),
      { status: 400, param: 'payment_intent_data' },
    );
  });
});
