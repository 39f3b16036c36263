import { type Request, type Response, Router } from 'express';
import type Stripe from 'stripe';
import {
  createCoupon,
  createPrice,
  createProduct,
  createPromotionCode,
  createShippingRate,
} from '../state/catalog-objects.js';
import type { State } from '../state/store.js';
import { invalidRequest, parameterMissing, resourceMissing } from './errors.js';
import { coerceParams } from './params.js';
import { apiLocals } from './request.js';
import { type Expanders, expandItem, mountRetrieveAndList } from './resource-routes.js';
import { arrayOf, bool, expand, int, metadata, num, object, oneOf, str } from './schema.js';

const interval = oneOf(['day', 'month', 'week', 'year']);
const taxBehavior = oneOf(['exclusive', 'inclusive', 'unspecified']);

const productCreateSchema = object(
  {
    id: str(),
    name: str({ maxLength: 5000 }),
    active: bool(),
    description: str(),
    images: arrayOf(str()),
    metadata: metadata(),
    tax_code: str(),
    unit_label: str({ maxLength: 12 }),
    url: str(),
    shippable: bool(),
    statement_descriptor: str({ maxLength: 22 }),
    default_price_data: object(
      {
        currency: str({ format: 'currency' }),
        unit_amount: int(),
        recurring: object({ interval, interval_count: int() }, ['interval']),
        tax_behavior: taxBehavior,
      },
      ['currency'],
    ),
    expand: expand(),
  },
  ['name'],
);

const priceCreateSchema = object(
  {
    currency: str({ format: 'currency' }),
    product: str(),
    product_data: object(
      { name: str(), active: bool(), metadata: metadata(), unit_label: str(), tax_code: str() },
      ['name'],
    ),
    unit_amount: int(),
    unit_amount_decimal: str(),
    recurring: object({ interval, interval_count: int(), usage_type: oneOf(['licensed', 'metered']) }, [
      'interval',
    ]),
    active: bool(),
    nickname: str(),
    lookup_key: str({ maxLength: 200 }),
    metadata: metadata(),
    tax_behavior: taxBehavior,
    billing_scheme: oneOf(['per_unit']),
    expand: expand(),
  },
  ['currency'],
);

const couponCreateSchema = object({
  id: str(),
  name: str({ maxLength: 40 }),
  percent_off: num(),
  amount_off: int(),
  currency: str({ format: 'currency' }),
  duration: oneOf(['forever', 'once', 'repeating']),
  duration_in_months: int(),
  max_redemptions: int(),
  redeem_by: int(),
  metadata: metadata(),
  expand: expand(),
});

const promotionCodeCreateSchema = object(
  {
    promotion: object({ coupon: str(), type: oneOf(['coupon']) }, ['type']),
    code: str({ maxLength: 500 }),
    active: bool(),
    customer: str(),
    expires_at: int(),
    max_redemptions: int(),
    metadata: metadata(),
    restrictions: object({
      first_time_transaction: bool(),
      minimum_amount: int(),
      minimum_amount_currency: str({ format: 'currency' }),
    }),
    expand: expand(),
  },
  ['promotion'],
);

const shippingRateCreateSchema = object(
  {
    display_name: str({ maxLength: 100 }),
    type: oneOf(['fixed_amount']),
    fixed_amount: object({ amount: int(), currency: str({ format: 'currency' }) }, ['amount', 'currency']),
    delivery_estimate: object({
      minimum: object({ unit: oneOf(['business_day', 'day', 'hour', 'month', 'week']), value: int() }, [
        'unit',
        'value',
      ]),
      maximum: object({ unit: oneOf(['business_day', 'day', 'hour', 'month', 'week']), value: int() }, [
        'unit',
        'value',
      ]),
    }),
    metadata: metadata(),
    tax_behavior: taxBehavior,
    tax_code: str(),
    expand: expand(),
  },
  ['display_name'],
);

/** The object an expandable field's id names (the id itself, should the object be gone). */
function lookup<T, Field>(store: Map<string, T>, field: Field): Field | T {
  return typeof field === 'string' ? (store.get(field) ?? field) : field;
}

function assertNewId(store: Map<string, unknown>, id: string | undefined, kind: string): void {
  if (id !== undefined && store.has(id)) {
    throw invalidRequest(`A ${kind} with id '${id}' already exists; choose another id.`, {
      code: 'resource_already_exists',
      param: 'id',
    });
  }
}

