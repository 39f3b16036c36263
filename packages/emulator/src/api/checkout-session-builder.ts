import { computeAmounts } from '../state/amounts.js';
import { parseUiMode, uiModeNames } from '../state/api-version.js';
import { describeAmount, minimumChargeAmount } from '../state/currencies.js';
import { createPrice, createProduct, createShippingRate, isRedeemable } from '../state/catalog-objects.js';
import { newClientSecret, newId, newSessionId } from '../state/ids.js';
import type { LineItemRecord, SessionRecord, UiModeKind } from '../state/records.js';
import type { State } from '../state/store.js';
import type { CreateParams, LineItemParams, ShippingOptionParams } from './checkout-session-params.js';
import {
  assertAllowedForUiMode,
  resolveCollection,
  resolveOptionalItems,
} from './checkout-session-features.js';
import { invalidEnum, invalidRequest, parameterMissing, resourceMissing } from './errors.js';

const MAX_LINE_ITEMS = 100;
/** Payment method types that complete without sending the buyer to another page. */
const NON_REDIRECT_METHODS: ReadonlySet<string> = new Set(['card']);
const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

function exclusive(first: string, second: string): never {
  throw invalidRequest(`You may only specify one of these parameters: ${first}, ${second}.`, {
    code: 'parameters_exclusive',
    param: second,
  });
}

