import type { SessionItemsUpdateRequest, SessionShippingUpdateRequest } from '@checkout-element/protocol';
import { isRetryable } from './retryable.js';
import { errorOf, SESSION_RETRY_BACKOFF_MS } from './session-endpoint.js';

/** The companion routes that change an open session (companion protocol, issue 13). */
export type SessionUpdateRoute = 'items' | 'shipping';

export type SessionUpdateBody<R extends SessionUpdateRoute> = R extends 'items'
  ? SessionItemsUpdateRequest
  : SessionShippingUpdateRequest;

/** How a companion update ended: done, or refused with the protocol's error code and message. */
export type SessionUpdateOutcome =
  | { ok: true }
  | { ok: false; code: string; message: string; retryable: boolean; field?: string | undefined };

/**
 * `<session-endpoint>/{sessionId}/{route}`: the route sits under the endpoint's path, and the endpoint's query
 * string is kept (a page that configures its endpoint with a query means it for every route).
 */
export function sessionUpdateUrl(endpoint: string, sessionId: string, route: SessionUpdateRoute): string {
  const url = new URL(endpoint, document.baseURI);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(sessionId)}/${route}`;
  return url.href;
}

/**
 * POSTs one update, retrying only what can succeed (network failures and retryable errors, protocol `isRetryable`).
 * Never throws: the run turns the outcome into a message where the buyer acted.
 */
export async function postSessionUpdate<R extends SessionUpdateRoute>(
  endpoint: string,
  sessionId: string,
  route: R,
  body: SessionUpdateBody<R>,
  backoff: readonly number[] = SESSION_RETRY_BACKOFF_MS,
): Promise<SessionUpdateOutcome> {
  let last: SessionUpdateOutcome = {
    ok: false,
    code: 'network_error',
    message: 'the network request failed',
    retryable: true,
  };
  for (let attempt = 0; attempt <= backoff.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoff[attempt - 1]));
    let response: Response;
    try {
      response = await fetch(sessionUpdateUrl(endpoint, sessionId, route), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      continue;
    }
    if (response.ok) return { ok: true };
    const { status } = response;
    const error = await errorOf(response);
    const retryable = isRetryable(status, error.retryable);
    // A server without this optional route: `501 not_supported` as the protocol says, or what a server that never
    // heard of it answers — 405 (a route that matches the path for GET only, as WordPress's REST routes do) or a 404
    // that is not the protocol's `not_found` for an unknown session. The element then falls back where it can.
    const unoffered = status === 405 || (status === 404 && error.code !== 'not_found');
    last = {
      ok: false,
      code: unoffered ? 'not_supported' : (error.code ?? `http_${status}`),
      message: error.message ?? `the server answered ${status}`,
      retryable,
      field: error.field,
    };
    if (!retryable) break;
  }
  return last;
}
