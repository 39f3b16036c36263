import type {
  CheckoutItem,
  CompanionErrorBody,
  SessionCollects,
  SessionCreated,
} from '@checkout-element/protocol';
import { en } from '../i18n/en.js';
import { CheckoutError } from './checkout-error.js';
import { isRetryable } from './retryable.js';

export type { CheckoutItem, SessionCollects };

/** What the buyer reads (in English) when the shop's server refuses for good; the site owner's fix goes to the console. */
export const SESSION_REFUSED_MESSAGE = en.sessionRefused;

/**
 * Where a run's client secret came from. Only the session endpoint (the companion protocol's `POST /sessions`)
 * supplies the other fields; a server older than protocol version 1 may leave some out.
 */
export type SessionEndpointAnswer = Pick<SessionCreated, 'clientSecret'> & Partial<SessionCreated>;

export interface SessionRequest {
  endpoint: string;
  items: CheckoutItem[];
  email?: string | undefined;
  /** Kept for the whole checkout attempt so a retry never creates a second session. */
  idempotencyKey: string;
  signal: AbortSignal;
  /** Waits between attempts; one attempt more than entries. */
  backoff?: readonly number[];
}

/** Milliseconds to wait before the second and the third attempt. */
export const SESSION_RETRY_BACKOFF_MS = [400, 1200] as const;

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

type ErrorAnswer = Partial<CompanionErrorBody['error']> & { message?: string };

/** A companion error answer's `error` object, whatever shape (or none) an older or broken server sent. */
export async function errorOf(response: Response): Promise<ErrorAnswer> {
  try {
    const body = (await response.json()) as { error?: ErrorAnswer | string; message?: string };
    const error = body.error;
    return typeof error === 'object' && error ? error : { message: error ?? body.message };
  } catch {
    return {};
  }
}

/** POSTs `{ items, email }` and retries only what can succeed: network failures and retryable errors. */
export async function requestSession(request: SessionRequest): Promise<SessionEndpointAnswer> {
  const backoff = request.backoff ?? SESSION_RETRY_BACKOFF_MS;
  let lastProblem = '';
  // What the buyer reads (in their language): the server's status, or that the network failed.
  let lastStatus = 0;
  for (let attempt = 0; attempt <= backoff.length; attempt++) {
    if (attempt > 0) await wait(backoff[attempt - 1] ?? 0, request.signal);
    let response: Response;
    try {
      response = await fetch(request.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': request.idempotencyKey },
        body: JSON.stringify({ items: request.items, ...(request.email ? { email: request.email } : {}) }),
        signal: request.signal,
      });
    } catch (error) {
      if (request.signal.aborted) throw error;
      lastProblem = 'the network request failed';
      lastStatus = 0;
      continue;
    }
    const { status } = response;
    lastStatus = status;
    if (response.ok) {
      const answer = (await response.json()) as Partial<SessionEndpointAnswer>;
      if (typeof answer.clientSecret !== 'string') {
        throw new CheckoutError(
          'session_endpoint_failed',
          'The session endpoint must answer { clientSecret }.',
          false,
        );
      }
      return answer as SessionEndpointAnswer;
    }
    const error = await errorOf(response);
    lastProblem = `the session endpoint answered ${status}${error.message ? ` (${error.message})` : ''}`;
    if (!isRetryable(status, error.retryable)) {
      console.error(
        `<stripe-checkout>: ${lastProblem}${error.code ? ` [${error.code}${error.field ? ` ${error.field}` : ''}]` : ''}: fix the request or the server.`,
      );
      // The buyer reads a final message; the site owner's fix went to the console.
      throw new CheckoutError('session_endpoint_failed', ['sessionRefused'], false);
    }
  }
  // The event keeps the server's words for the site owner; the buyer reads the status alone, translated.
  throw new CheckoutError(
    'session_endpoint_failed',
    `Could not start checkout: ${lastProblem}. Please try again.`,
    true,
    lastStatus ? ['startFailed', { status: lastStatus }] : ['startFailedNetwork'],
  );
}
