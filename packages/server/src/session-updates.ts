// The companion protocol's optional update routes (issue 13): `POST /sessions/{id}/items` replaces an open
// session's cart, `POST /sessions/{id}/shipping` prices the buyer's address with the shop's hook and sets it.
// Both call Stripe's `checkout.sessions.update`; the element wraps the call in Stripe.js's `runServerUpdate`.
import {
  type SessionUpdated,
  sessionIdPattern,
  sessionShippingUpdateRequestSchema,
} from '@checkout-element/protocol';
import Stripe from 'stripe';
import type { z } from 'zod';
import { CheckoutInputError } from './errors.js';
import { errorResponse, json, readBody } from './http.js';
import type { LineItem, ResolvedOptions } from './options.js';
import { parseJsonBody, resolveItemsUpdate } from './session-request.js';
import { shippingQuoteSchema } from './shipping.js';
import { loggableError, safeStripeFailure } from './stripe-errors.js';

/** The session id of a route's path, checked; never the client secret (it must not travel in URLs). */
export function sessionIdFromPath(encodedId: string): string {
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(encodedId);
  } catch {
    throw new CheckoutInputError(
      'id: the path is not valid percent-encoding; send the session id (cs_…) as it is',
      'id',
    );
  }
  if (sessionId.includes('_secret_')) {
    throw new CheckoutInputError(
      'Pass the session id (cs_…), not the client secret: the client secret must never travel in URLs.',
      'id',
    );
  }
  if (!sessionIdPattern.test(sessionId)) {
    throw new CheckoutInputError(
      `id: expected a Checkout Session id like "cs_test_a1b2…" (got ${JSON.stringify(sessionId.slice(0, 40))})`,
      'id',
    );
  }
  return sessionId;
}

/** Refuses anything but a JSON body, as `POST /sessions` does. */
export function requireJsonBody(request: Request): void {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new CheckoutInputError(
      `Send the body as JSON with "Content-Type: application/json" (got ${JSON.stringify(contentType.slice(0, 100) || 'none')}).`,
      'content-type',
      'unsupported_media_type',
    );
  }
}

type Cors = Record<string, string>;

/** Stripe's codes for an update of a session that is no longer open (emulator and Stripe's error codes list). */
const closedSessionCodes = new Set(['checkout_session_complete', 'checkout_session_expired']);

function notOpen(sessionId: string, status: string | null, cors: Cors): Response {
  return errorResponse(
    'session_not_open',
    `Checkout Session ${sessionId} is ${status ?? 'not open'}: its cart and shipping can no longer change. Start a new checkout.`,
    {},
    cors,
  );
}

