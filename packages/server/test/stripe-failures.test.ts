import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FaultKind } from '@checkout-element/emulator';
import { companionErrorBodySchema, companionErrors, isRetryable } from '@checkout-element/protocol';
import { createCheckoutHandler, createStripeClient } from '../src/index.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { handlerDefaults, PRICES, SECRET_KEY, SHOP_ORIGIN, type Stack, startStack } from './support/stack.js';

/**
 * Issue 11 item 4: what Stripe refuses for good (the key, a price, a parameter) is final for the element; what
 * is Stripe's passing trouble (its 5xx, its rate limit, the network) may be retried. Each kind is produced by
 * the real SDK talking to the emulator over HTTP.
 */
async function failure(response: Response) {
  const body = companionErrorBodySchema.parse(await response.json());
  const code = body.error.code as keyof typeof companionErrors;
  assert.equal(response.status, companionErrors[code].status, `${code} answers the protocol's status`);
  assert.equal(
    body.error.retryable,
    companionErrors[code].retryable,
    `${code} says the protocol's retryable`,
  );
  assert.equal(isRetryable(response.status, body), body.error.retryable);
  return body.error;
}

describe('Stripe failures on session creation: permanent ones are final, temporary ones retryable', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ ledger: createSqliteLedger(':memory:'), stripeTimeoutMs: 1_000 });
  });
  after(() => stack.close());

  it('a refused API key → 502 stripe_misconfigured, retryable: false, naming the fix', async () => {
    // The same emulator, through an SDK holding a key it (like Stripe) refuses with 401.
    const handler = createCheckoutHandler({
      stripe: createStripeClient({ secretKey: 'sk_test_revoked_key_0000', apiBase: stack.emulatorUrl }),
      ...handlerDefaults(),
    });
    const response = await handler(
      new Request(`${SHOP_ORIGIN}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
        body: JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }] }),
      }),
    );
    const error = await failure(response);
    assert.equal(error.code, 'stripe_misconfigured');
    assert.equal(error.retryable, false);
    assert.match(error.message, /secret key configuration/);
    assert.doesNotMatch(error.message, /sk_test_revoked/);
  });

  it('an unknown price → 502 stripe_rejected, retryable: false', async () => {
    const unknown = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { catalog: ['price_not_in_stripe'] },
    });
    try {
      const error = await failure(
        await unknown.createSession({ items: [{ price: 'price_not_in_stripe', quantity: 1 }] }),
      );
      assert.equal(error.code, 'stripe_rejected');
      assert.equal(error.retryable, false);
      assert.match(error.message, /resource_missing/);
    } finally {
      await unknown.close();
    }
  });

  it('an invalid parameter in the shop’s session defaults → 502 stripe_rejected, retryable: false', async () => {
    const invalid = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: {
        sessionDefaults: { locale: 'xx-not-a-locale' as 'auto' },
      },
    });
    try {
      const error = await failure(await invalid.createSession());
      assert.equal(error.code, 'stripe_rejected');
      assert.equal(error.retryable, false);
      assert.match(error.message, /locale/);
    } finally {
      await invalid.close();
    }
  });

  const temporary: [FaultKind, string, RegExp][] = [
    ['500', 'stripe_error', /try again/],
    ['429', 'stripe_busy', /rate limiting/],
    ['hang', 'stripe_unreachable', /could not be reached/],
    ['drop', 'stripe_unreachable', /could not be reached/],
  ];
  for (const [kind, code, message] of temporary) {
    it(`Stripe ${kind === 'hang' ? 'not answering' : kind === 'drop' ? 'dropping the connection' : `answering ${kind}`} on every try → ${code}, retryable: true`, async () => {
      // More faults than the SDK's own retries (2), so the failure reaches the server.
      await stack.emulator.faults.inject({ route: 'POST /v1/checkout/sessions', kind, count: 10 });
      try {
        const error = await failure(await stack.createSession());
        assert.equal(error.code, code);
        assert.equal(error.retryable, true);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, new RegExp(SECRET_KEY));
      } finally {
        await stack.emulator.faults.clear();
      }
    });
  }
});
