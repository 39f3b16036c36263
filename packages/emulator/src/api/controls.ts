import express, { type Request, type Response, Router } from 'express';
import type Stripe from 'stripe';
import type { WebhookDelivery, WebhookEndpoint } from '../webhooks/dispatcher.js';
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
import { invalidRequest } from './errors.js';
import type { FaultKind } from './faults.js';
import { arrayOf, bool, int, nullable, num, object, oneOf, type ParamSchema, str } from './schema.js';

/** What a buyer can send when a test completes a session for them (HTTP: snake_case; see `BuyerCompletion`). */
export interface BuyerCompletion {
  /** A test card number; its outcome applies (declines answer 402). 3-D Secure cards count as authenticated. */
  card?: string;
  /** `delayed` completes with `payment_status: 'unpaid'` until `settleAsyncPayment`. Default `paid`. */
  outcome?: 'paid' | 'delayed';
  email?: string;
  name?: string;
  phone?: string;
  billingAddress?: AddressInput;
  shippingAddress?: { name?: string; address: AddressInput };
  /** `shr_…` of one of the session's shipping options. */
  shippingRate?: string;
  /** `name_collection`: the first-class names (default: `name`, then test values, when the session requires them). */
  individualName?: string;
  businessName?: string;
  /** `tax_id_collection`: one business tax ID, checked like `updateTaxIdInfo()`. */
  taxId?: TaxIdInput;
  /** Terms of service consent; defaults to accepted when the session requires it. `false` makes the payment fail. */
  termsAccepted?: boolean;
  /** Prices of the session's `optional_items` to add to the order before paying. */
  optionalItems?: string[];
}

export interface TaxIdInput {
  /** Stripe's type: `eu_vat`, `gb_vat`, `us_ein`, … */
  type: string;
  value: string;
  businessName: string;
}

/**
 * What a buyer changes on an open session without paying (`emulator.buyer.update()`), the way the Checkout
 * Elements would: each given field is applied in this order, with the same checks as Stripe.js's actions.
 */
export interface BuyerChanges {
  email?: string | null;
  phone?: string | null;
  individualName?: string | null;
  businessName?: string | null;
  taxId?: TaxIdInput | null;
  termsAccepted?: boolean;
  /** Refused when the session has `permissions[update_shipping_details]=server_only`. */
  shippingAddress?: { name?: string; address: AddressInput } | null;
  billingAddress?: { name?: string; address: AddressInput } | null;
  shippingRate?: string;
  addOptionalItems?: string[];
  removeOptionalItems?: string[];
  presentmentCurrency?: string;
}

export interface AddressInput {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
}

/** The emulator operations the `/_emulator/` routes expose (the programmatic handle offers the same). */
export interface ControlPlane {
  complete(sessionId: string, completion: BuyerCompletion): Stripe.Checkout.Session;
  update(sessionId: string, changes: BuyerChanges): Stripe.Checkout.Session;
  settleAsyncPayment(sessionId: string, result: 'succeeded' | 'failed'): Stripe.Checkout.Session;
  expire(sessionId: string): Stripe.Checkout.Session;
  now(): number;
  advance(seconds: number): number;
  inject(fault: { route: string; kind: FaultKind; count?: number }): void;
  latency(route: string, ms: number): void;
  clearFaults(): void;
  addEndpoint(endpoint: WebhookEndpoint): void;
  deliveries(): WebhookDelivery[];
}

/** `POST /_emulator/checkout/sessions/:id/complete` (snake_case; `billing_address` with or without a name). */
const completeSchema = object({
  card: str(),
  outcome: oneOf(['paid', 'delayed']),
  email: str(),
  name: str(),
  phone: str(),
  billing_address: { anyOf: [namedAddressSchema, addressSchema] },
  shipping_address: namedAddressSchema,
  shipping_rate: str(),
  individual_name: str(),
  business_name: str(),
  tax_id: taxIdSchema,
  terms_accepted: bool(),
  optional_items: arrayOf(str()),
});

