import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { createApp } from './api/app.js';
import { findSession } from './api/checkout-sessions.js';
import { asStripeApiError } from './api/errors.js';
import type { BuyerChanges, BuyerCompletion, ControlPlane } from './api/controls.js';
import { type FaultSpec, FaultInjector } from './api/faults.js';
import { currentRequest } from './api/request-context.js';
import { createBrowserRouter } from './browser/routes.js';
import {
  DEFAULT_PUBLISHABLE_KEY,
  DEFAULT_SECRET_KEY,
  type EmulatorOptions,
  validateOptions,
} from './options.js';
import { isValidApiVersion, LATEST_API_VERSION } from './state/api-version.js';
import { seedDemoCatalog } from './state/catalog.js';
import { Clock } from './state/clock.js';
import { addOptionalItem, applyBuyerChanges } from './state/buyer.js';
import {
  assertOpen,
  expireSession,
  type Payment,
  payForSession,
  settleAsyncPayment,
  sweepExpiredSessions,
} from './state/lifecycle.js';
import { toRestSession } from './state/session-view.js';
import { DEFAULT_TERMS_OF_SERVICE_URL, State } from './state/store.js';
import { type WebhookDelivery, WebhookDispatcher, type WebhookEndpoint } from './webhooks/dispatcher.js';
import { eventFor } from './webhooks/events.js';

export interface Emulator {
  /** `http://127.0.0.1:PORT` — the API base URL and the origin of the Stripe.js stand-in. */
  readonly url: string;
  readonly port: number;
  readonly secretKey: string;
  readonly publishableKey: string;
  /** Spread into the official SDK: `new Stripe(emulator.secretKey, emulator.stripeConfig)`. */
  readonly stripeConfig: { host: string; port: number; protocol: 'http' };
  stop(): Promise<void>;
  readonly clock: {
    /** Emulator time in Unix seconds. */
    now(): number;
    /** Moves time forward; open sessions whose `expires_at` passed expire (with their webhook). */
    advance(seconds: number): number;
  };
  readonly faults: {
    /** The next `count` (default 1) requests matching `route` ('POST /v1/checkout/sessions') fail that way. */
    inject(fault: FaultSpec): void;
    latency(route: string, ms: number): void;
    clear(): void;
  };
  readonly buyer: {
    /** Pays as a buyer would in the browser; same state changes and webhooks. Declined cards reject (402 error). */
    complete(sessionId: string, completion?: BuyerCompletion): Promise<Stripe.Checkout.Session>;
    /** Changes what the buyer entered, as the Checkout Elements would (same checks), without paying. */
    update(sessionId: string, changes: BuyerChanges): Promise<Stripe.Checkout.Session>;
    settleAsyncPayment(sessionId: string, result: 'succeeded' | 'failed'): Promise<Stripe.Checkout.Session>;
    expire(sessionId: string): Promise<Stripe.Checkout.Session>;
  };
  readonly webhooks: {
    addEndpoint(endpoint: WebhookEndpoint): void;
    deliveries(): WebhookDelivery[];
    /** Resolves when every delivery has succeeded or used up its retries. */
    waitForIdle(): Promise<void>;
  };
  /** Every event raised so far, oldest first (also `GET /v1/events`). */
  events(): Stripe.EventBase[];
}

/** Domain refusals reach programmatic callers as the same StripeApiError the HTTP API answers with. */
function domain<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw asStripeApiError(error);
  }
}

function paymentFor(completion: BuyerCompletion): Payment {
  if (completion.outcome === 'delayed') return { method: 'outcome', outcome: 'delayed' };
  if (completion.card !== undefined) return { method: 'card', number: completion.card };
  return { method: 'outcome', outcome: 'paid' };
}

