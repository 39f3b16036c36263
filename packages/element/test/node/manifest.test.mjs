// The generated custom-elements.json is what editors and frameworks read: it must describe both tags' public API
// and nothing private.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);

test('custom-elements.json describes both tags, their events, slots and parts, and no internals', () => {
  const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const manifestUrl = new URL(packageJson.customElements, root);
  if (!existsSync(manifestUrl)) assert.fail('custom-elements.json is missing: run the package build first');
  const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8'));
  const classes = manifest.modules.flatMap((module) => module.declarations ?? []);
  const byTag = Object.fromEntries(classes.filter((c) => c.tagName).map((c) => [c.tagName, c]));

  const checkout = byTag['stripe-checkout'];
  assert.ok(checkout, 'stripe-checkout is declared');
  assert.deepEqual(
    checkout.events.map((event) => event.name),
    ['checkout-ready', 'checkout-change', 'checkout-complete', 'checkout-error', 'checkout-expired'],
  );
  assert.ok(checkout.attributes.some((attribute) => attribute.name === 'session-endpoint'));
  assert.ok(checkout.cssParts.some((part) => part.name === 'pay-button'));
  assert.ok(checkout.cssProperties.some((property) => property.name === '--checkout-color-primary'));
  assert.deepEqual(
    checkout.slots.map((slot) => slot.name),
    ['complete'],
  );
  // Exactly the public API: no ES-private member, no internal state listed as a property or an attribute.
  assert.deepEqual(checkout.members.map((member) => member.name).sort(), [
    'appearance',
    'clientSecret',
    'collects',
    'confirm',
    'email',
    'fetchClientSecret',
    'fonts',
    'items',
    'layout',
    'loading',
    'locale',
    'messages',
    'paymentLayout',
    'price',
    'promotionCodes',
    'publishableKey',
    'quantity',
    'redirect',
    'refreshAppearance',
    'reload',
    'returnUrl',
    'session',
    'sessionEndpoint',
    'state',
    'stripe',
    'theme',
    'uiMode',
    'updateItems',
  ]);
  assert.deepEqual(checkout.attributes.map((attribute) => attribute.name).sort(), [
    'client-secret',
    'collects',
    'email',
    'layout',
    'loading',
    'locale',
    'payment-layout',
    'price',
    'promotion-codes',
    'publishable-key',
    'quantity',
    'redirect',
    'return-url',
    'session-endpoint',
    'theme',
    'ui-mode',
  ]);
  assert.equal(checkout.members.find((member) => member.name === 'state')?.readonly, true);
  assert.equal(
    checkout.events.find((event) => event.name === 'checkout-error')?.type?.text,
    'CustomEvent<CheckoutErrorDetail>',
  );

  const status = byTag['stripe-checkout-status'];
  assert.ok(status, 'stripe-checkout-status is declared');
  assert.deepEqual(
    status.events.map((event) => event.name),
    ['checkout-status'],
  );
  assert.deepEqual(status.members.map((member) => member.name).sort(), [
    'locale',
    'messages',
    'refresh',
    'returnHref',
    'session',
    'sessionId',
    'state',
    'statusEndpoint',
  ]);
  assert.deepEqual(status.attributes.map((attribute) => attribute.name).sort(), [
    'locale',
    'return-href',
    'session-id',
    'status-endpoint',
  ]);
});
