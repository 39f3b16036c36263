import type Stripe from 'stripe';
import { CheckoutInputError, FulfilmentError, WebhookSignatureError } from './errors.js';
import { createFulfilment, type EventOutcome, type HookKind, isPaid } from './fulfilment.js';
import { errorResponse, json, readBody } from './http.js';
import { type CheckoutOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { parseJsonBody, resolveSessionRequest } from './session-request.js';
import { loggableError, safeStripeFailure } from './stripe-errors.js';
import { verifyWebhook } from './webhook-signature.js';

export const WEBHOOK_MAX_BYTES = 1_048_576;
const sessionIdPattern = /^cs_[A-Za-z0-9_]{1,250}$/;
const idempotencyKeyPattern = /^[A-Za-z0-9_:.-]{16,255}$/;
const handledEvents = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
]);

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
   * `POST /webhook` for an adapter that already holds the raw body (at most 1 MiB, untouched) and the
   * `Stripe-Signature` header: spares building a Fetch `Request` per delivery.
   */
  webhook(delivery: WebhookDelivery): Promise<Response>;
}

export interface WebhookDelivery {
  readonly rawBody: Uint8Array;
  readonly signature: string | null;
}

export function createCheckoutCore(input: Readonly<CheckoutOptions>): CheckoutCore {
  const options = resolveOptions(input);
  const { logger, stripe } = options;
  const fulfilment = createFulfilment(options);
  // Eager, to report a bad database early; ledger calls initialise on their own, so a later retry can succeed.
  // An unreachable database must not crash the host process at construction.
  options.ledger
    .init()
    .catch((error: unknown) =>
      logger.error({ err: loggableError(error) }, 'ledger could not be initialised'),
    );

  const corsHeaders = (origin: string | null): Record<string, string> =>
    origin && options.allowedOrigins.has(origin)
      ? { 'access-control-allow-origin': origin, vary: 'Origin' }
      : { vary: 'Origin' };

  const stripeFailure = (
    error: unknown,
    cors: Record<string, string>,
    what: 'session creation' | 'session lookup',
  ): Response => {
    const failure = safeStripeFailure(error, what === 'session lookup');
    if (!failure) throw error;
    logger.warn({ err: loggableError(error) }, `${what} failed at Stripe`);
    return errorResponse(failure.status, failure.code, failure.message, {}, cors);
  };

  async function createSession(request: Request, cors: Record<string, string>): Promise<Response> {
    const contentType = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      return errorResponse(
        415,
        'unsupported_media_type',
        `Send the body as JSON with "Content-Type: application/json" (got ${JSON.stringify(contentType || 'none')}).`,
        { field: 'content-type' },
        cors,
      );
    }
    const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
    if (idempotencyKey !== undefined && !idempotencyKeyPattern.test(idempotencyKey)) {
      throw new CheckoutInputError(
        'Idempotency-Key must be 16–255 characters of letters, digits and _ : . - (a UUID works).',
        'Idempotency-Key',
      );
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(
      await readBody(request, options.maxBodyBytes),
    );
    const cart = await resolveSessionRequest(parseJsonBody(text), options, request);
    const params: Stripe.Checkout.SessionCreateParams = {
      ...options.sessionDefaults,
      mode: options.mode,
      ui_mode: options.uiMode as Stripe.Checkout.SessionCreateParams.UiMode,
      return_url: options.returnUrl,
    };
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
      return stripeFailure(error, cors, 'session creation');
    }
    logger.info({ sessionId: session.id, mode: options.mode, uiMode: options.uiMode }, 'session created');
    return json(
      200,
      {
        clientSecret: session.client_secret,
        sessionId: session.id,
        expiresAt: session.expires_at,
        publishableKey: options.publishableKey,
      },
      cors,
    );
  }

  async function sessionStatus(sessionId: string, cors: Record<string, string>): Promise<Response> {
    if (sessionId.includes('_secret_')) {
      throw new CheckoutInputError(
        'Pass the session id (cs_…), not the client secret: the client secret must never travel in URLs.',
        'id',
      );
    }
    if (!sessionIdPattern.test(sessionId)) {
      throw new CheckoutInputError(
        `id: expected a Checkout Session id like "cs_test_a1b2…" (got ${JSON.stringify(sessionId.slice(0, 40))})`,
        'id',
      );
    }
    let session: Stripe.Checkout.Session;
    try {
      session = await stripe.checkout.sessions.retrieve(
        sessionId,
        { expand: ['line_items'] },
        { apiVersion: options.apiVersion },
      );
    } catch (error) {
      return stripeFailure(error, cors, 'session lookup');
    }
    let fulfilled = false;
    if (isPaid(session)) {
      try {
        const outcome = await fulfilment.fulfilIfPaid(session.id, session);
        fulfilled = outcome === 'ran' || outcome === 'already';
      } catch (error) {
        // The webhook path will retry; the buyer still gets their status.
        if (!(error instanceof FulfilmentError) && !safeStripeFailure(error)) throw error;
      }
    }
    return json(
      200,
      {
        status: session.status,
        paymentStatus: session.payment_status,
        customerEmail: session.customer_details?.email ?? session.customer_email ?? null,
        amountTotal: session.amount_total,
        currency: session.currency,
        lineItems: (session.line_items?.data ?? []).map((item) => ({
          price: item.price?.id ?? null,
          description: item.description ?? null,
          quantity: item.quantity,
          amountTotal: item.amount_total,
          currency: item.currency,
        })),
        fulfilled,
      },
      cors,
    );
  }

  async function webhook(request: Request, context: HandleContext): Promise<Response> {
    if (context.bodyAlreadyParsed) throw new WebhookSignatureError('parsed_body');
    const raw = await readBody(request, WEBHOOK_MAX_BYTES);
    return ingest(raw, request.headers.get('stripe-signature'));
  }

  async function ingest(raw: Uint8Array, signature: string | null): Promise<Response> {
    const event = verifyWebhook(raw, signature, options.webhookSecret);
    if (!handledEvents.has(event.type)) {
      logger.debug({ eventId: event.id, type: event.type }, 'webhook event ignored');
      return json(200, { received: true, ignored: true });
    }
    const session = event.data.object as Stripe.Checkout.Session;
    const record = { eventId: event.id, type: event.type, sessionId: session.id };
    let outcome: EventOutcome;
    try {
      outcome = await fulfilment.handleEvent(record, session, hookKind(event.type, session));
    } catch (error) {
      if (error instanceof FulfilmentError) {
        return errorResponse(
          500,
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
        return errorResponse(
          503,
          'stripe_unavailable',
          'The session could not be looked up at Stripe; retry later.',
        );
      }
      throw error;
    }
    if (outcome === 'duplicate') return json(200, { received: true, duplicate: true });
    if (outcome === 'in_progress') {
      const retryAfter = String(Math.ceil(options.leaseMs / 1000));
      return errorResponse(
        503,
        'in_progress',
        'Another worker is handling this session right now; retry later.',
        {},
        { 'retry-after': retryAfter },
      );
    }
    logger.info({ eventId: event.id, type: event.type, sessionId: session.id, outcome }, 'webhook processed');
    return json(200, { received: true });
  }

  async function route(request: Request, context: HandleContext): Promise<Response | undefined> {
    const url = new URL(request.url);
    let path = context.path ?? url.pathname;
    if (context.path === undefined && options.basePath) {
      if (path !== options.basePath && !path.startsWith(`${options.basePath}/`)) return undefined;
      path = path.slice(options.basePath.length) || '/';
    }
    const method = request.method.toUpperCase();
    logger.debug({ method, path }, 'request');
    if (path === '/webhook') {
      if (method !== 'POST')
        return errorResponse(405, 'method_not_allowed', 'Use POST for /webhook.', {}, { allow: 'POST' });
      return webhook(request, context);
    }
    const statusMatch = /^\/sessions\/([^/]+)$/.exec(path);
    if (path !== '/sessions' && !statusMatch) return undefined;

    const origin = request.headers.get('origin');
    const cors = corsHeaders(origin);
    const allowed = path === '/sessions' ? 'POST' : 'GET';
    if (origin && !options.allowedOrigins.has(origin)) {
      return errorResponse(
        403,
        'origin_not_allowed',
        `Origin ${origin} may not call this endpoint; the shop owner can add it to allowedOrigins.`,
        {},
        cors,
      );
    }
    if (method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'access-control-allow-methods': allowed,
          'access-control-allow-headers': 'Content-Type, Idempotency-Key',
          'access-control-max-age': '600',
        },
      });
    }
    if (method !== allowed)
      return errorResponse(
        405,
        'method_not_allowed',
        `Use ${allowed} for ${path}.`,
        {},
        { ...cors, allow: `${allowed}, OPTIONS` },
      );
    if (statusMatch) return sessionStatus(decodeURIComponent(statusMatch[1]!), cors);
    return createSession(request, cors);
  }

  const answerError = (error: unknown, origin: string | null): Response => {
    if (error instanceof CheckoutInputError) {
      return errorResponse(
        error.status,
        error.code,
        error.message,
        error.field ? { field: error.field } : {},
        corsHeaders(origin),
      );
    }
    if (error instanceof WebhookSignatureError) {
      logger.warn({ failure: error.failure }, 'webhook rejected');
      return errorResponse(400, 'webhook_signature_invalid', error.message, { failure: error.failure });
    }
    logger.error({ err: loggableError(error) }, 'unexpected error');
    return errorResponse(500, 'internal_error', 'The checkout server hit an unexpected error; try again.');
  };

  return {
    options,
    async handle(request, context = {}) {
      try {
        return await route(request, context);
      } catch (error) {
        return answerError(error, request.headers.get('origin'));
      }
    },
    async webhook(delivery) {
      try {
        if (delivery.rawBody.byteLength > WEBHOOK_MAX_BYTES) {
          throw new CheckoutInputError(
            `The body is larger than ${WEBHOOK_MAX_BYTES} bytes.`,
            'body',
            413,
            'body_too_large',
          );
        }
        return await ingest(delivery.rawBody, delivery.signature);
      } catch (error) {
        return answerError(error, null);
      }
    },
  };
}

/**
 * The framework-agnostic core: a Fetch API handler serving `POST /sessions`, `GET /sessions/:id` and
 * `POST /webhook` (under `basePath`). Anything else answers 404.
 */
export function createCheckoutHandler(options: Readonly<CheckoutOptions>): CheckoutHandler {
  const core = createCheckoutCore(options);
  return async (request) =>
    (await core.handle(request)) ?? errorResponse(404, 'not_found', 'No such checkout route.');
}
