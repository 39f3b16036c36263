import express, { type Request, type Response, Router } from 'express';
import type Stripe from 'stripe';
import { LATEST_API_VERSION } from '../state/api-version.js';
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
import type { AddressRecord, SessionRecord } from '../state/records.js';
import { toRestSession } from '../state/session-view.js';
import type { State } from '../state/store.js';
import { type ApiKeys, assertPublishableKey } from './auth.js';
import { invalidRequest, resourceMissing, StripeApiError } from './errors.js';

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

export function browserSession(state: State, session: SessionRecord): Stripe.Checkout.Session {
  return toRestSession(state, session, { apiVersion: LATEST_API_VERSION, expand: BROWSER_EXPANSIONS });
}

const UPDATE_FIELDS = [
  'email',
  'phone',
  'billing_address',
  'shipping_address',
  'line_item',
  'shipping_rate',
  'promotion_code',
  'remove_promotion_code',
] as const;

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, param: string): string {
  if (typeof value !== 'string') throw invalidRequest(`${param} must be a string.`, { param });
  return value;
}

function addressFrom(value: unknown, param: string): Partial<AddressRecord> {
  if (!isObject(value))
    throw invalidRequest(`${param} must be an object with line1, city, postal_code, country…`, { param });
  const address: Partial<AddressRecord> = {};
  for (const key of ['line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const) {
    const field = value[key];
    if (field !== undefined && field !== null) address[key] = text(field, `${param}.${key}`);
  }
  return address;
}

function namedAddress(value: unknown, param: string): { name?: string; address: Partial<AddressRecord> } {
  if (!isObject(value))
    throw invalidRequest(`${param} must be { name, address: { line1, city, … } }.`, { param });
  return {
    ...(typeof value.name === 'string' ? { name: value.name } : {}),
    address: addressFrom(value.address, `${param}.address`),
  };
}

function email(value: unknown): string {
  const address = text(value, 'email').trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
    throw invalidRequest('Your email address is invalid.', { code: 'email_invalid', param: 'email' });
  }
  return address;
}

/** The session a browser call is about: publishable key, client secret and path must agree. */
function authorisedSession(state: State, keys: ApiKeys, req: Request): SessionRecord {
  const body: Body = isObject(req.body) ? req.body : {};
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

function applyUpdate(state: State, session: SessionRecord, body: Body): void {
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
      session.buyer.email = email(body.email);
      return;
    case 'phone':
      session.buyer.phone = text(body.phone, 'phone');
      return;
    case 'billing_address': {
      const billing = namedAddress(body.billing_address, 'billing_address');
      session.buyer.billing = fillAddress(billing.address);
      if (billing.name !== undefined) session.buyer.name = billing.name;
      return;
    }
    case 'shipping_address':
      applyShippingAddress(session, namedAddress(body.shipping_address, 'shipping_address'));
      return;
    case 'line_item':
      updateQuantity(session, body.line_item);
      return;
    case 'shipping_rate':
      selectShippingRate(session, text(body.shipping_rate, 'shipping_rate'));
      return;
    case 'promotion_code':
      applyPromotionCode(state, session, text(body.promotion_code, 'promotion_code'));
      return;
    case 'remove_promotion_code':
      session.discount = null;
      return;
  }
}

function updateQuantity(session: SessionRecord, value: unknown): void {
  if (!isObject(value)) throw invalidRequest('line_item must be { id, quantity }.', { param: 'line_item' });
  const item = session.lineItems.find((candidate) => candidate.id === value.id);
  if (!item) throw resourceMissing('line item', String(value.id), 'line_item.id');
  const quantity = value.quantity;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity)) {
    throw invalidRequest('line_item.quantity must be an integer.', { param: 'line_item.quantity' });
  }
  const adjustable = item.adjustableQuantity;
  if (!adjustable?.enabled) {
    throw invalidRequest(
      'The quantity of this line item cannot be changed (adjustable_quantity is not enabled).',
      {
        param: 'line_item.quantity',
      },
    );
  }
  if (quantity < adjustable.minimum || quantity > adjustable.maximum) {
    throw invalidRequest(
      `line_item.quantity must be between ${adjustable.minimum} and ${adjustable.maximum}; received ${quantity}.`,
      { param: 'line_item.quantity' },
    );
  }
  item.quantity = quantity;
}

