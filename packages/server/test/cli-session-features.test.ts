import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEmulator } from '@checkout-element/emulator';
import { createStripeClient } from '../src/index.js';
import { spawnTs } from './support/child.js';
import { PRICES, PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET } from './support/stack.js';

const ORIGIN = 'http://localhost:5173';
const base = {
  STRIPE_SECRET_KEY: SECRET_KEY,
  STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  CHECKOUT_PRICES: `${PRICES.tshirt},${PRICES.mug}:1-3`,
  CHECKOUT_RETURN_URL: `${ORIGIN}/return?session_id={CHECKOUT_SESSION_ID}`,
  DATABASE_URL: ':memory:',
  PORT: '0',
};

/** Starts the CLI with `env` expecting it to refuse; answers what it printed. */
async function refusal(env: Record<string, string>): Promise<string> {
  const child = spawnTs('src/cli.ts', [], { ...base, ...env });
  assert.equal(await child.exited, 1, `exits 1 for ${JSON.stringify(env)}`);
  return child.output();
}

describe('checkout-server: the session features of issue 13 from the environment', () => {
  it('refuses malformed values at start-up, naming each variable and the expected form', async () => {
    const output = await refusal({
      CHECKOUT_COLLECT_PHONE: 'yes',
      CHECKOUT_TERMS: 'maybe',
      CHECKOUT_TAX_ID: '1',
      CHECKOUT_NAME_COLLECTION: 'person',
      CHECKOUT_BILLING_ADDRESS: 'always',
      CHECKOUT_SHIPPING_COUNTRIES: 'us,CA',
      CHECKOUT_SHIPPING_RATES: 'US-500',
      CHECKOUT_ADAPTIVE_PRICING: 'true',
      CHECKOUT_LINK_SIGNUP: 'yes',
    });
    for (const expected of [
      /CHECKOUT_COLLECT_PHONE must be on or off/,
      /CHECKOUT_TERMS must be required or off/,
      /CHECKOUT_TAX_ID must be on or off/,
      /CHECKOUT_NAME_COLLECTION "person" should be individual or business/,
      /CHECKOUT_BILLING_ADDRESS must be auto or required/,
      /CHECKOUT_SHIPPING_COUNTRIES "us" is not a two-letter country code in capitals/,
      /CHECKOUT_SHIPPING_RATES "US-500" should be COUNTRY:amount/,
      /CHECKOUT_ADAPTIVE_PRICING must be on or off/,
      /CHECKOUT_LINK_SIGNUP must be on or off/,
    ]) {
      assert.match(output, expected);
    }
  });

  it('refuses combinations Stripe refuses, saying why', async () => {
    const subscription = await refusal({
      CHECKOUT_MODE: 'subscription',
      CHECKOUT_PRICES: PRICES.membership,
      CHECKOUT_SHIPPING_RATES: 'US:500',
      CHECKOUT_ADAPTIVE_PRICING: 'on',
      CHECKOUT_TERMS_TEXT: 'I agree',
    });
    assert.match(subscription, /CHECKOUT_SHIPPING_RATES only applies with CHECKOUT_MODE=payment/);
    assert.match(subscription, /CHECKOUT_ADAPTIVE_PRICING only applies with CHECKOUT_MODE=payment/);
    assert.match(subscription, /CHECKOUT_TERMS_TEXT needs CHECKOUT_TERMS=required/);

    const elements = await refusal({
      CHECKOUT_TERMS: 'required',
      CHECKOUT_TERMS_TEXT: 'I agree to the [terms](https://shop.example/terms)',
      CHECKOUT_SHIPPING_RATES: 'US:500,*:2500',
      CHECKOUT_SHIPPING_COUNTRIES: '',
    });
    assert.match(elements, /CHECKOUT_TERMS_TEXT cannot be used with ui_mode elements/);
    assert.match(elements, /CHECKOUT_SHIPPING_COUNTRIES is not set: CHECKOUT_SHIPPING_RATES has a \* row/);

    const tooMany = await refusal({ CHECKOUT_SHIPPING_RATES: 'US:1,US:2,US:3,US:4,US:5,US:6' });
    assert.match(tooMany, /CHECKOUT_SHIPPING_RATES lists more than 5 rates for US/);

    // Optional items must be sellable: a buyer who adds one sends it back with every cart update.
    const optional = await refusal({ CHECKOUT_OPTIONAL_ITEMS: 'price_demo_stickers,sticker' });
    assert.match(
      optional,
      /CHECKOUT_OPTIONAL_ITEMS lists price_demo_stickers, which is not in CHECKOUT_PRICES/,
    );
    assert.match(optional, /CHECKOUT_OPTIONAL_ITEMS "sticker" is not a Stripe price id/);
  });

  it('creates sessions with every feature turned on and serves the cart and shipping routes', async () => {
    const emulator = await startEmulator({
      port: 0,
      secretKey: SECRET_KEY,
      previews: ['elements_optional_items'],
    });
    const server = spawnTs('src/cli.ts', [], {
      ...base,
      STRIPE_API_BASE: emulator.url,
      CHECKOUT_PRICES: `${PRICES.tshirt},${PRICES.mug}:1-3,price_demo_stickers`,
      CHECKOUT_COLLECT_PHONE: 'on',
      CHECKOUT_TERMS: 'required',
      CHECKOUT_TAX_ID: 'on',
      CHECKOUT_NAME_COLLECTION: 'individual,business:optional',
      CHECKOUT_BILLING_ADDRESS: 'required',
      CHECKOUT_SHIPPING_COUNTRIES: 'US,CA,NO',
      CHECKOUT_SHIPPING_RATES: 'US:500,US:1500:Express,CA:900',
      CHECKOUT_OPTIONAL_ITEMS: 'price_demo_stickers:1-5',
      CHECKOUT_ADAPTIVE_PRICING: 'on',
      CHECKOUT_LINK_SIGNUP: 'on',
    });
    const stripe = createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url });
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify(body),
      });
    let url = '';
    try {
      [, url] = (await server.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/)) as unknown as [
        string,
        string,
      ];
      const created = await post('/sessions', { items: [{ price: PRICES.tshirt, quantity: 1 }] });
      assert.equal(created.status, 200, await created.clone().text());
      const { sessionId, collects } = (await created.json()) as { sessionId: string; collects: unknown };
      // The element mounts exactly these of Stripe's optional Elements (the protocol's `collects`).
      assert.deepEqual(collects, {
        shippingAddress: true,
        billingAddress: true,
        shippingDetails: 'server_only',
        contactDetails: true,
        taxId: true,
        terms: true,
        linkSignup: true,
      });
      const session = await stripe.checkout.sessions.retrieve(sessionId);
      assert.deepEqual(session.phone_number_collection, { enabled: true });
      assert.equal(session.consent_collection?.terms_of_service, 'required');
      assert.equal(session.tax_id_collection?.enabled, true);
      assert.equal(session.name_collection?.individual?.enabled, true);
      assert.equal(session.name_collection?.business?.optional, true);
      assert.equal(session.billing_address_collection, 'required');
      assert.deepEqual(session.shipping_address_collection?.allowed_countries, ['US', 'CA', 'NO']);
      assert.equal(session.permissions?.update_shipping_details, 'server_only');
      assert.equal(session.adaptive_pricing?.enabled, true);
      assert.deepEqual(
        session.optional_items?.map((item) => [item.price, item.quantity, item.adjustable_quantity?.maximum]),
        [['price_demo_stickers', 1, 5]],
      );

      const shipped = await post(`/sessions/${sessionId}/shipping`, {
        name: 'Jenny Rosen',
        address: { country: 'US', line1: '1 Market St', city: 'San Francisco', postal_code: '94105' },
      });
      assert.equal(shipped.status, 200);
      assert.deepEqual(((await shipped.json()) as { shippingRates: unknown }).shippingRates, [
        { displayName: 'Standard shipping', amount: 500, currency: 'usd' },
        { displayName: 'Express', amount: 1500, currency: 'usd' },
      ]);
      const refused = await post(`/sessions/${sessionId}/shipping`, {
        name: 'Kari Nordmann',
        address: { country: 'NO', line1: 'Karl Johans gate 1' },
      });
      assert.equal(refused.status, 422);
      const { error } = (await refused.json()) as { error: { message: string; field: string } };
      assert.equal(error.message, 'We do not ship to NO; we ship to US, CA.');
      assert.equal(error.field, 'address.country');

      // The optional item is in CHECKOUT_PRICES, so a cart update that carries it passes the allowlist.
      const updated = await post(`/sessions/${sessionId}/items`, {
        items: [
          { price: PRICES.tshirt, quantity: 2 },
          { price: 'price_demo_stickers', quantity: 1 },
        ],
      });
      assert.equal(updated.status, 200, await updated.clone().text());
      const lines = await stripe.checkout.sessions.listLineItems(sessionId);
      assert.deepEqual(
        lines.data.map((line) => [line.price?.id, line.quantity]),
        [
          [PRICES.tshirt, 2],
          ['price_demo_stickers', 1],
        ],
      );
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
      await emulator.stop();
    }
  });

  it('lists the new variables in --help', async () => {
    const child = spawnTs('src/cli.ts', ['--help'], {});
    assert.equal(await child.exited, 0);
    for (const name of [
      'CHECKOUT_COLLECT_PHONE',
      'CHECKOUT_TERMS',
      'CHECKOUT_TAX_ID',
      'CHECKOUT_NAME_COLLECTION',
      'CHECKOUT_BILLING_ADDRESS',
      'CHECKOUT_SHIPPING_COUNTRIES',
      'CHECKOUT_SHIPPING_RATES',
      'CHECKOUT_OPTIONAL_ITEMS',
      'CHECKOUT_ADAPTIVE_PRICING',
      'CHECKOUT_LINK_SIGNUP',
    ]) {
      assert.match(child.output(), new RegExp(`  ${name} `));
    }
  });
});
