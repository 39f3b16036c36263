import type Stripe from 'stripe';
import {
  AUTOMATIC_TAX_PERCENT,
  AUTOMATIC_TAX_RATE_ID,
  computeAmounts,
  type SessionAmounts,
} from './amounts.js';
import { uiModeName } from './api-version.js';
import { convertMinorUnits } from './currencies.js';
import { presentmentCurrency } from './presentment.js';
import type { AddressRecord, SessionRecord } from './records.js';
import type { State } from './store.js';
import { wireDecimal } from './wire.js';

export interface ViewOptions {
  /** Expansion paths, e.g. `line_items`, `line_items.data.price.product`, `total_details.breakdown`. */
  expand?: ReadonlySet<string>;
  apiVersion: string;
  /**
   * Render the session as the buyer sees it, in this currency (Adaptive Pricing): `currency` and every amount
   * converted. Only the browser endpoints ask for this; the REST object keeps the integration currency and
   * reports the buyer's currency in `presentment_details`.
   */
  presentIn?: string;
}

/** Paths of a session that `expand[]` accepts. */
export const SESSION_EXPANDABLE = new Set([
  'line_items',
  'line_items.data.price',
  'line_items.data.price.product',
  'payment_intent',
  'setup_intent',
  'subscription',
  'customer',
  'shipping_options.shipping_rate',
  'shipping_cost.shipping_rate',
  'discounts.coupon',
  'discounts.promotion_code',
  'total_details.breakdown',
  'invoice',
  'payment_link',
]);

/** The REST `checkout.session` object for a session record, shaped and typed like Stripe's. */
export function toRestSession(
  state: State,
  session: SessionRecord,
  options: ViewOptions,
): Stripe.Checkout.Session {
  const expand = options.expand ?? new Set<string>();
  const currency = options.presentIn ?? session.currency;
  const amounts = computeAmounts(state, session, currency ?? undefined);
  const payable = session.mode !== 'setup';
  const presented = presentmentCurrency(state, session);
  const collectsClientSide = session.uiMode !== 'hosted';
  const rest: Stripe.Checkout.Session = {
    id: session.id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: session.adaptivePricing },
    after_expiration: null,
    allow_promotion_codes: session.allowPromotionCodes,
    allowed_payment_method_types: session.allowedPaymentMethodTypes
      ? [...session.allowedPaymentMethodTypes]
      : null,
    amount_subtotal: payable ? amounts.subtotal : null,
    amount_total: payable ? amounts.total : null,
    automatic_tax: session.automaticTax
      ? { enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'complete' }
      : { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: session.billingAddressCollection,
    cancel_url: session.cancelUrl,
    client_reference_id: session.clientReferenceId,
    client_secret: collectsClientSide ? session.clientSecret : null,
    collected_information: {
      business_name: session.buyer.businessName,
      individual_name: session.buyer.individualName,
      shipping_details: session.shipping
        ? { name: session.shipping.name ?? '', address: toAddress(session.shipping.address) }
        : null,
    },
    consent: session.consentCollection
      ? {
          promotions: session.buyer.consent.promotions,
          terms_of_service: session.buyer.consent.termsOfService,
        }
      : null,
    consent_collection: session.consentCollection
      ? {
          payment_method_reuse_agreement: session.consentCollection.paymentMethodReuseAgreement
            ? { ...session.consentCollection.paymentMethodReuseAgreement }
            : null,
          promotions: session.consentCollection.promotions,
          terms_of_service: session.consentCollection.termsOfService,
        }
      : null,
    created: session.created,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: session.customText.after_submit,
      shipping_address: session.customText.shipping_address,
      submit: session.customText.submit,
      terms_of_service_acceptance: session.customText.terms_of_service_acceptance,
    },
    customer: expandable(expand.has('customer'), session.customerId, (id) => state.customers.get(id)),
    customer_account: null,
    customer_creation: session.customerCreation,
    customer_details: customerDetails(session),
    customer_email: session.customerEmail,
    discounts: discounts(state, session, expand),
    expires_at: session.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: session.mode === 'payment' ? invoiceCreationDisabled() : null,
    livemode: false,
    locale: session.locale,
    managed_payments: null,
    metadata: { ...session.metadata },
    mode: session.mode,
    origin_context: null,
    payment_intent: expandable(expand.has('payment_intent'), session.paymentIntentId, (id) =>
      state.paymentIntents.get(id),
    ),
    payment_link: null,
    payment_method_collection: session.mode === 'payment' ? null : 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: [...session.paymentMethodTypes],
    payment_status: session.paymentStatus,
    permissions: { update_shipping_details: session.updateShippingDetails },
    phone_number_collection: { enabled: session.phoneNumberCollection },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: expandable(expand.has('setup_intent'), session.setupIntentId, (id) =>
      state.setupIntents.get(id),
    ),
    shipping_address_collection: session.shippingAddressCollection
      ? { allowed_countries: [...session.shippingAddressCollection.allowed_countries] as never[] }
      : null,
    shipping_cost: shippingCost(state, session, amounts, expand),
    shipping_options: session.shippingRateIds.map((rateId) => {
      const rate = state.shippingRates.get(rateId);
      return {
        shipping_amount: convertMinorUnits(
          rate?.fixed_amount?.amount ?? 0,
          session.currency ?? 'usd',
          currency ?? 'usd',
        ),
        shipping_rate: expand.has('shipping_options.shipping_rate') && rate ? rate : rateId,
      };
    }),
    status: session.status,
    submit_type: session.submitType,
    subscription: expandable(expand.has('subscription'), session.subscriptionId, (id) =>
      state.subscriptions.get(id),
    ),
    success_url: session.successUrl,
    tax_id_collection: { ...session.taxIdCollection },
    total_details: payable ? totalDetails(state, session, amounts, expand) : null,
    ui_mode: uiModeName(session.uiMode, options.apiVersion),
    // Hosted payment pages are not emulated, so there is no page to send a buyer to.
    url: null,
    wallet_options: session.linkDisplay ? { link: { display: session.linkDisplay } } : null,
  };
  if (session.nameCollection) {
    const { business, individual } = session.nameCollection;
    rest.name_collection = {
      ...(business ? { business: { ...business } } : {}),
      ...(individual ? { individual: { ...individual } } : {}),
    };
  }
  if (session.optionalItems) {
    rest.optional_items = session.optionalItems.map((item) => ({
      adjustable_quantity: item.adjustableQuantity ? { ...item.adjustableQuantity } : null,
      price: item.priceId,
      quantity: item.quantity,
    }));
  }
  // Since 2025-03-31.basil the session keeps the integration currency and describes what the buyer was shown
  // in `presentment_details` (https://docs.stripe.com/changelog/basil/2025-03-31/add_presentment_details).
  if (payable && !options.presentIn && presented !== session.currency) {
    rest.presentment_details = {
      presentment_amount: computeAmounts(state, session, presented).total,
      presentment_currency: presented,
    };
  }
  if (collectsClientSide) {
    rest.redirect_on_completion = session.redirectOnCompletion ?? 'always';
    if (session.returnUrl !== null) rest.return_url = session.returnUrl;
  }
  if (expand.has('line_items') || expand.has('line_items.data.price.product')) {
    rest.line_items = lineItemList(state, session, {
      expandProduct: expand.has('line_items.data.price.product'),
      ...(options.presentIn ? { presentIn: options.presentIn } : {}),
    });
  }
  return rest;
}