/** Validates what the schema cannot (conditional and cross-field rules, references) and builds the record. */
export function buildSession(state: State, params: CreateParams, apiVersion: string): SessionRecord {
  if (params.mode === undefined) throw parameterMissing('mode');
  const mode = params.mode;
  const uiMode = resolveUiMode(params.ui_mode, apiVersion);
  const uiName = params.ui_mode ?? uiModeNames(apiVersion)[2];
  if (uiMode !== 'hosted') {
    for (const param of ['success_url', 'cancel_url'] as const) {
      if (params[param] !== undefined) {
        throw invalidRequest(
          `You cannot use \`${param}\` when \`ui_mode\` is \`${uiName}\`. Use \`return_url\` instead (with {CHECKOUT_SESSION_ID} where the session id should go).`,
          { code: 'parameters_exclusive', param },
        );
      }
    }
    // "This parameter is required if `ui_mode` is `embedded_page` or `elements` and redirect-based payment
    // methods are enabled on the session" (stripe-node 23.1.0, SessionCreateParams.return_url). Without
    // `payment_method_types` the account's dynamic payment methods apply, which the emulator assumes include
    // redirect-based ones (FIDELITY.md); cards alone never redirect.
    const methods = params.allowed_payment_method_types ?? params.payment_method_types;
    const redirectBased = methods?.some((type) => !NON_REDIRECT_METHODS.has(type)) ?? true;
    if (params.return_url === undefined && params.redirect_on_completion !== 'never' && redirectBased) {
      throw parameterMissing('return_url');
    }
  } else {
    if (params.return_url !== undefined) {
      throw invalidRequest(
        `\`return_url\` can only be used when \`ui_mode\` is \`${uiModeNames(apiVersion)[0]}\` or \`${uiModeNames(apiVersion)[1]}\`; with \`${uiName}\` use \`success_url\`.`,
        { code: 'parameters_exclusive', param: 'return_url' },
      );
    }
    if (params.redirect_on_completion !== undefined) {
      throw invalidRequest(`\`redirect_on_completion\` cannot be used when \`ui_mode\` is \`${uiName}\`.`, {
        code: 'parameters_exclusive',
        param: 'redirect_on_completion',
      });
    }
  }
  assertAllowedForUiMode(state, params, uiMode, uiName ?? uiModeNames(apiVersion)[2]!);
  if (params.customer !== undefined && params.customer_email !== undefined)
    exclusive('customer', 'customer_email');
  if (params.allow_promotion_codes !== undefined && params.discounts !== undefined) {
    exclusive('allow_promotion_codes', 'discounts');
  }
  if (params.customer !== undefined && !state.customers.has(params.customer)) {
    throw resourceMissing('customer', params.customer, 'customer');
  }

  let lineItems: LineItemRecord[] = [];
  if (mode === 'setup') {
    if (params.line_items !== undefined) {
      throw invalidRequest('You cannot pass `line_items` in `setup` mode.', { param: 'line_items' });
    }
    // "Required in `setup` mode when `allowed_payment_method_types` is not set" (stripe 23.1.0,
    // SessionCreateParams.currency); the older `payment_method_types` exempted it the same way.
    const methodsGiven = params.allowed_payment_method_types ?? params.payment_method_types;
    if (params.currency === undefined && methodsGiven === undefined) throw parameterMissing('currency');
  } else {
    if (!params.line_items || params.line_items.length === 0) throw parameterMissing('line_items');
    lineItems = resolveLineItems(state, params.line_items, mode, []);
  }
  const currency = params.currency ?? sessionCurrency(state, lineItems);
  assertSameCurrency(state, lineItems, currency);

  const now = state.clock.now();
  const expiresAt = params.expires_at ?? now + MAX_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS || expiresAt > now + MAX_EXPIRY_SECONDS) {
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes and at most 24 hours after the Checkout Session is created.',
      { param: 'expires_at' },
    );
  }
  if (mode === 'setup' && params.shipping_options !== undefined) {
    throw invalidRequest('`shipping_options` cannot be used in `setup` mode.', { param: 'shipping_options' });
  }
  const shippingRateIds = resolveShippingOptions(state, params.shipping_options ?? [], currency);
  const collection = resolveCollection(state, params, mode);
  const optionalItems = resolveOptionalItems(state, params.optional_items, { mode, lineItems, currency });

  const id = newSessionId();
  const session: SessionRecord = {
    id,
    clientSecret: newClientSecret(id),
    created: now,
    expiresAt,
    mode,
    uiMode,
    createdApiVersion: apiVersion,
    status: 'open',
    paymentStatus: mode === 'setup' ? 'no_payment_required' : 'unpaid',
    currency,
    locale: params.locale ?? null,
    customerId: params.customer ?? null,
    customerEmail: params.customer_email ?? null,
    customerCreation: params.customer_creation ?? (mode === 'payment' ? 'if_required' : null),
    clientReferenceId: params.client_reference_id ?? null,
    metadata: withoutEmpty(params.metadata ?? {}),
    successUrl: params.success_url ?? null,
    cancelUrl: params.cancel_url ?? null,
    returnUrl: params.return_url ?? null,
    redirectOnCompletion: params.redirect_on_completion ?? null,
    submitType: params.submit_type ?? null,
    lineItems,
    shippingRateIds,
    selectedShippingRateId: shippingRateIds[0] ?? null,
    shippingAddressCollection: params.shipping_address_collection
      ? { allowed_countries: [...params.shipping_address_collection.allowed_countries] }
      : null,
    billingAddressCollection: params.billing_address_collection ?? null,
    phoneNumberCollection: params.phone_number_collection?.enabled ?? false,
    ...collection,
    optionalItems,
    allowPromotionCodes: params.allow_promotion_codes ?? null,
    discount: null,
    automaticTax: params.automatic_tax?.enabled ?? false,
    adaptivePricing: params.adaptive_pricing?.enabled ?? false,
    chosenPresentmentCurrency: null,
    paymentMethodTypes: params.allowed_payment_method_types ?? params.payment_method_types ?? ['card'],
    paymentMethodTypesGiven: params.payment_method_types !== undefined,
    allowedPaymentMethodTypes: params.allowed_payment_method_types ?? null,
    buyer: {
      email: null,
      name: null,
      phone: null,
      billing: null,
      individualName: null,
      businessName: null,
      taxId: null,
      consent: { termsOfService: null, promotions: null },
    },
    shipping: null,
    paymentIntentId: null,
    setupIntentId: null,
    subscriptionId: null,
    pendingAuthentication: null,
  };
  if (params.discounts !== undefined) session.discount = resolveDiscounts(state, params.discounts);
  assertMinimumCharge(state, session);
  return session;
}

/**
 * Stripe refuses to charge less than its per-currency minimum
 * (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). A total of zero (a free order) is
 * left alone. The message is the one Stripe's API gives for a Checkout Session below the minimum (FIDELITY.md:
 * quoted from Stripe's answers seen in integrations, not from a documentation page).
 */
export function assertMinimumCharge(state: State, session: SessionRecord): void {
  if (session.mode !== 'payment') return;
  const currency = session.currency ?? 'usd';
  const minimum = minimumChargeAmount(currency);
  const total = computeAmounts(state, session).total;
  if (minimum !== undefined && total > 0 && total < minimum) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${describeAmount(minimum, currency)}`,
      { param: 'line_items' },
    );
  }
}

function resolveUiMode(name: string | undefined, apiVersion: string): UiModeKind {
  if (name === undefined) return 'hosted';
  const kind = parseUiMode(name, apiVersion);
  if (!kind) throw invalidEnum('ui_mode', uiModeNames(apiVersion));
  return kind;
}

/**
 * Line items from `price` ids or inline `price_data` (which creates an inactive ad-hoc price, as Stripe does).
 * `existing` lets an update keep items by `id`.
 */
export function resolveLineItems(
  state: State,
  items: readonly LineItemParams[],
  mode: SessionRecord['mode'],
  existing: readonly LineItemRecord[],
): LineItemRecord[] {
  if (mode === 'payment' && items.length > MAX_LINE_ITEMS) {
    throw invalidRequest(
      `A Checkout Session in \`payment\` mode accepts at most ${MAX_LINE_ITEMS} line items.`,
      {
        param: 'line_items',
      },
    );
  }
  const records = items.map((item, index) => resolveLineItem(state, item, `line_items[${index}]`, existing));
  const recurring = records.filter((record) => state.prices.get(record.priceId)?.type === 'recurring');
  if (mode === 'payment' && recurring.length > 0) {
    const index = records.indexOf(recurring[0]!);
    throw invalidRequest(
      'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
      { param: `line_items[${index}]` },
    );
  }
  if (mode === 'subscription' && recurring.length === 0) {
    throw invalidRequest(
      'You must provide at least one recurring price in `subscription` mode when using prices.',
      { param: 'line_items' },
    );
  }
  return records;
}

