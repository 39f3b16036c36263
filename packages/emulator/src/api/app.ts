import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { isValidApiVersion, LATEST_API_VERSION } from '../state/api-version.js';
import { DomainError } from '../state/errors.js';
import { randomToken } from '../state/ids.js';
import { sweepExpiredSessions } from '../state/lifecycle.js';
import type { State } from '../state/store.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { type ApiKeys, requireSecretKey } from './auth.js';
import { catalogRouter } from './catalog.js';
import { checkoutSessionsRouter } from './checkout-sessions.js';
import { type ControlPlane, controlsRouter } from './controls.js';
import { fromDomainError, invalidRequest, StripeApiError } from './errors.js';
import type { FaultInjector } from './faults.js';
import { idempotency } from './idempotency.js';
import { parseForm, parseQuery } from './params.js';
import { paymentPagesRouter } from './payment-pages.js';
import { paymentsRouter } from './payments.js';
import { withRequestContext } from './request-context.js';
import { webhookEndpointsRouter } from './webhook-endpoints.js';

export interface AppParts {
  state: State;
  keys: ApiKeys;
  faults: FaultInjector;
  controls: ControlPlane;
  dispatcher: WebhookDispatcher;
  browserRouter: Router;
}

/** CORS like api.stripe.com: any origin, the headers Stripe.js and the SDKs send, preflight answered here. */
function cors(req: Request, res: Response, next: NextFunction): void {
  res.set('Access-Control-Allow-Origin', '*');
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    res.set(
      'Access-Control-Allow-Headers',
      req.get('access-control-request-headers') ??
        'Content-Type, Authorization, Stripe-Version, Idempotency-Key',
    );
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
}

/**
 * Every answer carries `Request-Id: req_…` (14 base62 characters, like Stripe's), failures included: a 401
 * has one too (https://docs.stripe.com/api/request_ids).
 */
function requestId(_req: Request, res: Response, next: NextFunction): void {
  const id = `req_${randomToken(14)}`;
  res.locals.requestId = id;
  res.set('Request-Id', id);
  next();
}

/** `Stripe-Version` and form/query params for the REST routes. */
function restContext(req: Request, res: Response, next: NextFunction): void {
  const requestId = String(res.locals.requestId);
  const version = req.get('stripe-version') ?? LATEST_API_VERSION;
  if (!isValidApiVersion(version)) {
    throw invalidRequest(`Invalid Stripe API version: ${version}. Versions look like ${LATEST_API_VERSION}.`);
  }
  res.set('Stripe-Version', version);
  const raw = typeof req.body === 'string' ? req.body : '';
  const params =
    req.method === 'GET' || req.method === 'DELETE' ? parseQuery(req.originalUrl) : parseForm(raw);
  Object.assign(res.locals, { apiVersion: version, params, requestId, idempotencyKey: null });
  next();
}

function notFound(req: Request): never {
  throw new StripeApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

function renderError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const stripeError = error instanceof DomainError ? fromDomainError(error) : error;
  if (stripeError instanceof StripeApiError) {
    const body = stripeError.toJSON() as { error: Record<string, unknown> };
    // Stripe links errors of authenticated requests to the request's page in the Dashboard's logs.
    if (stripeError.status !== 401 && typeof res.locals.requestId === 'string') {
      body.error.request_log_url = `https://dashboard.stripe.com/test/logs/${res.locals.requestId}?t=${Math.floor(Date.now() / 1000)}`;
    }
    res.status(stripeError.status).json(body);
    return;
  }
  const parseFailed = (error as { type?: string }).type === 'entity.parse.failed';
  if (parseFailed) {
    res
      .status(400)
      .json({ error: { type: 'invalid_request_error', message: 'The request body is not valid JSON.' } });
    return;
  }
  res.status(500).json({
    error: {
      type: 'api_error',
      message: `The emulator failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    },
  });
}

/**
 * The emulator's Express app. Order matters: faults/latency first (they cover everything, the stand-in's
 * scripts included), then CORS, the browser half, the browser endpoints, the controls, and the REST API.
 */
export function createApp(parts: AppParts): Express {
  const { state, keys } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestId);
  app.use(parts.faults.middleware());
  app.use(cors);
  app.use((_req: Request, _res: Response, next: NextFunction) => {
    sweepExpiredSessions(state);
    next();
  });
  app.use(parts.browserRouter);
  app.use(paymentPagesRouter(state, keys));
  app.use('/_emulator', requireSecretKey(keys), controlsRouter(parts.controls));
  app.use(
    '/v1',
    express.text({ type: () => true, limit: '10mb' }),
    requireSecretKey(keys),
    restContext,
    withRequestContext,
    idempotency(),
  );
  app.use(checkoutSessionsRouter(state));
  app.use(catalogRouter(state));
  app.use(paymentsRouter(state));
  app.use(webhookEndpointsRouter(state, parts.dispatcher));
  app.use(notFound);
  app.use(renderError);
  return app;
}
