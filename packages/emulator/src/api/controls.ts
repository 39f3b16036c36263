import express, { type Request, type Response, Router } from 'express';
import type Stripe from 'stripe';
import type { WebhookDelivery, WebhookEndpoint } from '../webhooks/dispatcher.js';
import { invalidRequest } from './errors.js';
import type { FaultKind } from './faults.js';

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

function body(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
}

function optionalString(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${param} must be a string.`, { param });
  return value;
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

function completionFrom(input: Record<string, unknown>): BuyerCompletion {
  const completion: BuyerCompletion = {};
  const card = optionalString(input.card, 'card');
  if (card !== undefined) completion.card = card;
  if (input.outcome !== undefined) {
    if (input.outcome !== 'paid' && input.outcome !== 'delayed') {
      throw invalidRequest("outcome must be 'paid' or 'delayed'.", { param: 'outcome' });
    }
    completion.outcome = input.outcome;
  }
  for (const key of ['email', 'name', 'phone'] as const) {
    const value = optionalString(input[key], key);
    if (value !== undefined) completion[key] = value;
  }
  const rate = optionalString(input.shipping_rate, 'shipping_rate');
  if (rate !== undefined) completion.shippingRate = rate;
  if (input.billing_address !== undefined) {
    const billing = input.billing_address as { name?: unknown; address?: unknown };
    completion.billingAddress = (billing.address ?? billing) as AddressInput;
    if (typeof billing.name === 'string' && completion.name === undefined) completion.name = billing.name;
  }
  if (input.shipping_address !== undefined) {
    const shipping = input.shipping_address as { name?: unknown; address?: unknown };
    completion.shippingAddress = {
      ...(typeof shipping.name === 'string' ? { name: shipping.name } : {}),
      address: (shipping.address ?? {}) as AddressInput,
    };
  }
  return completion;
}

/** `/_emulator/*`: buyer simulation, clock, faults, latency and the webhook log (INTERNALS.md §3). */
export function controlsRouter(controls: ControlPlane): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.post('/checkout/sessions/:id/complete', (req: Request, res: Response) => {
    res.json(controls.complete(String(req.params.id), completionFrom(body(req))));
  });
  router.post('/checkout/sessions/:id/async_payment', (req: Request, res: Response) => {
    const result = body(req).result;
    if (result !== 'succeeded' && result !== 'failed') {
      throw invalidRequest("result must be 'succeeded' or 'failed'.", { param: 'result' });
    }
    res.json(controls.settleAsyncPayment(String(req.params.id), result));
  });
  router.post('/checkout/sessions/:id/expire', (req: Request, res: Response) => {
    res.json(controls.expire(String(req.params.id)));
  });

  router.get('/clock', (_req: Request, res: Response) => {
    res.json({ now: controls.now() });
  });
  router.post('/clock/advance', (req: Request, res: Response) => {
    const seconds = body(req).seconds;
    if (typeof seconds !== 'number') throw invalidRequest('seconds must be a number.', { param: 'seconds' });
    res.json({ now: guarded(() => controls.advance(seconds)) });
  });

  router.post('/faults', (req: Request, res: Response) => {
    const { route, kind, count } = body(req);
    guarded(() =>
      controls.inject({
        route: String(route),
        kind: String(kind) as FaultKind,
        ...(count !== undefined ? { count: Number(count) } : {}),
      }),
    );
    res.json({ ok: true });
  });
  router.delete('/faults', (_req: Request, res: Response) => {
    controls.clearFaults();
    res.json({ ok: true });
  });
  router.post('/latency', (req: Request, res: Response) => {
    const { route, ms } = body(req);
    guarded(() => controls.latency(String(route), Number(ms)));
    res.json({ ok: true });
  });

  router.get('/webhooks/deliveries', (_req: Request, res: Response) => {
    res.json({ object: 'list', data: controls.deliveries() });
  });
  router.post('/webhooks/endpoints', (req: Request, res: Response) => {
    const { url, secret, events } = body(req);
    guarded(() =>
      controls.addEndpoint({
        url: String(url),
        secret: String(secret),
        ...(Array.isArray(events) ? { events: events.map(String) } : {}),
      }),
    );
    res.json({ ok: true });
  });
  return router;
}
