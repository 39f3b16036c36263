import autocannon from 'autocannon';
import { HarnessError } from '../report.js';

export interface LoadShape {
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration: number;
  amount?: number;
}

export interface LoadResult {
  label: string;
  requests: number;
  /** Successful (2xx) requests per second over the whole run. */
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Rebuilds each request (unique idempotency keys, unique signed events). */
  next?: () => { body?: string; headers?: Record<string, string> };
}

/** One autocannon run on loopback; any non-2xx answer or socket error fails the harness (it would skew the figures). */
export async function load(
  label: string,
  origin: string,
  request: LoadRequest,
  shape: LoadShape,
): Promise<LoadResult> {
  const result = await autocannon({
    url: origin,
    connections: shape.connections,
    pipelining: 1,
    ...(shape.amount ? { amount: shape.amount } : { duration: shape.duration }),
    requests: [
      {
        method: request.method,
        path: request.path,
        ...(request.headers ? { headers: request.headers } : {}),
        ...(request.body ? { body: request.body } : {}),
        ...(request.next
          ? {
              setupRequest: (current) => {
                const next = request.next?.() ?? {};
                return {
                  ...current,
                  ...(next.body !== undefined ? { body: next.body } : {}),
                  headers: { ...current.headers, ...next.headers },
                };
              },
            }
          : {}),
      },
    ],
  });
  const ok = result['2xx'];
  if (result.errors > 0 || result.non2xx > 0 || ok === 0) {
    throw new HarnessError(
      `${label}: ${ok} ok, ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats ?? {})}), ${result.errors} socket errors`,
    );
  }
  return {
    label,
    requests: ok,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
