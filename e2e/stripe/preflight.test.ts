import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preflight } from './preflight.js';

const keys = { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' };
const answering = (status: number) => async () => new Response('{}', { status });

test('without keys it names both, and the way to receive webhooks, in one line', async () => {
  const result = await preflight({}, { hasStripeCli: false, fetch: answering(200) });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.doesNotMatch(result.problem, /\n/);
  assert.match(result.problem, /STRIPE_SECRET_KEY=sk_test_…/);
  assert.match(result.problem, /STRIPE_PUBLISHABLE_KEY=pk_test_…/);
  assert.match(result.problem, /stripe CLI on PATH, or STRIPE_WEBHOOK_SECRET/);
});

test('live keys are refused: the suite creates objects and pays', async () => {
  const result = await preflight(
    { STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' },
    { hasStripeCli: true, fetch: answering(200) },
  );
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.problem, /test-mode key \(sk_test_…\).*test-mode key \(pk_test_…\)/);
});

test('with keys but no network it says so', async () => {
  const result = await preflight(keys, {
    hasStripeCli: true,
    fetch: async () => {
      throw new TypeError('fetch failed');
    },
  });
  assert.deepEqual(result, {
    ok: false,
    problem:
      'pnpm test:stripe needs network access to api.stripe.com and js.stripe.com, and this machine cannot reach them.',
  });
});

test('a key Stripe refuses is named', async () => {
  const result = await preflight(keys, { hasStripeCli: true, fetch: answering(401) });
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.problem, /refused STRIPE_SECRET_KEY/);
});

test('with test keys, a webhook secret and Stripe answering, it is ready', async () => {
  const result = await preflight(
    { ...keys, STRIPE_WEBHOOK_SECRET: 'whsec_abc' },
    { hasStripeCli: false, fetch: answering(200) },
  );
  assert.deepEqual(result, {
    ok: true,
    environment: { secretKey: 'sk_test_abc', publishableKey: 'pk_test_abc', webhookSecret: 'whsec_abc' },
  });
});

test('on this machine (no network to Stripe) the real fetch fails and the message says why', async () => {
  const result = await preflight(keys, { hasStripeCli: true, timeoutMs: 3000 });
  // Where Stripe is reachable this answers 401 for the fake key instead; both are refusals naming the cause.
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.problem, /network access|refused STRIPE_SECRET_KEY/);
});