export function createSessionUpdates(options: ResolvedOptions) {
  const { stripe, logger } = options;
  const requestOptions = { apiVersion: options.apiVersion };

  async function readJson(request: Request): Promise<unknown> {
    requireJsonBody(request);
    const bytes = await readBody(request, options.maxBodyBytes);
    return parseJsonBody(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  }

  const failure = (error: unknown, cors: Cors, what: string, sessionId: string): Response => {
    const safe = safeStripeFailure(error, what === 'session lookup');
    if (!safe) throw error;
    if (error instanceof Stripe.errors.StripeError && closedSessionCodes.has(error.code ?? '')) {
      // The session closed between our lookup and the update (the buyer paid in another tab, it expired).
      return notOpen(sessionId, error.code === 'checkout_session_complete' ? 'complete' : 'expired', cors);
    }
    logger.warn({ err: loggableError(error), code: safe.code, sessionId }, `${what} failed at Stripe`);
    return errorResponse(safe.code, safe.message, safe.field ? { field: safe.field } : {}, cors);
  };

  /** The session as Stripe has it, or the answer to give instead (unknown: 404; complete/expired: 409). */
  async function openSession(sessionId: string, cors: Cors): Promise<Stripe.Checkout.Session | Response> {
    let session: Stripe.Checkout.Session;
    try {
      session = await stripe.checkout.sessions.retrieve(sessionId, {}, requestOptions);
    } catch (error) {
      return failure(error, cors, 'session lookup', sessionId);
    }
    if (session.status !== 'open') return notOpen(sessionId, session.status, cors);
    return session;
  }

  async function update(
    sessionId: string,
    params: Stripe.Checkout.SessionUpdateParams,
    cors: Cors,
  ): Promise<Response | undefined> {
    try {
      await stripe.checkout.sessions.update(sessionId, params, requestOptions);
      return undefined;
    } catch (error) {
      return failure(error, cors, 'session update', sessionId);
    }
  }

  /**
   * "When updating line items, you must retransmit the entire array of line items. To retain an existing line
   * item, specify its id. … To add a new line item, specify one of price or price_data and quantity. To remove an
   * existing line item, omit the line item's ID" (https://docs.stripe.com/api/checkout/sessions/update). A price
   * already in the cart keeps its line (and what Stripe attached to it) and gets the new quantity.
   */
  async function lineItemsFor(
    sessionId: string,
    wanted: readonly LineItem[],
  ): Promise<Stripe.Checkout.SessionUpdateParams.LineItem[]> {
    const existing = new Map<string, string>();
    // Listed rather than expanded: an expanded `line_items` holds only the first 10.
    for await (const line of stripe.checkout.sessions.listLineItems(
      sessionId,
      { limit: 100 },
      requestOptions,
    )) {
      const price = line.price?.id;
      if (price && !existing.has(price)) existing.set(price, line.id);
    }
    return wanted.map((item) => {
      const id = typeof item.price === 'string' ? existing.get(item.price) : undefined;
      if (id === undefined) return item as Stripe.Checkout.SessionUpdateParams.LineItem;
      existing.delete(item.price!);
      return { id, quantity: item.quantity };
    });
  }

  async function items(request: Request, encodedId: string, cors: Cors): Promise<Response> {
    const sessionId = sessionIdFromPath(encodedId);
    if (options.mode === 'setup') {
      return errorResponse(
        'not_supported',
        'This server creates setup-mode sessions, which have no line items to update.',
        {},
        cors,
      );
    }
    const wanted = await resolveItemsUpdate(await readJson(request), options, request);
    const session = await openSession(sessionId, cors);
    if (session instanceof Response) return session;
    let lineItems: Stripe.Checkout.SessionUpdateParams.LineItem[];
    try {
      lineItems = await lineItemsFor(sessionId, wanted);
    } catch (error) {
      return failure(error, cors, 'session lookup', sessionId);
    }
    const refused = await update(sessionId, { line_items: lineItems }, cors);
    if (refused) return refused;
    logger.info({ sessionId, lines: lineItems.length }, 'session line items updated');
    return json(200, { sessionId, updated: true } satisfies SessionUpdated, cors);
  }

  async function shipping(request: Request, encodedId: string, cors: Cors): Promise<Response> {
    const sessionId = sessionIdFromPath(encodedId);
    const hook = options.shippingOptions;
    if (!hook) {
      return errorResponse(
        'not_supported',
        'This server sets no shipping rates (no shippingOptions hook is configured); the buyer’s address is collected by Stripe.js.',
        {},
        cors,
      );
    }
    const body = await readJson(request);
    const parsed = sessionShippingUpdateRequestSchema.safeParse(body);
    if (!parsed.success) throw shippingInputError(parsed.error);
    const { name, address } = parsed.data;
    const session = await openSession(sessionId, cors);
    if (session instanceof Response) return session;
    if (session.permissions?.update_shipping_details !== 'server_only') {
      return errorResponse(
        'not_supported',
        `Checkout Session ${sessionId} was not created with permissions.update_shipping_details=server_only, so the buyer’s address is set by Stripe.js, not by this server.`,
        {},
        cors,
      );
    }
    const allowed = session.shipping_address_collection?.allowed_countries as readonly string[] | undefined;
    if (allowed && !allowed.includes(address.country)) {
      return errorResponse(
        'shipping_address_refused',
        `We do not ship to ${address.country}; we ship to ${allowed.join(', ')}.`,
        { field: 'address.country' },
        cors,
      );
    }
    const quote = shippingQuoteSchema.safeParse(await hook(address, session));
    if (!quote.success) {
      logger.error(
        { sessionId, issue: quote.error.issues[0]?.message, path: quote.error.issues[0]?.path },
        'the shippingOptions hook answered neither 1–5 rates [{ displayName, amount, currency? }] nor { refused }',
      );
      return errorResponse(
        'internal_error',
        'The shop’s shipping calculator failed; try again or contact the shop.',
        {},
        cors,
      );
    }
    if (!Array.isArray(quote.data)) {
      const refusal = quote.data as { refused: string; field?: string };
      logger.info({ sessionId, country: address.country }, 'shipping address refused by the shop');
      return errorResponse(
        'shipping_address_refused',
        refusal.refused,
        { field: refusal.field ?? 'address' },
        cors,
      );
    }
    const currency = session.currency ?? 'usd';
    const rates = quote.data.map((rate) => ({
      displayName: rate.displayName,
      amount: rate.amount,
      currency: (rate.currency ?? currency).toLowerCase(),
    }));
    const params: Stripe.Checkout.SessionUpdateParams = {
      shipping_options: rates.map((rate) => ({
        shipping_rate_data: {
          display_name: rate.displayName,
          type: 'fixed_amount',
          fixed_amount: { amount: rate.amount, currency: rate.currency },
        },
      })),
    };
    // Stripe requires `line1` for `collected_information.shipping_details`. An address the buyer is still typing
    // is priced (a refused country shows at once) and its rates set; the address itself once it is complete.
    if (address.line1) {
      params.collected_information = {
        shipping_details: {
          name,
          address: {
            country: address.country,
            line1: address.line1,
            ...(address.line2 ? { line2: address.line2 } : {}),
            ...(address.city ? { city: address.city } : {}),
            ...(address.state ? { state: address.state } : {}),
            ...(address.postal_code ? { postal_code: address.postal_code } : {}),
          },
        },
      };
    }
    const refused = await update(sessionId, params, cors);
    if (refused) return refused;
    logger.info({ sessionId, country: address.country, rates: rates.length }, 'session shipping updated');
    return json(200, { sessionId, updated: true, shippingRates: rates } satisfies SessionUpdated, cors);
  }

  return { items, shipping };
}

function shippingInputError(error: z.ZodError): CheckoutInputError {
  const issue = error.issues.find((found) => found.code === 'unrecognized_keys') ?? error.issues[0]!;
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const field = path ? `${path}.${issue.keys[0]}` : String(issue.keys[0]);
    return new CheckoutInputError(
      `${field}: unknown field; send { name, address: { country, line1?, line2?, city?, state?, postal_code? } }`,
      field,
    );
  }
  const field = path || 'body';
  const hint =
    field === 'address.country'
      ? 'must be a two-letter country code in capitals, like "US"'
      : field === 'name'
        ? 'must be the recipient’s name (1–200 characters)'
        : issue.message;
  return new CheckoutInputError(`${field}: ${hint}`, field);
}
