import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { AUTOMATIC_TAX_PERCENT } from '../src/index.js';
import { elementsSession, expectStripeError, RETURN_URL, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();

function assertAddsUp(session: Stripe.Checkout.Session): void {
  const details = session.total_details!;
  assert.equal(
    session.amount_total,
    session.amount_subtotal! - details.amount_discount + details.amount_tax + (details.amount_shipping ?? 0),
  );
}

describe('session lifecycle', () => {
  it('completes a payment session like a buyer, filling customer_details and creating a payment intent', async () => {
    const session = await elementsSession(env.stripe, {
      shipping_address_collection: { allowed_countries: ['GB'] },
    });
    const completed = await env.emulator.buyer.complete(session.id, {
      card: '4242 4242 4242 4242',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      shippingAddress: {
        name: 'Ada Lovelace',
        address: { line1: '1 Analytical Way', city: 'London', country: 'GB' },
      },
    });
    assert.equal(completed.status, 'complete');
    assert.equal(completed.payment_status, 'paid');
    assert.equal(completed.customer_details?.email, 'ada@example.com');
    assert.equal(completed.customer_details?.name, 'Ada Lovelace');
    assert.equal(completed.collected_information?.shipping_details?.address.city, 'London');
    const paymentIntent = await env.stripe.paymentIntents.retrieve(String(completed.payment_intent));
    assert.equal(paymentIntent.status, 'succeeded');
    assert.equal(paymentIntent.amount, completed.amount_total);
    const expanded = await env.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    assert.equal((expanded.payment_intent as Stripe.PaymentIntent).id, paymentIntent.id);
    await assert.rejects(env.emulator.buyer.complete(session.id), /already complete/);
  });

  it('refuses a declined card with the card error and keeps the session open', async () => {
    const session = await elementsSession(env.stripe);
    await assert.rejects(
      env.emulator.buyer.complete(session.id, { card: '4000000000009995' }),
      (error: unknown) => {
        const body = (error as { body: { type: string; code: string; decline_code: string } }).body;
        assert.equal(body.type, 'card_error');
        assert.equal(body.code, 'card_declined');
        assert.equal(body.decline_code, 'insufficient_funds');
        return true;
      },
    );
    assert.equal((await env.stripe.checkout.sessions.retrieve(session.id)).status, 'open');
  });

  it('settles a delayed payment later: succeeded or failed', async () => {
    const paid = await elementsSession(env.stripe);
    const pending = await env.emulator.buyer.complete(paid.id, { outcome: 'delayed' });
    assert.equal(pending.status, 'complete');
    assert.equal(pending.payment_status, 'unpaid');
    const settled = await env.emulator.buyer.settleAsyncPayment(paid.id, 'succeeded');
    assert.equal(settled.payment_status, 'paid');
    assert.equal(
      (await env.stripe.paymentIntents.retrieve(String(settled.payment_intent))).status,
      'succeeded',
    );

    const failed = await elementsSession(env.stripe);
    await env.emulator.buyer.complete(failed.id, { outcome: 'delayed' });
    const after = await env.emulator.buyer.settleAsyncPayment(failed.id, 'failed');
    assert.equal(after.payment_status, 'unpaid');
    const types = env.emulator.events().map((event) => event.type);
    assert.ok(types.includes('checkout.session.async_payment_succeeded'));
    assert.ok(types.includes('checkout.session.async_payment_failed'));
  });

  it('creates a customer and a subscription in subscription mode, and a setup intent in setup mode', async () => {
    const session = await elementsSession(env.stripe, {
      mode: 'subscription',
      line_items: [{ price: 'price_demo_membership_monthly', quantity: 2 }],
    });
    const completed = await env.emulator.buyer.complete(session.id, { email: 'sub@example.com' });
    const subscription = await env.stripe.subscriptions.retrieve(String(completed.subscription));
    assert.equal(subscription.status, 'active');
    assert.equal(subscription.items.data[0]?.price.id, 'price_demo_membership_monthly');
    assert.equal(subscription.items.data[0]?.quantity, 2);
    const customer = await env.stripe.customers.retrieve(String(completed.customer));
    assert.equal((customer as Stripe.Customer).email, 'sub@example.com');

    const setup = await env.stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      ui_mode: 'elements',
      return_url: RETURN_URL,
    });
    const saved = await env.emulator.buyer.complete(setup.id);
    assert.equal(saved.payment_status, 'no_payment_required');
    assert.equal((await env.stripe.setupIntents.retrieve(String(saved.setup_intent))).status, 'succeeded');
  });

  it('expires open sessions when the emulator clock passes expires_at, with a webhook event', async () => {
    const now = env.emulator.clock.now();
    const soon = await elementsSession(env.stripe, { expires_at: now + 31 * 60 });
    const later = await elementsSession(env.stripe, { expires_at: now + 3 * 60 * 60 });
    env.emulator.clock.advance(60 * 60);
    assert.equal((await env.stripe.checkout.sessions.retrieve(soon.id)).status, 'expired');
    assert.equal((await env.stripe.checkout.sessions.retrieve(later.id)).status, 'open');
    const expiredEvents = env.emulator
      .events()
      .filter((event) => event.type === 'checkout.session.expired')
      .map((event) => (event.data.object as { id: string }).id);
    assert.ok(expiredEvents.includes(soon.id));
    await expectStripeError(env.stripe.checkout.sessions.update(soon.id, { metadata: { x: 'y' } }), {
      code: 'checkout_session_expired',
    });
  });
});

