// Maps the REST `checkout.session` (as the emulator's /v1/payment_pages endpoints return it, expanded) to the
// camelCase `StripeCheckoutSession` that Stripe.js hands to integrations. Pure: no DOM, no network, so it is
// unit-tested in Node and shared by the stand-in.
import type {
  StripeCheckoutBillingInterval,
  StripeCheckoutContact,
  StripeCheckoutCurrencyOption,
  StripeCheckoutDeliveryEstimate,
  StripeCheckoutDiscountAmount,
  StripeCheckoutEstimate,
  StripeCheckoutLineItem,
  StripeCheckoutOptionalItem,
  StripeCheckoutRecurring,
  StripeCheckoutSession,
  StripeCheckoutShippingOption,
  StripeCheckoutStatus,
  StripeCheckoutTaxAmount,
  StripeCheckoutTaxIdInfo,
  StripeCheckoutTaxIdType,
  StripeCheckoutTaxStatus,
} from '@stripe/stripe-js';
import type Stripe from 'stripe';
import { CHECKOUT_TAX_ID_TYPES } from '../../state/tax-ids.js';
import { checkoutAmount, minorUnitsAmountDivisor } from './money.js';

// The server's list of tax ID types and Stripe.js's `StripeCheckoutTaxIdType` must agree, both ways.
type ServerTaxIdType = (typeof CHECKOUT_TAX_ID_TYPES)[number];
type SameTaxIdTypes = [ServerTaxIdType] extends [StripeCheckoutTaxIdType]
  ? [StripeCheckoutTaxIdType] extends [ServerTaxIdType]
    ? true
    : false
  : false;
export const TAX_ID_TYPES_AGREE: SameTaxIdTypes = true;

export type RestSession = Stripe.Checkout.Session;
type RestLineItem = Stripe.LineItem;
type RestCoupon = Stripe.Coupon;
type RestShippingRate = Stripe.ShippingRate;
type RestAddress = Stripe.Address;

export interface MapSessionExtras {
  /** Kept by the stand-in: the message of the last declined confirm, cleared by a successful one. */
  lastPaymentErrorMessage?: string | null;
  /** Adaptive Pricing: the currencies on offer (the REST session is already in the presented currency). */
  presentment?: {
    currency: string;
    options: { currency: string; amount_total: number; fx_rate: number | null }[];
  };
  /** Stripe.js sets `canConfirm` to false while an update is queued or running (see `canConfirm` below). */
  updatesPending?: boolean;
  /** The session's `optional_items`, as the browser endpoints expand them (INTERNALS.md §2). */
  optionalItems?: readonly RestOptionalItem[];
}

/** An optional item with its price (product expanded, presented currency) and the line item it became, if added. */
export interface RestOptionalItem {
  price: Stripe.Price;
  quantity: number;
  adjustable_quantity: { enabled: boolean; minimum: number; maximum: number } | null;
  line_item: string | null;
}

// Stripe's defaults for adjustable_quantity when minimum/maximum are omitted.
const DEFAULT_MINIMUM_QUANTITY = 0;
const DEFAULT_MAXIMUM_QUANTITY = 99;
const BILLING_INTERVALS: readonly StripeCheckoutBillingInterval[] = ['day', 'week', 'month', 'year'];
const PAYMENT_STATUSES = ['paid', 'unpaid', 'no_payment_required'] as const;
const ESTIMATE_UNITS: readonly StripeCheckoutEstimate['unit'][] = [
  'business_day',
  'day',
  'hour',
  'week',
  'month',
];