function resolveLineItem(
  state: State,
  item: LineItemParams,
  path: string,
  existing: readonly LineItemRecord[],
): LineItemRecord {
  const kept = item.id !== undefined ? existing.find((record) => record.id === item.id) : undefined;
  if (item.id !== undefined && !kept) throw resourceMissing('line item', item.id, `${path}[id]`);
  if (item.price !== undefined && item.price_data !== undefined)
    exclusive(`${path}[price]`, `${path}[price_data]`);
  let priceId = kept?.priceId;
  if (item.price !== undefined) {
    const price = state.prices.get(item.price);
    if (!price) throw resourceMissing('price', item.price, `${path}[price]`);
    if (!price.active) {
      throw invalidRequest(
        `The price specified (${price.id}) is inactive. This field only accepts active prices.`,
        {
          param: `${path}[price]`,
        },
      );
    }
    priceId = price.id;
  } else if (item.price_data !== undefined) {
    priceId = createAdHocPrice(state, item.price_data, `${path}[price_data]`);
  }
  if (priceId === undefined) {
    throw invalidRequest(`You must specify either \`price\` or \`price_data\` in ${path}.`, {
      code: 'parameter_missing',
      param: `${path}[price]`,
    });
  }
  const quantity = item.quantity ?? kept?.quantity;
  if (quantity === undefined) throw parameterMissing(`${path}[quantity]`);
  const adjustable = item.adjustable_quantity
    ? {
        enabled: item.adjustable_quantity.enabled,
        minimum: item.adjustable_quantity.minimum ?? 0,
        maximum: item.adjustable_quantity.maximum ?? 99,
      }
    : (kept?.adjustableQuantity ?? null);
  if (quantity < 0 || quantity > 999_999) {
    throw invalidRequest(`Invalid ${path}[quantity]: must be between 0 and 999999.`, {
      param: `${path}[quantity]`,
    });
  }
  if (adjustable?.enabled && (quantity < adjustable.minimum || quantity > adjustable.maximum)) {
    throw invalidRequest(
      `${path}[quantity] (${quantity}) must be between adjustable_quantity[minimum] (${adjustable.minimum}) and adjustable_quantity[maximum] (${adjustable.maximum}).`,
      { param: `${path}[quantity]` },
    );
  }
  return {
    id: kept?.id ?? newId('li'),
    priceId,
    quantity,
    adjustableQuantity: adjustable,
    // On update, "Individual keys can be unset by posting an empty value to them. All keys can be unset by
    // posting an empty value to `metadata`" (SessionUpdateParams.LineItem.metadata).
    metadata:
      item.metadata === '' ? {} : withoutEmpty({ ...(kept?.metadata ?? {}), ...(item.metadata ?? {}) }),
  };
}

function createAdHocPrice(
  state: State,
  data: NonNullable<LineItemParams['price_data']>,
  path: string,
): string {
  if (data.product === undefined && data.product_data === undefined) {
    throw invalidRequest(`You must specify either \`product\` or \`product_data\` in ${path}.`, {
      code: 'parameter_missing',
      param: `${path}[product_data]`,
    });
  }
  if (data.product !== undefined && data.product_data !== undefined) {
    exclusive(`${path}[product]`, `${path}[product_data]`);
  }
  if (data.product !== undefined && !state.products.has(data.product)) {
    throw resourceMissing('product', data.product, `${path}[product]`);
  }
  const unitAmount =
    data.unit_amount ??
    (data.unit_amount_decimal !== undefined ? Math.round(Number(data.unit_amount_decimal)) : undefined);
  if (unitAmount === undefined || Number.isNaN(unitAmount)) throw parameterMissing(`${path}[unit_amount]`);
  if (unitAmount < 0) {
    throw invalidRequest(`Invalid ${path}[unit_amount]: must be greater than or equal to 0.`, {
      param: `${path}[unit_amount]`,
    });
  }
  const productId =
    data.product ??
    createProduct(state, {
      name: data.product_data!.name,
      description: data.product_data!.description ?? null,
      images: data.product_data!.images ?? [],
      metadata: data.product_data!.metadata ?? {},
      unitLabel: data.product_data!.unit_label ?? null,
      taxCode: data.product_data!.tax_code ?? null,
      active: false,
    }).id;
  return createPrice(state, {
    product: productId,
    currency: data.currency,
    unitAmount,
    recurring: data.recurring ?? null,
    taxBehavior: data.tax_behavior ?? 'unspecified',
    active: false,
  }).id;
}

