import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementsSession, expectStripeError, RETURN_URL, sdk, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();

describe('parameter validation like Stripe', () => {
  it('rejects unknown parameters at any depth with parameter_unknown', async () => {
    await expectStripeError(elementsSession(env.stripe, { colour: 'red' } as never), {
      status: 400,
      code: 'parameter_unknown',
      param: 'colour',
      message: /Received unknown parameter: colour/,
    });
    await expectStripeError(
      elementsSession(env.stripe, {
        line_items: [
          {
            price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x', colour: 'red' } },
          } as never,
        ],
      }),
      { code: 'parameter_unknown', param: 'line_items[0][price_data][product_data][colour]' },
    );
  });

  it('requires mode, line_items in payment mode, currency in setup mode, and nested required keys', async () => {
    await expectStripeError(env.stripe.checkout.sessions.create({ success_url: 'https://x.example' }), {
      code: 'parameter_missing',
      param: 'mode',
    });
    await expectStripeError(elementsSession(env.stripe, { line_items: [] }), {
      code: 'parameter_missing',
      param: 'line_items',
    });
    await expectStripeError(
      env.stripe.checkout.sessions.create({ mode: 'setup', ui_mode: 'elements', return_url: RETURN_URL }),
      { code: 'parameter_missing', param: 'currency' },
    );
    await expectStripeError(
      elementsSession(env.stripe, {
        line_items: [{ price_data: { unit_amount: 5, product_data: { name: 'x' } } } as never],
      }),
      { code: 'parameter_missing', param: 'line_items[0][price_data][currency]' },
    );
    await expectStripeError(elementsSession(env.stripe, { line_items: [{ price: 'price_demo_mug' }] }), {
      code: 'parameter_missing',
      param: 'line_items[0][quantity]',
    });
  });

  it('coerces strings by schema and names invalid integers, booleans and empty strings', async () => {
    // The SDK sends every value as a string already; `as never` lets the test send ones that are not valid.
    const hosted = { mode: 'payment' as const, success_url: 'https://x.example' };
    const coerced = await env.stripe.checkout.sessions.create({
      ...hosted,
      line_items: [{ price: 'price_demo_mug', quantity: '2' as never }],
      allow_promotion_codes: 'true' as never,
    });
    assert.equal(coerced.amount_subtotal, 2400);
    assert.equal(coerced.allow_promotion_codes, true);
    await expectStripeError(
      env.stripe.checkout.sessions.create({
        ...hosted,
        line_items: [{ price: 'price_demo_mug', quantity: 'two' as never }],
      }),
      {
        status: 400,
        code: 'parameter_invalid_integer',
        param: 'line_items[0][quantity]',
        message: /Invalid integer: two/,
      },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.create({
        ...hosted,
        line_items: [{ price: 'price_demo_mug', quantity: 1 }],
        allow_promotion_codes: 'maybe' as never,
      }),
      { status: 400, param: 'allow_promotion_codes', message: /Invalid boolean: maybe/ },
    );
    await expectStripeError(
      env.stripe.checkout.sessions.create({
        ...hosted,
        line_items: [{ price: 'price_demo_mug', quantity: 1 }],
        customer: '',
      }),
      { status: 400, code: 'parameter_invalid_empty', param: 'customer' },
    );
  });

  it('walks deep objects: accepted known keys, unknown ones named with their full bracket path', async () => {
    const shipping = { name: 'Ada', address: { line1: '1 Way', city: 'London', country: 'GB' } };
    const accepted = await elementsSession(env.stripe, {
      payment_intent_data: { shipping, metadata: { deep: 'yes' } },
      invoice_creation: {
        enabled: true,
        invoice_data: { rendering_options: { amount_tax_display: 'exclude_tax' } },
      },
    });
    assert.equal(accepted.status, 'open');
    await expectStripeError(
      elementsSession(env.stripe, {
        payment_intent_data: { shipping: { ...shipping, address: { ...shipping.address, planet: 'Earth' } } },
      } as never),
      { code: 'parameter_unknown', param: 'payment_intent_data[shipping][address][planet]' },
    );
    await expectStripeError(
      elementsSession(env.stripe, { payment_intent_data: { shipping: { name: 'Ada' } } } as never),
      { code: 'parameter_missing', param: 'payment_intent_data[shipping][address]' },
    );
  });

  it('rejects a malformed Stripe-Version header', async () => {
    await expectStripeError(sdk(env.emulator, { apiVersion: 'yesterday' }).checkout.sessions.list(), {
      status: 400,
      message: /Invalid Stripe API version: yesterday/,
    });
  });

  it('names the allowed values of an enum', async () => {
    await expectStripeError(
      elementsSession(env.stripe, { billing_address_collection: 'sometimes' as never }),
      {
        status: 400,
        param: 'billing_address_collection',
        message: /Invalid billing_address_collection: must be one of auto or required/,
      },
    );
  });

  it('refuses success_url and cancel_url with ui_mode elements, and requires return_url', async () => {
    await expectStripeError(elementsSession(env.stripe, { success_url: 'https://x.example' }), {
      code: 'parameters_exclusive',
      param: 'success_url',
    });
    await expectStripeError(elementsSession(env.stripe, { return_url: undefined }), {
      code: 'parameter_missing',
      param: 'return_url',
    });
    const never = await elementsSession(env.stripe, {
      return_url: undefined,
      redirect_on_completion: 'never',
    });
    assert.equal(never.redirect_on_completion, 'never');
    await expectStripeError(
      env.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: 'price_demo_mug', quantity: 1 }],
        return_url: RETURN_URL,
      }),
      { code: 'parameters_exclusive', param: 'return_url' },
    );
  });

  it('accepts 100 line items in bracket encoding and refuses the 101st', async () => {
    const items = Array.from({ length: 100 }, (_, index) => ({
      price_data: { currency: 'usd', unit_amount: index + 1, product_data: { name: `Item ${index}` } },
      quantity: 1,
    }));
    const session = await elementsSession(env.stripe, { line_items: items });
    assert.equal(session.amount_subtotal, (100 * 101) / 2);
    const all = await env.stripe.checkout.sessions.listLineItems(session.id, { limit: 100 });
    assert.equal(all.data.length, 100);
    assert.equal(all.data[99]?.description, 'Item 99');
    await expectStripeError(elementsSession(env.stripe, { line_items: [...items, items[0]!] }), {
      param: 'line_items',
    });
  });

  it('checks references, modes and mutually exclusive parameters', async () => {
    await expectStripeError(
      elementsSession(env.stripe, { line_items: [{ price: 'price_missing', quantity: 1 }] }),
      {
        status: 404,
        code: 'resource_missing',
        param: 'line_items[0][price]',
      },
    );
    await expectStripeError(
      elementsSession(env.stripe, { line_items: [{ price: 'price_demo_membership_monthly', quantity: 1 }] }),
      { param: 'line_items[0]', message: /recurring price/ },
    );
    await expectStripeError(elementsSession(env.stripe, { mode: 'subscription' }), {
      param: 'line_items',
      message: /at least one recurring price/,
    });
    await expectStripeError(
      elementsSession(env.stripe, {
        allow_promotion_codes: true,
        discounts: [{ coupon: 'demo_10_percent' }],
      }),
      { code: 'parameters_exclusive', param: 'discounts' },
    );
    await expectStripeError(elementsSession(env.stripe, { customer: 'cus_missing' }), {
      status: 404,
      param: 'customer',
    });
    await expectStripeError(elementsSession(env.stripe, { expires_at: Math.floor(Date.now() / 1000) + 60 }), {
      param: 'expires_at',
    });
    const session = await elementsSession(env.stripe);
    await expectStripeError(env.stripe.checkout.sessions.retrieve(session.id, { expand: ['nonsense'] }), {
      param: 'expand',
    });
  });

  it('answers an unknown URL with Stripe\u2019s 404', async () => {
    await expectStripeError(env.stripe.rawRequest('GET', '/v1/nothing_here'), {
      status: 404,
      type: 'StripeInvalidRequestError',
      message: /Unrecognized request URL \(GET: \/v1\/nothing_here\)/,
    });
  });
});

