import {
  createCoupon,
  createPrice,
  createProduct,
  createPromotionCode,
  createShippingRate,
} from './catalog-objects.js';
import type { State } from './store.js';

/**
 * The demo catalog every emulator starts with. Ids are stable so examples and tests can hard-code them;
 * they are documented in the README.
 */
export const DEMO_CATALOG = Object.freeze({
  prices: {
    tshirt: 'price_demo_tshirt',
    mug: 'price_demo_mug',
    stickers: 'price_demo_stickers',
    membershipMonthly: 'price_demo_membership_monthly',
  },
  coupons: { tenPercent: 'demo_10_percent', fiveOff: 'demo_5_off' },
  promotionCodes: {
    SAVE10: 'promo_demo_save10',
    FIVEOFF: 'promo_demo_fiveoff',
    EXPIRED: 'promo_demo_expired',
  },
  shippingRates: { standard: 'shr_demo_standard', express: 'shr_demo_express' },
});

export function seedDemoCatalog(state: State): void {
  const tshirt = createProduct(state, {
    id: 'prod_demo_tshirt',
    name: 'Emulator T-shirt',
    description: 'Organic cotton, printed offline.',
  });
  createPrice(state, {
    id: DEMO_CATALOG.prices.tshirt,
    product: tshirt.id,
    currency: 'usd',
    unitAmount: 2500,
  });
  const mug = createProduct(state, {
    id: 'prod_demo_mug',
    name: 'Emulator Mug',
    description: 'Holds 350 ml.',
  });
  createPrice(state, { id: DEMO_CATALOG.prices.mug, product: mug.id, currency: 'usd', unitAmount: 1200 });
  const stickers = createProduct(state, { id: 'prod_demo_stickers', name: 'Sticker pack' });
  createPrice(state, {
    id: DEMO_CATALOG.prices.stickers,
    product: stickers.id,
    currency: 'usd',
    unitAmount: 500,
  });
  const membership = createProduct(state, {
    id: 'prod_demo_membership',
    name: 'Emulator Club membership',
    description: 'Billed monthly.',
  });
  createPrice(state, {
    id: DEMO_CATALOG.prices.membershipMonthly,
    product: membership.id,
    currency: 'usd',
    unitAmount: 900,
    recurring: { interval: 'month' },
  });
  for (const [product, price] of [
    [tshirt, DEMO_CATALOG.prices.tshirt],
    [mug, DEMO_CATALOG.prices.mug],
    [stickers, DEMO_CATALOG.prices.stickers],
    [membership, DEMO_CATALOG.prices.membershipMonthly],
  ] as const) {
    product.default_price = price;
  }

  createCoupon(state, { id: DEMO_CATALOG.coupons.tenPercent, name: '10% off', percentOff: 10 });
  createCoupon(state, { id: DEMO_CATALOG.coupons.fiveOff, name: '$5 off', amountOff: 500, currency: 'usd' });
  createPromotionCode(state, {
    id: DEMO_CATALOG.promotionCodes.SAVE10,
    code: 'SAVE10',
    coupon: DEMO_CATALOG.coupons.tenPercent,
  });
  createPromotionCode(state, {
    id: DEMO_CATALOG.promotionCodes.FIVEOFF,
    code: 'FIVEOFF',
    coupon: DEMO_CATALOG.coupons.fiveOff,
  });
  createPromotionCode(state, {
    id: DEMO_CATALOG.promotionCodes.EXPIRED,
    code: 'EXPIRED',
    coupon: DEMO_CATALOG.coupons.tenPercent,
    active: false,
  });

  createShippingRate(state, {
    id: DEMO_CATALOG.shippingRates.standard,
    displayName: 'Standard shipping',
    amount: 500,
    currency: 'usd',
    deliveryEstimate: {
      minimum: { unit: 'business_day', value: 5 },
      maximum: { unit: 'business_day', value: 7 },
    },
  });
  createShippingRate(state, {
    id: DEMO_CATALOG.shippingRates.express,
    displayName: 'Express shipping',
    amount: 1500,
    currency: 'usd',
    deliveryEstimate: {
      minimum: { unit: 'business_day', value: 1 },
      maximum: { unit: 'business_day', value: 2 },
    },
  });
}
