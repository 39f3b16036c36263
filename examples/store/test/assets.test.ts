import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { startEmulator } from '@checkout-element/emulator';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import { pino } from 'pino';
import Stripe from 'stripe';
import { createStoreApp } from '../src/app.js';
import { loadCatalog } from '../src/catalog.js';
import { emulatorOrigins } from '../src/security.js';

describe('the store serves the element', () => {
  it('serves the standalone bundle and its lazily loaded language catalogs beside it, and nothing else from there', async () => {
    const emulator = await startEmulator({ port: 0 });
    const stripe = new Stripe(emulator.secretKey, emulator.stripeConfig);
    const ledger = createSqliteLedger(':memory:');
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const price = await stripe.prices.create({
        currency: 'usd',
        unit_amount: 1200,
        product_data: { name: 'Mug' },
      });
      server.on(
        'request',
        createStoreApp({
          origin,
          stripe,
          publishableKey: emulator.publishableKey,
          webhookSecret: 'whsec_store_assets_test',
          ledger,
          logger: pino({ level: 'silent' }),
          products: await loadCatalog(stripe, [price.id]),
          mode: 'offline',
          stripeJsUrl: null,
          stripeOrigins: emulatorOrigins(emulator.url),
        }),
      );
      // The checkout pages' file and the return page's: each imports its catalogs relative to itself, so each
      // must be served where that import points.
      for (const [file, tag] of [
        ['stripe-checkout.js', 'stripe-checkout'],
        ['stripe-checkout-status.js', 'stripe-checkout-status'],
      ] as const) {
        const bundle = await fetch(`${origin}/assets/${file}`);
        assert.equal(bundle.status, 200, `/assets/${file}`);
        assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
        const code = await bundle.text();
        assert.ok(
          code.includes(`\`${tag}\``) || code.includes(`"${tag}"`),
          `/assets/${file} defines <${tag}>`,
        );
        for (const locale of ['fr', 'de', 'ja', 'pt-BR']) {
          assert.ok(code.includes(`chunks/${locale}.js`), `${file} loads chunks/${locale}.js`);
          const chunk = await fetch(`${origin}/assets/chunks/${locale}.js`);
          assert.equal(chunk.status, 200, `/assets/chunks/${locale}.js`);
          assert.match(chunk.headers.get('content-type') ?? '', /javascript/);
        }
      }
      for (const path of [
        '/assets/chunks/..%2Fstripe-checkout.js',
        '/assets/chunks/xx.js',
        '/assets/chunks/a.txt',
      ]) {
        assert.equal((await fetch(`${origin}${path}`)).status, 404, path);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ledger.close();
      await emulator.stop();
    }
  });
});
