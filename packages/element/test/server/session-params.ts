/// <reference types="node" />
// How the test server turns a test's query string into Checkout Session create params (as a shop's server would
// from its catalog), and what its answer says the session collects (the `collects` hint the element reads).
import type { SessionCollects } from '@checkout-element/protocol';
import { DEMO_CATALOG } from '@checkout-element/emulator';
import type Stripe from 'stripe';

export type Query = Record<string, string | string[] | undefined>;
export type Item = { price: string; quantity: number };

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Prices this shop sells (the companion server's allowlist). */
export const ALLOWED_PRICES: ReadonlySet<string> = new Set([
  DEMO_CATALOG.prices.tshirt,
  DEMO_CATALOG.prices.mug,
  DEMO_CATALOG.prices.stickers,
]);
export const MAX_QUANTITY = 10;

/**
 * The issue 13 surfaces, one query flag each: `phone=1`, `names=individual|business|both`, `taxId=1`, `terms=1`, `optional=1` (stickers as an optional item), `adaptive=1` (Adaptive Pricing: pair it with a
 * `test+location_FR@example.com` email), `shipTo=1` (a shipping address without shipping options), `billing=1`
 * (`billing_address_collection: 'required'`), `serverShipping=1` (`permissions.update_shipping_details: 'server_only'`,
 * the shop's server prices the address).
 */
export function surfaceParams(query: Query): Partial<Stripe.Checkout.SessionCreateParams> {
  const names = first(query.names);
  return {
    ...(first(query.phone) === '1' ? { phone_number_collection: { enabled: true } } : {}),
    ...(names
      ? {
          name_collection: {
            ...(names !== 'business' ? { individual: { enabled: true } } : {}),
            ...(names !== 'individual' ? { business: { enabled: true } } : {}),
          },
        }
      : {}),
    ...(first(query.taxId) === '1' ? { tax_id_collection: { enabled: true } } : {}),
    ...(first(query.terms) === '1'
      ? {
          // `custom_text` is refused with ui_mode elements ("You can't set custom_text when ui_mode is elements").
          consent_collection: { terms_of_service: 'required' },
        }
      : {}),
    ...(first(query.optional) === '1'
      ? { optional_items: [{ price: DEMO_CATALOG.prices.stickers, quantity: 1 }] }
      : {}),
    ...(first(query.adaptive) === '1' ? { adaptive_pricing: { enabled: true } } : {}),
    ...(first(query.shipTo) === '1' || first(query.serverShipping) === '1'
      ? { shipping_address_collection: { allowed_countries: ['US'] } }
      : {}),
    ...(first(query.serverShipping) === '1'
      ? { permissions: { update_shipping_details: 'server_only' } }
      : {}),
    ...(first(query.billing) === '1' ? { billing_address_collection: 'required' } : {}),
  } as Partial<Stripe.Checkout.SessionCreateParams>;
}

/** What the session collects that Stripe.js does not show the page (the `collects` hint of the answer). */
export function collectsOf(query: Query): SessionCollects {
  const shipping =
    first(query.shipping) === '1' || first(query.shipTo) === '1' || first(query.serverShipping) === '1';
  return {
    shippingAddress: shipping,
    billingAddress: first(query.billing) === '1',
    shippingDetails: first(query.serverShipping) === '1' ? 'server_only' : 'client_only',
  };
}

/**
 * The shop's shipping hook (a fixed table, as the CLI's environment would give): the US mainland ships, standard or
 * express; Alaska and Hawaii are refused with the message the buyer reads on the address field.
 */
export function shippingRatesFor(address: {
  country: string;
  state?: string | null | undefined;
}): { refused: string } | { rates: string[] } {
  if (address.country !== 'US') return { refused: `We do not ship to ${address.country}.` };
  if (address.state === 'AK' || address.state === 'HI')
    return { refused: 'We do not ship to Alaska or Hawaii.' };
  return { rates: [DEMO_CATALOG.shippingRates.standard, DEMO_CATALOG.shippingRates.express] };
}
