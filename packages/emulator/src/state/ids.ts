import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string over Stripe's id alphabet (letters and digits). */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  for (const byte of bytes) token += ALPHABET[byte % ALPHABET.length];
  return token;
}

/** A Stripe-looking id: `pi_3Q…`, `cus_…`, `evt_…`. */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomToken(length)}`;
}

/** Checkout Session ids look like `cs_test_a1…` (66 characters at most, like Stripe's). */
export function newSessionId(): string {
  return `cs_test_a1${randomToken(56)}`;
}

/** Stripe's client secret for a session is `${id}_secret_${random}`; the stand-in splits on `_secret_`. */
export function newClientSecret(sessionId: string): string {
  return `${sessionId}_secret_${randomToken(24)}`;
}

/** The session id a client secret belongs to, or undefined when it is not a Checkout Session client secret. */
export function sessionIdFromClientSecret(clientSecret: string): string | undefined {
  const at = clientSecret.indexOf('_secret_');
  if (at <= 0 || !clientSecret.startsWith('cs_')) return undefined;
  return clientSecret.slice(0, at);
}
