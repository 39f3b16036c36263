// The one place that reads Stripe.js's English messages: each classification a buyer would notice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckoutError } from '../../src/internal/checkout-error.js';
import { classifyConfirmError, classifyLoadFailure } from '../../src/internal/stripe-errors.js';

test('load failures: expired session, unknown key (final), anything else (retryable)', () => {
  assert.equal(classifyLoadFailure('This Checkout Session has expired.'), 'expired');
  const key = classifyLoadFailure('Invalid API Key provided: pk_test_***0000');
  assert.ok(key instanceof CheckoutError);
  assert.deepEqual(key.detail, {
    code: 'invalid_publishable_key',
    message: 'Invalid API Key provided: pk_test_***0000',
    recoverable: false,
  });
  const other = classifyLoadFailure('Failed to fetch');
  assert.ok(other instanceof CheckoutError);
  assert.deepEqual(other.detail, {
    code: 'session_load_failed',
    message: 'Checkout could not be loaded: Failed to fetch',
    recoverable: true,
  });
});

test('confirm errors: a decline keeps Stripe’s decline code, an expired card is a decline', () => {
  const declined = classifyConfirmError(
    {
      code: 'paymentFailed',
      paymentFailed: { declineCode: 'insufficient_funds' },
      message: 'Your card has insufficient funds.',
    },
    false,
  );
  assert.deepEqual(declined, {
    code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
    recoverable: true,
  });
  const expiredCard = classifyConfirmError(
    { code: 'paymentFailed', paymentFailed: { declineCode: null }, message: 'Your card has expired.' },
    false,
  );
  assert.deepEqual(expiredCard, {
    code: 'card_declined',
    message: 'Your card has expired.',
    recoverable: true,
  });
});

test('confirm errors: an expired session, a failed authentication, anything else', () => {
  assert.equal(classifyConfirmError({ code: null, message: 'Something failed.' }, true), 'expired');
  assert.equal(classifyConfirmError({ code: null, message: 'This session has expired.' }, false), 'expired');
  assert.equal(
    (
      classifyConfirmError(
        { code: null, message: 'We are unable to authenticate your payment method.' },
        false,
      ) as {
        code: string;
      }
    ).code,
    'authentication_failed',
  );
  assert.equal(
    (
      classifyConfirmError({ code: null, message: 'Your postal code is incomplete.' }, false) as {
        code: string;
      }
    ).code,
    'confirm_failed',
  );
});
