/// <reference types="node" />
// The web-test-runner side of the browser tests: starts the Stripe emulator, creates Checkout Sessions with the
// official `stripe` SDK (as a merchant server would), plays a small companion server (`POST /sessions`,
// `GET /sessions/:id`) with fault injection, and drives the stand-in's cross-origin iframes through Playwright.
import type { IncomingMessage } from 'node:http';
import { DEMO_CATALOG, type Emulator, startEmulator } from '@checkout-element/emulator';
import Stripe from 'stripe';

interface KoaContext {
  req: IncomingMessage;
  path: string;
  method: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

// The few Playwright calls used here, typed structurally (playwright is the launcher's dependency, not ours).
interface Locator {
  fill(value: string): Promise<void>;
  click(): Promise<void>;
  count(): Promise<number>;
}
interface FrameLocator {
  getByLabel(label: string): Locator;
  getByRole(role: 'button', options: { name: string }): Locator;
}
interface Page {
  frameLocator(selector: string): FrameLocator;
  route(url: string, handler: (route: { abort(code: string): Promise<void> }) => unknown): Promise<void>;
}

interface TestSession {
  id: string;
  browser: { getPage?: (sessionId: string) => Page };
}

export interface SessionRequestLog {
  idempotencyKey: string | null;
  status: number;
  body: unknown;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

type Item = { price: string; quantity: number };

export function checkoutTestServer() {
  let emulator: Emulator | null = null;
  let stripe: Stripe;
  // Per test tag: how many more requests should fail, and what each request carried.
  const failuresLeft = new Map<string, number>();
  const requestLog = new Map<string, SessionRequestLog[]>();
  const answersByKey = new Map<string, unknown>();

  async function createSession(query: KoaContext['query'], body: Record<string, unknown>) {
    const mode = (first(query.mode) ?? 'payment') as 'payment' | 'subscription' | 'setup';
    const requested = Array.isArray(body.items) ? (body.items as Item[]) : [];
    const items: Item[] =
      requested.length > 0
        ? requested
        : mode === 'subscription'
          ? [{ price: DEMO_CATALOG.prices.membershipMonthly, quantity: 1 }]
          : [
              { price: DEMO_CATALOG.prices.tshirt, quantity: 1 },
              { price: DEMO_CATALOG.prices.mug, quantity: 1 },
            ];
    const adjustable = first(query.adjustable) === '1';
    const params: Stripe.Checkout.SessionCreateParams = {
      ui_mode: 'elements' as Stripe.Checkout.SessionCreateParams.UiMode,
      mode,
      return_url: 'http://127.0.0.1/return?session_id={CHECKOUT_SESSION_ID}',
      ...(mode === 'setup'
        ? { currency: 'usd' }
        : {
            line_items: items.map((item) => ({
              price: item.price,
              quantity: item.quantity,
              ...(adjustable ? { adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 } } : {}),
            })),
          }),
      ...(typeof body.email === 'string' ? { customer_email: body.email } : {}),
      ...(first(query.email) ? { customer_email: first(query.email) } : {}),
      ...(first(query.promo) === '1' ? { allow_promotion_codes: true } : {}),
      ...(first(query.tax) === '1' ? { automatic_tax: { enabled: true } } : {}),
      ...(first(query.shipping) === '1'
        ? {
            shipping_address_collection: { allowed_countries: ['US'] },
            shipping_options: [
              { shipping_rate: DEMO_CATALOG.shippingRates.standard },
              { shipping_rate: DEMO_CATALOG.shippingRates.express },
            ],
          }
        : {}),
    };
    const session = await stripe.checkout.sessions.create(params);
    return {
      clientSecret: session.client_secret,
      sessionId: session.id,
      expiresAt: session.expires_at,
      publishableKey: emulator?.publishableKey,
    };
  }

