import type { SessionShippingUpdateRequest } from '@checkout-element/protocol';
import type {
  StripeAddressElementChangeEvent,
  StripeCheckoutLoadActionsSuccess,
  StripeCheckoutSession,
} from '@stripe/stripe-js';
import type { CheckoutMessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';
import {
  postSessionUpdate,
  type SessionUpdateBody,
  type SessionUpdateOutcome,
  type SessionUpdateRoute,
} from '../internal/session-updates.js';

export interface CompanionUpdateRequest<R extends SessionUpdateRoute> {
  endpoint: string;
  sessionId: string;
  route: R;
  body: SessionUpdateBody<R>;
  t: Translate<CheckoutMessageKey>;
}

/** A failed update: the protocol's code, the buyer's message, and whether trying again later can help. */
export interface CompanionFailure {
  code: string;
  message: string;
  retryable: boolean;
}

export interface CompanionUpdate {
  /** The session as Stripe.js refetched it (only when the server's change went through). */
  session: StripeCheckoutSession | null;
  failure: CompanionFailure | null;
}

/** What the buyer reads for a refused update; the site owner's fix goes to the console. */
function failureOf(
  refused: Extract<SessionUpdateOutcome, { ok: false }>,
  request: CompanionUpdateRequest<SessionUpdateRoute>,
): CompanionFailure {
  const { code, retryable } = refused;
  const { t, route } = request;
  // The shop's shipping hook wrote this message for the buyer (e.g. "We do not ship to Alaska").
  if (code === 'shipping_address_refused') return { code, message: refused.message, retryable };
  if (code === 'session_not_open') return { code, message: t('sessionNotOpen'), retryable };
  if (retryable) {
    return { code, message: t(route === 'items' ? 'cartRetryLater' : 'shippingRetryLater'), retryable };
  }
  // The site owner's fix: the request or the server (`not_supported`: the server lacks this optional route).
  console.error(`<stripe-checkout>: POST …/${route}: ${code} ${refused.field ?? ''} ${refused.message}`);
  return { code, message: t(route === 'items' ? 'cartRefused' : 'shippingUnavailable'), retryable };
}

/**
 * Asks the shop's server to change the open session (cart or shipping), inside Stripe.js's `runServerUpdate`:
 * "runServerUpdate … refreshes the Checkout Session after your server updates it"
 * (docs.stripe.com/payments/advanced/dynamically-update-line-items), so the summary follows without a reload. A
 * refusal is thrown inside the callback so that Stripe.js does not refetch for nothing.
 */
export async function companionUpdate<R extends SessionUpdateRoute>(
  actions: StripeCheckoutLoadActionsSuccess,
  request: CompanionUpdateRequest<R>,
): Promise<CompanionUpdate> {
  let refused: Extract<SessionUpdateOutcome, { ok: false }> | null = null;
  let result: Awaited<ReturnType<StripeCheckoutLoadActionsSuccess['runServerUpdate']>>;
  try {
    result = await actions.runServerUpdate(async () => {
      const outcome = await postSessionUpdate(
        request.endpoint,
        request.sessionId,
        request.route,
        request.body,
      );
      if (!outcome.ok) {
        refused = outcome;
        throw new Error(outcome.message);
      }
    });
  } catch (error) {
    result = {
      type: 'error',
      error: { message: error instanceof Error ? error.message : String(error), code: null },
    };
  }
  if (refused) return { session: null, failure: failureOf(refused, request) };
  if (result.type === 'success') return { session: result.session, failure: null };
  return {
    session: null,
    failure: { code: 'stripe_update_failed', message: result.error.message, retryable: true },
  };
}

/** How long the buyer's shipping address stays unchanged before it goes to the shop's server. */
export const SHIPPING_SETTLE_MS = 300;

/**
 * For `permissions.update_shipping_details: 'server_only'` sessions, where Stripe.js does not write the buyer's
 * shipping address ("Passing this option will also disable the client method updateShippingAddress",
 * docs.stripe.com/payments/checkout/custom-shipping-options?payment-ui=embedded-components): a Shipping Address
 * Element `change` listener that hands each complete address to `send` once it has held still, and never the same
 * address twice in a row.
 */
export function settledAddress(
  send: (body: SessionShippingUpdateRequest) => void,
  signal: AbortSignal,
): (event: StripeAddressElementChangeEvent) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = '';
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return (event) => {
    clearTimeout(timer);
    if (!event.complete) return;
    // Empty parts (no line2) are left out: Stripe refuses an empty string for a part it cannot unset.
    const address = Object.fromEntries(Object.entries(event.value.address).filter(([, part]) => part));
    const body = { name: event.value.name, address } as SessionShippingUpdateRequest;
    timer = setTimeout(() => {
      const key = JSON.stringify(body);
      if (key === sent) return;
      sent = key;
      send(body);
    }, SHIPPING_SETTLE_MS);
  };
}
