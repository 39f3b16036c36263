import type Stripe from 'stripe';

/** A product as the shop page shows it. */
export interface StoreProduct {
  readonly price: string;
  readonly name: string;
  readonly description: string | null;
  readonly image: string | null;
  readonly unitAmount: number;
  readonly currency: string;
  readonly interval: Stripe.Price.Recurring.Interval | null;
}

function toProduct(
  price: Stripe.Price,
  product: Stripe.Product | Stripe.DeletedProduct,
): StoreProduct | undefined {
  if (product.deleted || price.unit_amount === null) return undefined;
  return {
    price: price.id,
    name: product.name,
    description: product.description ?? null,
    image: product.images[0] ?? null,
    unitAmount: price.unit_amount,
    currency: price.currency,
    interval: price.recurring?.interval ?? null,
  };
}

/** Every active price (the emulator's seeded catalog), or only the allowlisted ones with real keys. */
export async function loadCatalog(stripe: Stripe, allowlist?: readonly string[]): Promise<StoreProduct[]> {
  const prices = allowlist
    ? await Promise.all(allowlist.map((id) => stripe.prices.retrieve(id, { expand: ['product'] })))
    : (await stripe.prices.list({ active: true, limit: 100, expand: ['data.product'] })).data;
  const products = await Promise.all(
    // `expand` is a hint: an API (or emulator) that leaves the product as an id gets it fetched.
    prices.map((price) =>
      typeof price.product === 'string'
        ? stripe.products.retrieve(price.product)
        : Promise.resolve(price.product),
    ),
  );
  return prices
    .flatMap((price, index) => toProduct(price, products[index]!) ?? [])
    .sort((a, b) => b.unitAmount - a.unitAmount);
}
