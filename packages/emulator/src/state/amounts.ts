import { convertMinorUnits } from './currencies.js';
import type { SessionRecord } from './records.js';
import type { State } from './store.js';

/**
 * `automatic_tax[enabled]=true` charges this flat, exclusive rate on each line after discounts (shipping is
 * not taxed). Real Stripe Tax depends on addresses and registrations; a fixed rate keeps tests deterministic.
 */
export const AUTOMATIC_TAX_PERCENT = 10;
export const AUTOMATIC_TAX_RATE_ID = 'txr_emulator_automatic';

export interface LineAmounts {
  lineItemId: string;
  unitAmount: number;
  quantity: number;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

export interface SessionAmounts {
  lines: LineAmounts[];
  subtotal: number;
  discount: number;
  tax: number;
  shipping: number;
  total: number;
}

/**
 * Every amount of a session, computed so that they always add up: total = subtotal − discount + tax + shipping.
 * `currency` presents the session in another currency (Adaptive Pricing): unit prices, shipping and fixed
 * discounts are converted first and the totals are computed from them, so the converted amounts add up too.
 */
export function computeAmounts(
  state: State,
  session: SessionRecord,
  currency: string = session.currency ?? 'usd',
): SessionAmounts {
  const from = session.currency ?? 'usd';
  const convert = (amount: number) => convertMinorUnits(amount, from, currency);
  const lines = session.lineItems.map((item) => {
    const unitAmount = convert(state.prices.get(item.priceId)?.unit_amount ?? 0);
    return { lineItemId: item.id, unitAmount, quantity: item.quantity, subtotal: unitAmount * item.quantity };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0);
  const discounts = allocateDiscount(
    state,
    session,
    lines.map((line) => line.subtotal),
    subtotal,
    convert,
  );
  const withDiscounts = lines.map((line, index) => {
    const discount = discounts[index] ?? 0;
    const tax = session.automaticTax
      ? Math.round(((line.subtotal - discount) * AUTOMATIC_TAX_PERCENT) / 100)
      : 0;
    return { ...line, discount, tax, total: line.subtotal - discount + tax };
  });
  const rate = session.selectedShippingRateId
    ? state.shippingRates.get(session.selectedShippingRateId)
    : undefined;
  const shipping = convert(rate?.fixed_amount?.amount ?? 0);
  const discount = withDiscounts.reduce((sum, line) => sum + line.discount, 0);
  const tax = withDiscounts.reduce((sum, line) => sum + line.tax, 0);
  return {
    lines: withDiscounts,
    subtotal,
    discount,
    tax,
    shipping,
    total: subtotal - discount + tax + shipping,
  };
}

/** Per-line discount amounts: percent coupons per line, amount coupons spread pro rata (remainder to the first lines). */
function allocateDiscount(
  state: State,
  session: SessionRecord,
  subtotals: number[],
  subtotal: number,
  convert: (amount: number) => number,
): number[] {
  const coupon = session.discount ? state.coupons.get(session.discount.couponId) : undefined;
  if (!coupon || subtotal === 0) return subtotals.map(() => 0);
  if (coupon.percent_off !== null) {
    return subtotals.map((amount) => Math.round((amount * (coupon.percent_off ?? 0)) / 100));
  }
  if (coupon.amount_off === null || (coupon.currency && coupon.currency !== session.currency)) {
    return subtotals.map(() => 0);
  }
  const off = Math.min(convert(coupon.amount_off), subtotal);
  const shares = subtotals.map((amount) => Math.floor((amount * off) / subtotal));
  let remainder = off - shares.reduce((sum, share) => sum + share, 0);
  for (let i = 0; remainder > 0 && i < shares.length; i++) {
    if ((shares[i] ?? 0) < (subtotals[i] ?? 0)) {
      shares[i] = (shares[i] ?? 0) + 1;
      remainder--;
    }
  }
  return shares;
}
