import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { elementsSession, expectStripeError, RETURN_URL, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();

describe('checkout sessions: create, retrieve, update, list, expire', () => {
  it('creates a session the SDK can retrieve, with a client secret for Elements', async () => {
    const session = await elementsSession(env.stripe, {
      metadata: { order: '42' },
      client_reference_id: 'cart_7',
    });
    assert.match(session.id, /^cs_test_/);
    assert.equal(session.client_secret?.startsWith(`${session.id}_secret_`), true);
    assert.equal(session.ui_mode, 'elements');
    assert.equal(session.status, 'open');
    assert.equal(session.payment_status, 'unpaid');
    assert.equal(session.return_url, RETURN_URL);
    assert.equal(session.redirect_on_completion, 'always');
    const retrieved = await env.stripe.checkout.sessions.retrieve(session.id);
    assert.equal(retrieved.id, session.id);
    assert.deepEqual(retrieved.metadata, { order: '42' });
    assert.equal(retrieved.client_reference_id, 'cart_7');
  });

  it('expands line items with their prices and products', async () => {
    const session = await elementsSession(env.stripe, {
      line_items: [
        { price: 'price_demo_mug', quantity: 3 },
        {
          price_data: { currency: 'usd', unit_amount: 999, product_data: { name: 'Gift wrap' } },
          quantity: 1,
        },
      ],
    });
    assert.equal(session.line_items, undefined);
    const expanded = await env.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['line_items', 'line_items.data.price.product'],
    });
    const [mug, wrap] = expanded.line_items?.data ?? [];
    assert.equal(mug?.price?.id, 'price_demo_mug');
    assert.equal(mug?.quantity, 3);
    assert.equal(mug?.amount_subtotal, 3600);
    assert.equal((wrap?.price?.product as Stripe.Product | undefined)?.name, 'Gift wrap');
    const items = await env.stripe.checkout.sessions.listLineItems(session.id, { limit: 1 });
    assert.equal(items.data.length, 1);
    assert.equal(items.has_more, true);
    const next = await env.stripe.checkout.sessions.listLineItems(session.id, {
      starting_after: items.data[0]!.id,
    });
    assert.equal(next.data[0]?.description, 'Gift wrap');
  });

  it('updates metadata, line items and shipping options of an open session', async () => {
    // Shipping options come from the server only with this permission (custom-shipping-options guide).
    const session = await elementsSession(env.stripe, {
      metadata: { keep: 'yes', drop: 'soon' },
      permissions: { update_shipping_details: 'server_only' },
    });
    const lineItemId = (await env.stripe.checkout.sessions.listLineItems(session.id)).data[0]!.id;
    const updated = await env.stripe.checkout.sessions.update(session.id, {
      metadata: { drop: '', added: '1' },
      line_items: [
        { id: lineItemId, quantity: 4 },
        { price: 'price_demo_stickers', quantity: 2 },
      ],
      shipping_options: [{ shipping_rate: 'shr_demo_express' }],
    });
    assert.deepEqual(updated.metadata, { keep: 'yes', added: '1' });
    assert.equal(updated.amount_subtotal, 4 * 2500 + 2 * 500);
    assert.equal(updated.shipping_cost?.amount_total, 1500);
    assert.equal(updated.amount_total, 4 * 2500 + 2 * 500 + 1500);
    const items = await env.stripe.checkout.sessions.listLineItems(session.id);
    assert.equal(items.data[0]?.id, lineItemId);
    assert.equal(items.data.length, 2);
  });

  it('lists newest first with limit, cursors and a status filter', async () => {
    const first = await elementsSession(env.stripe);
    const second = await elementsSession(env.stripe);
    const third = await elementsSession(env.stripe);
    const page = await env.stripe.checkout.sessions.list({ limit: 2 });
    assert.deepEqual(
      page.data.map((session) => session.id),
      [third.id, second.id],
    );
    assert.equal(page.has_more, true);
    const older = await env.stripe.checkout.sessions.list({ limit: 1, starting_after: second.id });
    assert.equal(older.data[0]?.id, first.id);
    const newer = await env.stripe.checkout.sessions.list({ limit: 5, ending_before: second.id });
    assert.deepEqual(
      newer.data.map((session) => session.id),
      [third.id],
    );
    const future = await env.stripe.checkout.sessions.list({ created: { gt: third.created + 3600 } });
    assert.deepEqual(future.data, []);
    const since = await env.stripe.checkout.sessions.list({ created: { gte: first.created }, limit: 100 });
    assert.ok(since.data.some((session) => session.id === first.id));
    await env.stripe.checkout.sessions.expire(first.id);
    const expired = await env.stripe.checkout.sessions.list({ status: 'expired', limit: 100 });
    assert.ok(expired.data.some((session) => session.id === first.id));
    assert.ok(expired.data.every((session) => session.status === 'expired'));
  });

  it('expires an open session once, and refuses to expire it again', async () => {
    const session = await elementsSession(env.stripe);
    const expired = await env.stripe.checkout.sessions.expire(session.id);
    assert.equal(expired.status, 'expired');
    await expectStripeError(env.stripe.checkout.sessions.expire(session.id), {
      status: 400,
      param: 'session',
    });
    await expectStripeError(env.stripe.checkout.sessions.update(session.id, { metadata: { a: 'b' } }), {
      status: 400,
      code: 'checkout_session_expired',
    });
  });

  it('answers 404 resource_missing for an unknown session', async () => {
    await expectStripeError(env.stripe.checkout.sessions.retrieve('cs_test_nope'), {
      status: 404,
      code: 'resource_missing',
      message: /No such checkout\.session: 'cs_test_nope'/,
    });
  });

  it('creates subscription and setup sessions', async () => {
    const subscription = await elementsSession(env.stripe, {
      mode: 'subscription',
      line_items: [{ price: 'price_demo_membership_monthly', quantity: 1 }],
    });
    assert.equal(subscription.mode, 'subscription');
    assert.equal(subscription.amount_total, 900);
    const setup = await env.stripe.checkout.sessions.create({
      mode: 'setup',
      ui_mode: 'elements',
      currency: 'usd',
      return_url: RETURN_URL,
    });
    assert.equal(setup.payment_status, 'no_payment_required');
    assert.equal(setup.amount_total, null);
    assert.equal(setup.currency, 'usd');
  });
});

describe('client secrets have the shape Stripe issues', () => {
  it('is the session id, _secret_, and a URL-encoded fid… token that usually carries %2F, %2B or %3D', async () => {
    const secrets: string[] = [];
    for (let i = 0; i < 10; i++) secrets.push(String((await elementsSession(env.stripe)).client_secret));
    for (const secret of secrets) {
      const [id, token] = secret.split('_secret_');
      assert.match(id ?? '', /^cs_test_a1[A-Za-z0-9]+$/);
      assert.match(token ?? '', /^fid[A-Za-z0-9%]+$/, 'only URL-safe characters: the token is URL-encoded');
      assert.equal(
        encodeURIComponent(decodeURIComponent(token ?? '')),
        token,
        'exactly one level of encoding',
      );
    }
    const escaped = secrets.filter((secret) => /%(2F|2B|3D)/.test(secret));
    assert.ok(escaped.length >= 8, `four in five secrets carry an escape, got ${escaped.length} of 10`);
  });
});
