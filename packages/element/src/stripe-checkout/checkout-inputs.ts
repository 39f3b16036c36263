import type { Stripe } from '@stripe/stripe-js';
import { CheckoutError } from '../internal/checkout-error.js';
import { type CheckoutPaymentLayout, choose, type UiMode } from '../internal/options.js';
import { assertCheckoutSecret, assertPublishableKey } from '../internal/secrets.js';
import {
  type CheckoutItem,
  requestSession,
  type SessionCollects,
  type SessionEndpointAnswer,
} from '../internal/session-endpoint.js';
import { messageOf } from '../internal/stripe-errors.js';
import { loadStripeOnce, resolveStripeInput, type StripeInput } from '../internal/stripe-loader.js';

/** Everything a run reads from the element, copied when it starts: a run never reads the element again. */
export interface CheckoutSource {
  clientSecret?: string | undefined;
  sessionEndpoint?: string | undefined;
  fetchClientSecret?: (() => Promise<string>) | undefined;
  stripe: StripeInput;
  publishableKey?: string | undefined;
  locale?: string | undefined;
  layout: CheckoutPaymentLayout;
  /** The generation the page declares (`ui-mode`); without it the session endpoint's answer decides, else `elements`. */
  uiMode?: UiMode | undefined;
  items: CheckoutItem[];
  email?: string | undefined;
  /** The page's `collects` for a secret it supplies itself (the session endpoint's answer carries its own). */
  collects?: SessionCollects | undefined;
  /** The checkout attempt's key; used only with `sessionEndpoint`. */
  idempotencyKey: string;
}

/** What a run starts the Checkout SDK with. */
export interface CheckoutInputs {
  /** Where the secret came from (the session endpoint's whole answer, or just the secret). */
  readonly answer: Promise<SessionEndpointAnswer>;
  /** The client secret, checked; handed to Stripe.js as a promise so that it loads in the meantime. */
  readonly secret: Promise<string>;
  /** Stripe.js, and which of its initialisers the session's generation needs. */
  readonly ready: Promise<{ stripe: Stripe; uiMode: UiMode }>;
}

/**
 * Checks the element's inputs, then obtains the client secret and loads Stripe.js in parallel. Stripe.js waits for
 * the secret only when it must: when the session endpoint's answer says which generation (hence which Stripe.js
 * release) the session is, or supplies the publishable key.
 */
export function gatherInputs(source: CheckoutSource, signal: AbortSignal): CheckoutInputs {
  const secretSources = [
    source.clientSecret && 'client-secret',
    source.sessionEndpoint && 'session-endpoint',
    source.fetchClientSecret && 'fetchClientSecret',
  ].filter(Boolean);
  if (secretSources.length === 0) {
    throw new CheckoutError(
      'missing_client_secret',
      '<stripe-checkout> needs client-secret="cs_…", session-endpoint="/sessions" or the fetchClientSecret property.',
      false,
    );
  }
  if (secretSources.length > 1) {
    throw new CheckoutError(
      'conflicting_client_secret',
      `Set only one of client-secret, session-endpoint, fetchClientSecret (found ${secretSources.join(' and ')}).`,
      false,
    );
  }
  const { stripe: stripeInput, publishableKey, locale } = source;
  if (!stripeInput && publishableKey) assertPublishableKey(publishableKey);
  if (!stripeInput && !publishableKey && !source.sessionEndpoint) {
    throw new CheckoutError(
      'missing_publishable_key',
      '<stripe-checkout> needs publishable-key="pk_…" (or the stripe property) to load Stripe.js.',
      false,
    );
  }

  // Which Stripe.js release and initialiser: the one the page declares, else the one the session endpoint names.
  const declared = source.uiMode ?? (source.sessionEndpoint ? undefined : 'elements');
  const answer = obtainSecret(source, signal);
  const generation = answer.then((found) => uiModeOf(found, declared));
  const secret = answer.then(async (found) => {
    await generation;
    return assertCheckoutSecret(found.clientSecret);
  });
  for (const pending of [generation, secret]) pending.catch(() => undefined);
  const stripe = stripeInput
    ? resolveStripeInput(stripeInput)
    : publishableKey && declared
      ? loadStripeOnce(declared, publishableKey, locale)
      : answer.then(async (found) => {
          const key = publishableKey ?? found.publishableKey;
          if (!key) {
            throw new CheckoutError(
              'missing_publishable_key',
              'Set publishable-key="pk_…": the session endpoint did not return one.',
              false,
            );
          }
          return loadStripeOnce(await generation, assertPublishableKey(key), locale);
        });
  const ready = (async () => {
    try {
      return { stripe: await stripe, uiMode: declared ?? (await generation) };
    } catch (error) {
      await secret; // a bad secret explains more than a failed script load
      throw error;
    }
  })();
  return { answer, secret, ready };
}

function obtainSecret(source: CheckoutSource, signal: AbortSignal): Promise<SessionEndpointAnswer> {
  const { clientSecret, fetchClientSecret, collects } = source;
  if (clientSecret) return Promise.resolve({ clientSecret, collects });
  if (fetchClientSecret) {
    return Promise.resolve()
      .then(() => fetchClientSecret())
      .then(
        (found) => ({ clientSecret: found, collects }),
        (error: unknown) => {
          throw new CheckoutError(
            'session_endpoint_failed',
            `fetchClientSecret() failed: ${messageOf(error)}`,
            true,
            ['loadFailed', { reason: messageOf(error) }],
          );
        },
      );
  }
  return requestSession({
    endpoint: source.sessionEndpoint as string,
    items: source.items,
    email: source.email,
    idempotencyKey: source.idempotencyKey,
    signal,
  });
}

/** The session's generation: what the session endpoint answered, which must agree with what the page declared. */
function uiModeOf(answer: SessionEndpointAnswer, declared: UiMode | undefined): UiMode {
  const answered = answer.uiMode === undefined ? undefined : choose('uiMode', answer.uiMode);
  if (declared && answered && answered !== declared) {
    throw new CheckoutError(
      'ui_mode_mismatch',
      `The session endpoint created a ui_mode "${answered}" session, but ui-mode="${declared}" is set: remove the attribute or make them agree.`,
      false,
    );
  }
  return answered ?? declared ?? 'elements';
}
