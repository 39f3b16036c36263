import type {
  Appearance,
  StripeCheckoutConfirmResult,
  StripeCheckoutElementsSdk,
  StripeCheckoutLineItem,
  StripeCheckoutLoadActionsSuccess,
  StripeCheckoutSession,
  StripeExpressCheckoutElementConfirmEvent,
} from '@stripe/stripe-js';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { type CheckoutErrorDetail, type CheckoutState, checkoutEvent } from '../events/checkout-events.js';
import { type CheckoutTheme, appearanceFor, sameAppearance } from '../internal/appearance.js';
import { asCheckoutError, CheckoutError } from '../internal/checkout-error.js';
import { LightDomMounts } from '../internal/light-dom-mounts.js';
import { assertCheckoutSecret, assertPublishableKey } from '../internal/secrets.js';
import {
  type CheckoutItem,
  requestSession,
  type SessionEndpointAnswer,
} from '../internal/session-endpoint.js';
import {
  initCheckoutSdk,
  loadStripeOnce,
  resolveStripeInput,
  type StripeInput,
} from '../internal/stripe-loader.js';
import { orderSummary, shippingOptions } from './order-summary.js';
import { completeMessage, needsBillingAddress, needsShippingAddress, payLabel } from './session-facts.js';
import { stripeCheckoutStyles } from './stripe-checkout.styles.js';

/** Everything one initialisation owns; dropped as a whole on teardown so nothing leaks into the next one. */
interface CheckoutRun {
  readonly abort: AbortController;
  readonly mounts: LightDomMounts;
  readonly elements: Array<{ destroy(): void }>;
  sdk?: StripeCheckoutElementsSdk;
  actions?: StripeCheckoutLoadActionsSuccess;
  settled?: Promise<void>;
}

/** The part of every Stripe element this component uses (their typings differ only in event payloads). */
interface MountableElement {
  mount(node: HTMLElement): void;
  destroy(): void;
  on(event: 'ready' | 'loaderror', handler: () => void): unknown;
}

type ConfirmExtras = { expressCheckoutConfirmEvent?: StripeExpressCheckoutElementConfirmEvent };

/** Changing one of these re-initialises against the same checkout attempt. */
const REINIT_PROPERTIES = [
  'publishableKey',
  'clientSecret',
  'sessionEndpoint',
  'fetchClientSecret',
  'stripe',
  'locale',
  'layout',
] as const;
/** Changing one of these means the buyer wants a different session: a new idempotency key. */
const NEW_SESSION_PROPERTIES = ['price', 'quantity', 'items', 'email'] as const;

/** Attributes with a fixed set of values: a typo falls back to the default (first) value with a warning. */
const CHOICES = {
  theme: ['stripe', 'night', 'flat'],
  redirect: ['if_required', 'always'],
  loading: ['eager', 'lazy'],
  layout: ['tabs', 'accordion'],
} as const;
type Choice = keyof typeof CHOICES;

let instanceCount = 0;

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * An embeddable checkout for a Stripe Checkout Session (`ui_mode: 'elements'`).
 *
 * @tagname stripe-checkout
 * @summary Renders a complete Stripe checkout (express checkout, contact, addresses, payment, order summary, pay button).
 *
 * @slot complete - Replaces the default message shown once the session is complete.
 *
 * @event checkout-ready - The checkout is interactive. `detail: { session }`.
 * @event checkout-change - The live session changed. `detail: { session }`.
 * @event checkout-complete - The session is complete (paid, processing, or card saved). `detail: { session }`.
 * @event checkout-error - Something failed. `detail: { code, message, recoverable }`.
 * @event checkout-expired - The session expired. `detail: { session }`.
 *
 * @csspart skeleton - The placeholder shown while loading.
 * @csspart email - The email field (only when the session has no email yet).
 * @csspart shipping-options - The shipping method radio group.
 * @csspart summary - The order summary.
 * @csspart line-item - One line item of the summary.
 * @csspart line-item-image - A line item's image.
 * @csspart quantity - A line item's quantity input (adjustable quantities only).
 * @csspart promotion-code - The promotion code input and buttons.
 * @csspart discount - A discount row.
 * @csspart total - The total row.
 * @csspart error - The error region (live, focused when it shows).
 * @csspart pay-button - The pay / subscribe / save button.
 * @csspart retry-button - Shown with recoverable errors, and as "Start a new session" when expired.
 * @csspart complete - The completed-state container.
 *
 * @cssproperty --checkout-color-primary - Accent colour (pay button, focus ring, Stripe `colorPrimary`).
 * @cssproperty --checkout-color-background - Background colour (Stripe `colorBackground`).
 * @cssproperty --checkout-color-text - Text colour (Stripe `colorText`).
 * @cssproperty --checkout-color-danger - Error colour (Stripe `colorDanger`).
 * @cssproperty --checkout-font-family - Font family (Stripe `fontFamily`).
 * @cssproperty --checkout-border-radius - Corner radius (Stripe `borderRadius`).
 * @cssproperty --checkout-spacing-unit - Base spacing (Stripe `spacingUnit`).
 * @cssproperty --checkout-skeleton-height - Height reserved while loading; set it to your final height for zero layout shift.
 */
