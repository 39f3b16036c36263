// Shared by the API tests: an emulator per test file and the official SDK pointed at it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import Stripe from 'stripe';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/index.js';

/** An emulator started before the file's tests and stopped after them, with the official SDK pointed at it. */
export interface EmulatorFixture {
  readonly emulator: Emulator;
  readonly stripe: Stripe;
}

/**
 * Starts one emulator for the calling test file (node:test `before`/`after` hooks). Read `emulator` and `stripe`
 * inside tests: they exist once the file's `before` hook has run.
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  let emulator: Emulator | undefined;
  let stripe: Stripe | undefined;
  before(async () => {
    emulator = await startEmulator(options);
    stripe = sdk(emulator);
  });
  after(() => emulator?.stop());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('useEmulator(): read emulator and stripe inside a test or hook.');
    return value;
  };
  return {
    get emulator() {
      return started(emulator);
    },
    get stripe() {
      return started(stripe);
    },
  };
}

/** The official SDK against the emulator, without SDK retries so faults surface as they happen. */
export function sdk(emulator: Emulator, options: { apiVersion?: string; key?: string } = {}): Stripe {
  return new Stripe(options.key ?? emulator.secretKey, {
    ...emulator.stripeConfig,
    maxNetworkRetries: 0,
    ...(options.apiVersion ? { apiVersion: options.apiVersion as Stripe.StripeConfig['apiVersion'] } : {}),
  });
}

export const RETURN_URL = 'https://shop.example/return?session_id={CHECKOUT_SESSION_ID}';

/** An Elements session for the newest API version, one T-shirt unless told otherwise. */
export function elementsSession(
  stripe: Stripe,
  params: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    ui_mode: 'elements',
    return_url: RETURN_URL,
    line_items: [{ price: 'price_demo_tshirt', quantity: 1 }],
    ...params,
  });
}

export async function expectStripeError(
  promise: Promise<unknown>,
  expected: { status?: number; code?: string; param?: string; type?: string; message?: RegExp },
): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const { statusCode, code, param, type, message } = error;
    const actual = { status: statusCode, code, param, type, message };
    for (const [key, value] of Object.entries(expected)) {
      const got = actual[key as keyof typeof actual];
      const ok = value instanceof RegExp ? value.test(String(got)) : got === value;
      if (!ok) throw new Error(`expected ${key} ${String(value)}, got ${String(got)} (${message})`);
    }
    return error;
  }
  throw new Error('expected a Stripe error, but the call succeeded');
}

/** Stripe's published facts, vendored in test/stripe-reference/ (see its README). */
export function reference<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./stripe-reference/${name}`, import.meta.url), 'utf8')) as T;
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
}

/** A webhook receiver: answers with the next status in `statuses` (then 200) and records what arrived. */
export async function startReceiver(statuses: number[] = []): Promise<{
  url: string;
  received: ReceivedWebhook[];
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['stripe-signature'] ?? '') });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
      for (const waiter of [...waiting]) {
        if (received.length >= waiter.count) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    waitFor(count: number) {
      if (received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length} of ${count} webhooks arrived`)),
          10_000,
        );
        waiting.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
