import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@checkout-element/emulator';
import { createCheckoutLogger } from '@checkout-element/server';
import { checkoutRouter } from '@checkout-element/server/express';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import express, { type Response } from 'express';
import Stripe from 'stripe';
import { bundle } from '../weight/weight.js';
import {
  type PageConfig,
  elementPage,
  elementSsrPage,
  idealPage,
  idealSsrPage,
  reactPage,
  sequentialPage,
} from './pages.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const PRICE = 'price_demo_tshirt';
/** Line-item counts of the cost-growth figure; the companion allows at most 50 items per session. */
export const LINE_ITEM_COUNTS = [1, 10, 50] as const;

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** The shop under test: its pages, the element's built files, and the companion server, all on one origin. */
export interface Site {
  origin: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/** Distinct prices for the multi-item sessions: the demo T-shirt first, then prices created at the emulator. */
async function createPrices(emulator: Emulator, count: number): Promise<string[]> {
  const url = new URL(emulator.url);
  const stripe = new Stripe(emulator.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  });
  const prices = [PRICE];
  for (let index = 1; index < count; index++) {
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 500 + index,
      product_data: { name: `Bench item ${index + 1}` },
    });
    prices.push(price.id);
  }
  return prices;
}

export async function startSite(): Promise<Site> {
  const emulator = await startEmulator({ port: 0 });
  const scratch = await mkdtemp(join(tmpdir(), 'checkout-bench-site-'));
  const ledger = createSqliteLedger(join(scratch, 'ledger.sqlite'));
  const prices = await createPrices(emulator, Math.max(...LINE_ITEM_COUNTS));
  // The React route as a shop would ship it: built once by Vite, production React, served as one module.
  const reactApp = await bundle(join(here, '..', 'weight', 'entries', 'react-checkout.ts'));
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  app.use(
    '/api/checkout',
    checkoutRouter({
      secretKey: emulator.secretKey,
      apiBase: emulator.url,
      publishableKey: emulator.publishableKey,
      catalog: prices,
      returnUrl: `${origin}/return?session_id={CHECKOUT_SESSION_ID}`,
      allowedOrigins: [origin],
      webhookSecret: 'whsec_bench_site_signing_secret',
      ledger,
      logger: createCheckoutLogger({ level: 'info', destination: createWriteStream('/dev/null') }),
      // Every run of the benchmark creates a session from the same address.
      rateLimit: false,
    }),
  );
  const elementDist = join(dirname(require.resolve('@checkout-element/element/package.json')), 'dist');
  app.use('/element', express.static(elementDist));
  app.get('/react/app.js', (_req, res) => {
    res.type('text/javascript').send(reactApp);
  });
  const config: PageConfig = {
    publishableKey: emulator.publishableKey,
    price: PRICE,
    sessionEndpoint: '/api/checkout/sessions',
  };

  /** The shop creating the session while it renders the page: through its own companion, as a browser would. */
  async function createSession(): Promise<{ clientSecret: string; collects?: unknown }> {
    const response = await fetch(`${origin}${config.sessionEndpoint}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify({ items: [{ price: PRICE, quantity: 1 }] }),
    });
    const body = (await response.json()) as { clientSecret?: string; collects?: unknown };
    if (!response.ok || !body.clientSecret)
      throw new Error(`session for a server-rendered page: ${response.status} ${JSON.stringify(body)}`);
    return { clientSecret: body.clientSecret, collects: body.collects };
  }
  /** Sends `<head>` at once and the rest when the session exists, so Stripe.js loads meanwhile. */
  async function stream(
    res: Response,
    parts: { head: string; rest: (secret: string, collects: unknown) => string },
  ) {
    res.type('html');
    res.write(parts.head);
    try {
      const { clientSecret, collects } = await createSession();
      res.end(parts.rest(clientSecret, collects));
    } catch (error) {
      res.end(`<script>__failPayable(${JSON.stringify(String(error))})</script>`);
    }
  }

  app.get('/element.html', (req, res) => {
    const items = Number(req.query.items ?? 1);
    // ?file=other.js: another build copied into packages/element/dist, for an A/B with profile:payable.
    const file =
      typeof req.query.file === 'string' && /^[\w.-]+\.js$/.test(req.query.file) ? req.query.file : null;
    const page = elementPage(config, {
      items: prices.slice(0, Math.min(Math.max(items, 1), prices.length)),
      twice: req.query.twice === '1',
      belowFold: req.query.below === '1',
      emailKnown: req.query.email === '1',
    });
    res.type('html').send(file ? page.replace('/element/stripe-checkout.js', `/element/${file}`) : page);
  });
  app.get('/element-ssr.html', (_req, res) => void stream(res, elementSsrPage(config)));
  app.get('/ideal.html', (_req, res) => {
    res.type('html').send(idealPage(config));
  });
  app.get('/ideal-ssr.html', (_req, res) => void stream(res, idealSsrPage(config)));
  app.get('/ideal-email.html', (_req, res) => {
    res.type('html').send(idealPage(config, true));
  });
  app.get('/ideal-ssr-email.html', (_req, res) => void stream(res, idealSsrPage(config, true)));
  app.get('/sequential.html', (_req, res) => {
    res.type('html').send(sequentialPage(config));
  });
  app.get('/react.html', (_req, res) => {
    res.type('html').send(reactPage(config));
  });

  return {
    origin,
    emulator,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ledger.close();
      await emulator.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
