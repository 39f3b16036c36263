import Stripe from 'stripe';
import { FulfilmentError } from './errors.js';
import { persist } from './ledger/guard.js';
import type { EventRecord, TaskClaim, TaskKind } from './ledger/ledger.js';
import type { CheckoutSession, ResolvedOptions, SessionHook } from './options.js';

/**
 * - `ran`: this call ran the hook and recorded it done;
 * - `already`: the ledger says it was done before;
 * - `in_progress`: another worker holds a live claim (another process, or a crashed one whose lease runs on);
 * - `not_paid`: the session is not (yet) complete and paid; nothing to fulfil.
 */
export type FulfilmentOutcome = 'ran' | 'already' | 'in_progress' | 'not_paid';

/**
 * A webhook event's outcome; `duplicate`: the event id had been fully processed before; `unknown_session`: Stripe
 * answered that the event's session does not exist (another account or mode), so no retry can ever fulfil it.
 */
export type EventOutcome = FulfilmentOutcome | 'duplicate' | 'unknown_session';

export type HookKind = Exclude<TaskKind, 'forward'>;

const hookNames: Record<HookKind, string> = {
  fulfil: 'onFulfil',
  expired: 'onExpired',
  payment_failed: 'onPaymentFailed',
};

export function isPaid(session: Stripe.Checkout.Session): boolean {
  return (
    session.status === 'complete' &&
    (session.payment_status === 'paid' || session.payment_status === 'no_payment_required')
  );
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

/**
 * Facts the ledger has durably recorded that can never change again, remembered in this process so repeats are
 * answered without a database round trip: an event id once processed stays processed, and a task once `done`
 * is never claimed again (the ledger contract). Only written after the ledger's commit returned; bounded, oldest
 * forgotten first, and a forgotten fact only costs one ledger read. Another instance's facts are not here: its
 * repeats fall through to the ledger, which stays the authority.
 */
export class SettledFacts {
  private readonly facts = new Set<string>();
  constructor(private readonly limit = 50_000) {}
  has(fact: string): boolean {
    return this.facts.has(fact);
  }
  add(fact: string): void {
    if (this.facts.has(fact)) return;
    this.facts.add(fact);
    if (this.facts.size > this.limit) this.facts.delete(this.facts.values().next().value as string);
  }
}

const eventFact = (eventId: string) => `event:${eventId}`;
const taskFact = (kind: HookKind, sessionId: string) => `${kind}:${sessionId}`;

export function createFulfilment(options: ResolvedOptions) {
  const { ledger, logger } = options;
  const settled = new SettledFacts();
  // Joins concurrent callers in this process onto one attempt. Correctness does not depend on it (the ledger's
  // claim does); it only spares duplicate Stripe calls and lets duplicates answer with the real outcome.
  const inflight = new Map<string, Promise<EventOutcome>>();

  const once = <Outcome extends EventOutcome>(key: string, run: () => Promise<Outcome>): Promise<Outcome> => {
    const running = inflight.get(key) as Promise<Outcome> | undefined;
    if (running) return running;
    const attempt = run().finally(() => inflight.delete(key));
    inflight.set(key, attempt);
    return attempt;
  };

  async function runHook(
    kind: HookKind,
    session: CheckoutSession,
    hook: SessionHook | undefined,
    claim: TaskClaim,
  ): Promise<void> {
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
  }

  const warnLeaseLost = (kind: HookKind, session: CheckoutSession) =>
    logger.warn(
      { sessionId: session.id, hook: hookNames[kind], leaseMs: options.leaseMs },
      'the hook outlived its lease; raise leaseMs above the slowest hook run',
    );

  async function runClaimed(
    kind: HookKind,
    session: CheckoutSession,
    hook: SessionHook | undefined,
  ): Promise<FulfilmentOutcome> {
    const key = { sessionId: session.id, kind };
    const claim = await ledger.claim(key, options.leaseMs);
    if (!claim) return (await ledger.task(key))?.state === 'done' ? 'already' : 'in_progress';
    await runHook(kind, session, hook, claim);
    const kept = await persist(() =>
      ledger.complete(claim, kind === 'fulfil' ? orderSummary(session) : undefined),
    );
    if (!kept) warnLeaseLost(kind, session);
    else settled.add(taskFact(kind, session.id));
    logger.info({ sessionId: session.id, hook: hookNames[kind], attempt: claim.attempts }, 'hook ran');
    return 'ran';
  }

  /** What `onFulfil` is given: the verified session, with `line_items` fetched when the options ask for it. */
  const withLineItems = async (session: CheckoutSession): Promise<CheckoutSession> => {
    if (!options.fulfilWithLineItems || session.line_items) return session;
    const fetched = await options.stripe.checkout.sessions.retrieve(
      session.id,
      { expand: ['line_items'] },
      { apiVersion: options.apiVersion },
    );
    return { ...session, line_items: fetched.line_items };
  };

  const isUnknownSession = (error: unknown) =>
    error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';

  const hookFor = (kind: HookKind): SessionHook | undefined =>
    kind === 'fulfil' ? options.onFulfil : kind === 'expired' ? options.onExpired : options.onPaymentFailed;

  /**
   * A verified webhook event: one ledger transaction records it and claims its task, the hook runs, one more
   * records both done. The event's session is the authority (its signature was verified), so no Stripe call.
   * `kind` undefined: nothing to run (e.g. a delayed payment completed unpaid); the event is only recorded.
   */
  async function runEvent(
    event: EventRecord,
    session: CheckoutSession,
    kind: HookKind | undefined,
  ): Promise<EventOutcome> {
    const started = await ledger.beginEvent(
      event,
      kind && { key: { sessionId: session.id, kind }, leaseMs: options.leaseMs },
    );
    if (started.processed) {
      settled.add(eventFact(event.eventId));
      return 'duplicate';
    }
    if (!kind) {
      await ledger.finishEvent(event, undefined);
      settled.add(eventFact(event.eventId));
      return 'not_paid';
    }
    if (!started.claim) {
      if (started.state !== 'done') return 'in_progress';
      settled.add(taskFact(kind, session.id));
      await ledger.finishEvent(event, undefined);
      settled.add(eventFact(event.eventId));
      return 'already';
    }
    let hookSession = session;
    if (kind === 'fulfil' && options.onFulfil) {
      try {
        hookSession = await withLineItems(session);
      } catch (error) {
        if (isUnknownSession(error)) {
          // Permanent: a redelivery would meet the same answer. Record the event so duplicates stop here.
          await ledger.release(started.claim, 'Stripe does not know this session (another account or mode)');
          await persist(() => ledger.finishEvent(event, undefined));
          settled.add(eventFact(event.eventId));
          return 'unknown_session';
        }
        await ledger.release(started.claim, 'line items could not be fetched from Stripe');
        throw error;
      }
    }
    await runHook(kind, hookSession, hookFor(kind), started.claim);
    const claim = started.claim;
    const kept = await persist(() =>
      ledger.finishEvent(event, claim, kind === 'fulfil' ? orderSummary(session) : undefined),
    );
    settled.add(eventFact(event.eventId));
    if (!kept) warnLeaseLost(kind, session);
    else settled.add(taskFact(kind, session.id));
    // The webhook's own line ('webhook processed') names the event, session and outcome; the attempt number is
    // the only thing this line adds, so it is at debug level (one line per delivery at info).
    logger.debug(
      { sessionId: session.id, hook: hookNames[kind], attempt: started.claim.attempts },
      'hook ran',
    );
    return 'ran';
  }

  return {
    /** Whether this process saw the event fully processed (the ledger has it; a repeat needs nothing more). */
    isSettledEvent(eventId: string): boolean {
      return settled.has(eventFact(eventId));
    },
    /** Runs `onFulfil` once per paid session, for the session the return page just retrieved from Stripe. */
    async fulfilIfPaid(session: CheckoutSession): Promise<FulfilmentOutcome> {
      if (settled.has(taskFact('fulfil', session.id))) return 'already';
      const outcome = await once<EventOutcome>(`fulfil:${session.id}`, async () => {
        const task = await ledger.task({ sessionId: session.id, kind: 'fulfil' });
        if (task?.state === 'done') {
          settled.add(taskFact('fulfil', session.id));
          return 'already';
        }
        if (!isPaid(session)) return 'not_paid';
        return runClaimed('fulfil', session, hookFor('fulfil'));
      });
      // Joined a webhook's attempt whose event had been processed before: the session is fulfilled.
      if (outcome === 'duplicate') return 'already';
      return outcome === 'unknown_session' ? 'not_paid' : outcome;
    },
    /** Handles a verified Checkout Session event; concurrent ones for its session in this process join one attempt. */
    handleEvent(
      event: EventRecord,
      session: CheckoutSession,
      kind: HookKind | undefined,
    ): Promise<EventOutcome> {
      // A repeat of an event this process saw processed (Stripe's retries, several endpoints forwarding one
      // event) is answered from memory; so is a new event for a session whose hook is done. The latter is not
      // recorded in the ledger: its id only exists there to stop repeats, and its answer can never change.
      if (settled.has(eventFact(event.eventId))) return Promise.resolve('duplicate');
      if (kind && settled.has(taskFact(kind, session.id))) return Promise.resolve('already');
      if (!kind) return runEvent(event, session, undefined);
      // Keyed by session like the return page's attempt, so a buyer landing while the webhook runs the hook
      // joins it (and learns it ran) instead of finding the claim taken.
      return once(`${kind}:${session.id}`, () => runEvent(event, session, kind));
    },
  };
}

export type Fulfilment = ReturnType<typeof createFulfilment>;
