// The element names the Stripe.js releases it loads; the current one must be the train of the @stripe/stripe-js
// whose types it is compiled against.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { STRIPE_JS_RELEASES } from '../../src/internal/stripe-loader.js';

test('elements sessions load the release the installed @stripe/stripe-js types describe (its RELEASE_TRAIN)', () => {
  const pure = createRequire(import.meta.url).resolve('@stripe/stripe-js/pure/index.mjs');
  const source = readFileSync(new URL('../dist/pure.mjs', `file://${pure}`), 'utf8');
  const train = /var RELEASE_TRAIN = '([a-z]+)';/.exec(source)?.[1];
  assert.ok(train, 'RELEASE_TRAIN not found in @stripe/stripe-js/dist/pure.mjs');
  assert.equal(STRIPE_JS_RELEASES.elements, `https://js.stripe.com/${train}/stripe.js`);
});

test('custom sessions load the clover release (the @stripe/stripe-js v8 train)', () => {
  assert.equal(STRIPE_JS_RELEASES.custom, 'https://js.stripe.com/clover/stripe.js');
});
