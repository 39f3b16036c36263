import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { type BuyerCompletion, startEmulator } from '@checkout-element/emulator';
import express from 'express';
import type Stripe from 'stripe';
import {
  type CheckoutOptions,
  type CheckoutSession,
  createCheckoutLogger,
  createStripeClient,
  type Ledger,
} from '../../src/index.js';
import { checkoutRouter } from '../../src/express.js';
import { createSqliteLedger } from '../../src/sqlite.js';

export const SECRET_KEY = 'sk_test_server_suite_51Hsecretvalue';
export const PUBLISHABLE_KEY = 'pk_test_server_suite';
export const WEBHOOK_SECRET = 'whsec_server_suite_signing_secret';
export const SHOP_ORIGIN = 'https://shop.example';
export const PRICES = {
  tshirt: 'price_demo_tshirt',
  mug: 'price_demo_mug',
  membership: 'price_demo_membership_monthly',
};

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/**
 * The options a test's own Fetch handler starts from (`createCheckoutHandler({ ...handlerDefaults(), stripe, … })`):
 * the suite's keys and shop origin, one price, a fresh in-memory ledger, no logs.
 */
export function handlerDefaults() {
  return {
    publishableKey: PUBLISHABLE_KEY,
    catalog: [PRICES.tshirt],
    returnUrl: `${SHOP_ORIGIN}/thanks?session_id={CHECKOUT_SESSION_ID}`,
    allowedOrigins: [SHOP_ORIGIN],
    webhookSecret: WEBHOOK_SECRET,
    ledger: createSqliteLedger(':memory:'),
    logger: createCheckoutLogger({ level: 'silent' }),
  };
}

export interface HookCalls {
  fulfil: string[];
  expired: string[];
  failed: string[];
}

/** A webhook receiver that only records what the emulator sends, so a test can replay it at will. */
export interface Capture {
  readonly url: string;
  readonly bodies: string[];
  close(): Promise<void>;
}

export async function startCapture(): Promise<Capture> {
  const bodies: string[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    bodies.push(Buffer.concat(chunks).toString('utf8'));
    res.statusCode = 200;
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/capture`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface StackOptions {
  readonly ledger: Ledger;
  readonly overrides?: Partial<CheckoutOptions>;
  /** Register the server's /webhook with the emulator (default true). */
  readonly deliverWebhooks?: boolean;
  /** Extra endpoints (e.g. a capture) registered with the emulator. */
  readonly extraEndpoints?: readonly string[];
  readonly stripeTimeoutMs?: number;
}

export interface Stack {
  readonly base: string;
  readonly emulator: Emulator;
  readonly emulatorUrl: string;
  readonly stripe: Stripe;
  readonly calls: HookCalls;
  /** Every log line the server wrote. */
  readonly logs: string[];
  createSession(body?: unknown, headers?: Record<string, string>): Promise<Response>;
  emulatorCall(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The server (Express + checkoutRouter) and the emulator, wired both ways over HTTP: the server's SDK talks to
 * the emulator, and the emulator delivers signed webhooks to the server's /webhook.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  let app: express.Express | undefined;
  const server: Server = createServer((req, res) => {
    if (!app) {
      res.statusCode = 503;
      res.end();
      return;
    }
    app(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const endpoints = [
    ...(options.deliverWebhooks === false ? [] : [`${base}/webhook`]),
    ...(options.extraEndpoints ?? []),
  ].map((url) => ({ url, secret: WEBHOOK_SECRET }));
  const emulator = await startEmulator({ port: 0, secretKey: SECRET_KEY, webhookEndpoints: endpoints });
  const emulatorUrl = emulator.url;

  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const stripe = createStripeClient({
    secretKey: SECRET_KEY,
    apiBase: emulatorUrl,
    timeoutMs: options.stripeTimeoutMs ?? 5_000,
  });
  const calls: HookCalls = { fulfil: [], expired: [], failed: [] };
  const record = (list: string[]) => (session: CheckoutSession) => {
    list.push(session.id);
  };
  app = express();
  app.use(
    checkoutRouter({
      stripe,
      publishableKey: PUBLISHABLE_KEY,
      catalog: [PRICES.tshirt, { price: PRICES.mug, maxQuantity: 5 }],
      returnUrl: `${SHOP_ORIGIN}/thanks?session_id={CHECKOUT_SESSION_ID}`,
      allowedOrigins: [SHOP_ORIGIN],
      webhookSecret: WEBHOOK_SECRET,
      ledger: options.ledger,
      logger: createCheckoutLogger({ level: 'debug', destination }),
      onFulfil: record(calls.fulfil),
      onExpired: record(calls.expired),
      onPaymentFailed: record(calls.failed),
      rateLimit: false,
      ...options.overrides,
    }),
  );

  return {
    base,
    emulator,
    emulatorUrl,
    stripe,
    calls,
    logs,
    createSession(body = { items: [{ price: PRICES.tshirt, quantity: 1 }] }, headers = {}) {
      return fetch(`${base}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    emulatorCall(method, path, body) {
      return fetch(`${emulatorUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async close() {
      await emulator.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.ledger.close();
    },
  };
}

export async function createdSession(
  stack: Stack,
  body?: unknown,
): Promise<{ sessionId: string; clientSecret: string }> {
  const response = await stack.createSession(body);
  if (response.status !== 200)
    throw new Error(`POST /sessions answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { sessionId: string; clientSecret: string };
}

/** What a buyer paying in the browser does (the emulator's buyer simulation). */
export async function pay(stack: Stack, sessionId: string, completion: BuyerCompletion = {}): Promise<void> {
  await stack.emulator.buyer.complete(sessionId, { email: 'buyer@example.com', ...completion });
}
