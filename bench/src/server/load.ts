import type { EventEmitter } from 'node:events';
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
  /** Every response time (ms), for combining several concurrent runs. */
  latencies: number[];
  /** `performance.now()` when the run was started and when its last response arrived. */
  startedAt: number;
  lastResponseAt: number;
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Rebuilds each request (unique idempotency keys, unique signed events, another session's path). */
  next?: () => { body?: string; headers?: Record<string, string>; path?: string };
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

/** One autocannon run on loopback; any non-2xx answer or socket error fails the harness (it would skew the figures). */
export async function load(
  label: string,
  origin: string,
  request: LoadRequest,
  shape: LoadShape,
): Promise<LoadResult> {
  const options: autocannon.Options = {
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
                  ...(next.path !== undefined ? { path: next.path } : {}),
                  headers: { ...current.headers, ...next.headers },
                };
              },
            }
          : {}),
      },
    ],
  };
  // autocannon's own percentiles are whole milliseconds; loopback calls take about one, so keep every sample.
  const latencies: number[] = [];
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance: EventEmitter = autocannon(options, (error: unknown, finished: autocannon.Result) =>
      error ? reject(error) : resolve(finished),
    );
    // The tracker emits (client, statusCode, bytes, responseTime in ms); @types/autocannon leaves out the client.
    instance.on('response', (...args: unknown[]) => {
      const time = args[3];
      if (typeof time === 'number') latencies.push(time);
      lastResponseAt = performance.now();
    });
  });
  const ok = result['2xx'];
  if (result.errors > 0 || result.non2xx > 0 || ok === 0) {
    throw new HarnessError(
      `${label}: ${ok} ok, ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats ?? {})}), ${result.errors} socket errors`,
    );
  }
  // Timed to the last response, not autocannon's own finish: autocannon only notices that a run with `amount` is
  // done at its next once-a-second sample tick, so its start-to-finish time rounds a run up to whole seconds
  // (6,000 events in 2.1 s read as 2,000 /s).
  const seconds = (lastResponseAt - startedAt) / 1000;
  return {
    label,
    requests: ok,
    rps: ok / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    non2xx: result.non2xx,
    errors: result.errors,
    latencies,
    startedAt,
    lastResponseAt,
  };
}
