// The product page's checkout (/product, router at /api/product): every Checkout feature of issue 13 turned on in
// the session params, so the page shows what `<stripe-checkout>` renders for them: terms, tax ID, phone and name,
// an optional add-on, billing address, shipping rates priced by this server (server_only), and the buyer's currency.
import type { ShippingAddress, ShippingOptionsHook } from '@checkout-element/server';
import type { SessionDefaults } from '@checkout-element/server';
import type { StoreProduct } from './catalog.js';

/** Where the product page ships, and at which rates (cents of the store's currency). JP is listed but refused. */
export const productShippingCountries = ['US', 'CA', 'GB', 'FR', 'DE', 'NL', 'JP'] as const;
const rates: Readonly<Record<string, readonly { displayName: string; amount: number }[]>> = {
  US: [
    { displayName: 'Standard shipping', amount: 500 },
    { displayName: 'Express shipping', amount: 1500 },
  ],
  CA: [{ displayName: 'Standard shipping', amount: 900 }],
};
/** Europe (and the UK) get one international rate. */
const international = [{ displayName: 'International shipping', amount: 1800 }];

const countryName = (code: string) => new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;

/**
 * The shop's shipping calculator, as a real shop writes one: rates by country, and a refusal in its own words for a
 * country it lists at Stripe but cannot deliver to right now (the buyer reads it on the address field).
 */
export const productShipping: ShippingOptionsHook = (address: ShippingAddress) => {
  if (address.country === 'JP') {
    return {
      refused: `Sorry, we cannot ship to ${countryName('JP')} at the moment. Choose another country.`,
      field: 'address.country',
    };
  }
  return rates[address.country] ?? international;
};

/** The product the page sells and the add-on offered next to it (the cheapest other one-time product). */
export function featuredProducts(oneTime: readonly StoreProduct[]) {
  const product = oneTime[0];
  const addOn = oneTime.length > 1 ? oneTime[oneTime.length - 1] : undefined;
  return { product, addOn };
}

/**
 * The session params of the product page. Optional items on `ui_mode: elements` sessions are a private preview at
 * Stripe (the emulator runs with `elements_optional_items`), so they are only offered offline.
 */
export function productSessionDefaults(options: {
  readonly addOn: StoreProduct | undefined;
  readonly offerOptionalItems: boolean;
}): SessionDefaults {
  return {
    allow_promotion_codes: true,
    // The terms link is the account's terms URL (Dashboard, public details). `custom_text` cannot be set for
    // `ui_mode: elements` sessions (stripe-node 23.1.0), so the wording next to the checkbox is Stripe's.
    consent_collection: { terms_of_service: 'required' },
    tax_id_collection: { enabled: true },
    phone_number_collection: { enabled: true },
    name_collection: { individual: { enabled: true }, business: { enabled: true, optional: true } },
    billing_address_collection: 'required',
    shipping_address_collection: { allowed_countries: [...productShippingCountries] },
    adaptive_pricing: { enabled: true },
    ...(options.offerOptionalItems && options.addOn
      ? {
          optional_items: [
            {
              price: options.addOn.price,
              quantity: 1,
              adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
            },
          ],
        }
      : {}),
  };
}
