// Server-side rendering frameworks import the package on Node, where there is no window, document or
// customElements: the import must succeed and register nothing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

const entry = new URL('../../dist/index.js', import.meta.url);
const statusEntry = new URL('../../dist/status.js', import.meta.url);

test('importing the ESM build on a server (no window) does not throw and registers nothing', async (t) => {
  if (!existsSync(entry)) {
    assert.fail('dist/index.js is missing: run `pnpm --filter @checkout-element/element build` first');
  }
  assert.equal(typeof globalThis.window, 'undefined');
  const module = await import(entry.href);
  const status = await import(statusEntry.href);
  assert.equal(typeof module.StripeCheckout, 'function');
  assert.equal(typeof status.StripeCheckoutStatus, 'function');
  assert.equal(typeof module.defineElement, 'function');
  // Calling define again on the server is harmless too.
  module.defineElement('stripe-checkout', module.StripeCheckout);
  t.diagnostic(`customElements on this server: ${typeof globalThis.customElements}`);
});