export function lineItemList(
  state: State,
  session: SessionRecord,
  options: { expandProduct: boolean; items?: Stripe.LineItem[]; hasMore?: boolean; presentIn?: string },
): Stripe.ApiList<Stripe.LineItem> {
  return {
    object: 'list',
    data: options.items ?? restLineItems(state, session, options.expandProduct, options.presentIn),
    has_more: options.hasMore ?? false,
    url: `/v1/checkout/sessions/${session.id}/line_items`,
  };
}

export function restLineItems(
  state: State,
  session: SessionRecord,
  expandProduct: boolean,
  presentIn?: string,
): Stripe.LineItem[] {
  const amounts = computeAmounts(state, session, presentIn);
  return session.lineItems.map((item, index) => {
    const price = state.prices.get(item.priceId);
    const productId = typeof price?.product === 'string' ? price.product : undefined;
    const product = productId ? state.products.get(productId) : undefined;
    const line = amounts.lines[index];
    return {
      id: item.id,
      object: 'item',
      adjustable_quantity: item.adjustableQuantity ? { ...item.adjustableQuantity } : null,
      amount_discount: line?.discount ?? 0,
      amount_subtotal: line?.subtotal ?? 0,
      amount_tax: line?.tax ?? 0,
      amount_total: line?.total ?? 0,
      currency: presentIn ?? price?.currency ?? session.currency ?? 'usd',
      description: product?.name ?? null,
      metadata: { ...item.metadata },
      price: price
        ? {
            ...price,
            ...(presentIn ? presentedPrice(line?.unitAmount ?? 0, presentIn) : {}),
            product: expandProduct && product ? product : price.product,
          }
        : null,
      quantity: item.quantity,
    };
  });
}

/** A price as the buyer sees it in another currency (its amount converted). */
function presentedPrice(unitAmount: number, currency: string): Partial<Stripe.Price> {
  return { currency, unit_amount: unitAmount, unit_amount_decimal: wireDecimal(unitAmount) };
}

function expandable<T>(
  expand: boolean,
  id: string | null,
  find: (id: string) => T | undefined,
): string | T | null {
  if (id === null) return null;
  return expand ? (find(id) ?? id) : id;
}

function toAddress(address: AddressRecord): Stripe.Address {
  return {
    city: address.city,
    country: address.country,
    line1: address.line1,
    line2: address.line2,
    postal_code: address.postal_code,
    state: address.state,
  };
}