/** `POST /_emulator/checkout/sessions/:id/update`: `BuyerChanges` in snake_case. */
const updateSchema = object({
  email: nullable(str()),
  phone: nullable(str()),
  individual_name: nullable(str()),
  business_name: nullable(str()),
  tax_id: nullable(taxIdSchema),
  terms_accepted: bool(),
  shipping_address: nullable(namedAddressSchema),
  billing_address: nullable(namedAddressSchema),
  shipping_rate: str(),
  add_optional_items: arrayOf(str()),
  remove_optional_items: arrayOf(str()),
  presentment_currency: str(),
});

interface UpdateBody {
  email?: string | null;
  phone?: string | null;
  individual_name?: string | null;
  business_name?: string | null;
  tax_id?: TaxIdBody | null;
  terms_accepted?: boolean;
  shipping_address?: NamedAddressBody | null;
  billing_address?: NamedAddressBody | null;
  shipping_rate?: string;
  add_optional_items?: string[];
  remove_optional_items?: string[];
  presentment_currency?: string;
}

interface CompleteBody {
  card?: string;
  outcome?: 'paid' | 'delayed';
  email?: string;
  name?: string;
  phone?: string;
  billing_address?: NamedAddressBody | AddressBody;
  shipping_address?: NamedAddressBody;
  shipping_rate?: string;
  individual_name?: string;
  business_name?: string;
  tax_id?: TaxIdBody;
  terms_accepted?: boolean;
  optional_items?: string[];
}

const asyncPaymentSchema = object({ result: oneOf(['succeeded', 'failed']) }, ['result']);
const advanceSchema = object({ seconds: num() }, ['seconds']);
const faultSchema = object({ route: str(), kind: oneOf(['500', '429', 'hang', 'drop']), count: int() }, [
  'route',
  'kind',
]);
const latencySchema = object({ route: str(), ms: num() }, ['route', 'ms']);
const endpointSchema = object({ url: str(), secret: str(), events: arrayOf(str()), api_version: str() }, [
  'url',
  'secret',
]);
const emptySchema = object({});

/** The JSON body checked like a REST request: unknown keys, types and required keys named by Stripe's rules. */
function params<T>(schema: ParamSchema, req: Request): T {
  const body: unknown = req.body;
  return jsonParams<T>(schema, body === undefined ? {} : body, 'The request body must be a JSON object.');
}

/** Runs an operation whose argument checks throw TypeError, answering 400 with the message. */
function guarded<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw invalidRequest(error.message);
    throw error;
  }
}

function completionFrom(input: CompleteBody): BuyerCompletion {
  const completion: BuyerCompletion = {};
  for (const key of ['card', 'outcome', 'email', 'name', 'phone'] as const) {
    if (input[key] !== undefined) Object.assign(completion, { [key]: input[key] });
  }
  if (input.shipping_rate !== undefined) completion.shippingRate = input.shipping_rate;
  if (input.individual_name !== undefined) completion.individualName = input.individual_name;
  if (input.business_name !== undefined) completion.businessName = input.business_name;
  if (input.tax_id !== undefined) completion.taxId = taxIdFrom(input.tax_id);
  if (input.terms_accepted !== undefined) completion.termsAccepted = input.terms_accepted;
  if (input.optional_items !== undefined) completion.optionalItems = input.optional_items;
  const billing = input.billing_address;
  if (billing !== undefined) {
    const named = 'address' in billing && typeof billing.address === 'object' && billing.address !== null;
    completion.billingAddress = addressFrom(
      named ? (billing.address as AddressBody) : (billing as AddressBody),
    );
    const name = named ? (billing as { name?: string | null }).name : undefined;
    if (typeof name === 'string' && completion.name === undefined) completion.name = name;
  }
  if (input.shipping_address !== undefined)
    completion.shippingAddress = namedAddressFrom(input.shipping_address);
  return completion;
}