describe('amounts always add up', () => {
  it('applies a percent promotion code, automatic tax and shipping', async () => {
    const session = await elementsSession(env.stripe, {
      line_items: [
        { price: 'price_demo_tshirt', quantity: 3 },
        { price: 'price_demo_stickers', quantity: 1 },
      ],
      discounts: [{ promotion_code: 'promo_demo_save10' }],
      automatic_tax: { enabled: true },
      shipping_options: [{ shipping_rate: 'shr_demo_standard' }],
    });
    assert.equal(session.amount_subtotal, 8000);
    assert.equal(session.total_details?.amount_discount, 800);
    assert.equal(session.total_details?.amount_tax, Math.round((7200 * AUTOMATIC_TAX_PERCENT) / 100));
    assert.equal(session.total_details?.amount_shipping, 500);
    assertAddsUp(session);
    const items = await env.stripe.checkout.sessions.listLineItems(session.id);
    const lineTotal = items.data.reduce((sum, item) => sum + item.amount_total, 0);
    assert.equal(lineTotal + 500, session.amount_total);
    const breakdown = await env.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['total_details.breakdown'],
    });
    assert.equal(breakdown.total_details?.breakdown?.discounts[0]?.amount, 800);
    assert.equal(breakdown.total_details?.breakdown?.taxes[0]?.rate.percentage, AUTOMATIC_TAX_PERCENT);
  });

  it('spreads an amount-off coupon over the lines without losing a cent', async () => {
    const coupon = await env.stripe.coupons.create({ amount_off: 1001, currency: 'usd', name: '$10.01 off' });
    const session = await elementsSession(env.stripe, {
      line_items: [
        { price: 'price_demo_mug', quantity: 1 },
        { price: 'price_demo_stickers', quantity: 3 },
        { price: 'price_demo_tshirt', quantity: 1 },
      ],
      discounts: [{ coupon: coupon.id }],
    });
    assert.equal(session.total_details?.amount_discount, 1001);
    const items = await env.stripe.checkout.sessions.listLineItems(session.id);
    assert.equal(
      items.data.reduce((sum, item) => sum + item.amount_discount, 0),
      1001,
    );
    assertAddsUp(session);
  });
});

describe('catalog resources', () => {
  it('creates, retrieves and lists products, prices, coupons and promotion codes', async () => {
    const product = await env.stripe.products.create({ name: 'Tea towel', metadata: { sku: 'TT-1' } });
    const price = await env.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'year' },
    });
    assert.equal(price.type, 'recurring');
    assert.equal((await env.stripe.prices.retrieve(price.id)).unit_amount, 1500);
    assert.ok(
      (await env.stripe.prices.list({ product: product.id })).data.some((listed) => listed.id === price.id),
    );
    const coupon = await env.stripe.coupons.create({ percent_off: 25, duration: 'once' });
    const code = await env.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'TEA25',
    });
    assert.equal((await env.stripe.promotionCodes.list({ code: 'TEA25' })).data[0]?.id, code.id);
    const demo = await env.stripe.prices.retrieve('price_demo_membership_monthly');
    assert.equal(demo.recurring?.interval, 'month');
    await expectStripeError(env.stripe.products.retrieve('prod_missing'), {
      status: 404,
      code: 'resource_missing',
    });
    const customer = await env.stripe.customers.create({ email: 'c@example.com' });
    const session = await elementsSession(env.stripe, { customer: customer.id });
    const completed = await env.emulator.buyer.complete(session.id);
    assert.equal(completed.customer, customer.id);
    assert.equal(completed.customer_details?.email, 'c@example.com');
  });
});

