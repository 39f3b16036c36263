// Shared by the browser tests: the emulator, the official Stripe SDK against it, a merchant page served from a
// second local server (so the stand-in's iframes really are cross-origin), and one Chromium per test file.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { type Browser, chromium, type FrameLocator, type Page } from 'playwright-core';
import Stripe from 'stripe';
import { type EmulatorOptions, startEmulator } from '../src/index.js';

export type Train = 'clover' | 'dahlia' | 'endive';

export interface Harness {
  emulatorUrl: string;
  publishableKey: string;
  stripe: Stripe;
  pageOrigin: string;
  browser: Browser;
  /**
   * A Checkout Session for the train's ui_mode (custom on clover, elements from dahlia on), created at the
   * train's API version unless `apiVersion` says otherwise.
   */
  createSession(
    train: Train,
    params?: Partial<Stripe.Checkout.SessionCreateParams>,
    options?: { apiVersion?: string },
  ): Promise<Stripe.Checkout.Session>;
  /**
   * A fresh page (own context) with the stand-in of `train` loaded from the emulator, or from `stripeJsOrigin`
   * (e.g. https://js.stripe.com, which the test then routes to the emulator).
   */
  openPage(
    train: Train,
    options?: { stripeJsOrigin?: string; prepare?: (page: Page) => Promise<unknown> },
  ): Promise<Page>;
  close(): Promise<void>;
}

const API_VERSIONS: Record<Train, string> = {
  clover: '2025-09-30.clover',
  dahlia: '2026-03-25.dahlia',
  endive: '2026-10-28.endive',
};

function merchantPage(scriptOrigin: string, publishableKey: string, train: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Merchant test page</title>
<script src="${scriptOrigin}/${train}/stripe.js"></script>
</head>
<body>
<h1>Checkout</h1>
<div id="express"></div>
<div id="contact"></div>
<div id="payment"></div>
<div id="shipping"></div>
<div id="billing"></div>
<div id="currency"></div>
<div id="taxid"></div>
<div id="terms"></div>
<div id="link"></div>
<p id="return-page" hidden>returned</p>
<script>
  // The page drives the stand-in the way an integration does; tests call these through page.evaluate.
  window.start = (clientSecret, options = {}, stripeOptions = undefined) => {
    const stripe = Stripe(${JSON.stringify(publishableKey)}, stripeOptions);
    const init = Stripe.version === 'clover' ? stripe.initCheckout : stripe.initCheckoutElementsSdk;
    const checkout = init.call(stripe, { clientSecret, ...options });
    window.checkout = checkout;
    window.changes = [];
    window.elementEvents = [];
    checkout.on('change', (session) => window.changes.push(session));
    return checkout.loadActions().then((result) => {
      if (result.type === 'success') window.actions = result.actions;
      return result;
    });
  };
  window.mount = (kind, selector, options) => new Promise((resolve, reject) => {
    const create = {
      payment: () => checkout.createPaymentElement(options),
      express: () => checkout.createExpressCheckoutElement(options),
      shipping: () => checkout.createShippingAddressElement(options),
      billing: () => checkout.createBillingAddressElement(options),
      contact: () => checkout.createContactDetailsElement(options),
      currency: () => checkout.createCurrencySelectorElement(),
      taxid: () => checkout.createTaxIdElement(options),
      terms: () => checkout.createTermsElement(options),
      link: () => checkout.createLinkSignupElement(options),
    }[kind];
    const element = create();
    for (const type of ['ready', 'change', 'focus', 'blur', 'loaderstart', 'loaderror', 'click', 'confirm', 'cancel']) {
      element.on(type, (event) => window.elementEvents.push({ kind, type, event: JSON.parse(JSON.stringify(event)) }));
    }
    element.on('ready', () => resolve(true));
    element.on('loaderror', (event) => reject(new Error(event.error.message)));
    element.mount(selector);
  });
</script>
</body>
</html>`;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, ...options });
  const emulatorUrl = emulator.url.replace(/\/$/, '');
  const stripe = new Stripe(emulator.secretKey, {
    host: '127.0.0.1',
    port: Number(new URL(emulatorUrl).port),
    protocol: 'http',
  });
  const pages: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/return') {
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><title>Returned</title><h1>Thanks</h1>');
      return;
    }
    const train = url.searchParams.get('train') ?? 'endive';
    const scriptOrigin = url.searchParams.get('stripeJs') ?? emulatorUrl;
    response
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end(merchantPage(scriptOrigin, emulator.publishableKey, train));
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  return {
    emulatorUrl,
    publishableKey: emulator.publishableKey,
    stripe,
    pageOrigin,
    browser,
    createSession: (train, params = {}, options = {}) => {
      const apiVersion = options.apiVersion ?? API_VERSIONS[train];
      return stripe.checkout.sessions.create(
        {
          ui_mode: apiVersion < '2026-03-25' ? ('custom' as 'elements') : 'elements',
          mode: 'payment',
          customer_email: 'buyer@example.com',
          return_url: `${pageOrigin}/return?session_id={CHECKOUT_SESSION_ID}`,
          line_items: [
            {
              price_data: { currency: 'usd', unit_amount: 2000, product_data: { name: 'T-shirt' } },
              quantity: 1,
              adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 },
            },
          ],
          ...params,
        },
        { apiVersion },
      );
    },
    openPage: async (train, options = {}) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      await options.prepare?.(page);
      const query = new URLSearchParams({ train });
      if (options.stripeJsOrigin) query.set('stripeJs', options.stripeJsOrigin);
      await page.goto(`${pageOrigin}/?${query}`);
      return page;
    },
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => pages.close(() => resolve()));
      await emulator.stop();
    },
  };
}

export function clientSecretOf(session: Stripe.Checkout.Session): string {
  assert.ok(session.client_secret, 'the session has a client_secret');
  return session.client_secret;
}

export function paymentFrame(page: Page): FrameLocator {
  return page.frameLocator('#payment iframe');
}

export async function fillCard(page: Page, number: string): Promise<void> {
  const frame = paymentFrame(page);
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('Postal code').fill('10001');
}
