import { CheckoutError } from './checkout-error.js';

// What Stripe issues is `cs_test_…_secret_…` / `cs_live_…_secret_…` where the part after `_secret_` is an opaque,
// URL-encoded token (`%2F`, `%3D`, … are common): only the prefix and the separator are checked, never the alphabet.
const CHECKOUT_SECRET = /^cs_(test|live)_.+_secret_./;
const PUBLISHABLE_KEY = /^pk_(test|live)_\w+$/;

/** Describes a secret by its kind only: the value itself must never reach a message or a log. */
function kindOf(secret: string): string {
  if (secret.startsWith('pi_')) return 'a PaymentIntent client secret (pi_…)';
  if (secret.startsWith('seti_')) return 'a SetupIntent client secret (seti_…)';
  if (secret.startsWith('sk_') || secret.startsWith('rk_')) return 'a secret API key (sk_…)';
  if (secret.startsWith('pk_')) return 'a publishable key (pk_…)';
  if (secret.startsWith('cs_'))
    return secret.includes('_secret_')
      ? 'a cs_… value that is not a test or live client secret'
      : "a Checkout Session id (cs_…) instead of the session's client_secret";
  if (secret === '') return 'an empty string';
  return 'an unrecognised string';
}

export function assertCheckoutSecret(secret: unknown): string {
  if (typeof secret === 'string' && CHECKOUT_SECRET.test(secret)) return secret;
  const received = typeof secret === 'string' ? kindOf(secret) : `a value of type ${typeof secret}`;
  throw new CheckoutError(
    'wrong_secret_type',
    `client-secret must be a Checkout Session client secret (cs_…_secret_…), but received ${received}.`,
    false,
  );
}

export function assertPublishableKey(key: string): string {
  if (PUBLISHABLE_KEY.test(key)) return key;
  throw new CheckoutError(
    'invalid_publishable_key',
    `publishable-key must be a publishable key (pk_test_… or pk_live_…), but received ${kindOf(key)}.` +
      (key.startsWith('sk_') || key.startsWith('rk_')
        ? ' Never put a secret key in a page; roll it now.'
        : ''),
    false,
  );
}