  async function handle(ctx: KoaContext): Promise<boolean> {
    if (!emulator) return false;
    const tag = first(ctx.query.tag) ?? 'default';
    if (ctx.path === '/__checkout/config' && ctx.method === 'GET') {
      ctx.body = { emulatorUrl: emulator.url, publishableKey: emulator.publishableKey };
      return true;
    }
    if (ctx.path === '/__checkout/sessions' && ctx.method === 'POST') {
      const body = await readJson(ctx.req);
      const idempotencyKey = (ctx.req.headers['idempotency-key'] as string | undefined) ?? null;
      const log = requestLog.get(tag) ?? [];
      requestLog.set(tag, log);
      const failing = failuresLeft.get(tag) ?? 0;
      if (failing > 0) {
        failuresLeft.set(tag, failing - 1);
        log.push({ idempotencyKey, status: 503, body });
        ctx.status = 503;
        ctx.body = { error: { message: 'Service temporarily unavailable' } };
        return true;
      }
      if (first(ctx.query.secret) === 'payment-intent') {
        log.push({ idempotencyKey, status: 200, body });
        ctx.body = {
          clientSecret: 'pi_3Test000000000000_secret_abc',
          publishableKey: emulator.publishableKey,
        };
        return true;
      }
      const cached = idempotencyKey ? answersByKey.get(idempotencyKey) : undefined;
      const created = cached ?? (await createSession(ctx.query, body));
      // `expiresIn` lets a test pretend the session expires in a few seconds (only the answer says so).
      const expiresIn = Number(first(ctx.query.expiresIn) ?? 0);
      const answer = expiresIn
        ? { ...(created as object), expiresAt: Date.now() / 1000 + expiresIn }
        : created;
      if (idempotencyKey) answersByKey.set(idempotencyKey, created);
      log.push({ idempotencyKey, status: 200, body });
      ctx.body = answer;
      return true;
    }
    if (ctx.path === '/__checkout/faults' && ctx.method === 'POST') {
      const body = await readJson(ctx.req);
      failuresLeft.set(tag, Number(body.count ?? 0));
      requestLog.set(tag, []);
      ctx.body = { ok: true };
      return true;
    }
    if (ctx.path === '/__checkout/log' && ctx.method === 'GET') {
      ctx.body = requestLog.get(tag) ?? [];
      return true;
    }
    const expire = /^\/__checkout\/sessions\/(cs_\w+)\/expire$/.exec(ctx.path);
    if (expire && ctx.method === 'POST') {
      await emulator.buyer.expire(expire[1]!);
      ctx.body = { ok: true };
      return true;
    }
    // A stub of the companion server's GET /sessions/:id, keyed by made-up ids.
    const status = /^\/__checkout\/status\/(cs_test_\w+)$/.exec(ctx.path);
    if (status && ctx.method === 'GET') {
      const id = status[1]!;
      const answers: Record<string, unknown> = {
        cs_test_paid: { status: 'complete', paymentStatus: 'paid' },
        cs_test_delayed: { status: 'complete', paymentStatus: 'unpaid' },
        cs_test_open: { status: 'open', paymentStatus: 'unpaid' },
        cs_test_expired: { status: 'expired', paymentStatus: 'unpaid' },
      };
      const found = answers[id];
      if (!found) {
        ctx.status = id === 'cs_test_broken' ? 500 : 404;
        ctx.body = { error: { message: 'No such session' } };
        return true;
      }
      ctx.body = {
        customerEmail: 'buyer@example.com',
        amountTotal: 2198,
        currency: 'usd',
        lineItems: [],
        ...found,
      };
      return true;
    }
    return false;
  }

  function pageOf(session: TestSession): Page {
    const page = session.browser.getPage?.(session.id);
    if (!page) throw new Error('checkout commands need the Playwright launcher');
    return page;
  }

  // Registered through the config's `middleware` so it runs before the static file server.
  const middleware = async (ctx: KoaContext, next: () => Promise<void>) => {
    if (!ctx.path.startsWith('/__checkout/')) return next();
    try {
      if (!(await handle(ctx))) await next();
    } catch (error) {
      ctx.status = 500;
      ctx.body = { error: { message: error instanceof Error ? error.message : String(error) } };
    }
  };

  const plugin = {
    name: 'checkout-test-server',
    async serverStart() {
      emulator = await startEmulator();
      stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
    },
    async serverStop() {
      await emulator?.stop();
      emulator = null;
    },
    async executeCommand({
      command,
      payload,
      session,
    }: {
      command: string;
      payload: Record<string, string> | undefined;
      session: TestSession;
    }) {
      if (command === 'checkout:fill-card') {
        const card = pageOf(session).frameLocator(`[id="${payload?.mount}"] iframe`);
        await card.getByLabel('Card number').fill(payload?.number ?? '4242 4242 4242 4242');
        await card.getByLabel('Expiration date').fill(payload?.expiry ?? '12 / 34');
        await card.getByLabel('Security code').fill(payload?.cvc ?? '123');
        const postal = card.getByLabel('Postal code');
        if (await postal.count()) await postal.fill(payload?.postalCode ?? '94103');
        return true;
      }
      if (command === 'checkout:fill-address') {
        const address = pageOf(session).frameLocator(`[id="${payload?.mount}"] iframe`);
        await address.getByLabel('Full name').fill('Jenny Rosen');
        await address.getByLabel('Address line 1').fill('510 Townsend St');
        await address.getByLabel('City').fill('San Francisco');
        await address.getByLabel('State or province').fill('CA');
        await address.getByLabel('Postal code').fill('94103');
        return true;
      }
      if (command === 'checkout:challenge') {
        const challenge = pageOf(session).frameLocator('[data-stripe-emulator-challenge] iframe');
        await challenge.getByRole('button', { name: payload?.result ?? 'Complete' }).click();
        return true;
      }
      if (command === 'checkout:express-pay') {
        const wallet = pageOf(session).frameLocator(`[id="${payload?.mount}"] iframe`);
        await wallet.getByRole('button', { name: 'with Test Wallet' }).click();
        await wallet.getByRole('button', { name: 'Approve' }).click();
        return true;
      }
      if (command === 'checkout:block-stripe-js') {
        await pageOf(session).route('https://js.stripe.com/**', (route) => route.abort('connectionrefused'));
        return true;
      }
      return undefined;
    },
  };
  return { plugin, middleware };
}