function paymentFrom(body: Body): Payment {
  const secure = body.three_d_secure;
  if (isObject(secure)) {
    const result = secure.result;
    if (result !== 'complete' && result !== 'fail') {
      throw invalidRequest("three_d_secure.result must be 'complete' or 'fail'.", {
        param: 'three_d_secure.result',
      });
    }
    return { method: 'three_d_secure', attempt: text(secure.attempt, 'three_d_secure.attempt'), result };
  }
  const method = body.payment_method;
  if (!isObject(method)) {
    throw invalidRequest(
      "payment_method is required: { type: 'card', card: { number, … } } or { type: 'wallet' }.",
      {
        code: 'parameter_missing',
        param: 'payment_method',
      },
    );
  }
  if (method.type === 'wallet') return { method: 'wallet' };
  if (method.type !== 'card') {
    throw invalidRequest("payment_method.type must be 'card' or 'wallet'.", { param: 'payment_method.type' });
  }
  const card = isObject(method.card) ? method.card : {};
  const number = typeof card.number === 'string' ? card.number : '';
  return {
    method: 'card',
    number,
    ...(typeof card.cvc === 'string' ? { cvc: card.cvc } : {}),
    ...(typeof card.exp_month === 'number' ? { expMonth: card.exp_month } : {}),
    ...(typeof card.exp_year === 'number' ? { expYear: card.exp_year } : {}),
  };
}

function buyerFrom(body: Body): BuyerInput {
  const buyer: BuyerInput = {};
  if (body.email !== undefined) buyer.email = email(body.email);
  if (body.shipping_address !== undefined)
    buyer.shipping = namedAddress(body.shipping_address, 'shipping_address');
  const method = isObject(body.payment_method) ? body.payment_method : {};
  const details = isObject(method.billing_details) ? method.billing_details : undefined;
  if (details) {
    if (typeof details.name === 'string') buyer.name = details.name;
    if (details.email !== undefined && buyer.email === undefined) buyer.email = email(details.email);
    if (details.address !== undefined)
      buyer.billingAddress = addressFrom(details.address, 'billing_details.address');
  }
  return buyer;
}

/** `/v1/payment_pages/:id/{init,update,confirm}`: the JSON endpoints the stand-in calls (publishable key). */
export function paymentPagesRouter(state: State, keys: ApiKeys): Router {
  const router = Router();
  router.use('/v1/payment_pages', express.json({ limit: '1mb' }));

  router.post('/v1/payment_pages/:id/init', (req: Request, res: Response) => {
    res.json({ session: browserSession(state, authorisedSession(state, keys, req)) });
  });

  router.post('/v1/payment_pages/:id/update', (req: Request, res: Response) => {
    const session = authorisedSession(state, keys, req);
    applyUpdate(state, session, req.body as Body);
    res.json({ session: browserSession(state, session) });
  });

  router.post('/v1/payment_pages/:id/confirm', (req: Request, res: Response) => {
    const session = authorisedSession(state, keys, req);
    const body = req.body as Body;
    try {
      const result = payForSession(state, session, paymentFrom(body), buyerFrom(body), { strict: true });
      if (result.kind === 'requires_action') {
        res.json({
          requires_action: { type: 'three_d_secure', attempt: result.attempt },
          session: browserSession(state, session),
        });
        return;
      }
      res.json({ session: browserSession(state, session) });
    } catch (error) {
      if (error instanceof StripeApiError && error.status === 402) {
        throw new StripeApiError(error.status, error.body, { session: browserSession(state, session) });
      }
      throw error;
    }
  });
  return router;
}
