/// <reference types="node" />
// Over ~450 lines because it is one fixture: the companion routes, fault injection and the Playwright commands that
// drive the stand-in's iframes share its state (session-params.ts and session-update-routes.ts hold what stands alone).
// The web-test-runner side of the browser tests: starts the Stripe emulator, creates Checkout Sessions with the
// official `stripe` SDK (as a merchant server would), plays a small companion server (`POST /sessions`,
// `GET /sessions/:id`) with fault injection, and drives the stand-in's cross-origin iframes through Playwright.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  companionErrorBodySchema,
  type SessionCreated,
  sessionCreatedSchema,
  sessionStatusSchema,
  sessionUpdatedSchema,
} from '@checkout-element/protocol';
import { DEMO_CATALOG, type Emulator, startEmulator } from '@checkout-element/emulator';
import Stripe from 'stripe';
import { REAL_BASE, realCompanion } from './real-companion.js';
import { collectsOf, first, type Item, surfaceParams } from './session-params.js';
import { sessionUpdateRoutes } from './session-update-routes.js';

interface KoaContext {
  req: IncomingMessage;
  origin: string;
  res: ServerResponse;
  url: string;
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
  check(): Promise<void>;
  selectOption(value: string): Promise<unknown>;
  evaluate<R>(script: (node: Element) => R): Promise<R>;
  count(): Promise<number>;
}
interface FrameParent {
  frameLocator(selector: string): FrameLocator;
}
interface FrameLocator extends FrameParent {
  getByLabel(label: string, options?: { exact: boolean }): Locator;
  getByRole(role: 'button', options: { name: string }): Locator;
}
interface Route {
  request(): { url(): string };
  abort(code: string): Promise<void>;
  fetch(options: { url: string }): Promise<unknown>;
  fulfill(options: { response: unknown }): Promise<void>;
}
interface CdpSession {
  send(method: 'HeapProfiler.collectGarbage'): Promise<void>;
  send(method: 'Memory.getDOMCounters'): Promise<Omit<DomCounters, 'jsHeapUsedSize'>>;
  send(method: 'Runtime.getHeapUsage'): Promise<{ usedSize: number }>;
  detach(): Promise<void>;
}
interface Page extends FrameParent {
  route(url: string, handler: (route: Route) => unknown): Promise<void>;
  bringToFront(): Promise<void>;
  locator(selector: string): { first(): { waitFor(options: { state: 'visible' }): Promise<void> } };
  waitForFunction<A>(check: (argument: A) => boolean, argument: A): Promise<unknown>;
  evaluate(script: () => Promise<void>): Promise<void>;
  context(): { newCDPSession(page: Page): Promise<CdpSession> };
}