export function toCheckoutSession(rest: RestSession, extras: MapSessionExtras = {}): StripeCheckoutSession {
  const currency = rest.currency ?? 'usd';
  const money = (minor: number | null | undefined) => checkoutAmount(minor ?? 0, currency);
  const taxes = rest.total_details?.breakdown?.taxes ?? [];
  const taxInclusive = taxes.filter((tax) => tax.rate.inclusive).reduce((sum, tax) => sum + tax.amount, 0);
  const taxExclusive = taxes.length
    ? taxes.filter((tax) => !tax.rate.inclusive).reduce((sum, tax) => sum + tax.amount, 0)
    : (rest.total_details?.amount_tax ?? 0);
  const shippingOptions = rest.shipping_options.flatMap((option) => {
    const rate = expanded(option.shipping_rate);
    return rate ? [toShippingOption(rate, option.shipping_amount, currency)] : [];
  });
  const selectedRateId = idOf(rest.shipping_cost?.shipping_rate ?? null);
  const selectedOption = shippingOptions.find((option) => option.id === selectedRateId) ?? null;
  const email = rest.customer_details?.email ?? rest.customer_email ?? null;
  const shippingAddress = toContact(rest.collected_information?.shipping_details ?? null);
  const billingAddress = rest.customer_details?.address
    ? toContact({ name: rest.customer_details.name, address: rest.customer_details.address })
    : null;
  const status = toStatus(rest);
  const tax = toTaxStatus(rest, shippingAddress, billingAddress);
  const total = {
    appliedBalance: money(0),
    balanceAppliedToNextInvoice: false,
    discount: money(rest.total_details?.amount_discount),
    shippingRate: money(rest.total_details?.amount_shipping),
    subtotal: money(rest.amount_subtotal),
    surcharge: money(0),
    taxExclusive: money(taxExclusive),
    taxInclusive: money(taxInclusive),
    total: money(rest.amount_total),
  };
  const removable = new Set(
    (extras.optionalItems ?? []).flatMap((item) => (item.line_item ? [item.line_item] : [])),
  );
  const lineItems = (rest.line_items?.data ?? []).map((item) => toLineItem(item, currency, removable));
  const collected = rest.collected_information;
  const phoneNumber = rest.customer_details?.phone ?? null;
  const names = rest.name_collection;
  const requiredNamesGiven =
    (!names?.individual?.enabled || names.individual.optional || Boolean(collected?.individual_name)) &&
    (!names?.business?.enabled || names.business.optional || Boolean(collected?.business_name));
  const termsAccepted =
    rest.consent_collection?.terms_of_service !== 'required' || rest.consent?.terms_of_service === 'accepted';
  return {
    id: rest.id,
    livemode: rest.livemode,
    currency,
    minorUnitsAmountDivisor: minorUnitsAmountDivisor(currency),
    status,
    // "Sets canConfirm to false while updates are pending … After all pending updates finish, canConfirm
    // reflects whether the checkout is otherwise ready for confirmation"
    // (https://docs.stripe.com/changelog/endive/2026-09-30/block-custom-checkout-confirmation-pending-updates).
    // Ready = what the session itself requires before a payment is accepted: an email, the shipping address
    // and option it collects, a billing address when `billing_address_collection` is `required`, the phone
    // number, names and terms of service consent it requires, and tax computed. Whether the card form is
    // complete is the Payment Element's own `change.complete`, not part of the session (FIDELITY.md).
    canConfirm:
      !extras.updatesPending &&
      status.type === 'open' &&
      email !== null &&
      (rest.shipping_address_collection === null || shippingAddress !== null) &&
      (rest.billing_address_collection !== 'required' || billingAddress !== null) &&
      (shippingOptions.length === 0 || selectedOption !== null) &&
      (!rest.phone_number_collection?.enabled || phoneNumber !== null) &&
      requiredNamesGiven &&
      termsAccepted &&
      tax.status === 'ready',
    email,
    phoneNumber,
    billingAddress,
    shippingAddress,
    businessName: collected?.business_name ?? rest.customer_details?.business_name ?? null,
    // Null unless the session collects names (`name_collection`), then what the buyer gave so far.
    nameCollection:
      names?.individual?.enabled || names?.business?.enabled
        ? {
            individualName: collected?.individual_name ?? null,
            businessName: collected?.business_name ?? null,
          }
        : null,
    currencyOptions: toCurrencyOptions(extras.presentment, rest.currency ?? 'usd'),
    discountAmounts: toDiscountAmounts(rest, currency),
    lastPaymentError: extras.lastPaymentErrorMessage ? { message: extras.lastPaymentErrorMessage } : null,
    lineItems,
    recurring: toRecurring(rest, lineItems, total),
    savedPaymentMethods: null,
    shipping: selectedOption ? { shippingOption: selectedOption, taxAmounts: null } : null,
    shippingOptions,
    surcharge: null,
    tax,
    taxAmounts: taxes.length
      ? taxes.map((breakdown) => toTaxAmount(breakdown.amount, breakdown.rate, currency))
      : null,
    taxIdInfo: toTaxIdInfo(rest),
    total,
    optionalItems: extras.optionalItems?.length
      ? extras.optionalItems.map((item) => toOptionalItem(item, currency, rest.line_items?.data ?? []))
      : null,
  };
}

