import { type Request, type Response, Router } from 'express';
import { createCustomer } from '../state/payment-objects.js';
import { fillAddress } from '../state/lifecycle.js';
import type { State } from '../state/store.js';
import { coerceParams } from './params.js';
import { apiLocals } from './request.js';
import { mountRetrieveAndList } from './resource-routes.js';
import { expand, metadata, object, str } from './schema.js';

const addressSchema = object({
  city: str(),
  country: str(),
  line1: str(),
  line2: str(),
  postal_code: str(),
  state: str(),
});

const customerCreateSchema = object({
  email: str({ maxLength: 512 }),
  name: str({ maxLength: 256 }),
  phone: str({ maxLength: 20 }),
  description: str(),
  address: addressSchema,
  metadata: metadata(),
  expand: expand(),
});

/** Customers (create/retrieve/list) and the objects a completed session leaves behind (retrieve/list). */
export function paymentsRouter(state: State): Router {
  const router = Router();

  router.post('/v1/customers', (_req: Request, res: Response) => {
    const params = coerceParams<{
      email?: string;
      name?: string;
      phone?: string;
      description?: string;
      address?: Record<string, string>;
      metadata?: Record<string, string>;
    }>(customerCreateSchema, apiLocals(res).params);
    const customer = createCustomer(state, {
      email: params.email ?? null,
      name: params.name ?? null,
      phone: params.phone ?? null,
      description: params.description ?? null,
      address: params.address ? fillAddress(params.address) : null,
      metadata: params.metadata ?? {},
    });
    state.emit('customer.created', customer);
    res.json(customer);
  });
  mountRetrieveAndList(router, {
    path: 'customers',
    kind: 'customer',
    store: state.customers,
    filters: { email: str() },
    matches: (customer, filters) => filters.email === undefined || customer.email === filters.email,
  });
  mountRetrieveAndList(router, {
    path: 'payment_intents',
    kind: 'payment_intent',
    store: state.paymentIntents,
    filters: { customer: str() },
    matches: (intent, filters) => filters.customer === undefined || intent.customer === filters.customer,
  });
  mountRetrieveAndList(router, {
    path: 'setup_intents',
    kind: 'setup_intent',
    store: state.setupIntents,
    filters: { customer: str() },
    matches: (intent, filters) => filters.customer === undefined || intent.customer === filters.customer,
  });
  mountRetrieveAndList(router, {
    path: 'subscriptions',
    kind: 'subscription',
    store: state.subscriptions,
    filters: { customer: str(), status: str(), price: str() },
    matches: (subscription, filters) =>
      (filters.customer === undefined || subscription.customer === filters.customer) &&
      (filters.status === undefined || filters.status === 'all' || subscription.status === filters.status),
  });
  mountRetrieveAndList(router, {
    path: 'events',
    kind: 'event',
    store: state.events,
    filters: { type: str(), types: { type: 'array', items: str() } },
    matches: (event, filters) =>
      (filters.type === undefined || matchesType(event.type, String(filters.type))) &&
      (filters.types === undefined ||
        (filters.types as string[]).some((type) => matchesType(event.type, type))),
  });
  return router;
}

/** Stripe's `type` filter accepts `*` wildcards (`checkout.session.*`). */
function matchesType(type: string, pattern: string): boolean {
  if (!pattern.includes('*')) return type === pattern;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return regex.test(type);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
