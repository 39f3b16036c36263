import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '@checkout-element/emulator';
import Stripe from 'stripe';
import { loadCatalog } from '../src/catalog.js';

// The shop names each price after its product, fetched in the same call through `expand`.
describe('loadCatalog', () => {
  let emulator: Emulator;
  let stripe: Stripe;
  before(async () => {
    emulator = await startEmulator({ port: 0 });
    stripe = new Stripe(emulator.secretKey, emulator.stripeConfig);
  });
  after(() => emulator.stop());

  it('names allowlisted prices after their products, dearest first', async () => {
    const mug = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 1800,
      product_data: { name: 'Mug' },
    });
    const poster = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 2500,
      product_data: { name: 'Poster' },
    });
    const products = await loadCatalog(stripe, [mug.id, poster.id]);
    assert.deepEqual(
      products.map((product) => [product.price, product.name, product.unitAmount]),
      [
        [poster.id, 'Poster', 2500],
        [mug.id, 'Mug', 1800],
      ],
    );
  });

  it('names every listed active price after its product', async () => {
    const products = await loadCatalog(stripe);
    assert.ok(products.length > 0);
    for (const product of products) assert.ok(product.name.length > 0, `${product.price} has a name`);
  });
});
