import type { CompanionErrorBody } from '@checkout-element/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import {
  type CheckoutStatusSession,
  type CheckoutStatusState,
  checkoutEvent,
} from '../events/checkout-events.js';
import { LocaleController } from '../controllers/locale-controller.js';
import type { Messages } from '../i18n/en.js';
import { enStatus } from '../i18n/en-status.js';
import { formatList, formatMoney } from '../i18n/format.js';
import type { BuyerText } from '../internal/checkout-error.js';
import { isRetryable } from '../internal/retryable.js';
import { stripeCheckoutStatusStyles } from './stripe-checkout-status.styles.js';

function stateOf(session: CheckoutStatusSession): CheckoutStatusState {
  if (session.status === 'expired') return 'expired';
  if (session.status === 'open') return 'not-completed';
  return session.paymentStatus === 'unpaid' ? 'processing' : 'succeeded';
}

type StatusKey = keyof typeof enStatus;

/** The headline for a known state: what happened, in the words of the session's mode. */
function headline(
  state: CheckoutStatusState,
  session: CheckoutStatusSession | null,
  locale: LocaleController<StatusKey>,
) {
  const { t, tag } = locale;
  if (state === 'succeeded' && session?.mode === 'setup') return t('statusSaved');
  if (state === 'succeeded' && session?.mode === 'subscription') {
    const names = session.lineItems.flatMap((item) => (item.description ? [item.description] : []));
    return names.length > 0
      ? t('statusSubscribed', { items: formatList(tag, names) })
      : t('statusSubscribedPlain');
  }
  const keys: Record<CheckoutStatusState, StatusKey | null> = {
    loading: 'statusLoading',
    succeeded: 'statusPaid',
    processing: 'statusProcessing',
    'not-completed': 'statusNotCompleted',
    expired: 'statusExpired',
    error: null,
  };
  const key = keys[state];
  return key ? t(key) : '';
}

function formatAmount(locale: string, amount: number | null, currency: string | null): string {
  if (amount === null || !currency) return '';
  try {
    return formatMoney(locale, amount, currency);
  } catch {
    return '';
  }
}

/**
 * The return page's answer to "did it work?". A script tag loads it from `dist/stripe-checkout-status.js` (its own
 * file: the checkout's `dist/stripe-checkout.js` does not carry it), a bundler from `@checkout-element/element/status`.
 *
 * @tagname stripe-checkout-status
 * @summary Shows whether a Checkout Session succeeded, is processing, was not completed, or expired.
 *
 * @slot succeeded - Replaces the default "Payment successful" content (for a setup-mode session: "card saved"; for a
 *   subscription: which subscription started).
 * @slot processing - Replaces the default "Payment processing" content (delayed payment methods).
 * @slot not-completed - Replaces the default "not completed" content (with its link back).
 * @slot expired - Replaces the default "session expired" content.
 * @slot error - Replaces the default content shown when the status cannot be loaded.
 *
 * @event {CustomEvent<CheckoutStatusDetail>} checkout-status - The status is known (or failed to load). `detail: { state, session }`.
 *
 * @csspart message - The headline message.
 * @csspart details - The email / amount line.
 * @csspart return-link - The link back to the checkout.
 *
 * @cssproperty --checkout-color-primary - Link colour.
 * @cssproperty --checkout-color-text - Text colour.
 * @cssproperty --checkout-color-danger - Colour of the expired / error headline.
 * @cssproperty --checkout-font-family - Font family.
 */
export class StripeCheckoutStatus extends LitElement {
  static override styles = stripeCheckoutStatusStyles;
  static override properties = {
    sessionId: { attribute: 'session-id' },
    statusEndpoint: { attribute: 'status-endpoint' },
    returnHref: { attribute: 'return-href' },
    locale: {},
    messages: { attribute: false },
  };

  /** The Checkout Session id; defaults to the page URL's `session_id` parameter. */
  sessionId?: string;
  /** Base URL of the companion server's `GET /sessions/:id`. */
  statusEndpoint?: string;
  /** Where "not completed" links back to. */
  returnHref = '/';
  /** The buyer's language: a BCP 47 tag or `auto` (the page's `<html lang>`, then the browser's language). */
  locale = 'auto';
  /** Strings to use instead of the catalog's, by key (README "Languages"). */
  messages?: Messages;

