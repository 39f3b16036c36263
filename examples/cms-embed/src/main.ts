// A CMS page and its companion server on two origins, the way a shop owner pastes <stripe-checkout> into a site
// they do not control. The CMS origin serves static files under a strict CSP; the companion origin creates
// sessions (CORS: the CMS origin only), receives webhooks and serves the element's standalone bundle.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@checkout-element/emulator';
import { checkoutRouter } from '@checkout-element/server/express';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import express from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import Stripe from 'stripe';

const sitePort = Number(process.env.PORT ?? 3200);
const companionPort = Number(process.env.COMPANION_PORT ?? sitePort + 1);
const siteOrigin = `http://127.0.0.1:${sitePort}`;
const companionOrigin = `http://127.0.0.1:${companionPort}`;
const siteDir = fileURLToPath(new URL('../site/', import.meta.url));

const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
const emulator = await startEmulator({
  port: Number(process.env.EMULATOR_PORT ?? 0),
  webhookEndpoints: [{ url: `${companionOrigin}/api/checkout/webhook`, secret: webhookSecret }],
});
const stripeOrigin = new URL(emulator.url).origin;
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
    allowedOrigins: [siteOrigin],
    returnUrl: `${siteOrigin}/thanks.html?session_id={CHECKOUT_SESSION_ID}`,
    catalog: ['price_demo_tshirt', 'price_demo_mug', 'price_demo_stickers'],
    rateLimit: { windowMs: 60_000, limit: 120 },
  }),
);
// A CDN would serve the bundles the same way: a module script from another origin needs CORS. The checkout page
// loads `stripe-checkout.js`, the thank-you page `stripe-checkout-status.js`.
const standaloneFiles = {
  'stripe-checkout.js': '@checkout-element/element/standalone',
  'stripe-checkout-status.js': '@checkout-element/element/standalone-status',
};
for (const [file, specifier] of Object.entries(standaloneFiles)) {
  companion.get(`/assets/${file}`, (_request, response) => {
    response
      .set({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' })
      .type('text/javascript')
      .sendFile(fileURLToPath(import.meta.resolve(specifier)));
  });
}

// The element's language catalogs are lazy chunks beside the bundle (`chunks/<locale>.js`), fetched cross-origin too.
companion.get('/assets/chunks/:file', (request, response) => {
  const { file } = request.params;
  if (!/^[A-Za-z-]+\.js$/.test(file)) return void response.status(404).end();
  const bundle = fileURLToPath(import.meta.resolve('@checkout-element/element/standalone'));
  response
    .set({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' })
    .type('text/javascript')
    .sendFile(file, { root: join(dirname(bundle), 'chunks') }, (error) => {
      if (error && !response.headersSent) response.status(404).end();
    });
});

/** The policy a careful CMS sends: no inline script or style, no eval, only the origins the checkout needs. */
const site = express();
site.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'", companionOrigin, stripeOrigin],
        styleSrc: ["'self'"],
        connectSrc: [companionOrigin, stripeOrigin],
        frameSrc: [stripeOrigin],
        imgSrc: ["'self'", 'data:', stripeOrigin],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
  }),
);
site.get(['/', '/index.html', '/thanks.html'], async (request, response) => {
  const file = request.path === '/thanks.html' ? 'thanks.html' : 'index.html';
  const html = await readFile(`${siteDir}${file}`, 'utf8');
  response
    .type('html')
    .send(
      html
        .replaceAll('%COMPANION%', companionOrigin)
        .replace('<!-- stripe.js -->', `<script src="${stripeOrigin}/endive/stripe.js"></script>`),
    );
});
site.use(express.static(siteDir, { index: false }));

const companionServer = companion.listen(companionPort, '127.0.0.1');
const siteServer = site.listen(sitePort, '127.0.0.1', () => {
  console.log(`CMS embed example: ${siteOrigin} (companion server ${companionOrigin}, offline emulator)`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    siteServer.closeAllConnections();
    companionServer.closeAllConnections();
    siteServer.close();
    companionServer.close();
    await emulator.stop();
    await ledger.close();
    process.exit(0);
  });
}
