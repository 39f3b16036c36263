import type Stripe from 'stripe';
import { FulfilmentError } from './errors.js';
import type { TaskKind } from './ledger/ledger.js';
import type { CheckoutSession, ResolvedOptions, SessionHook } from './options.js';

/**
 * - `ran`: this call ran the hook and recorded it done;
 * - `already`: the ledger says it was done before;
 * - `in_progress`: another worker holds a live claim (another process, or a crashed one whose lease runs on);
 * - `not_paid`: the session is not (yet) complete and paid; nothing to fulfil.
 */
export type FulfilmentOutcome = 'ran' | 'already' | 'in_progress' | 'not_paid';

const hookNames: Record<Exclude<TaskKind, 'forward'>, string> = {
  fulfil: 'onFulfil',
  expired: 'onExpired',
  payment_failed: 'onPaymentFailed',
};

export function isPaid(session: Stripe.Checkout.Session): boolean {
  return session.status === 'complete' && session.payment_status !== 'unpaid';
}

/** What `checkout-server orders` shows for a fulfilled session; nothing secret. */
export function orderSummary(session: CheckoutSession): string {
  return JSON.stringify({
    amountTotal: session.amount_total,
    currency: session.currency,
    customerEmail: session.customer_details?.email ?? session.customer_email ?? null,
    clientReferenceId: session.client_reference_id,
    mode: session.mode,
    paymentStatus: session.payment_status,
  });
}

export function createFulfilment(options: ResolvedOptions) {
  const { ledger, logger } = options;
  // Joins concurrent callers in this process onto one attempt. Correctness does not depend on it (the ledger's
  // claim does); it only spares duplicate Stripe calls and lets duplicates answer with the real outcome.
  const inflight = new Map<string, Promise<FulfilmentOutcome>>();

  const once = (key: string, run: () => Promise<FulfilmentOutcome>): Promise<FulfilmentOutcome> => {
    const running = inflight.get(key);
    if (running) return running;
    const attempt = run().finally(() => inflight.delete(key));
    inflight.set(key, attempt);
    return attempt;
  };

  async function runClaimed(
    kind: Exclude<TaskKind, 'forward'>,
    session: CheckoutSession,
    hook: SessionHook | undefined,
  ): Promise<FulfilmentOutcome> {
    const key = { sessionId: session.id, kind };
    const claim = await ledger.claim(key, options.leaseMs);
    if (!claim) return (await ledger.task(key))?.state === 'done' ? 'already' : 'in_progress';
    try {
      await hook?.(session);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'non-Error thrown';
      await ledger.release(claim, reason.slice(0, 500));
      logger.error(
        { sessionId: session.id, hook: hookNames[kind], attempt: claim.attempts, reason },
        'hook failed; claim released',
      );
      throw new FulfilmentError(session.id, hookNames[kind], error);
    }
    const kept = await ledger.complete(claim, kind === 'fulfil' ? orderSummary(session) : undefined);
    if (!kept) {
      logger.warn(
        { sessionId: session.id, hook: hookNames[kind], leaseMs: options.leaseMs },
        'the hook outlived its lease; raise leaseMs above the slowest hook run',
      );
    }
    logger.info({ sessionId: session.id, hook: hookNames[kind], attempt: claim.attempts }, 'hook ran');
    return 'ran';
  }

  const retrieve = (sessionId: string) =>
    options.stripe.checkout.sessions.retrieve(
      sessionId,
      { expand: ['line_items'] },
      { apiVersion: options.apiVersion },
    );

  return {
    /** Runs `onFulfil` once per paid session; `known` spares a Stripe call when the caller already has the session. */
    fulfilIfPaid(sessionId: string, known?: CheckoutSession): Promise<FulfilmentOutcome> {
      return once(`fulfil:${sessionId}`, async () => {
        const task = await ledger.task({ sessionId, kind: 'fulfil' });
        if (task?.state === 'done') return 'already';
        const session = known ?? (await retrieve(sessionId));
        if (!isPaid(session)) return 'not_paid';
        return runClaimed('fulfil', session, options.onFulfil);
      });
    },
    expired(session: CheckoutSession): Promise<FulfilmentOutcome> {
      return once(`expired:${session.id}`, () => runClaimed('expired', session, options.onExpired));
    },
    paymentFailed(session: CheckoutSession): Promise<FulfilmentOutcome> {
      return once(`payment_failed:${session.id}`, () =>
        runClaimed('payment_failed', session, options.onPaymentFailed),
      );
    },
  };
}

export type Fulfilment = ReturnType<typeof createFulfilment>;
