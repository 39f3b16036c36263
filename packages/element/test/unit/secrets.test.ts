// What the element accepts as a Checkout Session client secret: what Stripe issues, whatever the token's alphabet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckoutError } from '../../src/internal/checkout-error.js';
import { assertCheckoutSecret, assertPublishableKey } from '../../src/internal/secrets.js';

// Shapes Stripe issues: the part after `_secret_` is an opaque, URL-encoded token (/work/shared/stripe-reference).
const REAL_SHAPED = [
  'cs_test_a1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6_secret_fidnandhYHdWcXxpYCc%2FJ2FgY2RwaXEnKSdwbEhqYWAnPydmcHZxamgneCUl',
  'cs_live_b1FQ8Yz2Lw0xJk3Vn9Rt6Ms4Pq7Dc5Ha2Ge1Fb0_secret_fidwbEhqYWAnPydmcHZxamgneCUl%3D%3D',
  'cs_test_a1_secret_abc-._~%2B%2F%3D',
];

for (const secret of REAL_SHAPED) {
  test(`accepts ${secret.slice(0, 12)}…${secret.slice(-12)} unchanged`, () => {
    assert.equal(assertCheckoutSecret(secret), secret);
  });
}

function refusal(value: unknown): CheckoutError {
  try {
    assertCheckoutSecret(value);
  } catch (error) {
    assert.ok(error instanceof CheckoutError);
    assert.equal(error.code, 'wrong_secret_type');
    assert.equal(error.recoverable, false);
    return error;
  }
  assert.fail(`${String(value)} was accepted`);
}

test('a bare session id is named as such, with the fix', () => {
  const { message } = refusal('cs_test_a1b2C3d4E5f6G7h8I9j0');
  assert.match(message, /received a Checkout Session id \(cs_…\) instead of the session's client_secret/);
  assert.ok(!message.includes('a1b2C3d4'), 'the value itself never reaches the message');
});

test('other secrets and keys are refused by kind, never echoed', () => {
  const cases: Array<[string, RegExp]> = [
    ['pi_3Abc123_secret_topsecretvalue', /PaymentIntent client secret \(pi_…\)/],
    ['seti_1Abc_secret_topsecretvalue', /SetupIntent client secret \(seti_…\)/],
    ['sk_test_topsecretvalue', /secret API key/],
    ['cs_xyz_secret_topsecretvalue', /not a test or live client secret/],
    ['cs_test__secret_', /not a test or live client secret/],
    ['', /an empty string/],
  ];
  for (const [value, kind] of cases) {
    const { message } = refusal(value);
    assert.match(message, kind);
    assert.ok(!message.includes('topsecretvalue'));
  }
  assert.match(refusal(42).message, /a value of type number/);
});

test('publishable keys: a secret key is refused with the advice to roll it', () => {
  assert.equal(assertPublishableKey('pk_test_51AbC'), 'pk_test_51AbC');
  assert.throws(() => assertPublishableKey('sk_live_leaked'), /secret API key.*roll it now/);
});
