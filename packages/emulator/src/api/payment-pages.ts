import express, { type Request, type Response, Router } from 'express';
import type Stripe from 'stripe';
import { computeAmounts } from '../state/amounts.js';
import { CardError, InvalidRequestError } from '../state/errors.js';
import { sessionIdFromClientSecret } from '../state/ids.js';
import {
  applyPromotionCode,
  applyShippingAddress,
  assertOpen,
  type BuyerInput,
  fillAddress,
  type Payment,
  payForSession,
  selectShippingRate,
} from '../state/lifecycle.js';
import {
  addOptionalItem,
  removeOptionalItem,
  setCollectedName,
  setPhone,
  setTaxId,
  setTermsConsent,
} from '../state/buyer.js';
import { convertMinorUnits } from '../state/currencies.js';
import { choosePresentmentCurrency, currencyOptions, presentmentCurrency } from '../state/presentment.js';
import { wireDecimal } from '../state/wire.js';
import type { SessionRecord } from '../state/records.js';
import { toRestSession } from '../state/session-view.js';
import type { State } from '../state/store.js';
import { type ApiKeys, assertPublishableKey } from './auth.js';
import { fromDomainError, invalidRequest, resourceMissing, StripeApiError } from './errors.js';
import {
  type AddressBody,
  addressFrom,
  addressSchema,
  jsonParams,
  type NamedAddressBody,
  namedAddressFrom,
  namedAddressSchema,
  type TaxIdBody,
  taxIdFrom,
  taxIdSchema,
} from './buyer-params.js';
import { bool, int, nullable, object, oneOf, type ParamSchema, str } from './schema.js';

/** What the stand-in needs expanded to build its camelCase session (INTERNALS.md §2). */
export const BROWSER_EXPANSIONS: ReadonlySet<string> = new Set([
  'line_items',
  'line_items.data.price.product',
  'shipping_options.shipping_rate',
  'shipping_cost.shipping_rate',
  'discounts.coupon',
  'discounts.promotion_code',
  'total_details.breakdown',
]);

/** The currencies the buyer can pick (Adaptive Pricing), each with the session's total in it. */
export interface BrowserPresentment {
  currency: string;
  options: { currency: string; amount_total: number; fx_rate: number | null }[];
}

/**
 * An optional item as the browser shows it: its price with the product expanded, in the presented currency, and
 * the line item it became once the buyer added it.
 */
export interface BrowserOptionalItem {
  price: Stripe.Price;
  quantity: number;
  adjustable_quantity: { enabled: boolean; minimum: number; maximum: number } | null;
  line_item: string | null;
}

export interface BrowserAnswer {
  session: Stripe.Checkout.Session;
  presentment: BrowserPresentment;
  /** Present when the session has `optional_items`. */
  optional_items?: BrowserOptionalItem[];
  /** The account's terms of service URL (the Terms Element links it); null when the account has none. */
  terms_of_service_url: string | null;
  /** Whether the Link Sign-up Element offers Link (see `linkAvailable`). */
  link_available: boolean;
}

/**
 * Link is offered when the session's payment methods include it and `wallet_options[link][display]` is not
 * `never` (SessionCreateParams.WalletOptions). A session without a list of payment methods uses the account's
 * dynamic payment methods, which the emulator assumes include Link (FIDELITY.md).
 */
export function linkAvailable(session: SessionRecord): boolean {
  if (session.linkDisplay === 'never' || session.mode === 'setup') return false;
  const listed =
    session.allowedPaymentMethodTypes ??
    (session.paymentMethodTypesGiven ? session.paymentMethodTypes : null);
  return listed === null || listed.includes('link');
}

/**
 * The session as the browser shows it: expanded, in the buyer's presentment currency, and named with the
 * API version the session was created with (its `ui_mode` says which Stripe.js release may load it).
 */
