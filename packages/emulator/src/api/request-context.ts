import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** The API request a state change happens in, for the `request` field of the events it raises. */
export interface RequestContext {
  id: string;
  idempotencyKey: string | null;
}

const current = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext | undefined {
  return current.getStore();
}

/** Runs the rest of the REST chain inside the request's context (after the request id and key are known). */
export function withRequestContext(req: Request, res: Response, next: NextFunction): void {
  const requestId = String(res.get('Request-Id') ?? '');
  current.run({ id: requestId, idempotencyKey: req.get('idempotency-key') ?? null }, next);
}