export class StripeCheckout extends LitElement {
  static override styles = stripeCheckoutStyles;
  // Static declarations rather than decorators: smaller output and no decorator transform needed.
  static override properties = {
    publishableKey: { attribute: 'publishable-key' },
    clientSecret: { attribute: 'client-secret' },
    sessionEndpoint: { attribute: 'session-endpoint' },
    fetchClientSecret: { attribute: false },
    stripe: { attribute: false },
    price: {},
    quantity: { type: Number },
    items: { attribute: false },
    email: {},
    locale: {},
    theme: { reflect: true },
    appearance: { attribute: false },
    redirect: {},
    returnUrl: { attribute: 'return-url' },
    loading: {},
    layout: {},
    promotionCodes: { attribute: 'promotion-codes', type: Boolean },
    currentState: { state: true },
    currentSession: { state: true },
    failure: { state: true },
    paymentError: { state: true },
    promotionError: { state: true },
    emailError: { state: true },
    collectEmail: { state: true },
    busy: { state: true },
  };

  /** Publishable key (`pk_test_…`/`pk_live_…`). Optional when `stripe` is set or the session endpoint returns one. */
  publishableKey?: string;
  /** A Checkout Session client secret (`cs_…_secret_…`). */
  clientSecret?: string;
  /** The companion server's `POST /sessions` URL. */
  sessionEndpoint?: string;
  /** A function returning the client secret. */
  fetchClientSecret?: () => Promise<string>;
  /** An existing Stripe.js instance or a promise of one. */
  stripe: StripeInput = null;
  /** Price id sent to the session endpoint. */
  price?: string;
  /** Quantity of `price`. */
  quantity = 1;
  /** Items sent to the session endpoint; wins over `price`/`quantity`. */
  items?: CheckoutItem[];
  /** Customer email sent to the session endpoint. */
  email?: string;
  /** Stripe.js locale (`auto`, `en`, `fr`, …). */
  locale?: string;
  /** Stripe Appearance theme. */
  theme: CheckoutTheme = 'stripe';
  /** Stripe Appearance options, merged over the CSS custom properties. */
  appearance?: Appearance;
  /** `if_required` finishes card payments inline; `always` redirects to the return URL. */
  redirect: 'if_required' | 'always' = 'if_required';
  /** Optional return URL for redirects (the session's `return_url` otherwise). */
  returnUrl?: string;
  /** `lazy` initialises when the element nears the viewport. */
  loading: 'eager' | 'lazy' = 'eager';
  /** Payment Element layout. */
  layout: 'tabs' | 'accordion' = 'tabs';
  /** Shows the promotion-code field (Stripe.js does not expose `allow_promotion_codes`; set it when you enabled it). */
  promotionCodes = false;

  private currentState: CheckoutState = 'idle';
  private currentSession: StripeCheckoutSession | null = null;
  private failure: CheckoutError | null = null;
  private paymentError: string | null = null;
  private promotionError: string | null = null;
  private emailError: string | null = null;
  private collectEmail = false;
  private busy = false;

  readonly #internals: ElementInternals | null;
  readonly #instanceId = `stripe-checkout-${++instanceCount}`;
  #run: CheckoutRun | null = null;
  #started = false;
  #idempotencyKey: string | null = null;
  #lastAppearance: Appearance | undefined;
  #focusErrorAfterRender = false;
  #visibilityObserver: IntersectionObserver | null = null;
  #styleObserver: MutationObserver | null = null;