function changesFrom(input: UpdateBody): BuyerChanges {
  const changes: BuyerChanges = {};
  if (input.email !== undefined) changes.email = input.email;
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.individual_name !== undefined) changes.individualName = input.individual_name;
  if (input.business_name !== undefined) changes.businessName = input.business_name;
  if (input.tax_id !== undefined) changes.taxId = input.tax_id === null ? null : taxIdFrom(input.tax_id);
  if (input.terms_accepted !== undefined) changes.termsAccepted = input.terms_accepted;
  if (input.shipping_address !== undefined) {
    changes.shippingAddress =
      input.shipping_address === null ? null : namedAddressFrom(input.shipping_address);
  }
  if (input.billing_address !== undefined) {
    changes.billingAddress = input.billing_address === null ? null : namedAddressFrom(input.billing_address);
  }
  if (input.shipping_rate !== undefined) changes.shippingRate = input.shipping_rate;
  if (input.add_optional_items !== undefined) changes.addOptionalItems = input.add_optional_items;
  if (input.remove_optional_items !== undefined) changes.removeOptionalItems = input.remove_optional_items;
  if (input.presentment_currency !== undefined) changes.presentmentCurrency = input.presentment_currency;
  return changes;
}

/** `/_emulator/*`: buyer simulation, clock, faults, latency and the webhook log (INTERNALS.md §3). */
export function controlsRouter(controls: ControlPlane): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.post('/checkout/sessions/:id/complete', (req: Request, res: Response) => {
    const completion = completionFrom(params<CompleteBody>(completeSchema, req));
    res.json(controls.complete(String(req.params.id), completion));
  });
  router.post('/checkout/sessions/:id/update', (req: Request, res: Response) => {
    const changes = changesFrom(params<UpdateBody>(updateSchema, req));
    res.json(controls.update(String(req.params.id), changes));
  });
  router.post('/checkout/sessions/:id/async_payment', (req: Request, res: Response) => {
    const { result } = params<{ result: 'succeeded' | 'failed' }>(asyncPaymentSchema, req);
    res.json(controls.settleAsyncPayment(String(req.params.id), result));
  });
  router.post('/checkout/sessions/:id/expire', (req: Request, res: Response) => {
    params(emptySchema, req);
    res.json(controls.expire(String(req.params.id)));
  });

  router.get('/clock', (_req: Request, res: Response) => {
    res.json({ now: controls.now() });
  });
  router.post('/clock/advance', (req: Request, res: Response) => {
    const { seconds } = params<{ seconds: number }>(advanceSchema, req);
    res.json({ now: guarded(() => controls.advance(seconds)) });
  });

  router.post('/faults', (req: Request, res: Response) => {
    const fault = params<{ route: string; kind: FaultKind; count?: number }>(faultSchema, req);
    guarded(() => controls.inject(fault));
    res.json({ ok: true });
  });
  router.delete('/faults', (_req: Request, res: Response) => {
    controls.clearFaults();
    res.json({ ok: true });
  });
  router.post('/latency', (req: Request, res: Response) => {
    const { route, ms } = params<{ route: string; ms: number }>(latencySchema, req);
    guarded(() => controls.latency(route, ms));
    res.json({ ok: true });
  });

  router.get('/webhooks/deliveries', (_req: Request, res: Response) => {
    res.json({ object: 'list', data: controls.deliveries() });
  });
  router.post('/webhooks/endpoints', (req: Request, res: Response) => {
    const endpoint = params<{ url: string; secret: string; events?: string[]; api_version?: string }>(
      endpointSchema,
      req,
    );
    guarded(() =>
      controls.addEndpoint({
        url: endpoint.url,
        secret: endpoint.secret,
        ...(endpoint.events ? { events: endpoint.events } : {}),
        ...(endpoint.api_version ? { apiVersion: endpoint.api_version } : {}),
      }),
    );
    res.json({ ok: true });
  });
  return router;
}