function customerDetails(session: SessionRecord): Stripe.Checkout.Session.CustomerDetails | null {
  const { buyer } = session;
  const email = buyer.email ?? (session.status === 'complete' ? session.customerEmail : null);
  const businessName = buyer.businessName ?? buyer.taxId?.businessName ?? null;
  if (
    email === null &&
    buyer.name === null &&
    buyer.phone === null &&
    buyer.billing === null &&
    buyer.individualName === null &&
    businessName === null &&
    buyer.taxId === null
  ) {
    return null;
  }
  return {
    address: buyer.billing ? toAddress(buyer.billing) : null,
    business_name: businessName,
    email,
    individual_name: buyer.individualName,
    name: buyer.name,
    phone: buyer.phone,
    tax_exempt: 'none',
    tax_ids: buyer.taxId ? [{ type: buyer.taxId.type as never, value: buyer.taxId.value }] : [],
  };
}

function discounts(
  state: State,
  session: SessionRecord,
  expand: ReadonlySet<string>,
): Stripe.Checkout.Session.Discount[] {
  if (!session.discount) return [];
  const { couponId, promotionCodeId } = session.discount;
  return [
    {
      coupon: expand.has('discounts.coupon') ? (state.coupons.get(couponId) ?? couponId) : couponId,
      promotion_code:
        promotionCodeId === null
          ? null
          : expand.has('discounts.promotion_code')
            ? (state.promotionCodes.get(promotionCodeId) ?? promotionCodeId)
            : promotionCodeId,
    },
  ];
}

function invoiceCreationDisabled(): Stripe.Checkout.Session.InvoiceCreation {
  return {
    enabled: false,
    invoice_data: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: null,
      metadata: {},
      rendering_options: null,
    },
  };
}

function shippingCost(
  state: State,
  session: SessionRecord,
  amounts: SessionAmounts,
  expand: ReadonlySet<string>,
): Stripe.Checkout.Session.ShippingCost | null {
  if (!session.selectedShippingRateId) return null;
  const rate = state.shippingRates.get(session.selectedShippingRateId);
  return {
    amount_subtotal: amounts.shipping,
    amount_tax: 0,
    amount_total: amounts.shipping,
    shipping_rate: expand.has('shipping_cost.shipping_rate') && rate ? rate : session.selectedShippingRateId,
  };
}

function totalDetails(
  state: State,
  session: SessionRecord,
  amounts: SessionAmounts,
  expand: ReadonlySet<string>,
): Stripe.Checkout.Session.TotalDetails {
  const details: Stripe.Checkout.Session.TotalDetails = {
    amount_discount: amounts.discount,
    amount_shipping: amounts.shipping,
    amount_tax: amounts.tax,
  };
  if (expand.has('total_details.breakdown')) {
    details.breakdown = {
      discounts: session.discount && amounts.discount > 0 ? [breakdownDiscount(state, session, amounts)] : [],
      taxes: session.automaticTax && amounts.tax > 0 ? [breakdownTax(state, amounts)] : [],
    };
  }
  return details;
}

function breakdownDiscount(
  state: State,
  session: SessionRecord,
  amounts: SessionAmounts,
): Stripe.Checkout.Session.TotalDetails.Breakdown.Discount {
  const applied = session.discount!;
  const coupon = state.coupons.get(applied.couponId);
  return {
    amount: amounts.discount,
    discount: {
      id: `di_${session.id.slice(-20)}`,
      object: 'discount',
      checkout_session: session.id,
      customer: session.customerId,
      customer_account: null,
      end: null,
      invoice: null,
      invoice_item: null,
      promotion_code: applied.promotionCodeId,
      source: { coupon: coupon ?? applied.couponId, type: 'coupon' },
      start: session.created,
      subscription: null,
      subscription_item: null,
    },
  };
}

function breakdownTax(
  state: State,
  amounts: SessionAmounts,
): Stripe.Checkout.Session.TotalDetails.Breakdown.Tax {
  return {
    amount: amounts.tax,
    rate: automaticTaxRate(state),
    taxability_reason: 'standard_rated',
    taxable_amount: amounts.subtotal - amounts.discount,
  };
}

export function automaticTaxRate(state: State): Stripe.TaxRate {
  return {
    id: AUTOMATIC_TAX_RATE_ID,
    object: 'tax_rate',
    active: true,
    country: null,
    created: state.clock.now(),
    description: 'Emulator automatic tax (flat rate)',
    display_name: 'Tax',
    effective_percentage: AUTOMATIC_TAX_PERCENT,
    flat_amount: null,
    inclusive: false,
    jurisdiction: null,
    jurisdiction_level: null,
    livemode: false,
    metadata: {},
    percentage: AUTOMATIC_TAX_PERCENT,
    rate_type: 'percentage',
    state: null,
    tax_type: 'sales_tax',
  };
}