function sessionCurrency(state: State, lineItems: readonly LineItemRecord[]): string {
  const first = lineItems[0];
  return (first && state.prices.get(first.priceId)?.currency) || 'usd';
}

export function assertSameCurrency(
  state: State,
  lineItems: readonly LineItemRecord[],
  currency: string,
): void {
  lineItems.forEach((item, index) => {
    const priceCurrency = state.prices.get(item.priceId)?.currency;
    if (priceCurrency !== undefined && priceCurrency !== currency) {
      throw invalidRequest(
        `All line items must use the session's currency (${currency}); line_items[${index}] is in ${priceCurrency}.`,
        { param: `line_items[${index}]` },
      );
    }
  });
}

export function resolveShippingOptions(
  state: State,
  options: readonly ShippingOptionParams[],
  currency: string,
): string[] {
  return options.map((option, index) => {
    const path = `shipping_options[${index}]`;
    if (option.shipping_rate !== undefined && option.shipping_rate_data !== undefined) {
      exclusive(`${path}[shipping_rate]`, `${path}[shipping_rate_data]`);
    }
    if (option.shipping_rate !== undefined) {
      const rate = state.shippingRates.get(option.shipping_rate);
      if (!rate) throw resourceMissing('shipping rate', option.shipping_rate, `${path}[shipping_rate]`);
      return rate.id;
    }
    const data = option.shipping_rate_data;
    if (data === undefined) throw parameterMissing(`${path}[shipping_rate]`);
    if (data.fixed_amount === undefined) throw parameterMissing(`${path}[shipping_rate_data][fixed_amount]`);
    if (data.fixed_amount.currency !== currency) {
      throw invalidRequest(
        `${path}[shipping_rate_data][fixed_amount][currency] (${data.fixed_amount.currency}) must match the session currency (${currency}).`,
        { param: `${path}[shipping_rate_data][fixed_amount][currency]` },
      );
    }
    return createShippingRate(state, {
      displayName: data.display_name,
      amount: data.fixed_amount.amount,
      currency: data.fixed_amount.currency,
      deliveryEstimate: data.delivery_estimate
        ? { minimum: data.delivery_estimate.minimum ?? null, maximum: data.delivery_estimate.maximum ?? null }
        : null,
      metadata: data.metadata ?? {},
      taxBehavior: data.tax_behavior ?? 'unspecified',
    }).id;
  });
}

function resolveDiscounts(
  state: State,
  discounts: readonly { coupon?: string; promotion_code?: string }[],
): SessionRecord['discount'] {
  if (discounts.length === 0) return null;
  if (discounts.length > 1) {
    throw invalidRequest('A Checkout Session accepts only one discount.', { param: 'discounts' });
  }
  const [discount] = discounts;
  if (discount?.coupon !== undefined && discount.promotion_code !== undefined) {
    exclusive('discounts[0][coupon]', 'discounts[0][promotion_code]');
  }
  if (discount?.coupon !== undefined) {
    const coupon = state.coupons.get(discount.coupon);
    if (!coupon?.valid) throw resourceMissing('coupon', discount.coupon, 'discounts[0][coupon]');
    return { couponId: coupon.id, promotionCodeId: null };
  }
  if (discount?.promotion_code !== undefined) {
    const promotionCode = state.promotionCodes.get(discount.promotion_code);
    if (!promotionCode) {
      throw resourceMissing('promotion code', discount.promotion_code, 'discounts[0][promotion_code]');
    }
    if (!isRedeemable(state, promotionCode)) {
      throw invalidRequest(
        `The promotion code ${promotionCode.code} is not active or can no longer be redeemed.`,
        {
          param: 'discounts[0][promotion_code]',
        },
      );
    }
    const coupon = promotionCode.promotion.coupon;
    return {
      couponId: typeof coupon === 'string' ? coupon : (coupon?.id ?? ''),
      promotionCodeId: promotionCode.id,
    };
  }
  return null;
}

export function withoutEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}
