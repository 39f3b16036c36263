import { type Request, type Response, Router } from 'express';
import type Stripe from 'stripe';
import { newId, randomToken } from '../state/ids.js';
import type { State } from '../state/store.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { invalidRequest, resourceMissing } from './errors.js';
import { coerceParams } from './params.js';
import { apiLocals } from './request.js';
import { mountRetrieveAndList } from './resource-routes.js';
import { arrayOf, bool, emptyable, expand, metadata, object, str } from './schema.js';

const createSchema = object(
  {
    url: str({ maxLength: 5000 }),
    enabled_events: arrayOf(str()),
    description: emptyable(str({ maxLength: 5000 })),
    metadata: emptyable(metadata()),
    api_version: str(),
    connect: bool(),
    expand: expand(),
  },
  ['enabled_events', 'url'],
);

/**
 * `/v1/webhook_endpoints`: create (answers the signing `secret` once, like Stripe), retrieve, list, delete.
 * Created endpoints receive events like those given to `startEmulator({ webhookEndpoints })`.
 */
export function webhookEndpointsRouter(state: State, dispatcher: WebhookDispatcher): Router {
  const router = Router();
  const endpoints = new Map<string, Stripe.WebhookEndpoint>();
  const dispatcherIds = new Map<string, string>();

  router.post('/v1/webhook_endpoints', (_req: Request, res: Response) => {
    const params = coerceParams<{
      url: string;
      enabled_events: string[];
      description?: string;
      metadata?: Record<string, string> | '';
      api_version?: string;
    }>(createSchema, apiLocals(res).params);
    if (params.enabled_events.length === 0) {
      throw invalidRequest('enabled_events must list at least one event type (or "*").', {
        param: 'enabled_events',
      });
    }
    const secret = `whsec_${randomToken(32)}`;
    let dispatcherId: string;
    try {
      dispatcherId = dispatcher.addEndpoint({
        url: params.url,
        secret,
        ...(params.enabled_events.includes('*') ? {} : { events: params.enabled_events }),
        // Events for this endpoint are rendered at its `api_version` (https://docs.stripe.com/webhooks/versioning).
        ...(params.api_version !== undefined ? { apiVersion: params.api_version } : {}),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw invalidRequest(message, { param: /apiVersion/.test(message) ? 'api_version' : 'url' });
    }
    const endpoint: Stripe.WebhookEndpoint = {
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: params.api_version ?? null,
      application: null,
      created: state.clock.now(),
      description: params.description || null,
      enabled_events: params.enabled_events,
      livemode: false,
      metadata: params.metadata || {},
      status: 'enabled',
      url: params.url,
    };
    endpoints.set(endpoint.id, endpoint);
    dispatcherIds.set(endpoint.id, dispatcherId);
    res.json({ ...endpoint, secret });
  });

  router.delete('/v1/webhook_endpoints/:id', (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!endpoints.has(id)) throw resourceMissing('webhook endpoint', id);
    dispatcher.removeEndpoint(dispatcherIds.get(id) ?? '');
    endpoints.delete(id);
    dispatcherIds.delete(id);
    res.json({ id, object: 'webhook_endpoint', deleted: true });
  });

  mountRetrieveAndList(router, { path: 'webhook_endpoints', kind: 'webhook endpoint', store: endpoints });
  return router;
}