function toTaxIdInfo(rest: RestSession): StripeCheckoutTaxIdInfo | null {
  const taxId = rest.customer_details?.tax_ids?.[0];
  if (!taxId?.value || !(CHECKOUT_TAX_ID_TYPES as readonly string[]).includes(taxId.type)) return null;
  return {
    taxId: { type: taxId.type as StripeCheckoutTaxIdType, value: taxId.value },
    businessName: rest.customer_details?.business_name ?? '',
  };
}

function toOptionalItem(
  item: RestOptionalItem,
  currency: string,
  lines: readonly RestLineItem[],
): StripeCheckoutOptionalItem {
  const price = item.price;
  const product = typeof price.product === 'object' && !price.product.deleted ? price.product : null;
  const line = item.line_item ? lines.find((candidate) => candidate.id === item.line_item) : undefined;
  const adjustable = item.adjustable_quantity;
  return {
    priceId: price.id,
    name: product?.name ?? '',
    description: product?.description ?? null,
    unitAmount: checkoutAmount(price.unit_amount ?? 0, currency),
    unitAmountDecimal: null,
    unitLabel: product?.unit_label ?? null,
    quantity: line?.quantity ?? item.quantity,
    adjustableQuantity: adjustable?.enabled
      ? { minimum: adjustable.minimum, maximum: adjustable.maximum }
      : null,
    recurring: price.recurring
      ? {
          interval: oneOf(price.recurring.interval, BILLING_INTERVALS, 'month'),
          intervalCount: price.recurring.interval_count,
        }
      : null,
    images: product?.images ?? [],
    isSelected: line !== undefined,
  };
}

/**
 * The currency selector's choices: one per currency, each with the total in it; the converted ones carry the
 * exchange rate from the integration currency (`StripeCheckoutCurrencyOption.currencyConversion`). Null when
 * the buyer has no choice.
 */
function toCurrencyOptions(
  presentment: MapSessionExtras['presentment'],
  presented: string,
): StripeCheckoutCurrencyOption[] | null {
  if (!presentment || presentment.options.length < 2) return null;
  const source = presentment.options.find((option) => option.fx_rate === null)?.currency ?? presented;
  return presentment.options.map((option) => ({
    ...checkoutAmount(option.amount_total, option.currency),
    currency: option.currency,
    ...(option.fx_rate !== null
      ? { currencyConversion: { fxRate: option.fx_rate, sourceCurrency: source } }
      : {}),
  }));
}

function toStatus(rest: RestSession): StripeCheckoutStatus {
  if (rest.status === 'complete') {
    return {
      type: 'complete',
      paymentStatus: oneOf(rest.payment_status, PAYMENT_STATUSES, 'unpaid'),
    };
  }
  return rest.status === 'expired' ? { type: 'expired' } : { type: 'open' };
}

function toTaxStatus(
  rest: RestSession,
  shippingAddress: StripeCheckoutContact | null,
  billingAddress: StripeCheckoutContact | null,
): StripeCheckoutTaxStatus {
  if (!rest.automatic_tax.enabled || rest.automatic_tax.status !== 'requires_location_inputs') {
    return { status: 'ready' };
  }
  if (rest.shipping_address_collection && !shippingAddress) return { status: 'requires_shipping_address' };
  if (!billingAddress) return { status: 'requires_billing_address' };
  return { status: 'ready' };
}

