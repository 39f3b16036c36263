import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { invalidRequest, StripeApiError } from './errors.js';
import { apiLocals } from './request.js';

const MAX_KEYS = 10_000;

interface StoredResponse {
  route: string;
  fingerprint: string;
  status: number;
  body: unknown;
}

/** Parameters compared independently of key order. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(
          Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : nested,
  );
}

/**
 * `Idempotency-Key` on POST: the first answer (success or 4xx) is kept and replayed with
 * `Idempotent-Replayed: true`; the same key with other parameters or another endpoint is an `idempotency_error`.
 * 5xx answers are not kept, so a retry after a server error runs again, as with Stripe. Stripe forgets keys after
 * 24 hours; the emulator keeps the newest `MAX_KEYS` so long benchmark runs do not grow without bound.
 */
export function idempotency(): RequestHandler {
  const stored = new Map<string, StoredResponse>();
  return function idempotency(req: Request, res: Response, next: NextFunction): void {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || !key) {
      next();
      return;
    }
    if (key.length > 255) {
      throw invalidRequest('Idempotency-Key must be at most 255 characters long.', {
        param: 'Idempotency-Key',
      });
    }
    apiLocals(res).idempotencyKey = key;
    const route = `${req.method} ${req.path}`;
    const print = fingerprint(apiLocals(res).params);
    const previous = stored.get(key);
    if (previous) {
      if (previous.route !== route || previous.fingerprint !== print) {
        throw new StripeApiError(400, {
          type: 'idempotency_error',
          code: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      res.set('Idempotent-Replayed', 'true');
      res.status(previous.status).json(previous.body);
      return;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode < 500) {
        stored.set(key, { route, fingerprint: print, status: res.statusCode, body });
        if (stored.size > MAX_KEYS) stored.delete(stored.keys().next().value as string);
      }
      return json(body);
    };
    next();
  };
}