describe('authentication', () => {
  it('answers 401 without a key, with a wrong key, and with a publishable key — never echoing the key', async () => {
    // Raw fetch: the SDK will not send a request without a key.
    const missing = await fetch(`${env.emulator.url}/v1/checkout/sessions`);
    assert.equal(missing.status, 401);
    assert.match(
      ((await missing.json()) as { error: { message: string } }).error.message,
      /did not provide an API key/,
    );
    const wrongKey = 'sk_test_wrong_key_123456789abcd';
    const wrong = await expectStripeError(sdk(env.emulator, { key: wrongKey }).checkout.sessions.list(), {
      status: 401,
      type: 'StripeAuthenticationError',
      message: /Invalid API Key provided: sk_test_\*+abcd/,
    });
    assert.ok(!wrong.message.includes(wrongKey));
    await expectStripeError(
      sdk(env.emulator, { key: env.emulator.publishableKey }).checkout.sessions.list(),
      {
        status: 401,
        message: /cannot be made with a publishable API key/,
      },
    );
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and parameters, and rejects other parameters', async () => {
    const params = {
      mode: 'payment' as const,
      success_url: 'https://x.example',
      line_items: [{ price: 'price_demo_mug', quantity: 1 }],
    };
    const first = await env.stripe.checkout.sessions.create(params, { idempotencyKey: 'order-1' });
    const replay = await env.stripe.checkout.sessions.create(params, { idempotencyKey: 'order-1' });
    assert.equal(replay.id, first.id);
    assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true');
    await expectStripeError(
      env.stripe.checkout.sessions.create(
        { ...params, line_items: [{ price: 'price_demo_mug', quantity: 2 }] },
        {
          idempotencyKey: 'order-1',
        },
      ),
      { status: 400, type: 'StripeIdempotencyError', code: 'idempotency_error' },
    );
    const other = await env.stripe.checkout.sessions.create(params, { idempotencyKey: 'order-2' });
    assert.notEqual(other.id, first.id);
  });
});