/** Starts an emulator on 127.0.0.1 and resolves once it is listening. */
export async function startEmulator(options: Readonly<EmulatorOptions> = {}): Promise<Emulator> {
  validateOptions(options);
  const apiVersion = options.apiVersion ?? LATEST_API_VERSION;
  if (!isValidApiVersion(apiVersion)) throw new TypeError(`apiVersion must look like ${LATEST_API_VERSION}`);
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const publishableKey = options.publishableKey ?? DEFAULT_PUBLISHABLE_KEY;
  const clock = new Clock(options.clock);
  const state = new State(clock, {
    termsOfServiceUrl:
      options.termsOfServiceUrl === undefined ? DEFAULT_TERMS_OF_SERVICE_URL : options.termsOfServiceUrl,
    previews: new Set(options.previews ?? []),
  });
  if (options.seedDemoCatalog ?? true) seedDemoCatalog(state);

  const dispatcher = new WebhookDispatcher(options.webhooks, apiVersion);
  for (const endpoint of options.webhookEndpoints ?? []) dispatcher.addEndpoint(endpoint);
  state.onChange((change) => {
    const envelope = {
      pendingWebhooks: dispatcher.countEndpoints(change.type),
      // Events raised by an API call name it, like Stripe's; the buyer and the clock raise them with nulls.
      request: {
        id: currentRequest()?.id ?? null,
        idempotency_key: currentRequest()?.idempotencyKey ?? null,
      },
    };
    const event = eventFor(state, change, { ...envelope, apiVersion });
    state.events.set(event.id, event);
    // Endpoints pinned to another API version get the same event rendered at theirs, as of now.
    const renderings = new Map<string, Stripe.EventBase>();
    for (const version of dispatcher.apiVersionsFor(change.type)) {
      if (version !== apiVersion)
        renderings.set(version, eventFor(state, change, { ...envelope, apiVersion: version, of: event }));
    }
    dispatcher.dispatch(event, (version) => renderings.get(version) ?? event);
  });
  dispatcher.onDelivered((eventId) => {
    const event = state.events.get(eventId);
    if (event && event.pending_webhooks > 0) event.pending_webhooks -= 1;
  });
  clock.onAdvance(() => sweepExpiredSessions(state));

  const faults = new FaultInjector();
  for (const [route, ms] of Object.entries(options.latency ?? {})) faults.latency(route, ms);

  const view = (sessionId: string) => toRestSession(state, findSession(state, sessionId), { apiVersion });
  const controls: ControlPlane = {
    complete(sessionId, completion) {
      const session = findSession(state, sessionId);
      assertOpen(session);
      for (const priceId of completion.optionalItems ?? []) addOptionalItem(state, session, priceId);
      payForSession(
        state,
        session,
        paymentFor(completion),
        {
          ...(completion.email !== undefined ? { email: completion.email } : {}),
          ...(completion.name !== undefined ? { name: completion.name } : {}),
          ...(completion.phone !== undefined ? { phone: completion.phone } : {}),
          ...(completion.billingAddress !== undefined ? { billingAddress: completion.billingAddress } : {}),
          ...(completion.shippingAddress !== undefined ? { shipping: completion.shippingAddress } : {}),
          ...(completion.shippingRate !== undefined ? { shippingRateId: completion.shippingRate } : {}),
          ...(completion.individualName !== undefined ? { individualName: completion.individualName } : {}),
          ...(completion.businessName !== undefined ? { businessName: completion.businessName } : {}),
          ...(completion.taxId !== undefined ? { taxId: completion.taxId } : {}),
          ...(completion.termsAccepted !== undefined ? { termsAccepted: completion.termsAccepted } : {}),
        },
        { strict: false },
      );
      return view(sessionId);
    },
    update(sessionId, changes) {
      applyBuyerChanges(state, findSession(state, sessionId), changes);
      return view(sessionId);
    },
    settleAsyncPayment(sessionId, result) {
      settleAsyncPayment(state, findSession(state, sessionId), result);
      return view(sessionId);
    },
    expire(sessionId) {
      expireSession(state, findSession(state, sessionId));
      return view(sessionId);
    },
    now: () => clock.now(),
    advance: (seconds) => clock.advance(seconds),
    inject: (fault) => faults.inject(fault),
    latency: (route, ms) => faults.latency(route, ms),
    clearFaults: () => faults.clear(),
    addEndpoint: (endpoint) => {
      dispatcher.addEndpoint(endpoint);
    },
    deliveries: () => dispatcher.deliveries(),
  };

  const app = createApp({
    state,
    dispatcher,
    keys: { secretKey, publishableKey },
    faults,
    controls,
    browserRouter: createBrowserRouter(),
  });
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} on ${host} is already in use: stop what runs there or pass another port (0 picks a free one).`,
            )
          : error,
      );
    });
    server.listen(options.port ?? 0, host);
  });
  const port = (server.address() as AddressInfo).port;
  // Sessions also expire with wall time, not only when a test advances the clock.
  const sweeper = setInterval(() => sweepExpiredSessions(state), 1000);
  sweeper.unref();

  let stopped: Promise<void> | undefined;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    secretKey,
    publishableKey,
    stripeConfig: { host, port, protocol: 'http' },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        clearInterval(sweeper);
        dispatcher.stop();
        faults.releaseHung();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
    clock: { now: () => clock.now(), advance: (seconds) => clock.advance(seconds) },
    faults: {
      inject: (fault) => faults.inject(fault),
      latency: (route, ms) => faults.latency(route, ms),
      clear: () => faults.clear(),
    },
    buyer: {
      complete: async (sessionId, completion = {}) => domain(() => controls.complete(sessionId, completion)),
      update: async (sessionId, changes) => domain(() => controls.update(sessionId, changes)),
      settleAsyncPayment: async (sessionId, result) =>
        domain(() => controls.settleAsyncPayment(sessionId, result)),
      expire: async (sessionId) => domain(() => controls.expire(sessionId)),
    },
    webhooks: {
      addEndpoint: (endpoint) => {
        dispatcher.addEndpoint(endpoint);
      },
      deliveries: () => dispatcher.deliveries(),
      waitForIdle: () => dispatcher.waitForIdle(),
    },
    events: () => [...state.events.values()],
  };
}
