import type Stripe from 'stripe';
import { newId } from '../state/ids.js';
import { toRestSession } from '../state/session-view.js';
import type { StateChange, State } from '../state/store.js';

/** Builds the `event` envelope for a state change, with `data.object` as the REST object at that moment. */
export function eventFor(
  state: State,
  change: StateChange,
  options: {
    apiVersion: string;
    pendingWebhooks: number;
    request: Stripe.EventBase['request'];
    /** The same event at another API version keeps its id and creation time. */
    of?: Stripe.EventBase;
  },
): Stripe.EventBase {
  const session =
    change.object.object === 'checkout.session' ? state.sessions.get(change.object.id) : undefined;
  const object = session
    ? toRestSession(state, session, { apiVersion: options.apiVersion })
    : structuredClone(change.object);
  return {
    id: options.of?.id ?? newId('evt'),
    object: 'event',
    api_version: options.apiVersion,
    created: options.of?.created ?? state.clock.now(),
    data: { object },
    livemode: false,
    pending_webhooks: options.pendingWebhooks,
    request: options.request,
    type: change.type as Stripe.EventBase['type'],
  };
}