  constructor() {
    super();
    this.#internals = typeof this.attachInternals === 'function' ? this.attachInternals() : null;
  }

  /** Where the checkout is: `idle | loading | ready | confirming | complete | error | expired`. */
  get state(): CheckoutState {
    return this.currentState;
  }

  /** The live Checkout Session as Stripe.js reports it, or `null` before it loads. */
  get session(): StripeCheckoutSession | null {
    return this.currentSession;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#styleObserver = new MutationObserver(() => this.refreshAppearance());
    for (const target of [this, document.documentElement]) {
      this.#styleObserver.observe(target, { attributes: true, attributeFilter: ['style', 'class'] });
    }
    if (this.#option('loading') === 'lazy' && typeof IntersectionObserver === 'function') {
      this.#visibilityObserver = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          this.#visibilityObserver?.disconnect();
          this.#visibilityObserver = null;
          this.#start();
        },
        { rootMargin: '200px' },
      );
      this.#visibilityObserver.observe(this);
      return;
    }
    // Stripe.js starts downloading now; the checkout itself starts after the first render so that properties set
    // right after insertion are seen and the slots exist (loadStripeOnce hands it the same promise).
    if (this.publishableKey && !this.stripe) loadStripeOnce(this.publishableKey, this.locale).catch(() => {});
    void this.updateComplete.then(() => {
      if (this.isConnected && !this.#started) this.#start();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#visibilityObserver?.disconnect();
    this.#visibilityObserver = null;
    this.#styleObserver?.disconnect();
    this.#styleObserver = null;
    this.#teardown();
    this.#started = false;
    this.#setState('idle');
  }

  /** Tears everything down and initialises again with the same checkout attempt (no second session). */
  reload(): Promise<void> {
    if (!this.isConnected) return Promise.resolve();
    this.#start();
    return this.#run?.settled ?? Promise.resolve();
  }

  /** Confirms the payment; a no-op unless the checkout is ready (a double click confirms once). */
  confirm(): Promise<void> {
    return this.#confirmWith({});
  }

  /** Re-reads the `--checkout-*` custom properties and pushes them to Stripe's iframes. */
  refreshAppearance(): void {
    const sdk = this.#run?.sdk;
    if (!sdk || !this.isConnected) return;
    const next = appearanceFor(this, this.#option('theme'), this.appearance);
    if (sameAppearance(this.#lastAppearance, next)) return;
    this.#lastAppearance = next;
    sdk.changeAppearance(next);
  }

  // Re-initialising here (not in updated) folds the state change into the same render.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.#started) return;
    const newSession = NEW_SESSION_PROPERTIES.some((name) => changed.has(name));
    if (!newSession && !REINIT_PROPERTIES.some((name) => changed.has(name))) return;
    if (newSession) this.#idempotencyKey = null;
    this.#start();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('theme') || changed.has('appearance')) this.refreshAppearance();
    if (this.#focusErrorAfterRender) {
      this.#focusErrorAfterRender = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="error"]')?.focus();
    }
  }

  #option<K extends Choice>(name: K): (typeof CHOICES)[K][number] {
    const allowed: readonly string[] = CHOICES[name];
    const value = this[name] as string;
    if (allowed.includes(value)) return value as (typeof CHOICES)[K][number];
    console.warn(
      `<stripe-checkout>: ${name}="${value}" is not one of ${allowed.join(', ')}; using "${allowed[0]}".`,
    );
    return CHOICES[name][0];
  }

  #setState(next: CheckoutState): void {
    const states = this.#internals?.states;
    if (states) {
      try {
        states.delete(this.currentState);
        states.add(next);
      } catch {
        // Chromium before 125 only accepted dashed names (`:--ready`); others still get the attribute.
        try {
          states.delete(`--${this.currentState}`);
          states.add(`--${next}`);
        } catch {}
      }
    }
    this.currentState = next;
    this.setAttribute('state', next);
  }

  #start(): void {
    this.#teardown();
    this.#started = true;
    this.failure = null;
    this.paymentError = null;
    this.promotionError = null;
    this.emailError = null;
    this.currentSession = null;
    this.#setState('loading');
    const run: CheckoutRun = {
      abort: new AbortController(),
      mounts: new LightDomMounts(this, this.#instanceId),
      elements: [],
    };
    this.#run = run;
    run.settled = this.#initialise(run).catch((error: unknown) => {
      if (this.#run === run) this.#fail(asCheckoutError(error, 'session_load_failed'));
    });
  }

  #teardown(): void {
    const run = this.#run;
    this.#run = null;
    this.#lastAppearance = undefined;
    if (!run) return;
    run.abort.abort();
    for (const element of run.elements.splice(0)) {
      try {
        element.destroy();
      } catch {
        // Already destroyed by Stripe.js; nothing left to release.
      }
    }
    run.mounts.removeAll();
  }

  #secretSources(): string[] {
    const sources: string[] = [];
    if (this.clientSecret) sources.push('client-secret');
    if (this.sessionEndpoint) sources.push('session-endpoint');
    if (this.fetchClientSecret) sources.push('fetchClientSecret');
    return sources;
  }

  #checkoutItems(): CheckoutItem[] {
    if (this.items && this.items.length > 0) return this.items;
    return this.price ? [{ price: this.price, quantity: this.quantity || 1 }] : [];
  }

  #obtainSecret(signal: AbortSignal): Promise<SessionEndpointAnswer> {
    if (this.clientSecret) return Promise.resolve({ clientSecret: this.clientSecret });
    const fetchClientSecret = this.fetchClientSecret;
    if (fetchClientSecret) {
      return Promise.resolve()
        .then(() => fetchClientSecret())
        .then(
          (clientSecret) => ({ clientSecret }),
          (error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            throw new CheckoutError('session_endpoint_failed', `fetchClientSecret() failed: ${reason}`, true);
          },
        );
    }
    this.#idempotencyKey ??= newIdempotencyKey();
    return requestSession({
      endpoint: this.sessionEndpoint as string,
      items: this.#checkoutItems(),
      email: this.email,
      idempotencyKey: this.#idempotencyKey,
      signal,
    });
  }

  async #initialise(run: CheckoutRun): Promise<void> {
    const sources = this.#secretSources();
    if (sources.length === 0) {
      throw new CheckoutError(
        'missing_client_secret',
        '<stripe-checkout> needs a client secret: set client-secret="cs_…_secret_…", session-endpoint="/sessions", or the fetchClientSecret property.',
        false,
      );
    }
    if (sources.length > 1) {
      throw new CheckoutError(
        'conflicting_client_secret',
        `Set only one of client-secret, session-endpoint and fetchClientSecret (found ${sources.join(' and ')}).`,
        false,
      );
    }
    const stripeInput = this.stripe;
    const publishableKey = this.publishableKey;
    if (!stripeInput && publishableKey) assertPublishableKey(publishableKey);
    if (!stripeInput && !publishableKey && !this.sessionEndpoint) {
      throw new CheckoutError(
        'missing_publishable_key',
        '<stripe-checkout> needs publishable-key="pk_…" (or the stripe property) to load Stripe.js.',
        false,
      );
    }

    // The secret and Stripe.js are fetched in parallel; the SDK receives the secret as a promise.
    const answer = this.#obtainSecret(run.abort.signal);
    const secret = answer.then((found) => assertCheckoutSecret(found.clientSecret));
    secret.catch(() => undefined);
    const stripePromise = stripeInput
      ? resolveStripeInput(stripeInput)
      : publishableKey
        ? loadStripeOnce(publishableKey, this.locale)
        : answer.then((found) => {
            if (!found.publishableKey) {
              throw new CheckoutError(
                'missing_publishable_key',
                'The session endpoint did not return a publishableKey; set publishable-key="pk_…" on <stripe-checkout>.',
                false,
              );
            }
            return loadStripeOnce(assertPublishableKey(found.publishableKey), this.locale);
          });

    let stripe: Awaited<typeof stripePromise>;
    try {
      stripe = await stripePromise;
    } catch (error) {
      await secret; // a bad secret explains more than a failed script load
      throw error;
    }
    if (this.#run !== run) return;

    this.#lastAppearance = appearanceFor(this, this.#option('theme'), this.appearance);
    const sdk = initCheckoutSdk(stripe, secret, this.#lastAppearance);
    run.sdk = sdk;
    sdk.on('change', (session) => {
      if (this.#run === run) this.#onSessionChange(session);
    });
    // Mounted before loadActions() resolves, as Stripe's docs do: the iframe loads during that round trip.
    const ready = [
      this.#mount(
        run,
        sdk.createPaymentElement({ layout: this.#option('layout') }),
        run.mounts.create('stripe-payment'),
      ),
    ];
    const [loaded, checkedSecret] = await Promise.allSettled([sdk.loadActions(), secret]);
    if (this.#run !== run) return;
    if (checkedSecret.status === 'rejected') throw checkedSecret.reason;
    const failure =
      loaded.status === 'rejected'
        ? loaded.reason instanceof Error
          ? loaded.reason.message
          : String(loaded.reason)
        : loaded.value.type === 'error'
          ? loaded.value.error.message
          : null;
    if (failure !== null || loaded.status !== 'fulfilled' || loaded.value.type !== 'success') {
      if (failure && /expired/i.test(failure)) return this.#expire(null);
      // A key Stripe does not know will not start working on retry.
      if (failure && /api key/i.test(failure))
        throw new CheckoutError('invalid_publishable_key', failure, false);
      throw new CheckoutError('session_load_failed', `Checkout could not be loaded: ${failure}`, true);
    }
    const actions = loaded.value.actions;
    run.actions = actions;
    const session = actions.getSession();
    this.currentSession = session;
    if (session.status.type === 'expired') return this.#expire(session);
    if (session.status.type === 'complete') return this.#finish(session);
    this.collectEmail = !session.email;
    if (needsShippingAddress(session))
      ready.push(this.#mount(run, sdk.createShippingAddressElement(), run.mounts.create('stripe-shipping')));
    if (needsBillingAddress(session))
      ready.push(this.#mount(run, sdk.createBillingAddressElement(), run.mounts.create('stripe-billing')));
    // Its place (Stripe's default button height) is reserved now so that it appears later without moving anything.
    const expressMount = 'createExpressCheckoutElement' in sdk ? run.mounts.create('stripe-express') : null;
    if (expressMount) expressMount.style.minHeight = '44px';
    // The skeleton stays until Stripe's iframes are ready and sized, so the form appears once, at its height.
    await Promise.race([Promise.all(ready), new Promise((resolve) => setTimeout(resolve, 8000))]);
    await this.#settled();
    if (this.#run !== run || this.currentState !== 'loading') return;
    this.#setState('ready');
    this.dispatchEvent(checkoutEvent('checkout-ready', { session: this.currentSession ?? session }));
    // Off the critical path: a second iframe loading alongside would delay the Payment Element.
    if (expressMount) {
      const express = sdk.createExpressCheckoutElement();
      express.on('confirm', (event) => {
        void this.#confirmWith({ expressCheckoutConfirmEvent: event });
      });
      void this.#mount(run, express, expressMount).then(() => {
        expressMount.style.minHeight = '';
      });
    }
    this.#expireAt(run, (await answer).expiresAt);
  }

  /** Waits (a quarter second at most) until the hidden form's height holds still: iframes report their size after `ready`. */
  async #settled(): Promise<void> {
    const form = this.renderRoot.querySelector<HTMLElement>('.form');
    let height = -1;
    for (let frames = 0; frames < 12; frames++) {
      // A timer, not requestAnimationFrame: a background tab (no frames) must not hold the checkout in `loading`.
      await new Promise((resolve) => setTimeout(resolve, 16));
      if (form?.offsetHeight === height && frames > 1) return;
      height = form?.offsetHeight ?? 0;
    }
  }

  /** Stripe.js does not announce expiry by itself; the session endpoint's `expiresAt` lets the page know in time. */
  #expireAt(run: CheckoutRun, expiresAt: number | undefined): void {
    if (!expiresAt) return;
    const timer = setTimeout(
      () => {
        if (this.#run === run && this.currentState === 'ready') this.#expire(this.currentSession);
      },
      Math.min(Math.max(0, expiresAt * 1000 - Date.now()), 2 ** 31 - 1),
    );
    run.abort.signal.addEventListener('abort', () => clearTimeout(timer));
  }

  /** Mounts one Stripe element into a light-DOM node; resolves when it reported `ready` (or `loaderror`). */
  #mount(run: CheckoutRun, element: MountableElement, node: HTMLElement): Promise<void> {
    run.elements.push(element);
    const ready = new Promise<void>((resolve) => {
      element.on('ready', resolve);
      element.on('loaderror', resolve);
    });
    element.mount(node);
    return ready;
  }

  #onSessionChange(session: StripeCheckoutSession): void {
    this.currentSession = session;
    this.dispatchEvent(checkoutEvent('checkout-change', { session }));
    if (session.status.type === 'expired') this.#expire(session);
    else if (session.status.type === 'complete' && this.currentState === 'ready') this.#finish(session);
  }

  async #confirmWith(extras: ConfirmExtras): Promise<void> {
    const run = this.#run;
    const actions = run?.actions;
    if (!run || !actions || this.currentState !== 'ready') {
      extras.expressCheckoutConfirmEvent?.paymentFailed();
      return;
    }
    this.#setState('confirming');
    this.paymentError = null;
    let result: StripeCheckoutConfirmResult;
    try {
      result = await actions.confirm({
        redirect: this.#option('redirect'),
        ...(this.returnUrl ? { returnUrl: this.returnUrl } : {}),
        ...extras,
      });
    } catch (error) {
      result = {
        type: 'error',
        error: { message: error instanceof Error ? error.message : String(error), code: null },
      };
    }
    if (this.#run !== run) return;
    if (result.type === 'success') {
      this.currentSession = result.session;
      if (result.session.status.type === 'complete') this.#finish(result.session);
      else this.#setState('ready');
      return;
    }
    const session = actions.getSession();
    const { message } = result.error;
    const declined = result.error.code === 'paymentFailed';
    // "Your card has expired." is a decline, not an expired session.
    if (session.status.type === 'expired' || (!declined && /expired/i.test(message)))
      return this.#expire(session);
    this.currentSession = session;
    const declineCode = result.error.code === 'paymentFailed' ? result.error.paymentFailed.declineCode : null;
    const code = /authenticat/i.test(message)
      ? 'authentication_failed'
      : declined
        ? (declineCode ?? 'card_declined')
        : 'confirm_failed';
    // The form stays: the buyer can fix the field or try another card.
    this.#setState('ready');
    this.#showPaymentError({ code, message, recoverable: true });
  }

  #showPaymentError(detail: CheckoutErrorDetail): void {
    this.paymentError = detail.message;
    this.#focusErrorAfterRender = true;
    this.dispatchEvent(checkoutEvent('checkout-error', detail));
  }

  #finish(session: StripeCheckoutSession): void {
    this.#teardown();
    this.currentSession = session;
    this.#setState('complete');
    this.dispatchEvent(checkoutEvent('checkout-complete', { session }));
  }

  #expire(session: StripeCheckoutSession | null): void {
    this.#teardown();
    this.currentSession = session;
    this.#setState('expired');
    this.#focusErrorAfterRender = true;
    this.dispatchEvent(checkoutEvent('checkout-expired', { session }));
  }

  #fail(error: CheckoutError): void {
    this.#teardown();
    this.failure = error;
    this.#setState('error');
    this.#focusErrorAfterRender = true;
    this.dispatchEvent(checkoutEvent('checkout-error', error.detail));
  }

  #startNewSession(): void {
    this.#idempotencyKey = null;
    this.#start();
  }

  /** Runs one buyer update (quantity, code, shipping, email) and shows its error where it belongs. */
  async #applyBuyerUpdate(
    call: (
      actions: StripeCheckoutLoadActionsSuccess,
    ) => Promise<
      { type: 'success'; session: StripeCheckoutSession } | { type: 'error'; error: { message: string } }
    >,
    errorField: 'paymentError' | 'promotionError' | 'emailError',
  ): Promise<void> {
    const run = this.#run;
    const actions = run?.actions;
    if (!actions) return;
    this.busy = true;
    try {
      const result = await call(actions);
      if (this.#run !== run) return;
      if (result.type === 'success') this.currentSession = result.session;
      this[errorField] = result.type === 'error' ? result.error.message : null;
    } catch (error) {
      this[errorField] = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  #renderEmail() {
    const id = `${this.#instanceId}-email`;
    return html`<div class="field">
      <label for=${id}>Email</label>
      <input
        id=${id}
        part="email"
        type="email"
        autocomplete="email"
        required
        aria-describedby=${`${id}-error`}
        aria-invalid=${this.emailError ? 'true' : 'false'}
        @change=${(event: Event) => {
          const value = (event.target as HTMLInputElement).value.trim();
          void this.#applyBuyerUpdate((actions) => actions.updateEmail(value || null), 'emailError');
        }}
      />
      <p id=${`${id}-error`} class="field-error" role="alert">${this.emailError ?? ''}</p>
    </div>`;
  }

  #renderForm(session: StripeCheckoutSession | null) {
    const loading = this.currentState === 'loading';
    // While loading, the whole form (Stripe's iframes, email, summary) lays out transparent and inert under the
    // skeleton, so it appears once, at its final height. Not visibility:hidden: Chromium throttles hidden
    // cross-origin iframes, and Stripe's would only size themselves after the swap.
    const visible =
      loading || ((this.currentState === 'ready' || this.currentState === 'confirming') && session !== null);
    return html`<div class="form ${loading ? 'pending' : ''}" ?inert=${loading} ?hidden=${!visible}>
      <slot name="stripe-express"></slot>
      ${visible && session && this.collectEmail ? this.#renderEmail() : nothing}
      <slot name="stripe-shipping"></slot>
      ${
        visible && session
          ? shippingOptions(session, this.busy, `${this.#instanceId}-shipping`, (id) => {
              void this.#applyBuyerUpdate((actions) => actions.updateShippingOption(id), 'paymentError');
            })
          : nothing
      }
      <slot name="stripe-billing"></slot>
      <slot name="stripe-payment"></slot>
      ${
        visible && session
          ? orderSummary(session, {
              busy: this.busy,
              promotionCodes: this.promotionCodes,
              promotionError: this.promotionError,
              idPrefix: this.#instanceId,
              onQuantity: (item: StripeCheckoutLineItem, quantity: number) => {
                void this.#applyBuyerUpdate(
                  (actions) => actions.updateLineItemQuantity({ lineItem: item.id, quantity }),
                  'paymentError',
                );
              },
              onApplyCode: (code: string) => {
                void this.#applyBuyerUpdate((actions) => actions.applyPromotionCode(code), 'promotionError');
              },
              onRemoveCode: () => {
                void this.#applyBuyerUpdate((actions) => actions.removePromotionCode(), 'promotionError');
              },
            })
          : nothing
      }
    </div>`;
  }

  #renderActions(session: StripeCheckoutSession | null) {
    const state = this.currentState;
    const message =
      state === 'error'
        ? (this.failure?.message ?? '')
        : state === 'expired'
          ? `This checkout session has expired.${this.sessionEndpoint ? '' : ' Reload the page to start again.'}`
          : (this.paymentError ?? '');
    const payable = (state === 'ready' || state === 'confirming') && session !== null;
    return html`<div class="actions">
      <div part="error" role="alert" tabindex="-1">${message}</div>
      ${
        payable
          ? html`<button
            part="pay-button"
            type="button"
            ?disabled=${!session.canConfirm || state === 'confirming' || this.busy}
            aria-busy=${state === 'confirming' ? 'true' : 'false'}
            @click=${() => this.confirm()}
          >
            ${state === 'confirming' ? 'Processing…' : payLabel(session)}
          </button>`
          : nothing
      }
      ${
        state === 'error' && this.failure?.recoverable
          ? html`<button part="retry-button" type="button" @click=${() => this.reload()}>Try again</button>`
          : nothing
      }
      ${
        state === 'expired' && this.sessionEndpoint
          ? html`<button part="retry-button" type="button" @click=${() => this.#startNewSession()}>
            Start a new session
          </button>`
          : nothing
      }
    </div>`;
  }

  protected override render() {
    const state = this.currentState;
    const session = this.currentSession;
    return html`${
      state === 'idle' || state === 'loading'
        ? html`<div part="skeleton" class="skeleton" role="status" aria-label="Loading checkout">
            <span></span><span></span><span></span><span></span>
          </div>`
        : nothing
    }
      ${this.#renderForm(session)}
      ${
        state === 'complete'
          ? html`<div part="complete" role="status">
            <slot name="complete"><p>${completeMessage(session)}</p></slot>
          </div>`
          : this.#renderActions(session)
      }`;
  }
}
