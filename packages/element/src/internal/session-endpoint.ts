import { CheckoutError } from './checkout-error.js';

export interface CheckoutItem {
  price: string;
  quantity: number;
}

/** What the companion server's `POST /sessions` answers. */
export interface SessionEndpointAnswer {
  clientSecret: string;
  sessionId?: string;
  expiresAt?: number;
  publishableKey?: string;
}

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

const DEFAULT_BACKOFF = [400, 1200] as const;

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

async function messageFrom(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } | string; message?: string };
    const error = body.error;
    return (typeof error === 'string' ? error : error?.message) ?? body.message ?? '';
  } catch {
    return '';
  }
}

/** POSTs `{ items, email }`; retries network failures, 429 and 5xx with backoff; a 4xx is final. */
export async function requestSession(request: SessionRequest): Promise<SessionEndpointAnswer> {
  const backoff = request.backoff ?? DEFAULT_BACKOFF;
  let lastProblem = '';
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
      continue;
    }
    if (response.ok) {
      const answer = (await response.json()) as Partial<SessionEndpointAnswer>;
      if (typeof answer.clientSecret !== 'string') {
        throw new CheckoutError(
          'session_endpoint_failed',
          'The session endpoint answered without a clientSecret; it must answer { clientSecret, publishableKey }.',
          false,
        );
      }
      return answer as SessionEndpointAnswer;
    }
    const detail = await messageFrom(response);
    lastProblem = `the session endpoint answered ${response.status}${detail ? ` (${detail})` : ''}`;
    if (response.status < 500 && response.status !== 429) {
      throw new CheckoutError('session_endpoint_failed', `Could not start checkout: ${lastProblem}.`, false);
    }
  }
  throw new CheckoutError(
    'session_endpoint_failed',
    `Could not start checkout: ${lastProblem}. Please try again.`,
    true,
  );
}
