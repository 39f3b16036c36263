// The element names the Stripe.js releases it loads; the current one must be the one @stripe/stripe-js injects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { CLOVER_STRIPE_JS, CURRENT_STRIPE_JS } from '../../src/internal/stripe-loader.js';

test('CURRENT_STRIPE_JS is the script loadStripe of the installed @stripe/stripe-js injects', () => {
  const pure = createRequire(import.meta.url).resolve('@stripe/stripe-js/pure/index.mjs');
  const source = readFileSync(new URL('../dist/pure.mjs', `file://${pure}`), 'utf8');
  const train = /var RELEASE_TRAIN = '([a-z]+)';/.exec(source)?.[1];
  assert.ok(train, 'RELEASE_TRAIN not found in @stripe/stripe-js/dist/pure.mjs');
  assert.equal(CURRENT_STRIPE_JS, `https://js.stripe.com/${train}/stripe.js`);
});

test('custom sessions load the clover release (the @stripe/stripe-js v8 train)', () => {
  assert.equal(CLOVER_STRIPE_JS, 'https://js.stripe.com/clover/stripe.js');
});