/** Products, prices, coupons, promotion codes and shipping rates: create, retrieve, list. */
export function catalogRouter(state: State): Router {
  const router = Router();
  // The expandable fields of stripe-node's types (`string | Product`, …) the emulator fills in; FIDELITY.md lists
  // the ones Stripe also expands that it refuses.
  const priceExpanders: Expanders<Stripe.Price> = {
    product: (price) => ({ ...price, product: lookup(state.products, price.product) }),
  };
  const productExpanders: Expanders<Stripe.Product> = {
    default_price: (product) => ({
      ...product,
      default_price: lookup(state.prices, product.default_price),
    }),
  };
  const promotionCodeExpanders: Expanders<Stripe.PromotionCode> = {
    'promotion.coupon': (code) => ({
      ...code,
      promotion: { ...code.promotion, coupon: lookup(state.coupons, code.promotion.coupon) },
    }),
  };

  router.post('/v1/products', (_req: Request, res: Response) => {
    const params = coerceParams<{
      id?: string;
      name: string;
      active?: boolean;
      description?: string;
      images?: string[];
      metadata?: Record<string, string>;
      tax_code?: string;
      unit_label?: string;
      expand?: string[];
      default_price_data?: {
        currency: string;
        unit_amount?: number;
        recurring?: { interval: Stripe.Price.Recurring.Interval; interval_count?: number };
      };
    }>(productCreateSchema, apiLocals(res).params);
    assertNewId(state.products, params.id, 'product');
    const product = createProduct(state, {
      ...(params.id ? { id: params.id } : {}),
      name: params.name,
      description: params.description ?? null,
      images: params.images ?? [],
      metadata: params.metadata ?? {},
      active: params.active ?? true,
      unitLabel: params.unit_label ?? null,
      taxCode: params.tax_code ?? null,
    });
    if (params.default_price_data) {
      const price = createPrice(state, {
        product: product.id,
        currency: params.default_price_data.currency,
        unitAmount: params.default_price_data.unit_amount ?? 0,
        recurring: params.default_price_data.recurring ?? null,
      });
      product.default_price = price.id;
    }
    res.json(expandItem(product, params.expand, productExpanders));
  });
  mountRetrieveAndList(router, {
    path: 'products',
    expanders: productExpanders,
    kind: 'product',
    store: state.products,
    filters: { active: bool() },
    matches: (product, filters) => filters.active === undefined || product.active === filters.active,
  });

  router.post('/v1/prices', (_req: Request, res: Response) => {
    const params = coerceParams<{
      currency: string;
      product?: string;
      product_data?: {
        name: string;
        metadata?: Record<string, string>;
        unit_label?: string;
        tax_code?: string;
      };
      unit_amount?: number;
      unit_amount_decimal?: string;
      recurring?: { interval: Stripe.Price.Recurring.Interval; interval_count?: number };
      active?: boolean;
      nickname?: string;
      lookup_key?: string;
      metadata?: Record<string, string>;
      tax_behavior?: Stripe.Price.TaxBehavior;
      expand?: string[];
    }>(priceCreateSchema, apiLocals(res).params);
    if (params.product === undefined && params.product_data === undefined) throw parameterMissing('product');
    if (params.product !== undefined && !state.products.has(params.product)) {
      throw resourceMissing('product', params.product, 'product');
    }
    const unitAmount =
      params.unit_amount ??
      (params.unit_amount_decimal !== undefined ? Number(params.unit_amount_decimal) : undefined);
    if (unitAmount === undefined) throw parameterMissing('unit_amount');
    const productId =
      params.product ??
      createProduct(state, {
        name: params.product_data!.name,
        metadata: params.product_data!.metadata ?? {},
        unitLabel: params.product_data!.unit_label ?? null,
        taxCode: params.product_data!.tax_code ?? null,
      }).id;
    const price = createPrice(state, {
      product: productId,
      currency: params.currency,
      unitAmount,
      recurring: params.recurring ?? null,
      active: params.active ?? true,
      nickname: params.nickname ?? null,
      lookupKey: params.lookup_key ?? null,
      metadata: params.metadata ?? {},
      taxBehavior: params.tax_behavior ?? 'unspecified',
    });
    res.json(expandItem(price, params.expand, priceExpanders));
  });
  mountRetrieveAndList(router, {
    path: 'prices',
    expanders: priceExpanders,
    kind: 'price',
    store: state.prices,
    filters: { active: bool(), product: str(), currency: str(), type: oneOf(['one_time', 'recurring']) },
    matches: (price, filters) =>
      (filters.active === undefined || price.active === filters.active) &&
      (filters.product === undefined || price.product === filters.product) &&
      (filters.currency === undefined || price.currency === filters.currency) &&
      (filters.type === undefined || price.type === filters.type),
  });

  router.post('/v1/coupons', (_req: Request, res: Response) => {
    const params = coerceParams<{
      id?: string;
      name?: string;
      percent_off?: number;
      amount_off?: number;
      currency?: string;
      duration?: Stripe.Coupon.Duration;
      duration_in_months?: number;
      max_redemptions?: number;
      redeem_by?: number;
      metadata?: Record<string, string>;
    }>(couponCreateSchema, apiLocals(res).params);
    if (params.percent_off === undefined && params.amount_off === undefined) {
      throw invalidRequest('You must pass either `percent_off` or `amount_off` to create a coupon.', {
        code: 'parameter_missing',
        param: 'percent_off',
      });
    }
    if (params.percent_off !== undefined && params.amount_off !== undefined) {
      throw invalidRequest('You may only specify one of these parameters: amount_off, percent_off.', {
        code: 'parameters_exclusive',
        param: 'percent_off',
      });
    }
    if (params.percent_off !== undefined && (params.percent_off <= 0 || params.percent_off > 100)) {
      throw invalidRequest('Invalid percent_off: must be greater than 0 and at most 100.', {
        param: 'percent_off',
      });
    }
    if (params.amount_off !== undefined && params.currency === undefined) throw parameterMissing('currency');
    assertNewId(state.coupons, params.id, 'coupon');
    res.json(
      createCoupon(state, {
        ...(params.id ? { id: params.id } : {}),
        name: params.name ?? null,
        percentOff: params.percent_off ?? null,
        amountOff: params.amount_off ?? null,
        currency: params.currency ?? null,
        duration: params.duration ?? 'once',
        durationInMonths: params.duration_in_months ?? null,
        maxRedemptions: params.max_redemptions ?? null,
        redeemBy: params.redeem_by ?? null,
        metadata: params.metadata ?? {},
      }),
    );
  });
  mountRetrieveAndList(router, { path: 'coupons', kind: 'coupon', store: state.coupons });

  router.post('/v1/promotion_codes', (_req: Request, res: Response) => {
    const params = coerceParams<{
      promotion: { coupon?: string; type: 'coupon' };
      code?: string;
      active?: boolean;
      customer?: string;
      expires_at?: number;
      max_redemptions?: number;
      metadata?: Record<string, string>;
      restrictions?: { minimum_amount?: number; minimum_amount_currency?: string };
      expand?: string[];
    }>(promotionCodeCreateSchema, apiLocals(res).params);
    const couponId = params.promotion.coupon;
    if (couponId === undefined) throw parameterMissing('promotion[coupon]');
    if (!state.coupons.has(couponId)) throw resourceMissing('coupon', couponId, 'promotion[coupon]');
    if (params.code !== undefined && state.findPromotionCodeByCode(params.code)) {
      throw invalidRequest(`A promotion code with code '${params.code}' already exists.`, {
        code: 'resource_already_exists',
        param: 'code',
      });
    }
    const promotionCode = createPromotionCode(state, {
      coupon: couponId,
      ...(params.code ? { code: params.code } : {}),
      active: params.active ?? true,
      customer: params.customer ?? null,
      expiresAt: params.expires_at ?? null,
      maxRedemptions: params.max_redemptions ?? null,
      metadata: params.metadata ?? {},
      minimumAmount: params.restrictions?.minimum_amount ?? null,
      minimumAmountCurrency: params.restrictions?.minimum_amount_currency ?? null,
    });
    res.json(expandItem(promotionCode, params.expand, promotionCodeExpanders));
  });
  mountRetrieveAndList(router, {
    path: 'promotion_codes',
    expanders: promotionCodeExpanders,
    kind: 'promotion code',
    store: state.promotionCodes,
    filters: { code: str(), active: bool(), coupon: str() },
    matches: (promotionCode, filters) =>
      (filters.code === undefined || promotionCode.code === filters.code) &&
      (filters.active === undefined || promotionCode.active === filters.active) &&
      (filters.coupon === undefined || promotionCode.promotion.coupon === filters.coupon),
  });

  router.post('/v1/shipping_rates', (_req: Request, res: Response) => {
    const params = coerceParams<{
      display_name: string;
      fixed_amount?: { amount: number; currency: string };
      delivery_estimate?: Stripe.ShippingRateCreateParams.DeliveryEstimate;
      metadata?: Record<string, string>;
      tax_behavior?: Stripe.ShippingRate.TaxBehavior;
    }>(shippingRateCreateSchema, apiLocals(res).params);
    if (!params.fixed_amount) throw parameterMissing('fixed_amount');
    res.json(
      createShippingRate(state, {
        displayName: params.display_name,
        amount: params.fixed_amount.amount,
        currency: params.fixed_amount.currency,
        deliveryEstimate: params.delivery_estimate
          ? {
              minimum: params.delivery_estimate.minimum ?? null,
              maximum: params.delivery_estimate.maximum ?? null,
            }
          : null,
        metadata: params.metadata ?? {},
        taxBehavior: params.tax_behavior ?? 'unspecified',
      }),
    );
  });
  mountRetrieveAndList(router, { path: 'shipping_rates', kind: 'shipping rate', store: state.shippingRates });

  return router;
}