describe('a declined card leaves a trace, like Stripe', () => {
  it('creates the PaymentIntent at the first attempt, records last_payment_error and payment_failed, then reuses it', async () => {
    const session = await elementsSession(env.stripe, { customer_email: 'decline@example.com' });
    assert.equal(
      session.payment_intent,
      null,
      'no PaymentIntent before the buyer confirms (API 2022-08-01 on)',
    );
    const before = env.emulator.events().length;
    await assert.rejects(env.emulator.buyer.complete(session.id, { card: '4000000000000002' }));
    const declined = await env.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    assert.equal(declined.status, 'open');
    const intent = declined.payment_intent as Stripe.PaymentIntent;
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.amount, declined.amount_total);
    assert.deepEqual(
      {
        type: intent.last_payment_error?.type,
        code: intent.last_payment_error?.code,
        decline_code: intent.last_payment_error?.decline_code,
        message: intent.last_payment_error?.message,
        doc_url: intent.last_payment_error?.doc_url,
      },
      {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      },
    );
    const raised = env.emulator.events().slice(before);
    assert.deepEqual(
      raised.map((event) => event.type),
      ['payment_intent.created', 'payment_intent.payment_failed'],
    );
    assert.equal((raised[1]!.data.object as Stripe.PaymentIntent).id, intent.id);

    const paid = await env.emulator.buyer.complete(session.id, { card: '4242424242424242' });
    assert.equal(paid.payment_intent, intent.id, 'the retry pays on the same PaymentIntent');
    const succeeded = await env.stripe.paymentIntents.retrieve(intent.id);
    assert.equal(succeeded.status, 'succeeded');
    assert.equal(succeeded.last_payment_error, null, 'cleared once the PaymentIntent succeeds');
    assert.deepEqual(
      env.emulator
        .events()
        .slice(before)
        .map((event) => event.type),
      [
        'payment_intent.created',
        'payment_intent.payment_failed',
        'payment_intent.succeeded',
        'checkout.session.completed',
      ],
    );
  });

  it('records a declined card on the SetupIntent in setup mode', async () => {
    const session = await env.stripe.checkout.sessions.create({
      mode: 'setup',
      ui_mode: 'elements',
      currency: 'usd',
      return_url: RETURN_URL,
    });
    const before = env.emulator.events().length;
    await assert.rejects(env.emulator.buyer.complete(session.id, { card: '4000000000009995' }));
    const retrieved = await env.stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
    const intent = retrieved.setup_intent as Stripe.SetupIntent;
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.last_setup_error?.decline_code, 'insufficient_funds');
    assert.deepEqual(
      env.emulator
        .events()
        .slice(before)
        .map((event) => event.type),
      ['setup_intent.created', 'setup_intent.setup_failed'],
    );
    await env.emulator.buyer.complete(session.id, { card: '4242424242424242' });
    assert.equal((await env.stripe.setupIntents.retrieve(intent.id)).status, 'succeeded');
  });
});

describe('Adaptive Pricing', () => {
  const oneTime = {
    price_data: { currency: 'usd', unit_amount: 2000, product_data: { name: 'Mug' } },
    quantity: 1,
  };

  it('echoes adaptive_pricing as sent (off by default, as the emulator\u2019s "dashboard" setting)', async () => {
    assert.deepEqual((await elementsSession(env.stripe)).adaptive_pricing, { enabled: false });
    const on = await elementsSession(env.stripe, { adaptive_pricing: { enabled: true } });
    assert.deepEqual(on.adaptive_pricing, { enabled: true });
    assert.deepEqual((await env.stripe.checkout.sessions.retrieve(on.id)).adaptive_pricing, {
      enabled: true,
    });
  });

  it('presents a test-mode buyer in France in EUR at the fixed rate, and keeps the session in USD', async () => {
    const session = await elementsSession(env.stripe, {
      adaptive_pricing: { enabled: true },
      customer_email: 'test+location_FR@example.com',
      line_items: [oneTime],
    });
    assert.equal(session.currency, 'usd');
    assert.equal(session.amount_total, 2000);
    // 20.00 USD × 0.92 (FX_RATES_PER_USD.eur) = 18.40 EUR.
    assert.deepEqual(session.presentment_details, { presentment_amount: 1840, presentment_currency: 'eur' });
    assert.equal(session.currency_conversion, null, 'the legacy field stays null since 2025-03-31.basil');
    const completed = await env.emulator.buyer.complete(session.id, { card: '4242424242424242' });
    const intent = await env.stripe.paymentIntents.retrieve(String(completed.payment_intent));
    assert.equal(intent.currency, 'usd');
    assert.equal(intent.amount, 2000);
    assert.deepEqual(intent.presentment_details, { presentment_amount: 1840, presentment_currency: 'eur' });
  });

  it('offers nothing extra when disabled, for a buyer at home, or in subscription mode', async () => {
    const french = { customer_email: 'test+location_FR@example.com', line_items: [oneTime] };
    assert.equal((await elementsSession(env.stripe, french)).presentment_details, undefined);
    const american = await elementsSession(env.stripe, {
      ...french,
      adaptive_pricing: { enabled: true },
      customer_email: 'test+location_US@example.com',
    });
    assert.equal(american.presentment_details, undefined);
    const subscription = await elementsSession(env.stripe, {
      mode: 'subscription',
      adaptive_pricing: { enabled: true },
      customer_email: 'test+location_FR@example.com',
      line_items: [{ price: 'price_demo_membership_monthly', quantity: 1 }],
    });
    assert.equal(subscription.presentment_details, undefined);
  });
});