describe('ui_mode follows Stripe-Version', () => {
  it('accepts custom up to 2025-09-30.clover and answers with the version\u2019s names', async () => {
    const clover = sdk(env.emulator, { apiVersion: '2025-09-30.clover' });
    const session = await clover.checkout.sessions.create({
      mode: 'payment',
      ui_mode: 'custom' as never,
      return_url: RETURN_URL,
      line_items: [{ price: 'price_demo_mug', quantity: 1 }],
    });
    assert.equal(session.ui_mode, 'custom');
    assert.equal((await env.stripe.checkout.sessions.retrieve(session.id)).ui_mode, 'elements');
    await expectStripeError(
      clover.checkout.sessions.create({ mode: 'payment', ui_mode: 'elements', return_url: RETURN_URL }),
      { param: 'ui_mode', message: /Invalid ui_mode: must be one of custom, embedded, or hosted/ },
    );
  });

  it('accepts elements from 2026-03-25.dahlia on and rejects custom', async () => {
    const dahlia = sdk(env.emulator, { apiVersion: '2026-03-25.dahlia' });
    const session = await elementsSession(dahlia);
    assert.equal(session.ui_mode, 'elements');
    await expectStripeError(elementsSession(dahlia, { ui_mode: 'custom' as never }), {
      param: 'ui_mode',
      message: /must be one of elements, embedded_page, or hosted_page/,
    });
    const embedded = await elementsSession(dahlia, { ui_mode: 'embedded_page' });
    assert.equal(embedded.ui_mode, 'embedded_page');
    const hosted = await elementsSession(env.stripe, {
      ui_mode: 'hosted_page',
      return_url: undefined,
      success_url: 'https://x.example',
    });
    assert.equal(hosted.ui_mode, 'hosted_page');
    assert.equal(hosted.client_secret, null);
  });

  it('treats a request without Stripe-Version as the newest version (raw fetch: the SDK always sends one)', async () => {
    const response = await fetch(`${env.emulator.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${env.emulator.secretKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `mode=payment&ui_mode=custom&return_url=${encodeURIComponent(RETURN_URL)}&line_items[0][price]=price_demo_mug&line_items[0][quantity]=1`,
    });
    assert.equal(response.status, 400);
    assert.match(
      ((await response.json()) as { error: { message: string } }).error.message,
      /elements, embedded_page, or hosted_page/,
    );
  });
});

describe('what Stripe checks first, and which currencies and amounts it accepts', () => {
  it('names an unknown nested parameter before any missing one (parameter_unknown first)', async () => {
    // The unknown key sits after a sibling whose own required `currency` is missing: Stripe still names it.
    await expectStripeError(
      elementsSession(env.stripe, {
        line_items: [
          { price_data: { unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 },
          { price_dat: 'price_demo_mug', quantity: 1 },
        ] as never,
      }),
      {
        status: 400,
        code: 'parameter_unknown',
        param: 'line_items[1][price_dat]',
        message: /^Received unknown parameter: line_items\[1\]\[price_dat\]$/,
      },
    );
    await expectStripeError(
      elementsSession(env.stripe, { line_items: [{ price_dat: 'price_demo_mug', quantity: 1 }] as never }),
      { code: 'parameter_unknown', param: 'line_items[0][price_dat]' },
    );
  });

  it('refuses a currency Stripe does not support, listing the ones it does', async () => {
    const error = await expectStripeError(
      env.stripe.checkout.sessions.create({
        mode: 'setup',
        ui_mode: 'elements',
        currency: 'zzz',
        return_url: RETURN_URL,
      }),
      {
        status: 400,
        param: 'currency',
        message: /^Invalid currency: zzz\. Stripe currently supports these currencies: usd, aed, /,
      },
    );
    assert.match(error.message, /, eur, /);
    await expectStripeError(
      elementsSession(env.stripe, {
        line_items: [
          { price_data: { currency: 'xyz', unit_amount: 500, product_data: { name: 'x' } }, quantity: 1 },
        ],
      }),
      { param: 'line_items[0][price_data][currency]', message: /Invalid currency: xyz/ },
    );
    const yen = await elementsSession(env.stripe, {
      line_items: [
        { price_data: { currency: 'JPY', unit_amount: 500, product_data: { name: 'x' } }, quantity: 1 },
      ],
    });
    assert.equal(yen.currency, 'jpy');
  });

  it("enforces Stripe's minimum charge per currency, and lets a free order through", async () => {
    const item = (currency: string, unit_amount: number) => ({
      price_data: { currency, unit_amount, product_data: { name: 'Sticker' } },
      quantity: 1,
    });
    await expectStripeError(elementsSession(env.stripe, { line_items: [item('usd', 49)] }), {
      status: 400,
      message: /^The Checkout Session's total amount due must add up to at least \$0\.50 usd$/,
    });
    assert.equal((await elementsSession(env.stripe, { line_items: [item('usd', 50)] })).amount_total, 50);
    await expectStripeError(elementsSession(env.stripe, { line_items: [item('gbp', 29)] }), {
      message: /at least 0\.30 gbp/,
    });
    assert.equal((await elementsSession(env.stripe, { line_items: [item('gbp', 30)] })).amount_total, 30);
    await expectStripeError(elementsSession(env.stripe, { line_items: [item('jpy', 49)] }), {
      message: /at least 50 jpy/,
    });
    assert.equal((await elementsSession(env.stripe, { line_items: [item('usd', 0)] })).amount_total, 0);
  });
});

describe("Stripe's error bodies and request ids", () => {
  it('links errors with hyphenated doc_url and a request_log_url, and stamps every answer with a base62 Request-Id', async () => {
    const error = await expectStripeError(elementsSession(env.stripe, { colour: 'red' } as never), {
      code: 'parameter_unknown',
    });
    const raw = error.raw as { doc_url?: string; request_log_url?: string };
    assert.equal(raw.doc_url, 'https://stripe.com/docs/error-codes/parameter-unknown');
    assert.match(
      raw.request_log_url ?? '',
      /^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_[A-Za-z0-9]{14}\?t=\d+$/,
    );
    assert.ok(raw.request_log_url?.includes(String(error.requestId)), 'the log URL names this request');
    assert.match(String(error.requestId), /^req_[A-Za-z0-9]{14}$/);
    const unauthorised = await fetch(`${env.emulator.url}/v1/checkout/sessions`);
    assert.equal(unauthorised.status, 401);
    assert.match(unauthorised.headers.get('request-id') ?? '', /^req_[A-Za-z0-9]{14}$/);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${env.emulator.url}/v1/checkout/sessions`);
      ids.add(response.headers.get('request-id') ?? '');
    }
    assert.equal(ids.size, 20, 'request ids are unique');
    assert.ok(
      [...ids].some((id) => /[A-Z]/.test(id)),
      'ids use the base62 alphabet, capitals included',
    );
  });
});

describe('return_url and currency requirements follow the payment methods (stripe 23.1.0 types)', () => {
  it('an Elements session may omit return_url only when no redirect-based method can be used', async () => {
    await expectStripeError(elementsSession(env.stripe, { return_url: undefined }), {
      code: 'parameter_missing',
      param: 'return_url',
    });
    const cardOnly = await elementsSession(env.stripe, {
      return_url: undefined,
      allowed_payment_method_types: ['card'],
    });
    assert.equal(cardOnly.return_url, undefined);
    assert.deepEqual(cardOnly.allowed_payment_method_types, ['card']);
    await expectStripeError(
      elementsSession(env.stripe, { return_url: undefined, allowed_payment_method_types: ['card', 'ideal'] }),
      { code: 'parameter_missing', param: 'return_url' },
    );
  });

  it('setup mode needs currency unless allowed_payment_method_types is set', async () => {
    const setup = await env.stripe.checkout.sessions.create({
      mode: 'setup',
      ui_mode: 'elements',
      return_url: RETURN_URL,
      allowed_payment_method_types: ['card'],
    });
    assert.equal(setup.mode, 'setup');
  });
});
