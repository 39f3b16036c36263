import type Stripe from 'stripe';
import { newId } from './ids.js';
import type { State } from './store.js';
import { wireDecimal } from './wire.js';

export interface ProductInput {
  id?: string;
  name: string;
  description?: string | null;
  images?: string[];
  metadata?: Record<string, string>;
  active?: boolean;
  unitLabel?: string | null;
  taxCode?: string | null;
}

export function createProduct(state: State, input: ProductInput): Stripe.Product {
  const now = state.clock.now();
  const product: Stripe.Product = {
    id: input.id ?? newId('prod', 14),
    object: 'product',
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: input.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata ?? {},
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: input.taxCode ?? null,
    tax_details: null,
    type: 'service',
    unit_label: input.unitLabel ?? null,
    updated: now,
    url: null,
  };
  state.products.set(product.id, product);
  return product;
}

export interface PriceInput {
  id?: string;
  product: string;
  currency: string;
  unitAmount: number;
  recurring?: { interval: Stripe.Price.Recurring.Interval; interval_count?: number } | null;
  active?: boolean;
  nickname?: string | null;
  lookupKey?: string | null;
  metadata?: Record<string, string>;
  taxBehavior?: Stripe.Price.TaxBehavior | null;
}

export function createPrice(state: State, input: PriceInput): Stripe.Price {
  const price: Stripe.Price = {
    id: input.id ?? newId('price'),
    object: 'price',
    active: input.active ?? true,
    billing_scheme: 'per_unit',
    created: state.clock.now(),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookupKey ?? null,
    metadata: input.metadata ?? {},
    nickname: input.nickname ?? null,
    product: input.product,
    recurring: input.recurring
      ? {
          interval: input.recurring.interval,
          interval_count: input.recurring.interval_count ?? 1,
          meter: null,
          trial_period_days: null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: input.taxBehavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: input.unitAmount,
    unit_amount_decimal: wireDecimal(input.unitAmount),
  };
  state.prices.set(price.id, price);
  return price;
}

export interface CouponInput {
  id?: string;
  name?: string | null;
  percentOff?: number | null;
  amountOff?: number | null;
  currency?: string | null;
  duration?: Stripe.Coupon.Duration;
  durationInMonths?: number | null;
  maxRedemptions?: number | null;
  redeemBy?: number | null;
  metadata?: Record<string, string>;
}

export function createCoupon(state: State, input: CouponInput): Stripe.Coupon {
  const coupon: Stripe.Coupon = {
    id: input.id ?? newId('', 8).slice(1),
    object: 'coupon',
    amount_off: input.amountOff ?? null,
    created: state.clock.now(),
    currency: input.amountOff ? (input.currency ?? null) : null,
    duration: input.duration ?? 'once',
    duration_in_months: input.durationInMonths ?? null,
    livemode: false,
    max_redemptions: input.maxRedemptions ?? null,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    percent_off: input.percentOff ?? null,
    redeem_by: input.redeemBy ?? null,
    times_redeemed: 0,
    valid: true,
  };
  state.coupons.set(coupon.id, coupon);
  return coupon;
}

export interface PromotionCodeInput {
  id?: string;
  code?: string;
  coupon: string;
  active?: boolean;
  customer?: string | null;
  expiresAt?: number | null;
  maxRedemptions?: number | null;
  metadata?: Record<string, string>;
  minimumAmount?: number | null;
  minimumAmountCurrency?: string | null;
}

export function createPromotionCode(state: State, input: PromotionCodeInput): Stripe.PromotionCode {
  const promotionCode: Stripe.PromotionCode = {
    id: input.id ?? newId('promo'),
    object: 'promotion_code',
    active: input.active ?? true,
    code: input.code ?? newId('', 8).slice(1).toUpperCase(),
    created: state.clock.now(),
    customer: input.customer ?? null,
    customer_account: null,
    expires_at: input.expiresAt ?? null,
    livemode: false,
    max_redemptions: input.maxRedemptions ?? null,
    metadata: input.metadata ?? {},
    promotion: { type: 'coupon', coupon: input.coupon },
    restrictions: {
      first_time_transaction: false,
      minimum_amount: input.minimumAmount ?? null,
      minimum_amount_currency: input.minimumAmountCurrency ?? null,
    },
    times_redeemed: 0,
  };
  state.promotionCodes.set(promotionCode.id, promotionCode);
  return promotionCode;
}

export interface ShippingRateInput {
  id?: string;
  displayName: string;
  amount: number;
  currency: string;
  deliveryEstimate?: Stripe.ShippingRate.DeliveryEstimate | null;
  metadata?: Record<string, string>;
  taxBehavior?: Stripe.ShippingRate.TaxBehavior | null;
  active?: boolean;
}

export function createShippingRate(state: State, input: ShippingRateInput): Stripe.ShippingRate {
  const rate: Stripe.ShippingRate = {
    id: input.id ?? newId('shr'),
    object: 'shipping_rate',
    active: input.active ?? true,
    created: state.clock.now(),
    delivery_estimate: input.deliveryEstimate ?? null,
    display_name: input.displayName,
    fixed_amount: { amount: input.amount, currency: input.currency },
    livemode: false,
    metadata: input.metadata ?? {},
    tax_behavior: input.taxBehavior ?? 'unspecified',
    tax_code: null,
    type: 'fixed_amount',
  };
  state.shippingRates.set(rate.id, rate);
  return rate;
}

/** Whether a promotion code can be redeemed now (active, not expired, redemptions left, coupon valid). */
export function isRedeemable(state: State, promotionCode: Stripe.PromotionCode): boolean {
  if (!promotionCode.active) return false;
  if (promotionCode.expires_at !== null && promotionCode.expires_at <= state.clock.now()) return false;
  if (
    promotionCode.max_redemptions !== null &&
    promotionCode.times_redeemed >= promotionCode.max_redemptions
  ) {
    return false;
  }
  const couponId = promotionCode.promotion.coupon;
  const coupon = typeof couponId === 'string' ? state.coupons.get(couponId) : couponId;
  return coupon?.valid ?? false;
}
