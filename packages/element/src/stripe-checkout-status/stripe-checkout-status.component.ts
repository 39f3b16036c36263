import type { CompanionErrorBody } from '@checkout-element/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import {
  type CheckoutStatusSession,
  type CheckoutStatusState,
  checkoutEvent,
} from '../events/checkout-events.js';
import { isRetryable } from '../internal/retryable.js';
import { stripeCheckoutStatusStyles } from './stripe-checkout-status.styles.js';

function stateOf(session: CheckoutStatusSession): CheckoutStatusState {
  if (session.status === 'expired') return 'expired';
  if (session.status === 'open') return 'not-completed';
  return session.paymentStatus === 'unpaid' ? 'processing' : 'succeeded';
}

function formatAmount(amount: number | null, currency: string | null): string {
  if (amount === null || !currency) return '';
  try {
    const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits);
  } catch {
    return '';
  }
}

const HEADLINES: Record<CheckoutStatusState, string> = {
  loading: 'Checking your payment…',
  succeeded: 'Payment successful. Thank you!',
  processing: 'Your payment is processing.',
  'not-completed': 'Your payment was not completed.',
  expired: 'This checkout session expired.',
  error: '',
};

/**
 * The return page's answer to "did it work?".
 *
 * @tagname stripe-checkout-status
 * @summary Shows whether a Checkout Session succeeded, is processing, was not completed, or expired.
 *
 * @slot succeeded - Replaces the default "Payment successful" content.
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
  };

  /** The Checkout Session id; defaults to the page URL's `session_id` parameter. */
  sessionId?: string;
  /** Base URL of the companion server's `GET /sessions/:id`. */
  statusEndpoint?: string;
  /** Where "not completed" links back to. */
  returnHref = '/';

  // Internal state is not a reactive property (it would be listed as an attribute): #show asks for the render.
  #state: CheckoutStatusState = 'loading';
  #session: CheckoutStatusSession | null = null;
  #problem = '';
  #request: AbortController | null = null;

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
    try {
      const response = await fetch(
        `${this.statusEndpoint.replace(/\/$/, '')}/${encodeURIComponent(sessionId)}`,
        {
          headers: { Accept: 'application/json' },
          signal: request.signal,
        },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as CompanionErrorBody | null;
        const retryable = isRetryable(response.status, body?.error?.retryable);
        const reason = `the status endpoint answered ${response.status}${body?.error?.message ? ` (${body.error.message})` : ''}`;
        if (!retryable) console.error(`<stripe-checkout-status>: ${reason}.`);
        throw new Error(reason, { cause: retryable });
      }
      const session = (await response.json()) as CheckoutStatusSession;
      if (this.#request !== request) return;
      this.#show(stateOf(session), session, '');
    } catch (error) {
      if (this.#request !== request) return;
      const reason = error instanceof Error ? error.message : String(error);
      const final = error instanceof Error && error.cause === false;
      this.#show(
        'error',
        null,
        `We could not check your payment (${reason}).${final ? '' : ' Refresh the page to try again.'}`,
      );
    }
  }

  #show(state: CheckoutStatusState, session: CheckoutStatusSession | null, problem: string, announce = true) {
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
    const amount = session ? formatAmount(session.amountTotal, session.currency) : '';
    const email = session?.customerEmail;
    const goBack = state === 'not-completed' || state === 'expired';
    const content = html`<p part="message">${HEADLINES[state] || this.#problem}</p>
      ${state === 'processing' ? html`<p>We will email you when it is confirmed.</p>` : nothing}
      ${
        (state === 'succeeded' || state === 'processing') && (amount || email)
          ? html`<p part="details">${amount ? `Total ${amount}. ` : ''}${email ? `A receipt goes to ${email}.` : ''}</p>`
          : nothing
      }
      ${goBack ? html`<a part="return-link" href=${this.returnHref}>Return to checkout</a>` : nothing}`;
    return html`<div role=${state === 'error' ? 'alert' : 'status'}>
      ${state === 'loading' ? content : html`<slot name=${state}>${content}</slot>`}
    </div>`;
  }
}
