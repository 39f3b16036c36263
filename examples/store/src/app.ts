import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ledger } from '@checkout-element/server';
import { checkoutRouter } from '@checkout-element/server/express';
import express from 'express';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { cartLineItems } from './cart.js';
import type { StoreProduct } from './catalog.js';
import { storeCurrencies } from './currency.js';
import { createOrderBook } from './orders.js';
import { featuredProducts, productSessionDefaults, productShipping } from './product.js';
import { type StripeOrigins, storeSecurityHeaders } from './security.js';

export interface StoreOptions {
  /** The store's own origin, e.g. http://127.0.0.1:3000 (return URLs and CORS). */
  readonly origin: string;
  readonly stripe: Stripe;
  readonly publishableKey: string;
  readonly webhookSecret: string;
  readonly ledger: Ledger;
  readonly logger: Logger;
  readonly products: readonly StoreProduct[];
  /** `offline`: the emulator; `stripe`: a real Stripe account in test mode. */
  readonly mode: 'offline' | 'stripe';
  /** A Stripe.js (stand-in) script the pages include before the element; null lets the element load js.stripe.com. */
  readonly stripeJsUrl: string | null;
  readonly stripeOrigins: StripeOrigins;
  /** Answered at GET /__emulator for the end-to-end tests (offline mode only, and only when asked for). */
  readonly emulator?: { readonly url: string; readonly secretKey: string; readonly publishableKey: string };
  /** Session creations per client per minute (the companion server's rate limit). */
  readonly sessionsPerMinute?: number;
}

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));