export function browserAnswer(state: State, session: SessionRecord): BrowserAnswer {
  const currency = presentmentCurrency(state, session);
  const answer: BrowserAnswer = {
    session: toRestSession(state, session, {
      apiVersion: session.createdApiVersion,
      expand: BROWSER_EXPANSIONS,
      presentIn: currency,
    }),
    presentment: {
      currency,
      options: currencyOptions(state, session).map((option) => ({
        currency: option.currency,
        amount_total: computeAmounts(state, session, option.currency).total,
        fx_rate: option.fxRate,
      })),
    },
    terms_of_service_url: state.account.termsOfServiceUrl,
    link_available: linkAvailable(session),
  };
  if (session.optionalItems) {
    answer.optional_items = session.optionalItems.flatMap((item) => {
      const price = state.prices.get(item.priceId);
      if (!price) return [];
      const productId = typeof price.product === 'string' ? price.product : price.product.id;
      const product = state.products.get(productId);
      const unitAmount = convertMinorUnits(price.unit_amount ?? 0, session.currency ?? 'usd', currency);
      return [
        {
          price: {
            ...price,
            currency,
            unit_amount: unitAmount,
            unit_amount_decimal: wireDecimal(unitAmount),
            product: product ?? price.product,
          },
          quantity: item.quantity,
          adjustable_quantity: item.adjustableQuantity ? { ...item.adjustableQuantity } : null,
          line_item: item.lineItemId,
        },
      ];
    });
  }
  return answer;
}

const auth = { key: str(), client_secret: str() };

const initSchema: ParamSchema = object(auth);

const UPDATE_FIELDS = [
  'email',
  'phone',
  'billing_address',
  'shipping_address',
  'line_item',
  'shipping_rate',
  'promotion_code',
  'remove_promotion_code',
  'presentment_currency',
  'individual_name',
  'business_name',
  'tax_id',
  'terms_of_service',
  'add_optional_item',
  'remove_optional_item',
] as const;

const updateSchema: ParamSchema = object({
  ...auth,
  email: nullable(str()),
  phone: nullable(str()),
  billing_address: nullable(namedAddressSchema),
  shipping_address: nullable(namedAddressSchema),
  line_item: object({ id: str(), quantity: int() }, ['id', 'quantity']),
  shipping_rate: str(),
  promotion_code: str(),
  remove_promotion_code: bool(),
  presentment_currency: str(),
  individual_name: nullable(str()),
  business_name: nullable(str()),
  tax_id: nullable(taxIdSchema),
  terms_of_service: nullable(oneOf(['accepted'])),
  add_optional_item: str(),
  remove_optional_item: str(),
});

const confirmSchema: ParamSchema = object({
  ...auth,
  payment_method: object(
    {
      type: oneOf(['card', 'wallet']),
      card: object({ number: str(), exp_month: int(), exp_year: int(), cvc: str(), postal_code: str() }, [
        'number',
      ]),
      billing_details: object({
        name: nullable(str()),
        email: nullable(str()),
        phone: nullable(str()),
        address: nullable(addressSchema),
      }),
    },
    ['type'],
  ),
  email: str(),
  phone: str(),
  shipping_address: namedAddressSchema,
  individual_name: str(),
  business_name: str(),
  tax_id: taxIdSchema,
  terms_of_service: oneOf(['accepted']),
  three_d_secure: object({ attempt: str(), result: oneOf(['complete', 'fail']) }, ['attempt', 'result']),
});

interface UpdateBody {
  email?: string | null;
  phone?: string | null;
  billing_address?: NamedAddressBody | null;
  shipping_address?: NamedAddressBody | null;
  line_item?: { id: string; quantity: number };
  shipping_rate?: string;
  promotion_code?: string;
  remove_promotion_code?: boolean;
  presentment_currency?: string;
  individual_name?: string | null;
  business_name?: string | null;
  tax_id?: TaxIdBody | null;
  terms_of_service?: 'accepted' | null;
  add_optional_item?: string;
  remove_optional_item?: string;
}

interface ConfirmBody {
  payment_method?: {
    type: 'card' | 'wallet';
    card?: { number: string; exp_month?: number; exp_year?: number; cvc?: string; postal_code?: string };
    billing_details?: {
      name?: string | null;
      email?: string | null;
      phone?: string | null;
      address?: AddressBody | null;
    };
  };
  email?: string;
  phone?: string;
  shipping_address?: NamedAddressBody;
  individual_name?: string;
  business_name?: string;
  tax_id?: TaxIdBody;
  terms_of_service?: 'accepted';
  three_d_secure?: { attempt: string; result: 'complete' | 'fail' };
}

