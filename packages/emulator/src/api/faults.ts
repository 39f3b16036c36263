import type { NextFunction, Request, RequestHandler, Response } from 'express';

export type FaultKind = '500' | '429' | 'hang' | 'drop';

export interface FaultSpec {
  /** `METHOD PATH`, where `*` in PATH matches one path segment: `POST /v1/checkout/sessions/*`. */
  route: string;
  kind: FaultKind;
  /** How many matching requests fail; default 1. */
  count?: number;
}

const FAULT_KINDS: readonly FaultKind[] = ['500', '429', 'hang', 'drop'];
const ROUTE_PATTERN = /^(GET|POST|DELETE|PUT|PATCH|OPTIONS|HEAD|\*) (\/\S*)$/;

interface RouteMatcher {
  route: string;
  matches(req: Request): boolean;
}

function routeMatcher(route: string, field: string): RouteMatcher {
  const match = ROUTE_PATTERN.exec(route);
  if (!match) {
    throw new TypeError(
      `${field} must look like 'METHOD /path' (e.g. 'POST /v1/checkout/sessions' or 'GET /v1/checkout/sessions/*'), received ${JSON.stringify(route)}`,
    );
  }
  const [, method, path = ''] = match;
  const segments = path.split('/');
  return {
    route,
    matches(req: Request): boolean {
      if (method !== '*' && req.method !== method) return false;
      const actual = req.path.split('/');
      return (
        actual.length === segments.length &&
        segments.every((segment, i) => segment === '*' || segment === actual[i])
      );
    },
  };
}

/**
 * Injected faults and latency, checked before every route (REST, browser endpoints and the stand-in's scripts),
 * except the `/_emulator/` controls themselves.
 */
export class FaultInjector {
  #faults: { matcher: RouteMatcher; kind: FaultKind; remaining: number }[] = [];
  #latencies: { matcher: RouteMatcher; ms: number }[] = [];
  readonly #hung = new Set<Response>();

  inject(spec: FaultSpec): void {
    if (!FAULT_KINDS.includes(spec.kind)) {
      throw new TypeError(
        `kind must be one of ${FAULT_KINDS.join(', ')}, received ${JSON.stringify(spec.kind)}`,
      );
    }
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new TypeError(`count must be a positive integer, received ${JSON.stringify(spec.count)}`);
    }
    this.#faults.push({ matcher: routeMatcher(spec.route, 'route'), kind: spec.kind, remaining: count });
  }

  latency(route: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new TypeError(`ms must be a non-negative number, received ${ms}`);
    this.#latencies = this.#latencies.filter((latency) => latency.matcher.route !== route);
    if (ms > 0) this.#latencies.push({ matcher: routeMatcher(route, 'route'), ms });
  }

  clear(): void {
    this.#faults = [];
    this.#latencies = [];
    this.releaseHung();
  }

  /** Ends hung requests by destroying their connections (on stop, or when faults are cleared). */
  releaseHung(): void {
    for (const res of this.#hung) res.socket?.destroy();
    this.#hung.clear();
  }

  middleware(): RequestHandler {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      if (req.path.startsWith('/_emulator/')) return next();
      const delay = this.#latencies.find((latency) => latency.matcher.matches(req))?.ms ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const fault = this.#faults.find(
        (candidate) => candidate.remaining > 0 && candidate.matcher.matches(req),
      );
      if (!fault) return next();
      fault.remaining -= 1;
      this.#faults = this.#faults.filter((candidate) => candidate.remaining > 0);
      switch (fault.kind) {
        case '500':
          res.status(500).json({
            error: {
              type: 'api_error',
              message: `An error occurred with our connection to Stripe (injected by the emulator for ${fault.matcher.route}).`,
            },
          });
          return;
        case '429':
          res.set('Retry-After', '1');
          res.status(429).json({
            error: {
              type: 'invalid_request_error',
              code: 'rate_limit',
              message:
                'Too many requests hit the API too quickly (injected by the emulator). Retry after 1 second.',
            },
          });
          return;
        case 'hang':
          this.#hung.add(res);
          res.on('close', () => this.#hung.delete(res));
          return;
        case 'drop':
          req.socket.destroy();
          return;
      }
    };
  }
}
