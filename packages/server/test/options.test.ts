import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stripePresentmentCurrencies, stripeRegionalCurrencies } from '@checkout-element/protocol/currencies';
import { CheckoutOptionsError, type CheckoutOptions, createCheckoutHandler } from '../src/index.js';
import { checkoutRouter } from '../src/express.js';
import { currencySchema } from '../src/schemas.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { ELEMENTS_UI_MODE_SINCE, uiModeFor } from '../src/index.js';

const valid = (): CheckoutOptions => ({
  secretKey: 'sk_test_options',
  publishableKey: 'pk_test_options',
  catalog: ['price_tshirt', { price: 'price_mug', maxQuantity: 3 }],
  returnUrl: 'https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}',
  allowedOrigins: ['https://shop.example'],
  webhookSecret: 'whsec_options',
  ledger: createSqliteLedger(':memory:'),
});

const rejects = (options: unknown, pattern: RegExp) =>
  assert.throws(
    () => createCheckoutHandler(options as CheckoutOptions),
    (error: unknown) => {
      assert.ok(error instanceof CheckoutOptionsError, `expected CheckoutOptionsError, got ${String(error)}`);
      assert.match(error.message, pattern);
      return true;
    },
  );

describe('options are validated once, at construction', () => {
  it('accepts a complete configuration, for the core and for the router', () => {
    assert.equal(typeof createCheckoutHandler(valid()), 'function');
    assert.equal(typeof checkoutRouter(valid()), 'function');
  });

  it('names a misspelt option and suggests the right one', () => {
    const { webhookSecret, ...rest } = valid();
    rejects(
      { ...rest, webhookSecrett: webhookSecret },
      /`webhookSecrett` is not an option; did you mean "webhookSecret"\?/,
    );
    rejects({ ...valid(), allowedOrigin: ['https://shop.example'] }, /did you mean "allowedOrigins"/);
    rejects({ ...valid(), onFulfill: () => {} }, /did you mean "onFulfil"/);
    rejects({ ...valid(), colour: 'red' }, /`colour` is not an option\. Known options:/);
    rejects({ ...valid(), linkSignup: 'yes' as unknown as boolean }, /`linkSignup` must be true or false/);
  });

  it('requires a key and refuses a publishable key in its place, without echoing it', () => {
    const { secretKey: _, ...withoutKey } = valid();
    rejects(withoutKey, /`secretKey` is required/);
    rejects({ ...valid(), secretKey: 'pk_test_leaky123' }, /publishable key/);
    assert.throws(
      () => createCheckoutHandler({ ...valid(), secretKey: 'pk_test_leaky123' }),
      (error: Error) => !error.message.includes('leaky123'),
    );
  });

  it('refuses wildcard or path-bearing origins and a return URL on a foreign origin', () => {
    rejects({ ...valid(), allowedOrigins: ['*'] }, /wildcards are not allowed/);
    rejects({ ...valid(), allowedOrigins: [] }, /non-empty array/);
    rejects({ ...valid(), allowedOrigins: ['https://shop.example/path'] }, /bare origins/);
    rejects(
      { ...valid(), returnUrl: 'https://evil.example/?s={CHECKOUT_SESSION_ID}' },
      /not in allowedOrigins/,
    );
    rejects({ ...valid(), returnUrl: 'https://shop.example/thanks' }, /\{CHECKOUT_SESSION_ID\}/);
  });

  it('checks the catalog, the mode and the webhook secret', () => {
    rejects({ ...valid(), catalog: [] }, /`catalog` must be a non-empty array/);
    rejects({ ...valid(), catalog: ['prod_123'] }, /`catalog\[0\]\.price` needs a Stripe price id/);
    rejects(
      { ...valid(), catalog: [{ price: 'price_a', maxQuantity: 0 }] },
      /maxQuantity` must be a positive integer/,
    );
    rejects({ ...valid(), catalog: [{ price: 'price_a', maxQuantitty: 2 }] }, /did you mean "maxQuantity"/);
    rejects(
      { ...valid(), catalog: [{ price: 'price_a', minQuantity: 5, maxQuantity: 2 }] },
      /above maxQuantity/,
    );
    rejects({ ...valid(), catalog: undefined }, /`catalog` is required in payment mode/);
    rejects({ ...valid(), lineItems: () => [] }, /exclusive/);
    rejects({ ...valid(), mode: 'donation' }, /`mode` must be "payment", "subscription" or "setup"/);
    rejects({ ...valid(), webhookSecret: 'sk_test_wrong' }, /whsec_/);
    rejects({ ...valid(), webhookSecret: 'whsec_abc\n' }, /whitespace/);
    rejects(
      { ...valid(), sessionDefaults: { mode: 'payment' } },
      /`sessionDefaults.mode` is set by the server/,
    );
    rejects({ ...valid(), leaseMs: -1 }, /`leaseMs` must be a positive integer/);
    rejects({ ...valid(), apiVersion: 'latest' }, /`apiVersion` must be an API version/);
  });

  it('never mutates the options it was given', () => {
    const options = Object.freeze(valid());
    createCheckoutHandler(options);
    assert.deepEqual(Object.keys(options).sort(), Object.keys(valid()).sort());
  });

  it('picks ui_mode from the API version', () => {
    assert.equal(ELEMENTS_UI_MODE_SINCE, '2026-03-25.dahlia');
    assert.equal(uiModeFor('2026-10-28.endive'), 'elements');
    assert.equal(uiModeFor('2026-03-25.dahlia'), 'elements');
    assert.equal(uiModeFor('2025-09-30.clover'), 'custom');
  });

  it('requires a ledger and never creates a database file by itself', () => {
    const { ledger: _, ...withoutLedger } = valid();
    const cwd = process.cwd();
    const scratch = mkdtempSync(join(tmpdir(), 'checkout-options-'));
    process.chdir(scratch);
    try {
      rejects(
        withoutLedger,
        /`ledger` is required: pass createSqliteLedger\(path\) from '@checkout-element\/server\/sqlite'/,
      );
      rejects({ ...valid(), ledger: {} }, /`ledger` must be a ledger store/);
      assert.deepEqual(readdirSync(scratch), [], 'nothing was written to the working directory');
    } finally {
      process.chdir(cwd);
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('asks for a currency in setup mode, where Stripe requires one', () => {
    const { catalog: _, ...setup } = valid();
    rejects({ ...setup, mode: 'setup' }, /`sessionDefaults` needs a `currency` in setup mode/);
    assert.equal(
      typeof createCheckoutHandler({ ...setup, mode: 'setup', sessionDefaults: { currency: 'eur' } }),
      'function',
    );
  });

  it('takes the currencies Stripe lists (one list, shared with the emulator), in any case, and refuses others', () => {
    for (const currency of [...stripePresentmentCurrencies, ...stripeRegionalCurrencies]) {
      assert.equal(currencySchema.parse(currency.toUpperCase()), currency);
    }
    const refused = currencySchema.safeParse('zzz');
    assert.equal(refused.success, false);
    assert.match(
      refused.error?.issues[0]?.message ?? '',
      /must be a currency Stripe supports.*"zzz".*docs\.stripe\.com\/currencies/,
    );
  });

  it('validates the router-only options too', () => {
    rejects({ ...valid(), securityHeaders: 'yes' }, /`securityHeaders` must be true or false/);
    rejects(
      { ...valid(), lookupRateLimit: { windowMs: 1000 } },
      /`lookupRateLimit\.limit` must be a positive integer/,
    );
    rejects({ ...valid(), securityHeader: true }, /did you mean "securityHeaders"/);
  });
});
