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

/** The price's product must be expanded: an id alone has no name to show. */
function toProduct(price: Stripe.Price): StoreProduct | undefined {
  const product = price.product;
  if (typeof product === 'string' || product.deleted || price.unit_amount === null) return undefined;
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

/**
 * Every active price (the emulator's seeded catalog), or only the allowlisted ones with real keys, each with its
 * product in the same call: `product` is expandable on a price (https://docs.stripe.com/api/prices/object), and
 * Stripe and the emulator both honour `expand`.
 */
export async function loadCatalog(stripe: Stripe, allowlist?: readonly string[]): Promise<StoreProduct[]> {
  const prices = allowlist
    ? await Promise.all(allowlist.map((id) => stripe.prices.retrieve(id, { expand: ['product'] })))
    : (await stripe.prices.list({ active: true, limit: 100, expand: ['data.product'] })).data;
  return prices.flatMap((price) => toProduct(price) ?? []).sort((a, b) => b.unitAmount - a.unitAmount);
}