function email(value: string): string {
  const trimmed = value.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    throw invalidRequest('Your email address is invalid.', { code: 'email_invalid', param: 'email' });
  }
  return trimmed;
}

/**
 * The session a browser call is about: publishable key, client secret and path must agree. The client secret
 * is compared as the exact string Stripe issued: its token is URL-encoded (`%2F`, `%3D`…) and a decoded or
 * re-encoded copy is a different, unknown secret.
 */
function authorisedSession(
  state: State,
  keys: ApiKeys,
  req: Request,
  body: { key?: string; client_secret?: string },
) {
  assertPublishableKey(keys, body.key);
  const clientSecret = body.client_secret;
  const sessionId = typeof clientSecret === 'string' ? sessionIdFromClientSecret(clientSecret) : undefined;
  if (!sessionId) {
    throw invalidRequest(
      'Invalid client_secret: pass the client_secret of a Checkout Session (cs_…_secret_…), not a PaymentIntent or SetupIntent secret.',
      { param: 'client_secret' },
    );
  }
  if (sessionId !== req.params.id) {
    throw invalidRequest('The client_secret belongs to another Checkout Session than the one in the URL.', {
      param: 'client_secret',
    });
  }
  const session = state.sessions.get(sessionId);
  if (!session || session.clientSecret !== clientSecret)
    throw resourceMissing('checkout.session', sessionId, 'client_secret');
  return session;
}

/** The JSON body, checked with the REST API's schema machinery. */
function params<T>(schema: ParamSchema, req: Request): T {
  return jsonParams<T>(
    schema,
    req.body,
    'The request body must be a JSON object with key and client_secret.',
  );
}

function applyUpdate(state: State, session: SessionRecord, body: UpdateBody): void {
  const present = UPDATE_FIELDS.filter((field) => body[field] !== undefined);
  if (present.length !== 1) {
    throw invalidRequest(
      `Pass exactly one of ${UPDATE_FIELDS.join(', ')}; received ${present.length === 0 ? 'none' : present.join(', ')}.`,
      { param: present[1] ?? 'email' },
    );
  }
  assertOpen(session);
  switch (present[0]) {
    case 'email':
      session.buyer.email = body.email ? email(body.email) : null;
      return;
    case 'phone':
      setPhone(session, body.phone ?? null);
      return;
    case 'individual_name':
      setCollectedName(session, 'individual', body.individual_name ?? null);
      return;
    case 'business_name':
      setCollectedName(session, 'business', body.business_name ?? null);
      return;
    case 'tax_id':
      setTaxId(session, body.tax_id ? taxIdFrom(body.tax_id) : null);
      return;
    case 'terms_of_service':
      setTermsConsent(session, body.terms_of_service === 'accepted');
      return;
    case 'add_optional_item':
      addOptionalItem(state, session, body.add_optional_item!);
      return;
    case 'remove_optional_item':
      removeOptionalItem(session, body.remove_optional_item!);
      return;
    case 'billing_address': {
      if (!body.billing_address) {
        session.buyer.billing = null;
        return;
      }
      const billing = namedAddressFrom(body.billing_address);
      session.buyer.billing = fillAddress(billing.address);
      if (billing.name !== undefined) session.buyer.name = billing.name;
      return;
    }
    case 'shipping_address':
      if (!body.shipping_address) session.shipping = null;
      else applyShippingAddress(session, namedAddressFrom(body.shipping_address));
      return;
    case 'line_item':
      updateQuantity(session, body.line_item!);
      return;
    case 'shipping_rate':
      selectShippingRate(session, body.shipping_rate!);
      return;
    case 'promotion_code':
      applyPromotionCode(state, session, body.promotion_code!);
      return;
    case 'remove_promotion_code':
      session.discount = null;
      return;
    case 'presentment_currency':
      choosePresentmentCurrency(state, session, body.presentment_currency!);
      return;
  }
}

