import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator } from '@checkout-element/emulator';
import { createCheckoutLogger } from '@checkout-element/server';
import { checkoutRouter } from '@checkout-element/server/express';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import express from 'express';
import { type PageConfig, elementPage, referencePage } from './pages.js';

const require = createRequire(import.meta.url);
export const PRICE = 'price_demo_tshirt';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** The shop under test: its pages, the element's built files, and the companion server, all on one origin. */
export interface Site {
  origin: string;
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const emulator = await startEmulator({ port: 0 });
  const scratch = await mkdtemp(join(tmpdir(), 'checkout-bench-site-'));
  const ledger = createSqliteLedger(join(scratch, 'ledger.sqlite'));
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
      catalog: [PRICE],
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
  const config: PageConfig = {
    publishableKey: emulator.publishableKey,
    price: PRICE,
    sessionEndpoint: '/api/checkout/sessions',
  };
  app.get('/element.html', (_req, res) => {
    res.type('html').send(elementPage(config));
  });
  app.get('/reference.html', (_req, res) => {
    res.type('html').send(referencePage(config));
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