function toLineItem(
  item: RestLineItem,
  currency: string,
  removable: ReadonlySet<string>,
): StripeCheckoutLineItem {
  const price = item.price;
  const product = price && typeof price.product === 'object' && !price.product.deleted ? price.product : null;
  const money = (minor: number | null | undefined) => checkoutAmount(minor ?? 0, currency);
  const itemTaxes = item.taxes ?? [];
  const adjustable = item.adjustable_quantity;
  return {
    id: item.id,
    name: product?.name ?? item.description ?? '',
    description: product?.description ?? null,
    quantity: item.quantity ?? 1,
    unitLabel: product?.unit_label ?? null,
    images: product?.images ?? [],
    priceId: price?.id ?? '',
    unitAmount: money(price?.unit_amount),
    unitAmountDecimal: null,
    subtotal: money(item.amount_subtotal),
    discount: money(item.amount_discount),
    total: money(item.amount_total),
    taxExclusive: money(
      itemTaxes.filter((tax) => !tax.rate.inclusive).reduce((sum, tax) => sum + tax.amount, 0),
    ),
    taxInclusive: money(
      itemTaxes.filter((tax) => tax.rate.inclusive).reduce((sum, tax) => sum + tax.amount, 0),
    ),
    discountAmounts: item.discounts?.length
      ? item.discounts.map((entry) =>
          toDiscountAmount(
            entry.amount,
            expanded(entry.discount.source.coupon),
            promotionCodeOf(entry.discount.promotion_code),
            currency,
          ),
        )
      : null,
    taxAmounts: itemTaxes.length ? itemTaxes.map((tax) => toTaxAmount(tax.amount, tax.rate, currency)) : null,
    recurring: price?.recurring
      ? {
          interval: oneOf(price.recurring.interval, BILLING_INTERVALS, 'month'),
          intervalCount: price.recurring.interval_count,
          usageType: price.recurring.usage_type === 'metered' ? 'metered' : 'licensed',
        }
      : null,
    adjustableQuantity: adjustable?.enabled
      ? {
          minimum: adjustable.minimum ?? DEFAULT_MINIMUM_QUANTITY,
          maximum: adjustable.maximum ?? DEFAULT_MAXIMUM_QUANTITY,
        }
      : null,
    // Line items the buyer added from `optional_items` can be removed again (removeOptionalLineItem).
    isRemovable: removable.has(item.id),
    pricing: null,
    transformQuantity: null,
  };
}

function toDiscountAmounts(rest: RestSession, currency: string): StripeCheckoutDiscountAmount[] | null {
  // The breakdown names coupon and promotion code by id (nested expansions are not applied, as on Stripe);
  // the session's expanded `discounts[]` has the objects.
  const coupons = new Map<string, RestCoupon>();
  const promotionCodes = new Map<string, Stripe.PromotionCode>();
  for (const discount of rest.discounts ?? []) {
    const coupon = expanded(discount.coupon);
    const promotionCode = expanded(discount.promotion_code);
    if (coupon) coupons.set(coupon.id, coupon);
    if (promotionCode) promotionCodes.set(promotionCode.id, promotionCode);
  }
  const couponOf = (value: string | RestCoupon | null) =>
    expanded(value) ?? (typeof value === 'string' ? (coupons.get(value) ?? null) : null);
  const codeOf = (value: string | Stripe.PromotionCode | null) =>
    promotionCodeOf(typeof value === 'string' ? (promotionCodes.get(value) ?? null) : value);
  const breakdown = rest.total_details?.breakdown?.discounts;
  if (breakdown?.length) {
    return breakdown.map((entry) =>
      toDiscountAmount(
        entry.amount,
        couponOf(entry.discount.source.coupon),
        codeOf(entry.discount.promotion_code),
        currency,
      ),
    );
  }
  // Without a breakdown, the whole discount belongs to the (single) applied discount.
  const discounts = rest.discounts ?? [];
  if (!discounts.length) return null;
  return discounts.map((discount, index) =>
    toDiscountAmount(
      index === 0 ? (rest.total_details?.amount_discount ?? 0) : 0,
      couponOf(discount.coupon),
      codeOf(discount.promotion_code),
      currency,
    ),
  );
}

