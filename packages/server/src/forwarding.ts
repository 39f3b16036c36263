import type { Logger } from 'pino';
import Stripe from 'stripe';
import { persist } from './ledger/guard.js';
import type { Ledger, TaskClaim } from './ledger/ledger.js';
import { lineItemsOf } from './line-items.js';
import type { CheckoutSession } from './options.js';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: Stripe's scheme, your secret. */
export const FULFILMENT_SIGNATURE_HEADER = 'Checkout-Signature';

/**
 * Signs a forwarded order exactly as Stripe signs webhooks, with stripe-node's own implementation, so any Stripe
 * webhook verifier (in any language) checks it with `FULFILMENT_SECRET` as the signing secret.
 */
export function signFulfilment(
  body: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
}

/**
 * What a receiver runs: stripe-node's webhook verification (every `v1` in the header is tried, so a receiver can
 * rotate secrets; constant-time comparison; timestamps older than the tolerance refused, future ones accepted as
 * Stripe's own verification accepts them). `now` is in Unix seconds.
 */
export function verifyFulfilmentSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  now = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  try {
    return Stripe.webhooks.signature!.verifyHeader(
      rawBody,
      header,
      secret,
      toleranceSeconds,
      undefined,
      now * 1000,
    );
  } catch {
    return false;
  }
}

/** The JSON body POSTed to FULFILMENT_URL: the order, nothing secret (no client secret, no keys). */
export function fulfilmentPayload(session: CheckoutSession): string {
  return JSON.stringify({
    type: 'checkout.session.fulfilled',
    sessionId: session.id,
    clientReferenceId: session.client_reference_id,
    customerEmail: session.customer_details?.email ?? session.customer_email ?? null,
    customerName: session.customer_details?.name ?? null,
    amountTotal: session.amount_total,
    currency: session.currency,
    mode: session.mode,
    paymentStatus: session.payment_status,
    metadata: session.metadata ?? {},
    lineItems: lineItemsOf(session),
    created: session.created,
  });
}

export interface FulfilmentForwarderOptions {
  readonly ledger: Ledger;
  readonly url: string;
  readonly secret: string;
  readonly logger: Logger;
  /** First retry delay; doubles per attempt up to `retryMaxMs`. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /**
   * How often due deliveries are looked for (besides right after each enqueue and at each retry this instance
   * scheduled): it picks up what other instances enqueued or left behind.
   */
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

/**
 * An outbox in the ledger: `enqueue` (used as `onFulfil`) stores one delivery per session; a loop POSTs due
 * deliveries and records each 2xx. A crash between a 2xx and its record means one repeat with the same
 * `Idempotency-Key`, which receivers dedupe on.
 */
export function createFulfilmentForwarder(options: FulfilmentForwarderOptions) {
  const { ledger, logger } = options;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 300_000;
  const pollMs = options.pollMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = timeoutMs * 3;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  // The earliest retry this instance scheduled: the loop wakes for it even when it is sooner than the next poll.
  let nextRetryAt = Number.POSITIVE_INFINITY;

  async function deliver(claim: TaskClaim): Promise<void> {
    const body = claim.payload ?? '{}';
    let failure: string;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [FULFILMENT_SIGNATURE_HEADER]: signFulfilment(body, options.secret),
          'idempotency-key': claim.sessionId,
          'checkout-delivery-attempt': String(claim.attempts),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        // Delivered: losing this write would send the order again (same Idempotency-Key), so retry it first.
        await persist(() => ledger.complete(claim));
        logger.info({ sessionId: claim.sessionId, attempt: claim.attempts }, 'order forwarded');
        return;
      }
      failure = `FULFILMENT_URL answered ${response.status}`;
    } catch (error) {
      failure = `FULFILMENT_URL unreachable: ${error instanceof Error ? error.message : String(error)}`;
    }
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** (claim.attempts - 1));
    // One instant for both: the wake-up must not come before the moment the ledger makes the task due again.
    const retryAt = Date.now() + delay;
    nextRetryAt = Math.min(nextRetryAt, retryAt);
    await ledger.release(claim, failure, retryAt);
    logger.warn(
      { sessionId: claim.sessionId, attempt: claim.attempts, retryInMs: delay, failure },
      'order forwarding failed; will retry',
    );
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      const claims = await ledger.claimDue('forward', leaseMs, 20);
      await Promise.all(claims.map(deliver));
      if (claims.length === 20) again = true;
    } while (again && !stopped);
  }

  function tick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    const drainedAt = Date.now();
    running = drain()
      .catch((error: unknown) =>
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'order forwarding loop failed',
        ),
      )
      .finally(() => {
        running = undefined;
        if (stopped) return;
        const untilRetry = Math.max(0, nextRetryAt - Date.now());
        // Forget the retry only once a drain that began at or after its time has run (and so could claim it). A
        // timer may fire a millisecond before Date.now() reaches its time (libuv's cached loop clock); forgetting
        // the retry then left the task to the next poll, an hour away in a test and `pollMs` in production.
        if (nextRetryAt <= drainedAt) nextRetryAt = Number.POSITIVE_INFINITY;
        timer = setTimeout(tick, again ? 0 : Math.min(pollMs, untilRetry));
      });
  }

  return {
    /** Records the order for forwarding (idempotent per session) and wakes the loop. */
    async enqueue(session: CheckoutSession): Promise<void> {
      await ledger.enqueue({ sessionId: session.id, kind: 'forward' }, fulfilmentPayload(session));
      tick();
    },
    start(): void {
      stopped = false;
      tick();
    },
    /** Stops polling and waits for deliveries in flight. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type FulfilmentForwarder = ReturnType<typeof createFulfilmentForwarder>;
