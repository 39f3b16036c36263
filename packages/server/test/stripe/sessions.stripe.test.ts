// The server against a real Stripe test-mode account (run by `pnpm test:stripe`, which creates the price this uses
// and sets the environment; never part of the offline `pnpm test`). Only what Stripe's own API decides is checked
// here — the emulator-driven suite next door covers the rest — and nothing assumes an emulator id, key or control.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  companionErrorBodySchema,
  sessionCreatedSchema,
  sessionStatusSchema,
} from '@checkout-element/protocol';
import { type CheckoutHandler, createCheckoutHandler, createCheckoutLogger } from '../../src/index.js';
import { createSqliteLedger } from '../../src/sqlite.js';

const secretKey = process.env.STRIPE_SECRET_KEY ?? '';
const publishableKey = process.env.STRIPE_PUBLISHABLE_KEY ?? '';
const price = process.env.CHECKOUT_TEST_PRICE ?? '';
if (!secretKey.startsWith('sk_test_') && !secretKey.startsWith('rk_test_'))
  throw new Error('run through `pnpm test:stripe`, which checks the keys and creates CHECKOUT_TEST_PRICE');

const origin = 'https://shop.example';
const directory = mkdtempSync(join(tmpdir(), 'server-on-stripe-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function handler(overrides: Record<string, unknown> = {}): CheckoutHandler {
  return createCheckoutHandler({
    secretKey,
    publishableKey,
    webhookSecret: 'whsec_not_used_by_these_tests',
    catalog: [price],
    returnUrl: `${origin}/return?session_id={CHECKOUT_SESSION_ID}`,
    allowedOrigins: [origin],
    ledger: createSqliteLedger(join(directory, `${Math.random().toString(36).slice(2)}.sqlite`)),
    logger: createCheckoutLogger({ level: 'silent' }),
    ...overrides,
  });
}

const post = (checkout: CheckoutHandler, body: unknown, headers: Record<string, string> = {}) =>
  checkout(
    new Request('http://companion.test/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: JSON.stringify(body),
    }),
  );
const get = (checkout: CheckoutHandler, id: string) =>
  checkout(new Request(`http://companion.test/sessions/${encodeURIComponent(id)}`, { headers: { origin } }));

describe('on Stripe', () => {
  let checkout: CheckoutHandler;
  before(() => {
    checkout = handler();
  });

  test('creates an elements session whose client secret Stripe issued, and answers its status', async () => {
    const response = await post(checkout, { items: [{ price, quantity: 2 }], email: 'buyer@example.com' });
    const created = sessionCreatedSchema.parse(await response.json());
    assert.equal(response.status, 200);
    assert.equal(created.uiMode, 'elements');
    assert.ok(created.clientSecret.startsWith(`${created.sessionId}_secret_`));

    const statusResponse = await get(checkout, created.sessionId);
    const status = sessionStatusSchema.parse(await statusResponse.json());
    assert.equal(status.status, 'open');
    assert.equal(status.mode, 'payment');
    assert.equal(status.fulfilled, false);
    assert.deepEqual(
      status.lineItems.map((item) => [item.price, item.quantity]),
      [[price, 2]],
    );
  });

  test('an Idempotency-Key returns the same session, and another cart with it is a 409 naming the header', async () => {
    const key = `test-stripe-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const first = sessionCreatedSchema.parse(
      await (await post(checkout, { items: [{ price, quantity: 1 }] }, { 'idempotency-key': key })).json(),
    );
    const again = sessionCreatedSchema.parse(
      await (await post(checkout, { items: [{ price, quantity: 1 }] }, { 'idempotency-key': key })).json(),
    );
    assert.equal(again.sessionId, first.sessionId);
    const conflict = await post(checkout, { items: [{ price, quantity: 3 }] }, { 'idempotency-key': key });
    const body = companionErrorBodySchema.parse(await conflict.json());
    assert.equal(conflict.status, 409);
    assert.equal(body.error.field, 'Idempotency-Key');
  });

  test('a session Stripe does not know is a final 404', async () => {
    const response = await get(checkout, 'cs_test_a1NoSuchSessionInThisAccount0000000000000000000000000000');
    const body = companionErrorBodySchema.parse(await response.json());
    assert.equal(response.status, 404);
    assert.deepEqual([body.error.code, body.error.retryable], ['not_found', false]);
  });

  test('a price Stripe does not know is a final stripe_rejected, not a retry', async () => {
    const missing = `price_does_not_exist_${Date.now()}`;
    const response = await post(handler({ catalog: [missing] }), {
      items: [{ price: missing, quantity: 1 }],
    });
    const body = companionErrorBodySchema.parse(await response.json());
    assert.deepEqual(
      [response.status, body.error.code, body.error.retryable],
      [502, 'stripe_rejected', false],
    );
  });

  test('a key Stripe refuses is a final stripe_misconfigured', async () => {
    const response = await post(handler({ secretKey: `${secretKey.slice(0, 8)}refused0000000000000000` }), {
      items: [{ price, quantity: 1 }],
    });
    const body = companionErrorBodySchema.parse(await response.json());
    assert.deepEqual(
      [response.status, body.error.code, body.error.retryable],
      [502, 'stripe_misconfigured', false],
    );
  });

  test('setup mode with a currency creates a setup session (Stripe requires the currency there)', async () => {
    const setup = handler({ mode: 'setup', catalog: undefined, sessionDefaults: { currency: 'usd' } });
    const response = await post(setup, { items: [] });
    const created = sessionCreatedSchema.parse(await response.json());
    const status = sessionStatusSchema.parse(await (await get(setup, created.sessionId)).json());
    assert.equal(status.mode, 'setup');
  });

  test('an API version before dahlia creates a custom session and says so', async () => {
    const clover = handler({ apiVersion: '2025-09-30.clover' });
    const response = await post(clover, { items: [{ price, quantity: 1 }] });
    const created = sessionCreatedSchema.parse(await response.json());
    assert.equal(created.uiMode, 'custom');
  });
});
