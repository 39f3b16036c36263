// The demo behind `pnpm start`: one Express app with the shop pages and the companion server, on the offline
// emulator unless Stripe test keys are set.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@checkout-element/emulator';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import { pino } from 'pino';
import Stripe from 'stripe';
import { createStoreApp } from './app.js';
import { loadCatalog } from './catalog.js';
import { readConfig, StoreConfigError } from './config.js';
import { emulatorOrigins, realStripeOrigins } from './security.js';

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  // The port is taken first (the emulator needs the webhook URL); until the app is mounted, requests get a 503
  // instead of hanging (readiness probes such as Playwright's webServer poll would wait forever).
  let handle = (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '1' }).end('Starting…');
  };
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ledger = createSqliteLedger(config.ledgerPath);
  const stops: (() => Promise<void>)[] = [];

  if (config.kind === 'offline') {
    const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
    const emulator = await startEmulator({
      port: Number(process.env.EMULATOR_PORT ?? 0),
      // The product page offers an optional add-on: on `ui_mode: elements` sessions a private preview at Stripe.
      previews: ['elements_optional_items'],
      webhookEndpoints: [{ url: `${origin}/api/checkout/webhook`, secret: webhookSecret }],
    });
    stops.push(() => emulator.stop());
    const emulatorUrl = new URL(emulator.url);
    const stripe = new Stripe(emulator.secretKey, emulator.stripeConfig);
    handle = createStoreApp({
      origin,
      stripe,
      publishableKey: emulator.publishableKey,
      webhookSecret,
      ledger,
      logger,
      products: await loadCatalog(stripe),
      mode: 'offline',
      stripeJsUrl: `${emulatorUrl.origin}/endive/stripe.js`,
      stripeOrigins: emulatorOrigins(emulator.url),
      ...(config.exposeEmulator
        ? {
            emulator: {
              url: emulatorUrl.origin,
              secretKey: emulator.secretKey,
              publishableKey: emulator.publishableKey,
            },
          }
        : {}),
    });
  } else {
    const stripe = new Stripe(config.secretKey);
    handle = createStoreApp({
      origin,
      stripe,
      publishableKey: config.publishableKey,
      webhookSecret: config.webhookSecret,
      ledger,
      logger,
      products: await loadCatalog(stripe, config.prices),
      mode: 'stripe',
      stripeJsUrl: null,
      stripeOrigins: realStripeOrigins,
    });
  }

  console.log(`Checkout Element demo: ${origin}`);

  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const stopOne of stops) await stopOne();
    await ledger.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof StoreConfigError ? `Checkout Element demo: ${error.message}` : error);
  process.exit(1);
});
