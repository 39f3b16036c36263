import {
  companionErrors,
  idempotencyKeyPattern,
  type SessionCollects,
  type SessionCreated,
  type SessionStatus,
  type WebhookAnswer,
} from '@checkout-element/protocol';
import type Stripe from 'stripe';
import { type CheckoutCall, callOfRequest } from './call.js';
import {
  CheckoutInputError,
  FulfilmentError,
  InvalidEventError,
  LedgerUnavailableError,
  RequestAbortedError,
  WebhookSignatureError,
} from './errors.js';
import { createFulfilment, type EventOutcome, type HookKind, isPaid } from './fulfilment.js';
import {
  type Answer,
  baseHeaders,
  bodyTooLarge,
  type ErrorExtra,
  errorAnswer,
  errorBody,
  errorResponse,
  jsonAnswer,
  toAnswer,
  toResponse,
} from './http.js';
import { guardLedger } from './ledger/guard.js';
import { lineItemsOf } from './line-items.js';
import { type CheckoutOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { parseJsonBody, resolveSessionRequest } from './session-request.js';
import { createSessionUpdates, sessionIdFromPath } from './session-updates.js';
import { createStatusCache } from './status-cache.js';
import { loggableError, safeStripeFailure } from './stripe-errors.js';
import { checkoutEventOf, leadingEventId, verifySignature } from './webhook-signature.js';

export const WEBHOOK_MAX_BYTES = 1_048_576;

/** Stateless when not streaming, so one decoder serves every request. */
const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Which hook a verified event asks for. The event's session is what Stripe signed, so it decides: a paid
 * completion fulfils; a delayed method completes `unpaid` and is fulfilled on `async_payment_succeeded` instead.
 * Out-of-order delivery cannot undo anything: hooks only ever move a session's task forward to `done`, once.
 */
function hookKind(type: string, session: Stripe.Checkout.Session): HookKind | undefined {
  if (type === 'checkout.session.completed' || type === 'checkout.session.async_payment_succeeded') {
    return isPaid(session) ? 'fulfil' : undefined;
  }
  if (type === 'checkout.session.async_payment_failed') return 'payment_failed';
  if (type === 'checkout.session.expired') return 'expired';
  return undefined;
}

export interface HandleContext {
  /** The path relative to where the routes are mounted (the Express adapter knows it; the core derives it). */
  readonly path?: string;
  /** Set by an adapter that found the body already parsed by another middleware. */
  readonly bodyAlreadyParsed?: boolean;
}

export type CheckoutHandler = (request: Request) => Promise<Response>;

export interface CheckoutCore {
  readonly options: ResolvedOptions;
  /** Answers a request, or `undefined` when the path is none of the checkout routes. */
  handle(request: Request, context?: HandleContext): Promise<Response | undefined>;
  /**
   * `handle` for an adapter that reads its own server's request (`CheckoutCall`) and writes a plain `Answer`:
   * no Fetch `Request` or `Response` is built unless a shop's hook asks for the request. Never throws: failures
   * are answered as `handle` answers them.
   */
  answer(call: CheckoutCall): Promise<Answer | undefined>;
  /**
   * `POST /webhook` for an adapter that already holds the raw body (at most 1 MiB, untouched) and the
   * `Stripe-Signature` header: spares building a Fetch `Request` per delivery.
   */
  webhook(delivery: WebhookDelivery): Promise<Response>;
  /** `webhook` answering with a plain `Answer` (status, headers, body), for adapters that write Node responses. */
  webhookAnswer(delivery: WebhookDelivery): Promise<Answer>;
  /** Turns any failure into the protocol's JSON error answer (for adapters' own error paths). */
  answerError(error: unknown, origin?: string | null): Response;
}

export interface WebhookDelivery {
  readonly rawBody: Uint8Array;
  readonly signature: string | null;
}

/**
 * Narrows one of Stripe's open string unions (typed `… | OtherString` for values a newer API may add) to the
 * protocol's closed set; a value this release does not know reads as the cautious `fallback` (not complete, unpaid).
 */
function oneOf<Known extends string>(value: string | null, known: readonly Known[], fallback: Known): Known {
  return (known as readonly string[]).includes(value ?? '') ? (value as Known) : fallback;
}

const duplicateAnswer = (): Answer =>
  jsonAnswer(200, { received: true, duplicate: true } satisfies WebhookAnswer);

const noStore = { 'cache-control': baseHeaders['cache-control'], 'x-content-type-options': 'nosniff' };

export function createCheckoutCore(input: Readonly<CheckoutOptions>): CheckoutCore {
  const resolved = resolveOptions(input);
  const ledger = guardLedger(resolved.ledger);
  const options: ResolvedOptions = { ...resolved, ledger };
  const { logger, stripe } = options;
  const fulfilment = createFulfilment(options);
  const updates = createSessionUpdates(options);
  // Eager, to report a bad database early; ledger calls initialise on their own, so a later retry can succeed.
  // An unreachable database must not crash the host process at construction.
  ledger
    .init()
    .catch((error: unknown) =>
      logger.error({ err: loggableError(error) }, 'ledger could not be initialised'),
    );

  const corsHeaders = (origin: string | null): Record<string, string> =>
    origin && options.allowedOrigins.has(origin)
      ? { 'access-control-allow-origin': origin, vary: 'Origin' }
      : { vary: 'Origin' };

  /** What Stripe's refusal or outage tells the client (status and protocol body); anything else is rethrown. */
  const stripeFailure = (
    error: unknown,
    what: 'session creation' | 'session lookup',
  ): { status: number; body: ReturnType<typeof errorBody> } => {
    const failure = safeStripeFailure(error, what === 'session lookup');
    if (!failure) throw error;
    logger.warn({ err: loggableError(error), code: failure.code }, `${what} failed at Stripe`);
    const extra: ErrorExtra = failure.field ? { field: failure.field } : {};
    return {
      status: companionErrors[failure.code].status,
      body: errorBody(failure.code, failure.message, extra),
    };
  };

  async function createSession(call: CheckoutCall, cors: Record<string, string>): Promise<Answer> {
    const contentType = call.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      return errorAnswer(
        'unsupported_media_type',
        `Send the body as JSON with "Content-Type: application/json" (got ${JSON.stringify(contentType.slice(0, 100) || 'none')}).`,
        { field: 'content-type' },
        cors,
      );
    }
    const idempotencyKey = call.header('idempotency-key') ?? undefined;
    if (idempotencyKey !== undefined && !idempotencyKeyPattern.test(idempotencyKey)) {
      throw new CheckoutInputError(
        'Idempotency-Key must be 16–255 characters of letters, digits and _ : . - (a UUID works).',
        'Idempotency-Key',
      );
    }
    const text = utf8.decode(await call.body(options.maxBodyBytes));
    const cart = await resolveSessionRequest(parseJsonBody(text), options, call);
    const params: Stripe.Checkout.SessionCreateParams = {
      ...options.sessionDefaults,
      mode: options.mode,
      ui_mode: options.uiMode as Stripe.Checkout.SessionCreateParams.UiMode,
      return_url: options.returnUrl,
    };
    if (options.shippingOptions) {
      // The shop's server prices the address (POST /sessions/{id}/shipping), so only it may set shipping.
      params.permissions = { ...params.permissions, update_shipping_details: 'server_only' };
    }
    if (cart.lineItems) params.line_items = [...cart.lineItems];
    if (cart.email) params.customer_email = cart.email;
    if (cart.clientReferenceId) params.client_reference_id = cart.clientReferenceId;
    let session: Stripe.Checkout.Session;
    try {
      session = await stripe.checkout.sessions.create(params, {
        apiVersion: options.apiVersion,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
    } catch (error) {
      const failure = stripeFailure(error, 'session creation');
      return jsonAnswer(failure.status, failure.body, cors);
    }
    logger.info({ sessionId: session.id, mode: options.mode, uiMode: options.uiMode }, 'session created');
    return jsonAnswer(
      200,
      {
        clientSecret: session.client_secret ?? '',
        sessionId: session.id,
        expiresAt: session.expires_at,
        publishableKey: options.publishableKey,
        uiMode: options.uiMode,
        collects: collectsOf(session, options.linkSignup),
      } satisfies SessionCreated,
      cors,
    );
  }

  /** One lookup at Stripe, answered as the return page sees it; never throws for what Stripe answers. */
  async function lookUp(sessionId: string): Promise<{ status: number; body: unknown; final: boolean }> {
    let session: Stripe.Checkout.Session;
    try {
      session = await stripe.checkout.sessions.retrieve(
        sessionId,
        { expand: ['line_items'] },
        { apiVersion: options.apiVersion },
      );
    } catch (error) {
      return { ...stripeFailure(error, 'session lookup'), final: false };
    }
    let fulfilled = false;
    if (isPaid(session)) {
      try {
        const outcome = await fulfilment.fulfilIfPaid(session);
        fulfilled = outcome === 'ran' || outcome === 'already';
      } catch (error) {
        // The webhook path will retry; the buyer still gets their status.
        if (
          !(error instanceof FulfilmentError) &&
          !(error instanceof LedgerUnavailableError) &&
          !safeStripeFailure(error)
        )
          throw error;
        logger.warn({ sessionId, err: loggableError(error) }, 'return-page fulfilment did not run');
      }
    }
    const body = {
      status: oneOf(session.status, ['open', 'complete', 'expired'], 'open'),
      paymentStatus: oneOf(session.payment_status, ['paid', 'unpaid', 'no_payment_required'], 'unpaid'),
      mode: oneOf(session.mode, ['payment', 'subscription', 'setup'], options.mode),
      customerEmail: session.customer_details?.email ?? session.customer_email ?? null,
      amountTotal: session.amount_total,
      currency: session.currency,
      lineItems: lineItemsOf(session),
      fulfilled,
    } satisfies SessionStatus;
    // Nothing about a fulfilled or expired session can change any more: such answers are kept.
    const final = session.status === 'expired' || (session.status === 'complete' && fulfilled);
    return { status: 200, body, final };
  }
  const statusCache = createStatusCache(lookUp);

  async function sessionStatus(encodedId: string, cors: Record<string, string>): Promise<Answer> {
    const answer = await statusCache.get(sessionIdFromPath(encodedId));
    return jsonAnswer(answer.status, answer.body, cors);
  }

  async function webhook(call: CheckoutCall): Promise<Answer> {
    if (call.bodyAlreadyParsed) throw new WebhookSignatureError('parsed_body');
    const raw = await call.body(WEBHOOK_MAX_BYTES);
    return ingest(raw, call.header('stripe-signature'));
  }

  async function ingest(raw: Uint8Array, signature: string | null): Promise<Answer> {
    // The signature first: nothing in the body is read before it is known to be Stripe's.
    const payload = verifySignature(raw, signature, options.webhookSecret);
    // A repeat of an event this process saw processed (Stripe's retries) needs only its id: no need to parse and
    // check the whole event, whose first delivery was checked in full before it was recorded.
    const repeatedId = leadingEventId(payload);
    if (repeatedId !== undefined && fulfilment.isSettledEvent(repeatedId)) return duplicateAnswer();
    const event = checkoutEventOf(payload);
    if (event.ignored) {
      logger.debug({ eventId: event.id, type: event.type }, 'webhook event ignored');
      return jsonAnswer(200, { received: true, ignored: true } satisfies WebhookAnswer);
    }
    const { session } = event;
    const record = { eventId: event.id, type: event.type, sessionId: session.id };
    let outcome: EventOutcome;
    try {
      outcome = await fulfilment.handleEvent(record, session, hookKind(event.type, session));
    } catch (error) {
      if (error instanceof FulfilmentError) {
        return errorAnswer(
          'hook_failed',
          `${error.hook} threw; the claim was released and Stripe will retry this delivery.`,
        );
      }
      const failure = safeStripeFailure(error);
      if (failure) {
        logger.warn(
          { eventId: event.id, err: loggableError(error) },
          'webhook could not fetch the line items at Stripe',
        );
        return errorAnswer(
          'stripe_unavailable',
          'The session could not be looked up at Stripe; retry later.',
        );
      }
      throw error;
    }
    if (outcome === 'duplicate') return duplicateAnswer();
    if (outcome === 'unknown_session') {
      // Retrying can never help: acknowledge, so Stripe stops, and say why in the log.
      logger.warn(
        { eventId: event.id, sessionId: session.id },
        'webhook for a session Stripe does not know (another account or mode); acknowledged without fulfilment',
      );
      return jsonAnswer(200, { received: true, ignored: true } satisfies WebhookAnswer);
    }
    if (outcome === 'in_progress') {
      const retryAfter = String(Math.ceil(options.leaseMs / 1000));
      return errorAnswer(
        'in_progress',
        'Another worker is handling this session right now; retry later.',
        {},
        { 'retry-after': retryAfter },
      );
    }
    logger.info({ eventId: event.id, type: event.type, sessionId: session.id, outcome }, 'webhook processed');
    return jsonAnswer(200, { received: true } satisfies WebhookAnswer);
  }

  async function route(call: CheckoutCall): Promise<Answer | undefined> {
    const { method, path } = call;
    logger.debug({ method, path: path.slice(0, 300) }, 'request');
    if (path === '/webhook') {
      if (method !== 'POST')
        return errorAnswer('method_not_allowed', 'Use POST for /webhook.', {}, { allow: 'POST' });
      return webhook(call);
    }
    const statusMatch = /^\/sessions\/([^/]+)$/.exec(path);
    // The optional update routes of issue 13 (docs/companion-protocol.md, "Updating an open session").
    const updateMatch = /^\/sessions\/([^/]+)\/(items|shipping)$/.exec(path);
    if (path !== '/sessions' && !statusMatch && !updateMatch) return undefined;

    const origin = call.header('origin');
    const cors = corsHeaders(origin);
    const allowed = statusMatch ? 'GET' : 'POST';
    if (origin && !options.allowedOrigins.has(origin)) {
      return errorAnswer(
        'origin_not_allowed',
        `Origin ${origin.slice(0, 200)} may not call this endpoint; the shop owner can add it to allowedOrigins.`,
        {},
        cors,
      );
    }
    if (method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          ...noStore,
          ...cors,
          'access-control-allow-methods': allowed,
          'access-control-allow-headers': 'Content-Type, Idempotency-Key',
          'access-control-max-age': '600',
        },
        body: '',
      };
    }
    if (method !== allowed)
      return errorAnswer(
        'method_not_allowed',
        `Use ${allowed} for ${statusMatch ? '/sessions/:id' : updateMatch ? `/sessions/:id/${updateMatch[2]}` : '/sessions'}.`,
        {},
        { ...cors, allow: `${allowed}, OPTIONS` },
      );
    if (statusMatch) return sessionStatus(statusMatch[1]!, cors);
    // The update routes are rare (a buyer's clicks) and hand the shop's hooks a Fetch Request: they keep it.
    if (updateMatch?.[2] === 'items')
      return toAnswer(await updates.items(call.request(), updateMatch[1]!, cors));
    if (updateMatch?.[2] === 'shipping')
      return toAnswer(await updates.shipping(call.request(), updateMatch[1]!, cors));
    return createSession(call, cors);
  }

  const errorAnswerOf = (error: unknown, origin: string | null = null): Answer => {
    if (error instanceof CheckoutInputError) {
      return errorAnswer(error.code, error.message, { field: error.field }, corsHeaders(origin));
    }
    if (error instanceof WebhookSignatureError) {
      logger.warn({ failure: error.failure }, 'webhook rejected');
      return errorAnswer('webhook_signature_invalid', error.message, { failure: error.failure });
    }
    if (error instanceof InvalidEventError) {
      // Signed by Stripe (or the secret's holder) but malformed: a retry would be refused the same way.
      logger.warn({ reason: error.message }, 'webhook event refused: not shaped like a Stripe event');
      return errorAnswer('invalid_event', error.message);
    }
    if (error instanceof RequestAbortedError) {
      logger.info('request aborted by the client before its body arrived');
      return errorAnswer('invalid_request', error.message, { field: 'body' });
    }
    if (error instanceof LedgerUnavailableError) {
      logger.warn({ err: loggableError(error.cause) }, 'the ledger database is unavailable');
      return errorAnswer(
        'ledger_unavailable',
        'The checkout server cannot reach its database right now; retry shortly.',
        {},
        { 'retry-after': '1', ...corsHeaders(origin) },
      );
    }
    logger.error({ err: loggableError(error) }, 'unexpected error');
    return errorAnswer('internal_error', 'The checkout server hit an unexpected error; try again.');
  };
  const answerError = (error: unknown, origin: string | null = null): Response =>
    toResponse(errorAnswerOf(error, origin));

  async function answer(call: CheckoutCall): Promise<Answer | undefined> {
    try {
      return await route(call);
    } catch (error) {
      return errorAnswerOf(error, call.header('origin'));
    }
  }

  return {
    options,
    answerError,
    answer,
    async handle(request, context = {}) {
      const call = callOfRequest(request, context, options.basePath);
      if (!call) return undefined;
      const answered = await answer(call);
      return answered && toResponse(answered);
    },
    async webhook(delivery) {
      return toResponse(await this.webhookAnswer(delivery));
    },
    async webhookAnswer(delivery) {
      try {
        if (delivery.rawBody.byteLength > WEBHOOK_MAX_BYTES) throw bodyTooLarge(WEBHOOK_MAX_BYTES);
        return await ingest(delivery.rawBody, delivery.signature);
      } catch (error) {
        return errorAnswerOf(error);
      }
    },
  };
}