  // Internal state is not a reactive property (it would be listed as an attribute): #show asks for the render.
  #state: CheckoutStatusState = 'loading';
  #session: CheckoutStatusSession | null = null;
  /** Why the status is unknown: a catalog text for the buyer, or an integration error (English, for the developer). */
  #problem: BuyerText<StatusKey> | string = '';
  #retry = false;
  #request: AbortController | null = null;
  readonly #locale = new LocaleController(this, enStatus);

  /** `loading | succeeded | processing | not-completed | expired | error`. */
  get state(): CheckoutStatusState {
    return this.#state;
  }

  /** The companion server's answer, once loaded. */
  get session(): CheckoutStatusSession | null {
    return this.#session;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('state', this.#state);
    void this.updateComplete.then(() => {
      if (this.isConnected && !this.#request) void this.refresh();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    this.#request = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.#request && (changed.has('sessionId') || changed.has('statusEndpoint'))) void this.refresh();
  }

  /** Asks the status endpoint again. */
  async refresh(): Promise<void> {
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    this.#show('loading', null, '', false);
    const sessionId = this.sessionId || new URLSearchParams(location.search).get('session_id') || '';
    if (!this.statusEndpoint) {
      return this.#show('error', null, 'Set status-endpoint to your server’s /sessions URL.');
    }
    if (!/^cs_(test|live)_\w+$/.test(sessionId)) {
      return this.#show(
        'error',
        null,
        'No checkout session id: the return URL needs ?session_id={CHECKOUT_SESSION_ID} (or set session-id).',
      );
    }
    let status: number | undefined;
    try {
      const response = await fetch(
        `${this.statusEndpoint.replace(/\/$/, '')}/${encodeURIComponent(sessionId)}`,
        {
          headers: { Accept: 'application/json' },
          signal: request.signal,
        },
      );
      if (!response.ok) {
        status = response.status;
        const body = (await response.json().catch(() => null)) as CompanionErrorBody | null;
        const retryable = isRetryable(response.status, body?.error?.retryable);
        const reason = `the status endpoint answered ${response.status}${body?.error?.message ? ` (${body.error.message})` : ''}`;
        // The buyer reads the status code; the server's words are for the site owner.
        (retryable ? console.warn : console.error)(`<stripe-checkout-status>: ${reason}.`);
        throw new Error(reason, { cause: retryable });
      }
      const session = (await response.json()) as CheckoutStatusSession;
      // The answer is shown in the buyer's language: its catalog first (a few hundred bytes, fetched in parallel).
      await this.#locale.ready;
      if (this.#request !== request) return;
      this.#show(stateOf(session), session, '');
    } catch (error) {
      await this.#locale.ready;
      if (this.#request !== request) return;
      const final = error instanceof Error && error.cause === false;
      this.#retry = !final;
      this.#show('error', null, status ? ['statusFailedCode', { status }] : ['statusFailed']);
    }
  }

  #show(
    state: CheckoutStatusState,
    session: CheckoutStatusSession | null,
    problem: BuyerText<StatusKey> | string,
    announce = true,
  ) {
    this.#state = state;
    this.#session = session;
    this.#problem = problem;
    this.setAttribute('state', state);
    this.requestUpdate();
    if (announce) this.dispatchEvent(checkoutEvent('checkout-status', { state, session }));
  }

  protected override render() {
    const state = this.#state;
    const session = this.#session;
    const { t, tag } = this.#locale;
    const problem = this.#problem;
    const amount = session ? formatAmount(tag, session.amountTotal, session.currency) : '';
    const email = session?.customerEmail;
    const goBack = state === 'not-completed' || state === 'expired';
    // Nothing was charged in setup mode: no total, no receipt.
    const details = (state === 'succeeded' || state === 'processing') && session?.mode !== 'setup';
    const message =
      state !== 'error'
        ? headline(state, session, this.#locale)
        : typeof problem === 'string'
          ? problem
          : `${t(...problem)}${this.#retry ? ` ${t('refreshToRetry')}` : ''}`;
    const content = html`<p part="message">${message}</p>
      ${state === 'processing' ? html`<p>${t('statusEmailLater')}</p>` : nothing}
      ${
        details && (amount || email)
          ? html`<p part="details">${amount ? t('statusTotal', { amount }) : ''}${amount && email ? ' ' : ''}${email ? t('statusReceipt', { email }) : ''}</p>`
          : nothing
      }
      ${goBack ? html`<a part="return-link" href=${this.returnHref}>${t('returnToCheckout')}</a>` : nothing}`;
    return html`<div role=${state === 'error' ? 'alert' : 'status'}>
      ${state === 'loading' ? content : html`<slot name=${state}>${content}</slot>`}
    </div>`;
  }
}