/** Stripe's published test cards, as the offline banner lists them (the emulator honours the same numbers). */
const testCards = [
  { number: '4242 4242 4242 4242', outcome: 'succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'is declined' },
  { number: '4000 0000 0000 9995', outcome: 'is declined: insufficient funds' },
  { number: '4000 0025 0000 3155', outcome: 'asks for 3D Secure' },
];

/** Two shipping rates in the cart's currency (a shipping rate must match the session's currency). */
function shippingOptions(currency: string): Stripe.Checkout.SessionCreateParams.ShippingOption[] {
  const rate = (
    display_name: string,
    amount: number,
    days: [number, number],
  ): Stripe.Checkout.SessionCreateParams.ShippingOption => ({
    shipping_rate_data: {
      type: 'fixed_amount',
      display_name,
      fixed_amount: { amount, currency },
      delivery_estimate: {
        minimum: { unit: 'business_day', value: days[0] },
        maximum: { unit: 'business_day', value: days[1] },
      },
    },
  });
  return [rate('Standard shipping', 500, [5, 7]), rate('Express shipping', 1500, [1, 2])];
}

const pages: Record<string, string> = {
  '/': 'index.html',
  '/subscribe': 'subscribe.html',
  '/save-card': 'save-card.html',
  '/return': 'return.html',
  '/orders': 'orders.html',
  '/product': 'product.html',
};

export function createStoreApp(options: StoreOptions): express.Express {
  const orders = createOrderBook(options.ledger);
  // Refuses (StoreConfigError) a catalog whose prices cannot share one checkout.
  const currencies = storeCurrencies(options.products);
  const oneTime = options.products.filter((product) => product.interval === null);
  const recurring = options.products.filter((product) => product.interval !== null);
  const rateLimit = { windowMs: 60_000, limit: options.sessionsPerMinute ?? 120 };
  const shared = {
    stripe: options.stripe,
    publishableKey: options.publishableKey,
    webhookSecret: options.webhookSecret,
    ledger: options.ledger,
    logger: options.logger,
    allowedOrigins: [options.origin],
    returnUrl: `${options.origin}/return?session_id={CHECKOUT_SESSION_ID}`,
    onFulfil: orders.fulfil,
    // The orders page lists what was bought: webhook events carry no line items, so fetch them for onFulfil.
    fulfilWithLineItems: true,
    rateLimit,
  } as const;

  const app = express();
  app.disable('x-powered-by');
  app.use(storeSecurityHeaders(options.stripeOrigins));

  // One webhook endpoint (/api/checkout/webhook) receives every event; the three routers share one ledger, so a
  // session is fulfilled once whichever router's return-page lookup or webhook sees it first.
  app.use(
    '/api/checkout',
    checkoutRouter({
      ...shared,
      mode: 'payment',
      lineItems: cartLineItems(oneTime.map((product) => product.price)),
      sessionDefaults: {
        allow_promotion_codes: true,
        shipping_address_collection: { allowed_countries: ['US', 'CA', 'GB', 'DE', 'FR', 'NL'] },
        shipping_options: shippingOptions(currencies.payment ?? currencies.setup),
      },
    }),
  );
  // The product page (/product): one product with every Checkout feature of issue 13 on, shipping priced here.
  const featured = featuredProducts(oneTime);
  if (featured.product) {
    app.use(
      '/api/product',
      checkoutRouter({
        ...shared,
        mode: 'payment',
        lineItems: cartLineItems(oneTime.map((product) => product.price)),
        sessionDefaults: productSessionDefaults({
          addOn: featured.addOn,
          offerOptionalItems: options.mode === 'offline',
        }),
        shippingOptions: productShipping,
        // The Link Sign-up Element is a Stripe beta (an account needs access), so only offered offline.
        linkSignup: options.mode === 'offline',
      }),
    );
  }
  if (recurring.length > 0) {
    app.use(
      '/api/subscribe',
      checkoutRouter({ ...shared, mode: 'subscription', catalog: recurring.map((product) => product.price) }),
    );
  }
  app.use(
    '/api/save-card',
    checkoutRouter({ ...shared, mode: 'setup', sessionDefaults: { currency: currencies.setup } }),
  );

  app.get('/api/store/config', (_request, response) => {
    response.json({
      mode: options.mode,
      publishableKey: options.publishableKey,
      testCards: options.mode === 'offline' ? testCards : [],
      products: oneTime,
      memberships: recurring,
      featured: {
        product: featured.product ?? null,
        addOn: options.mode === 'offline' ? (featured.addOn ?? null) : null,
      },
    });
  });
  app.get('/api/store/orders', async (_request, response) => {
    response.json({ orders: await orders.list() });
  });
  if (options.emulator) {
    const emulator = options.emulator;
    app.get('/__emulator', (_request, response) => {
      response.json(emulator);
    });
  }

  // The element's two single files: the checkout pages load `stripe-checkout.js`, the return page
  // `stripe-checkout-status.js`. Resolved through the package's public exports, as any site would reference them.
  const standaloneFiles = {
    'stripe-checkout.js': '@checkout-element/element/standalone',
    'stripe-checkout-status.js': '@checkout-element/element/standalone-status',
  };
  for (const [file, specifier] of Object.entries(standaloneFiles)) {
    app.get(`/assets/${file}`, async (_request, response) => {
      const bundle = fileURLToPath(import.meta.resolve(specifier));
      response.type('text/javascript').sendFile(bundle, (error) => {
        if (error && !response.headersSent) {
          response
            .status(500)
            .type('text/plain')
            .send('The element is not built yet: run `pnpm build` at the repository root.');
        }
      });
    });
  }

  // The element loads a non-English catalog lazily from `chunks/<locale>.js` beside the bundle (an English page never
  // does): serve that directory too, or a French buyer would get English and a console error.
  app.get('/assets/chunks/:file', (request, response) => {
    const { file } = request.params;
    if (!/^[A-Za-z-]+\.js$/.test(file)) return void response.status(404).end();
    const bundle = fileURLToPath(import.meta.resolve('@checkout-element/element/standalone'));
    response.type('text/javascript').sendFile(file, { root: join(dirname(bundle), 'chunks') }, (error) => {
      if (error && !response.headersSent) response.status(404).end();
    });
  });

  const stripeJsTag = options.stripeJsUrl ? `<script src="${options.stripeJsUrl}"></script>` : '';
  for (const [path, file] of Object.entries(pages)) {
    app.get(path, async (_request, response) => {
      const html = await readFile(new URL(file, `file://${publicDir}`), 'utf8');
      response.type('html').send(html.replace('<!-- stripe.js -->', stripeJsTag));
    });
  }
  app.use(express.static(publicDir, { index: false }));
  return app;
}
