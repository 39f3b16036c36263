import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { startEmulator } from '@checkout-element/emulator';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import { pino } from 'pino';
import Stripe from 'stripe';
import { createStoreApp } from '../src/app.js';
import { loadCatalog, type StoreProduct } from '../src/catalog.js';
import { StoreConfigError } from '../src/config.js';
import { storeCurrencies } from '../src/currency.js';
import { emulatorOrigins } from '../src/security.js';

const product = (
  price: string,
  currency: string,
  interval: StoreProduct['interval'] = null,
): StoreProduct => ({
  price,
  name: price,
  description: null,
  image: null,
  unitAmount: 1000,
  currency,
  interval,
});

describe('the store’s currency comes from its prices', () => {
  it('uses the one currency of the one-time prices for the cart, shipping and saved cards', () => {
    assert.deepEqual(storeCurrencies([product('price_a', 'eur'), product('price_b', 'EUR')]), {
      payment: 'eur',
      subscription: undefined,
      setup: 'eur',
    });
    assert.deepEqual(storeCurrencies([product('price_m', 'gbp', 'month')]), {
      payment: undefined,
      subscription: 'gbp',
      setup: 'gbp',
    });
  });

  it('refuses at start-up a cart that would mix currencies in one Checkout Session, naming the prices', () => {
    assert.throws(
      () => storeCurrencies([product('price_a', 'usd'), product('price_b', 'eur')]),
      (error: unknown) =>
        error instanceof StoreConfigError &&
        /one-time prices mix currencies: price_a \(USD\), price_b \(EUR\)/.test(error.message) &&
        /charges in one currency/.test(error.message),
    );
    assert.throws(
      () => storeCurrencies([product('price_m', 'usd', 'month'), product('price_y', 'eur', 'year')]),
      /recurring prices mix currencies/,
    );
  });

  it('creates EUR sessions, EUR shipping rates and EUR save-a-card sessions for an EUR catalog', async () => {
    const emulator = await startEmulator({ port: 0 });
    const stripe = new Stripe(emulator.secretKey, emulator.stripeConfig);
    const ledger = createSqliteLedger(':memory:');
    const server = (await import('node:http')).createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const eur = await stripe.prices.create({
        currency: 'eur',
        unit_amount: 2200,
        product_data: { name: 'Tasse' },
      });
      const app = createStoreApp({
        origin,
        stripe,
        publishableKey: emulator.publishableKey,
        webhookSecret: 'whsec_store_currency_test',
        ledger,
        logger: pino({ level: 'silent' }),
        products: await loadCatalog(stripe, [eur.id]),
        mode: 'offline',
        stripeJsUrl: null,
        stripeOrigins: emulatorOrigins(emulator.url),
      });
      server.on('request', app);
      const post = (path: string, body: unknown) =>
        fetch(`${origin}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify(body),
        });
      const cart = await post('/api/checkout/sessions', { items: [{ price: eur.id, quantity: 1 }] });
      assert.equal(cart.status, 200, await cart.clone().text());
      const { sessionId } = (await cart.json()) as { sessionId: string };
      const session = await stripe.checkout.sessions.retrieve(sessionId, {
        expand: ['shipping_options.shipping_rate'],
      });
      assert.equal(session.currency, 'eur');
      const rates = session.shipping_options.map((option) => option.shipping_rate as Stripe.ShippingRate);
      assert.ok(rates.length > 0);
      for (const rate of rates) assert.equal(rate.fixed_amount?.currency, 'eur');

      const saving = await post('/api/save-card/sessions', { items: [] });
      assert.equal(saving.status, 200, await saving.clone().text());
      const saved = await stripe.checkout.sessions.retrieve(
        ((await saving.json()) as { sessionId: string }).sessionId,
      );
      assert.equal(saved.mode, 'setup');
      assert.equal(saved.currency, 'eur');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ledger.close();
      await emulator.stop();
    }
  });
});
