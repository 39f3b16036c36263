import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { maskKey, StripeApiError } from './errors.js';

export interface ApiKeys {
  secretKey: string;
  publishableKey: string;
}

/** The key from `Authorization: Bearer sk_…` or HTTP Basic with the key as user name (both work with Stripe). */
export function keyFromRequest(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

function unauthorized(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message });
}

export const MISSING_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

export const PUBLISHABLE_KEY_MESSAGE =
  'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.';

/** Secret-key auth for `/v1` REST routes and `/_emulator/` controls. */
export function requireSecretKey(keys: ApiKeys): RequestHandler {
  return function requireSecretKey(req: Request, _res: Response, next: NextFunction): void {
    const key = keyFromRequest(req);
    if (!key) throw unauthorized(MISSING_KEY_MESSAGE);
    if (key.startsWith('pk_')) throw unauthorized(PUBLISHABLE_KEY_MESSAGE);
    if (key !== keys.secretKey) throw unauthorized(`Invalid API Key provided: ${maskKey(key)}`);
    next();
  };
}

/** The browser endpoints take the publishable key in the body, like Stripe.js does. */
export function assertPublishableKey(keys: ApiKeys, key: unknown): void {
  if (typeof key !== 'string' || key === '') {
    throw unauthorized('No publishable key provided: pass `key` (your pk_test_… key) in the request body.');
  }
  if (key.startsWith('sk_') || key.startsWith('rk_')) {
    throw unauthorized(
      'You cannot use a secret API key in the browser. Pass your publishable key (pk_test_…) to Stripe() instead.',
    );
  }
  if (key !== keys.publishableKey) throw unauthorized(`Invalid API Key provided: ${maskKey(key)}`);
}
