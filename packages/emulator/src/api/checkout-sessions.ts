import { type Request, type Response, Router } from 'express';
import { lineItemList, restLineItems, SESSION_EXPANDABLE, toRestSession } from '../state/session-view.js';
import { expireSession } from '../state/lifecycle.js';
import type { SessionRecord } from '../state/records.js';
import type { State } from '../state/store.js';
import { buildSession } from './checkout-session-builder.js';
import { applySessionUpdate } from './checkout-session-update.js';
import {
  type CreateParams,
  createSchema,
  type ListSessionsParams,
  lineItemsListSchema,
  listSchema,
  retrieveSchema,
  type UpdateParams,
  updateSchema,
} from './checkout-session-params.js';
import { resourceMissing } from './errors.js';
import { newestFirst, paginate } from './lists.js';
import { coerceParams } from './params.js';
import { apiLocals, expansions } from './request.js';

export function findSession(state: State, id: string): SessionRecord {
  const session = state.sessions.get(id);
  if (!session) throw resourceMissing('checkout.session', id, 'session');
  return session;
}

/** `/v1/checkout/sessions*`: thin handlers over the builder, the lifecycle and the session view. */
export function checkoutSessionsRouter(state: State): Router {
  const router = Router();
  const view = (res: Response, session: SessionRecord, expand: readonly string[] | undefined) =>
    toRestSession(state, session, {
      apiVersion: apiLocals(res).apiVersion,
      expand: expansions(expand, SESSION_EXPANDABLE),
    });

  router.post('/v1/checkout/sessions', (_req: Request, res: Response) => {
    const { params, apiVersion } = apiLocals(res);
    const create = coerceParams<CreateParams>(createSchema, params);
    const expand = expansions(create.expand, SESSION_EXPANDABLE);
    const session = buildSession(state, create, apiVersion);
    state.sessions.set(session.id, session);
    res.json(toRestSession(state, session, { apiVersion, expand }));
  });

  router.get('/v1/checkout/sessions', (_req: Request, res: Response) => {
    const { params, apiVersion } = apiLocals(res);
    const list = coerceParams<ListSessionsParams>(listSchema, params);
    const expand = expansions(list.expand, SESSION_EXPANDABLE, { list: true });
    const matching = newestFirst(state.sessions.values()).filter(
      (session) =>
        (list.status === undefined || session.status === list.status) &&
        (list.customer === undefined || session.customerId === list.customer) &&
        (list.payment_intent === undefined || session.paymentIntentId === list.payment_intent) &&
        (list.subscription === undefined || session.subscriptionId === list.subscription) &&
        (list.customer_details === undefined || session.buyer.email === list.customer_details.email) &&
        createdMatches(session.created, list.created),
    );
    const page = paginate(matching, list, '/v1/checkout/sessions');
    res.json({
      ...page,
      data: page.data.map((session) => toRestSession(state, session, { apiVersion, expand })),
    });
  });

  router.get('/v1/checkout/sessions/:session', (req: Request, res: Response) => {
    const { expand } = coerceParams<{ expand?: string[] }>(retrieveSchema, apiLocals(res).params);
    res.json(view(res, findSession(state, String(req.params.session)), expand));
  });

  router.post('/v1/checkout/sessions/:session', (req: Request, res: Response) => {
    const update = coerceParams<UpdateParams>(updateSchema, apiLocals(res).params);
    const session = findSession(state, String(req.params.session));
    const expand = expansions(update.expand, SESSION_EXPANDABLE);
    applySessionUpdate(state, session, update);
    res.json(toRestSession(state, session, { apiVersion: apiLocals(res).apiVersion, expand }));
  });

  router.post('/v1/checkout/sessions/:session/expire', (req: Request, res: Response) => {
    const { expand } = coerceParams<{ expand?: string[] }>(retrieveSchema, apiLocals(res).params);
    const session = findSession(state, String(req.params.session));
    expansions(expand, SESSION_EXPANDABLE);
    expireSession(state, session);
    res.json(view(res, session, expand));
  });

  router.get('/v1/checkout/sessions/:session/line_items', (req: Request, res: Response) => {
    const list = coerceParams<{
      limit?: number;
      starting_after?: string;
      ending_before?: string;
      expand?: string[];
    }>(lineItemsListSchema, apiLocals(res).params);
    const expand = expansions(list.expand, new Set(['price', 'price.product']), { list: true });
    const session = findSession(state, String(req.params.session));
    const items = restLineItems(state, session, expand.has('price.product'));
    // Line items list in the order they were given, not newest first.
    const page = paginate(items, list, `/v1/checkout/sessions/${session.id}/line_items`);
    res.json(
      lineItemList(state, session, { expandProduct: false, items: page.data, hasMore: page.has_more }),
    );
  });

  return router;
}

function createdMatches(created: number, filter: ListSessionsParams['created']): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return created === filter;
  return (
    (filter.gt === undefined || created > filter.gt) &&
    (filter.gte === undefined || created >= filter.gte) &&
    (filter.lt === undefined || created < filter.lt) &&
    (filter.lte === undefined || created <= filter.lte)
  );
}