function updateQuantity(session: SessionRecord, change: { id: string; quantity: number }): void {
  const item = session.lineItems.find((candidate) => candidate.id === change.id);
  if (!item) throw resourceMissing('line item', change.id, 'line_item.id');
  const adjustable = item.adjustableQuantity;
  if (!adjustable?.enabled) {
    throw invalidRequest(
      'The quantity of this line item cannot be changed (adjustable_quantity is not enabled).',
      { param: 'line_item.quantity' },
    );
  }
  if (change.quantity < adjustable.minimum || change.quantity > adjustable.maximum) {
    throw invalidRequest(
      `line_item.quantity must be between ${adjustable.minimum} and ${adjustable.maximum}; received ${change.quantity}.`,
      { param: 'line_item.quantity' },
    );
  }
  item.quantity = change.quantity;
}

function paymentFrom(body: ConfirmBody): Payment {
  if (body.three_d_secure) {
    return { method: 'three_d_secure', ...body.three_d_secure };
  }
  const method = body.payment_method;
  if (!method) {
    throw invalidRequest(
      "payment_method is required: { type: 'card', card: { number, … } } or { type: 'wallet' }.",
      { code: 'parameter_missing', param: 'payment_method' },
    );
  }
  if (method.type === 'wallet') return { method: 'wallet' };
  const card = method.card;
  if (!card)
    throw invalidRequest('payment_method.card is required for a card.', { param: 'payment_method[card]' });
  return {
    method: 'card',
    number: card.number,
    ...(card.cvc !== undefined ? { cvc: card.cvc } : {}),
    ...(card.exp_month !== undefined ? { expMonth: card.exp_month } : {}),
    ...(card.exp_year !== undefined ? { expYear: card.exp_year } : {}),
  };
}

function buyerFrom(body: ConfirmBody): BuyerInput {
  const buyer: BuyerInput = {};
  if (body.email !== undefined) buyer.email = email(body.email);
  if (body.phone !== undefined) buyer.phone = body.phone;
  if (body.shipping_address !== undefined) buyer.shipping = namedAddressFrom(body.shipping_address);
  if (body.individual_name !== undefined) buyer.individualName = body.individual_name;
  if (body.business_name !== undefined) buyer.businessName = body.business_name;
  if (body.tax_id !== undefined) buyer.taxId = taxIdFrom(body.tax_id);
  if (body.terms_of_service !== undefined) buyer.termsAccepted = true;
  const details = body.payment_method?.billing_details;
  if (details) {
    if (typeof details.name === 'string') buyer.name = details.name;
    if (typeof details.email === 'string' && buyer.email === undefined) buyer.email = email(details.email);
    if (details.address) buyer.billingAddress = addressFrom(details.address);
  }
  return buyer;
}

/** `/v1/payment_pages/:id/{init,update,confirm}`: the JSON endpoints the stand-in calls (publishable key). */
export function paymentPagesRouter(state: State, keys: ApiKeys): Router {
  const router = Router();
  router.use('/v1/payment_pages', express.json({ limit: '1mb' }));

  router.post('/v1/payment_pages/:id/init', (req: Request, res: Response) => {
    const body = params<{ key: string; client_secret: string }>(initSchema, req);
    res.json(browserAnswer(state, authorisedSession(state, keys, req, body)));
  });

  router.post('/v1/payment_pages/:id/update', (req: Request, res: Response) => {
    const body = params<UpdateBody & { key: string; client_secret: string }>(updateSchema, req);
    const session = authorisedSession(state, keys, req, body);
    applyUpdate(state, session, body);
    res.json(browserAnswer(state, session));
  });

  router.post('/v1/payment_pages/:id/confirm', (req: Request, res: Response) => {
    const body = params<ConfirmBody & { key: string; client_secret: string }>(confirmSchema, req);
    const session = authorisedSession(state, keys, req, body);
    try {
      const result = payForSession(state, session, paymentFrom(body), buyerFrom(body), { strict: true });
      if (result.kind === 'requires_action') {
        res.json({
          requires_action: { type: 'three_d_secure', attempt: result.attempt },
          ...browserAnswer(state, session),
        });
        return;
      }
      res.json(browserAnswer(state, session));
    } catch (error) {
      // A declined card leaves the session open; the stand-in shows its new state (the PaymentIntent now on it).
      if (error instanceof CardError) {
        const declined = fromDomainError(error);
        throw new StripeApiError(declined.status, declined.body, { ...browserAnswer(state, session) });
      }
      if (error instanceof InvalidRequestError) throw fromDomainError(error);
      throw error;
    }
  });
  return router;
}