function toDiscountAmount(
  minor: number,
  coupon: RestCoupon | null,
  promotionCode: string | null,
  currency: string,
): StripeCheckoutDiscountAmount {
  return {
    ...checkoutAmount(minor, currency),
    displayName: coupon?.name ?? promotionCode ?? coupon?.id ?? '',
    promotionCode,
    percentOff: coupon?.percent_off ?? null,
    recurring:
      coupon?.duration === 'forever'
        ? { type: 'forever' }
        : coupon?.duration === 'repeating'
          ? { type: 'repeating', durationInMonths: coupon.duration_in_months ?? 0 }
          : null,
  };
}

function toTaxAmount(minor: number, rate: Stripe.TaxRate, currency: string): StripeCheckoutTaxAmount {
  return {
    ...checkoutAmount(minor, currency),
    inclusive: rate.inclusive,
    displayName: rate.display_name,
    percentage: rate.percentage,
  };
}

function toShippingOption(
  rate: RestShippingRate,
  shippingAmount: number,
  currency: string,
): StripeCheckoutShippingOption {
  return {
    ...checkoutAmount(shippingAmount, currency),
    id: rate.id,
    currency: rate.fixed_amount?.currency ?? currency,
    displayName: rate.display_name,
    deliveryEstimate: toDeliveryEstimate(rate.delivery_estimate),
  };
}

function toDeliveryEstimate(
  estimate: RestShippingRate['delivery_estimate'],
): StripeCheckoutDeliveryEstimate | null {
  if (!estimate) return null;
  return {
    minimum: estimate.minimum ? toEstimate(estimate.minimum) : null,
    maximum: estimate.maximum ? toEstimate(estimate.maximum) : null,
  };
}

function toEstimate(bound: { unit: string; value: number }): StripeCheckoutEstimate {
  return { unit: oneOf(bound.unit, ESTIMATE_UNITS, 'day'), value: bound.value };
}

function toRecurring(
  rest: RestSession,
  lineItems: StripeCheckoutLineItem[],
  total: StripeCheckoutSession['total'],
): StripeCheckoutRecurring | null {
  if (rest.mode !== 'subscription') return null;
  const recurring = lineItems.find((item) => item.recurring)?.recurring;
  if (!recurring) return null;
  return {
    interval: recurring.interval,
    intervalCount: recurring.intervalCount,
    isProrated: false,
    trial: null,
    dueNext: {
      subtotal: total.subtotal,
      total: total.total,
      discount: total.discount,
      taxInclusive: total.taxInclusive,
      taxExclusive: total.taxExclusive,
      billingCycleAnchor: null,
    },
  };
}

function toContact(
  details: { name?: string | null; address?: RestAddress | null } | null,
): StripeCheckoutContact | null {
  if (!details?.address) return null;
  const address = details.address;
  return {
    name: details.name ?? null,
    address: {
      country: address.country ?? '',
      line1: address.line1,
      line2: address.line2,
      city: address.city,
      postal_code: address.postal_code,
      state: address.state,
    },
  };
}

/** Narrows the REST types' open-ended string unions (`OtherString`) to the closed unions of Stripe.js. */
function oneOf<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function expanded<T extends { id: string }>(value: string | T | null | undefined): T | null {
  return value && typeof value === 'object' ? value : null;
}

function idOf(value: string | { id: string } | null): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function promotionCodeOf(value: string | Stripe.PromotionCode | null): string | null {
  return value && typeof value === 'object' ? value.code : null;
}
