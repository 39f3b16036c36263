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

let clientSecretsIssued = 0;

/**
 * Stripe's client secret for a session is `${id}_secret_${token}`, where the token is opaque and URL-encoded:
 * real ones look like `…_secret_fidnandhYHdWcXxpYCc%2FJ2FgY2RwaXEnKSdwbEhqYWAnPydmcHZxamgneCUl`
 * (shared/stripe-reference/README.md, "Client secrets"). The emulator issues the same shape: `fid` + base64
 * text, URL-encoded, and four secrets in five are made to contain a `/`, `+` or `=` (so `%2F`, `%2B`, `%3D`),
 * so that every test run carries escapes through URLs, JSON and postMessage. Consumers must treat the token
 * as an opaque string and compare it exactly.
 */
export function newClientSecret(sessionId: string): string {
  clientSecretsIssued += 1;
  let token = `fid${randomBytes(39).toString('base64')}`;
  if (clientSecretsIssued % 5 !== 0 && !/[+/=]/.test(token)) {
    const at = 3 + (randomBytes(1)[0]! % (token.length - 3));
    const escaped = '/+='[clientSecretsIssued % 3]!;
    token = `${token.slice(0, at)}${escaped}${token.slice(at + 1)}`;
  }
  return `${sessionId}_secret_${encodeURIComponent(token)}`;
}

/** The session id a client secret belongs to, or undefined when it is not a Checkout Session client secret. */
export function sessionIdFromClientSecret(clientSecret: string): string | undefined {
  const at = clientSecret.indexOf('_secret_');
  if (at <= 0 || !clientSecret.startsWith('cs_')) return undefined;
  return clientSecret.slice(0, at);
}