/**
 * The framework-agnostic core: a Fetch API handler serving `POST /sessions`, `GET /sessions/:id`,
 * `POST /sessions/:id/items`, `POST /sessions/:id/shipping` and `POST /webhook` (under `basePath`). Anything else
 * answers 404.
 */
export function createCheckoutHandler(options: Readonly<CheckoutOptions>): CheckoutHandler {
  const core = createCheckoutCore(options);
  return async (request) =>
    (await core.handle(request)) ?? errorResponse('not_found', 'No such checkout route.');
}

/**
 * What the session asks of the buyer that Stripe.js does not tell the page (the protocol's `collects`): the address
 * fields to show at once, and which of Stripe's optional Elements have anything to show, so that the element loads
 * only those iframes. Read from the created session, so `sessionDefaults` and the CLI's environment both count.
 */
function collectsOf(session: Stripe.Checkout.Session, linkSignup: boolean): SessionCollects {
  const names = session.name_collection;
  return {
    shippingAddress: Boolean(session.shipping_address_collection),
    billingAddress: session.billing_address_collection === 'required',
    shippingDetails:
      session.permissions?.update_shipping_details === 'server_only' ? 'server_only' : 'client_only',
    // The Contact Details Element takes the email unless the session already has one (customer_email, or a
    // customer's), plus the phone and names the session requires.
    contactDetails:
      !(session.customer_email || session.customer_details?.email) ||
      session.phone_number_collection?.enabled === true ||
      names?.individual?.enabled === true ||
      names?.business?.enabled === true,
    taxId: session.tax_id_collection?.enabled === true,
    terms: session.consent_collection?.terms_of_service === 'required',
    // Link is not offered in setup mode or when the session turns it off (wallet_options.link.display: 'never').
    linkSignup: linkSignup && session.mode !== 'setup' && session.wallet_options?.link?.display !== 'never',
  };
}
