// `expand[]` on the catalog resources, through the official SDK: a field stripe-node types as `string | Product`
// comes back as the object when asked for, as an id otherwise, and a path the resource cannot expand is refused
// the way Stripe refuses it. https://docs.stripe.com/expand
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Stripe from 'stripe';
import { expectStripeError, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const fixture = useEmulator();

async function mug(stripe: Stripe): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name: 'Mug', description: 'Stoneware, 350 ml' });
  return stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 1200 });
}

test("GET /v1/prices/:id expands the price's product on request, and only then", async () => {
  const { stripe } = fixture;
  const price = await mug(stripe);
  assert.equal(typeof price.product, 'string');

  const plain = await stripe.prices.retrieve(price.id);
  assert.equal(plain.product, price.product, 'without expand, product stays an id');

  const expanded = await stripe.prices.retrieve(price.id, { expand: ['product'] });
  const product = expanded.product as Stripe.Product;
  assert.equal(product.object, 'product');
  assert.equal(product.id, price.product);
  assert.equal(product.name, 'Mug');
  assert.equal(product.description, 'Stoneware, 350 ml');
  assert.equal(expanded.unit_amount, 1200, 'the rest of the price is unchanged');

  const again = await stripe.prices.retrieve(price.id);
  assert.equal(again.product, price.product, 'expanding does not change the stored price');
});

test('prices.list expands data.product; create answers expand too', async () => {
  const { stripe } = fixture;
  const price = await mug(stripe);
  const list = await stripe.prices.list({ product: price.product as string, expand: ['data.product'] });
  assert.equal(list.data.length, 1);
  assert.equal((list.data[0]!.product as Stripe.Product).name, 'Mug');

  const created = await stripe.prices.create({
    product_data: { name: 'Poster' },
    currency: 'eur',
    unit_amount: 900,
    expand: ['product'],
  });
  assert.equal((created.product as Stripe.Product).name, 'Poster');
});

test('products expand default_price; promotion codes expand promotion.coupon', async () => {
  const { stripe } = fixture;
  const product = await stripe.products.create({
    name: 'Tote bag',
    default_price_data: { currency: 'eur', unit_amount: 1500 },
    expand: ['default_price'],
  });
  assert.equal((product.default_price as Stripe.Price).unit_amount, 1500);
  const retrieved = await stripe.products.retrieve(product.id, { expand: ['default_price'] });
  assert.equal((retrieved.default_price as Stripe.Price).id, (product.default_price as Stripe.Price).id);
  assert.equal(typeof (await stripe.products.retrieve(product.id)).default_price, 'string');

  const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
  const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } });
  const expanded = await stripe.promotionCodes.retrieve(code.id, { expand: ['promotion.coupon'] });
  assert.equal((expanded.promotion.coupon as Stripe.Coupon).percent_off, 10);
});

test('a path the resource cannot expand is refused with the param named, on retrieve and list', async () => {
  const { stripe } = fixture;
  const price = await mug(stripe);
  const cannot = (path: string) => ({
    status: 400,
    type: 'StripeInvalidRequestError',
    param: 'expand',
    message: new RegExp(`^This property cannot be expanded \\(${path}\\)\\.$`),
  });
  await expectStripeError(stripe.prices.retrieve(price.id, { expand: ['currency'] }), cannot('currency'));
  // In a list call the paths start with `data.`.
  await expectStripeError(stripe.prices.list({ expand: ['product'] }), cannot('product'));
  const coupon = await stripe.coupons.create({ percent_off: 5, duration: 'once' });
  await expectStripeError(
    stripe.coupons.retrieve(coupon.id, { expand: ['applies_to'] }),
    cannot('applies_to'),
  );
});
