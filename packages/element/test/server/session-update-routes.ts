/// <reference types="node" />
// The companion server's update routes for the browser tests: `POST /sessions/{id}/items` and `/shipping`
// (companion protocol), backed by the emulator's `checkout.sessions.update` through the official SDK, with the same
// allowlist as session creation and the shipping hook of session-params.ts. Faults are injected per tag and route.
import type { IncomingMessage } from 'node:http';
import {
  sessionItemsUpdateRequestSchema,
  sessionShippingUpdateRequestSchema,
} from '@checkout-element/protocol';
import type Stripe from 'stripe';
import type { Fault } from './checkout-test-server.js';
import { ALLOWED_PRICES, MAX_QUANTITY, shippingRatesFor } from './session-params.js';

interface Ctx {
  req: IncomingMessage;
}

export interface UpdateRouteDeps {
  stripe(): Stripe;
  faults: Map<string, Fault>;
  updateLog: Map<string, Array<{ route: string; body: unknown }>>;
  readJson(req: IncomingMessage): Promise<Record<string, unknown>>;
  reply(ctx: Ctx, status: number, body: unknown): void;
}

export function sessionUpdateRoutes(deps: UpdateRouteDeps) {
  function replyError(ctx: Ctx, status: number, code: string, message: string, retryable: boolean) {
    deps.reply(ctx, status, { error: { code, message, retryable } });
  }

  /**
   * The companion server's update routes (`POST /sessions/{id}/items`, `/shipping`, companion protocol), backed by
   * the emulator's `checkout.sessions.update` through the official SDK, with the same allowlist as creation.
   */
  return async function updateSession(ctx: Ctx, tag: string, id: string, route: 'items' | 'shipping') {
    const body = await deps.readJson(ctx.req);
    const log = deps.updateLog.get(tag) ?? [];
    deps.updateLog.set(tag, log);
    log.push({ route, body });
    const fault = deps.faults.get(`${tag}:${route}`);
    if (fault && fault.count > 0) {
      fault.count -= 1;
      return replyError(ctx, fault.status, fault.code, fault.message, fault.kind === 'retryable');
    }
    const session = await deps.stripe().checkout.sessions.retrieve(id, { expand: ['line_items'] });
    if (session.status !== 'open') {
      return replyError(ctx, 409, 'session_not_open', `The session is ${session.status}.`, false);
    }
    if (route === 'items') {
      const parsed = sessionItemsUpdateRequestSchema.safeParse(body);
      if (!parsed.success) return replyError(ctx, 400, 'invalid_request', parsed.error.message, false);
      const refused = parsed.data.items.findIndex(
        (item) => !ALLOWED_PRICES.has(item.price) || item.quantity < 1 || item.quantity > MAX_QUANTITY,
      );
      if (refused >= 0) {
        const item = parsed.data.items[refused]!;
        const field = ALLOWED_PRICES.has(item.price) ? 'quantity' : 'price';
        const message = `items[${refused}].${field}: ${field === 'price' ? `${item.price} is not for sale here` : `must be between 1 and ${MAX_QUANTITY}`}`;
        deps.reply(ctx, 400, {
          error: {
            code: 'invalid_request',
            message,
            field: `items[${refused}].${field}`,
            retryable: false,
          },
        });
        return;
      }
      // "To retain an existing line item, specify its id" (SessionUpdateParams.line_items, stripe-node 23.1.0).
      const existing = new Map((session.line_items?.data ?? []).map((line) => [line.price?.id, line.id]));
      const lineItems = parsed.data.items.map((item) => {
        const lineId = existing.get(item.price);
        return lineId
          ? { id: lineId, quantity: item.quantity }
          : { price: item.price, quantity: item.quantity };
      });
      await deps.stripe().checkout.sessions.update(id, {
        line_items: lineItems,
      } as unknown as Stripe.Checkout.SessionUpdateParams);
    } else {
      const parsed = sessionShippingUpdateRequestSchema.safeParse(body);
      if (!parsed.success) return replyError(ctx, 400, 'invalid_request', parsed.error.message, false);
      const priced = shippingRatesFor(parsed.data.address);
      if ('refused' in priced) {
        deps.reply(ctx, 422, {
          error: {
            code: 'shipping_address_refused',
            message: priced.refused,
            field: 'address',
            retryable: false,
          },
        });
        return;
      }
      await deps.stripe().checkout.sessions.update(id, {
        collected_information: { shipping_details: parsed.data },
        shipping_options: priced.rates.map((rate) => ({ shipping_rate: rate })),
      } as unknown as Stripe.Checkout.SessionUpdateParams);
    }
    deps.reply(ctx, 200, { sessionId: id, updated: true });
  };
}