/** Chromium's counters of live DOM objects (DevTools protocol, Memory.getDOMCounters). */
export interface DomCounters {
  documents: number;
  nodes: number;
  jsEventListeners: number;
  /** For the record only (a heap's size is not a count the tests can hold exactly). */
  jsHeapUsedSize: number;
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

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Line items with product images (`images=1`): a long and a short name, a four-digit and a two-digit price. */
const IMAGE_ITEMS = (origin: string) => [
  {
    price_data: {
      currency: 'usd',
      unit_amount: 124_900,
      product_data: {
        name: 'Hand-thrown stoneware dinner set for six, glazed in deep ocean blue',
        images: [`${origin}/__checkout/product.svg?color=1f4e79`],
      },
    },
    quantity: 1,
  },
  {
    price_data: {
      currency: 'usd',
      unit_amount: 900,
      product_data: { name: 'Card', images: [`${origin}/__checkout/product.svg?color=c0392b`] },
    },
    quantity: 2,
  },
];

/**
 * A session endpoint failing `count` more times: `retryable` and `final` answer the protocol's error body with
 * `retryable` true / false; `legacy` answers a pre-protocol body without `retryable`.
 */
export interface Fault {
  count: number;
  kind: 'retryable' | 'final' | 'legacy';
  status: number;
  code: string;
  message: string;
}

export function checkoutTestServer() {
  let emulator: Emulator | null = null;
  let stripe: Stripe;
  let cloverStripe: Stripe;
  // Per test tag: the fault the next requests meet, and what each request carried.
  const faults = new Map<string, Fault>();
  const requestLog = new Map<string, SessionRequestLog[]>();
  const answersByKey = new Map<string, SessionCreated>();
  const updateLog = new Map<string, Array<{ route: string; body: unknown }>>();
  const stripeJsRequests: string[] = [];

  async function createSession(
    query: KoaContext['query'],
    body: Record<string, unknown>,
    origin: string,
  ): Promise<SessionCreated> {
    const mode = (first(query.mode) ?? 'payment') as 'payment' | 'subscription' | 'setup';
    // `custom` is the ui_mode of API versions up to 2025-09-30.clover; `elements` from 2026-03-25.dahlia on.
    const uiMode = first(query.uiMode) === 'custom' ? 'custom' : 'elements';
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
    // `images=1`: two products of the shop's own (price_data) with images and names of very different lengths, as
    // Stripe's line items carry them (the product's `images`), to show the summary's columns and thumbnails.
    const withImages = first(query.images) === '1';

    // `returnUrl=` sets the session's return_url; `returnUrl=none` creates one without, card only: return_url "is
    // required if ui_mode is embedded_page or elements and redirect-based payment methods are enabled on the session"
    // (stripe-node 23.1.0, resources/Checkout/Sessions.d.ts, SessionCreateParams.return_url).
    const returnUrl = first(query.returnUrl) ?? 'http://127.0.0.1/return?session_id={CHECKOUT_SESSION_ID}';
    const params = {
      ui_mode: uiMode,
      mode,
      ...(returnUrl === 'none' ? { payment_method_types: ['card'] } : { return_url: returnUrl }),
      ...(mode === 'setup'
        ? { currency: 'usd' }
        : {
            line_items: (withImages ? IMAGE_ITEMS(origin) : items).map((item) => ({
              ...item,
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
      ...surfaceParams(query),
    } as unknown as Stripe.Checkout.SessionCreateParams;
    const session = await (uiMode === 'custom' ? cloverStripe : stripe).checkout.sessions.create(params);
    if (!emulator || !session.client_secret)
      throw new Error('the emulator returned a session without a client_secret');
    return {
      clientSecret: session.client_secret,
      sessionId: session.id,
      expiresAt: session.expires_at,
      publishableKey: emulator.publishableKey,
      uiMode,
      collects: collectsOf(query),
    };
  }

  /**
   * Sends a companion-protocol answer after checking it against the protocol's zod schema, so that this stand-in
   * for a companion server cannot drift from docs/companion-protocol.md: an answer that does not conform fails the
   * test with a 500 naming the difference. `offContract` marks the few answers that break the contract on purpose
   * (a misbehaving or pre-protocol server), each with the reason.
   */
  function reply(
    ctx: KoaContext,
    status: number,
    body: unknown,
    schema:
      | typeof sessionCreatedSchema
      | typeof sessionStatusSchema
      | typeof companionErrorBodySchema
      | typeof sessionUpdatedSchema
      | { offContract: string },
  ): void {
    if ('safeParse' in schema) {
      const checked = schema.safeParse(body);
      if (!checked.success) {
        throw new Error(`test server answer violates the companion protocol: ${checked.error.message}`);
      }
    }
    ctx.status = status;
    ctx.body = body;
  }

  function replyError(ctx: KoaContext, status: number, code: string, message: string, retryable: boolean) {
    reply(ctx, status, { error: { code, message, retryable } }, companionErrorBodySchema);
  }

  const updateSession = sessionUpdateRoutes({
    stripe: () => stripe,
    faults,
    updateLog,
    readJson,
    reply: (ctx, status, body) =>
      reply(
        ctx as KoaContext,
        status,
        body,
        status === 200 ? sessionUpdatedSchema : companionErrorBodySchema,
      ),
  });

  const real = realCompanion(() => emulator);

  async function handle(ctx: KoaContext): Promise<boolean> {
    if (!emulator) return false;
    if (ctx.path.startsWith(`${REAL_BASE}/`)) {
      await real.handle(ctx);
      return true;
    }
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
      const fault = faults.get(tag);
      if (fault && fault.count > 0) {
        fault.count -= 1;
        log.push({ idempotencyKey, status: fault.status, body });
        if (fault.kind === 'legacy') {
          // A server from before protocol version 1: no `retryable`, judged by its status.
          reply(
            ctx,
            fault.status,
            { error: { message: fault.message } },
            { offContract: 'pre-protocol server' },
          );
        } else {
          replyError(ctx, fault.status, fault.code, fault.message, fault.kind === 'retryable');
        }
        return true;
      }
      if (first(ctx.query.secret) === 'payment-intent') {
        log.push({ idempotencyKey, status: 200, body });
        const wrong = {
          clientSecret: 'pi_3Test000000000000_secret_abc',
          publishableKey: emulator.publishableKey,
        };
        reply(ctx, 200, wrong, { offContract: 'a server handing out a PaymentIntent secret by mistake' });
        return true;
      }
      const cached = idempotencyKey ? answersByKey.get(idempotencyKey) : undefined;
      const created = cached ?? (await createSession(ctx.query, body, ctx.origin));
      // `expiresIn` lets a test pretend the session expires in a few seconds (only the answer says so).
      const expiresIn = Number(first(ctx.query.expiresIn) ?? 0);
      const answer = expiresIn
        ? { ...created, expiresAt: Math.floor(Date.now() / 1000) + expiresIn }
        : created;
      if (idempotencyKey) answersByKey.set(idempotencyKey, created);
      log.push({ idempotencyKey, status: 200, body });
      reply(ctx, 200, answer, sessionCreatedSchema);
      return true;
    }
    const update = /^\/__checkout\/sessions\/(cs_\w+)\/(items|shipping)$/.exec(ctx.path);
    if (update && ctx.method === 'POST') {
      await updateSession(ctx, tag, update[1]!, update[2] as 'items' | 'shipping');
      return true;
    }
    if (ctx.path === '/__checkout/updates' && ctx.method === 'GET') {
      ctx.body = updateLog.get(tag) ?? [];
      return true;
    }
    if (ctx.path === '/__checkout/faults' && ctx.method === 'POST') {
      const body = await readJson(ctx.req);
      const faultTag = body.route ? `${tag}:${String(body.route)}` : tag;
      const kind = (body.kind as Fault['kind'] | undefined) ?? 'retryable';
      faults.set(faultTag, {
        count: Number(body.count ?? 0),
        kind,
        status: Number(body.status ?? (kind === 'final' ? 502 : 503)),
        code: String(body.code ?? (kind === 'final' ? 'stripe_misconfigured' : 'ledger_unavailable')),
        message: String(body.message ?? 'Service temporarily unavailable'),
      });
      requestLog.set(tag, []);
      ctx.body = { ok: true };
      return true;
    }
    if (ctx.path === '/__checkout/log' && ctx.method === 'GET') {
      ctx.body = requestLog.get(tag) ?? [];
      return true;
    }
    if (ctx.path === '/__checkout/product.svg' && ctx.method === 'GET') {
      const color = /^[0-9a-f]{6}$/.test(first(ctx.query.color) ?? '') ? first(ctx.query.color) : '888888';
      ctx.set('Content-Type', 'image/svg+xml');
      ctx.body = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="6" fill="#${color}"/><circle cx="24" cy="24" r="12" fill="#fff" opacity=".6"/></svg>`;
      return true;
    }
    if (ctx.path === '/__checkout/return' && ctx.method === 'GET') {
      ctx.set('Content-Type', 'text/html; charset=utf-8');
      ctx.body = '<!doctype html><title>Return page</title><p id="returned">Returned</p>';
      return true;
    }
    const expire = /^\/__checkout\/sessions\/(cs_\w+)\/expire$/.exec(ctx.path);
    if (expire && ctx.method === 'POST') {
      await emulator.buyer.expire(expire[1]!);
      ctx.body = { ok: true };
      return true;
    }
    // The companion server's GET /sessions/:id, answering made-up ids.
    const status = /^\/__checkout\/status\/(cs_test_\w+)$/.exec(ctx.path);
    if (status && ctx.method === 'GET') {
      const id = status[1]!;
      const answers: Record<string, { status: string; paymentStatus: string; mode?: string }> = {
        cs_test_paid: { status: 'complete', paymentStatus: 'paid' },
        // A setup-mode session: a card saved, nothing charged (Stripe: payment_status "no_payment_required").
        cs_test_setup: { status: 'complete', paymentStatus: 'no_payment_required', mode: 'setup' },
        cs_test_subscribed: { status: 'complete', paymentStatus: 'paid', mode: 'subscription' },
        cs_test_delayed: { status: 'complete', paymentStatus: 'unpaid' },
        cs_test_open: { status: 'open', paymentStatus: 'unpaid' },
        cs_test_expired: { status: 'expired', paymentStatus: 'unpaid' },
      };
      const found = answers[id];
      if (!found) {
        if (id === 'cs_test_broken')
          replyError(ctx, 500, 'internal_error', 'The server failed unexpectedly.', true);
        else replyError(ctx, 404, 'not_found', `No such checkout session: ${id}`, false);
        return true;
      }
      const mode = found.mode ?? 'payment';
      const session = {
        ...found,
        mode,
        customerEmail: 'buyer@example.com',
        amountTotal: mode === 'setup' ? null : mode === 'subscription' ? 900 : 2198,
        currency: mode === 'setup' ? null : 'usd',
        lineItems:
          mode === 'subscription'
            ? [
                {
                  price: 'price_demo_membership_monthly',
                  description: 'Emulator Club membership',
                  quantity: 1,
                  amountTotal: 900,
                  currency: 'usd',
                },
              ]
            : [],
        fulfilled: found.paymentStatus !== 'unpaid',
      };
      reply(ctx, 200, session, sessionStatusSchema);
      return true;
    }
    return false;
  }

  /**
   * Before clicking inside a cross-origin frame: the test page comes to the front (web-test-runner runs two test
   * files in parallel pages, and a page that is not rendering never lets a frame's ResizeObserver report its
   * height, so the iframe stays 1 px tall and its overlay takes every click), the frame has grown to its content,
   * and two frames have been rendered so Chromium's hit-test data for the frame is current.
   */
  async function settleFrame(page: Page, selector: string, minHeight = 40): Promise<void> {
    await page.bringToFront();
    const frame = page.locator(selector).first();
    await frame.waitFor({ state: 'visible' });
    await page.waitForFunction(
      ([css, least]: [string, number]) =>
        (document.querySelector(css)?.getBoundingClientRect().height ?? 0) > least,
      [selector, minHeight] as [string, number],
    );
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
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
      const message = error instanceof Error ? error.message : String(error);
      console.error(`checkout test server: ${message}`);
      ctx.status = 500;
      ctx.body = { error: { code: 'internal_error', message, retryable: false } };
    }
  };

  const plugin = {
    name: 'checkout-test-server',
    async serverStart() {
      emulator = await startEmulator({ previews: ['elements_optional_items'] });
      stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
      cloverStripe = new Stripe(emulator.secretKey, {
        ...emulator.stripeConfig,
        maxNetworkRetries: 0,
        // The last API version whose Checkout Sessions for Stripe Elements are ui_mode `custom`.
        apiVersion: '2025-09-30.clover' as Stripe.StripeConfig['apiVersion'],
      });
    },
    async serverStop() {
      await emulator?.stop();
      emulator = null;
      real.stop();
    },
    async executeCommand({
      command,
      payload,
      session,
    }: {
      command: string;
      payload: Record<string, string | undefined> | undefined;
      session: TestSession;
    }) {
      // `frame` names an iframe of the test page that holds the checkout (redirect tests keep the page itself).
      const scope: FrameParent = payload?.frame
        ? pageOf(session).frameLocator(payload.frame)
        : pageOf(session);
      if (command === 'checkout:fill-card') {
        const card = scope.frameLocator(`[id="${payload?.mount}"] iframe`);
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
        await address.getByLabel('State or province').fill(payload?.state ?? 'CA');
        await address.getByLabel('Postal code').fill('94103');
        return true;
      }
      if (command === 'checkout:fill-frame') {
        // `fields`: JSON of exact label → value; `check` ticks a checkbox, a <select> takes the option's value.
        await settleFrame(pageOf(session), `[id="${payload?.mount}"] iframe`, 10);
        const frame = pageOf(session).frameLocator(`[id="${payload?.mount}"] iframe`);
        const fields = JSON.parse(payload?.fields ?? '{}') as Record<string, string>;
        for (const [label, value] of Object.entries(fields)) {
          const field = frame.getByLabel(label, { exact: true });
          if (value === 'check') await field.check();
          else if ((await field.evaluate((node) => node.tagName)) === 'SELECT')
            await field.selectOption(value);
          else await field.fill(value);
        }
        return true;
      }
      if (command === 'checkout:challenge') {
        const page = pageOf(session);
        await settleFrame(page, '[data-stripe-emulator-challenge] iframe');
        const challenge = page.frameLocator('[data-stripe-emulator-challenge] iframe');
        await challenge.getByRole('button', { name: payload?.result ?? 'Complete' }).click();
        return true;
      }
      if (command === 'checkout:express-pay') {
        const page = pageOf(session);
        await settleFrame(page, `[id="${payload?.mount}"] iframe`);
        const wallet = page.frameLocator(`[id="${payload?.mount}"] iframe`);
        await wallet.getByRole('button', { name: 'with Test Wallet' }).click();
        await wallet.getByRole('button', { name: 'Approve' }).click();
        return true;
      }
      if (command === 'checkout:block-stripe-js') {
        await pageOf(session).route('https://js.stripe.com/**', (route) => route.abort('connectionrefused'));
        return true;
      }
      if (command === 'checkout:route-stripe-js') {
        // Stripe's CDN answered by the emulator's stand-in, release by release (as its README shows).
        const origin = emulator?.url;
        if (!origin) throw new Error('the emulator is not running');
        await pageOf(session).route('https://js.stripe.com/**', async (route) => {
          const { pathname, search } = new URL(route.request().url());
          stripeJsRequests.push(pathname);
          try {
            // Fetched and fulfilled rather than continued: a continued request may not change its scheme.
            await route.fulfill({ response: await route.fetch({ url: `${origin}${pathname}${search}` }) });
          } catch (error) {
            // A page closing with requests in flight disposes them: not a failure worth a line.
            if (!/disposed|closed/.test(String(error))) {
              console.error(`checkout test server: routing ${pathname} to the emulator failed`, error);
            }
            await route.abort('failed').catch(() => {});
          }
        });
        return true;
      }
      if (command === 'checkout:stripe-js-requests') return stripeJsRequests;
      if (command === 'checkout:dom-counters') {
        // A forced, full garbage collection first: what is left is what something still references.
        const cdp = await pageOf(session).context().newCDPSession(pageOf(session));
        try {
          await cdp.send('HeapProfiler.collectGarbage');
          const counters = await cdp.send('Memory.getDOMCounters');
          const heap = await cdp.send('Runtime.getHeapUsage');
          return { ...counters, jsHeapUsedSize: heap.usedSize };
        } finally {
          await cdp.detach();
        }
      }
      return undefined;
    },
  };
  return { plugin, middleware };
}
