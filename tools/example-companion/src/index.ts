// Serves a built single-page app and, on a second origin, the companion server it talks to, on the offline
// emulator. Shared by examples/react and examples/vue so their bootstraps cannot drift apart.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startEmulator } from '@checkout-element/emulator';
import { checkoutRouter } from '@checkout-element/server/express';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import express from 'express';
import { pino } from 'pino';
import Stripe from 'stripe';

export interface OfflineExample {
  /** Printed when ready, e.g. "React example". */
  readonly name: string;
  /** The app's port when `PORT` is not set; the companion server takes the next one. */
  readonly defaultPort: number;
  /** The built app: its index.html holds `%COMPANION%` and a `<!-- stripe.js -->` placeholder. */
  readonly distDir: string;
}

/** The prices the emulator seeds for the examples. */
const catalog = ['price_demo_tshirt', 'price_demo_mug', 'price_demo_stickers'];

export async function serveOfflineExample({ name, defaultPort, distDir }: OfflineExample): Promise<void> {
  const appPort = Number(process.env.PORT ?? defaultPort);
  const companionPort = Number(process.env.COMPANION_PORT ?? appPort + 1);
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const companionOrigin = `http://127.0.0.1:${companionPort}`;

  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const emulator = await startEmulator({
    port: Number(process.env.EMULATOR_PORT ?? 0),
    webhookEndpoints: [{ url: `${companionOrigin}/api/checkout/webhook`, secret: webhookSecret }],
  });
  const emulatorUrl = new URL(emulator.url);
  const stripe = new Stripe(emulator.secretKey, emulator.stripeConfig);
  const ledger = createSqliteLedger(':memory:');

  const companion = express();
  companion.use(
    '/api/checkout',
    checkoutRouter({
      stripe,
      publishableKey: emulator.publishableKey,
      webhookSecret,
      ledger,
      logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
      allowedOrigins: [appOrigin],
      returnUrl: `${appOrigin}/?session_id={CHECKOUT_SESSION_ID}`,
      catalog,
      rateLimit: { windowMs: 60_000, limit: 120 },
    }),
  );

  const app = express();
  // The built index.html learns where its companion server and Stripe.js are when it is served.
  app.get(['/', '/index.html'], async (_request, response) => {
    const html = await readFile(`${distDir}index.html`, 'utf8');
    response
      .type('html')
      .send(
        html
          .replaceAll('%COMPANION%', `${companionOrigin}/api/checkout`)
          .replace('<!-- stripe.js -->', `<script src="${emulatorUrl.origin}/endive/stripe.js"></script>`),
      );
  });
  app.use(express.static(distDir, { index: false }));

  const companionServer = companion.listen(companionPort, '127.0.0.1');
  const appServer = app.listen(appPort, '127.0.0.1', () => {
    console.log(`${name}: ${appOrigin} (companion server ${companionOrigin}, offline emulator)`);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      appServer.closeAllConnections();
      companionServer.closeAllConnections();
      appServer.close();
      companionServer.close();
      await emulator.stop();
      await ledger.close();
      process.exit(0);
    });
  }
}
