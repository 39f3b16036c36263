import type { Appearance, StripeCheckoutSession } from '@stripe/stripe-js';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { AppearanceController } from '../controllers/appearance-controller.js';
import { CustomStatesController } from '../controllers/custom-states-controller.js';
import { LazyStartController } from '../controllers/lazy-start-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { type CheckoutState, checkoutEvent } from '../events/checkout-events.js';
import { en, type Messages } from '../i18n/en.js';
import { appearanceFor } from '../internal/appearance.js';
import {
  type CheckoutLayout,
  type CheckoutLoading,
  type CheckoutPaymentLayout,
  type CheckoutRedirect,
  type CheckoutTheme,
  choose,
  collectsFrom,
  layoutOf,
  paymentLayoutOf,
  type UiMode,
} from '../internal/options.js';
import { type CheckoutFont, fontsFor } from '../internal/fonts.js';
import type { CheckoutItem, SessionCollects } from '../internal/session-endpoint.js';
import { preloadCurrentStripeJs, type StripeInput } from '../internal/stripe-loader.js';
import { CheckoutRun, type CheckoutView, IDLE_VIEW } from './checkout-run.js';
import {
  checkoutActions,
  checkoutComplete,
  checkoutForm,
  checkoutSkeleton,
  type TemplateContext,
} from './checkout-templates.js';
import { stripeCheckoutStyles } from './stripe-checkout.styles.js';

/** Changing one of these re-initialises against the same checkout attempt. */
const REINIT_PROPERTIES = [
  'publishableKey',
  'clientSecret',
  'sessionEndpoint',
  'fetchClientSecret',
  'stripe',
  'locale',
  'paymentLayout',
  'uiMode',
] as const;
/** Changing one of these means the buyer wants a different session: a new idempotency key. */
const NEW_SESSION_PROPERTIES = ['price', 'quantity', 'items', 'email'] as const;
const STARTED_WITH = [...REINIT_PROPERTIES, ...NEW_SESSION_PROPERTIES];

let instanceCount = 0;

function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts; an http:// page still has getRandomValues (the same 128 random
  // bits, in decimal: the companion accepts [A-Za-z0-9_:.-]{16,255}, which the prefix and 4 numbers always meet, at 16 characters or more).
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `checkout-${crypto.getRandomValues(new Uint32Array(4)).join('-')}`;
}

/**
 * An embeddable checkout for a Stripe Checkout Session (`ui_mode: 'elements'`, or `'custom'` with `ui-mode="custom"`).
 * A script tag loads it from `dist/stripe-checkout.js`, a bundler from `@checkout-element/element`.
 *
 * @tagname stripe-checkout
 * @summary Renders a complete Stripe checkout (express checkout, contact, addresses, payment, order summary, pay button).
 *
 * @slot complete - Replaces the default message shown once the session is complete.
 *
 * @event {CustomEvent<CheckoutSessionDetail>} checkout-ready - The checkout is interactive. `detail: { session }`.
 * @event {CustomEvent<CheckoutSessionDetail>} checkout-change - The live session changed. `detail: { session }`.
 * @event {CustomEvent<CheckoutSessionDetail>} checkout-complete - The session is complete (paid, processing, or card saved). `detail: { session }`.
 * @event {CustomEvent<CheckoutErrorDetail>} checkout-error - Something failed. `detail: { code, message, recoverable }`.
 * @event {CustomEvent<CheckoutExpiredDetail>} checkout-expired - The session expired. `detail: { session }`.
 *
 * @csspart skeleton - The placeholder shown while loading.
 * @csspart email - The email field (only when the session has no email yet).
 * @csspart shipping-options - The shipping method radio group.
 * @csspart summary - The order summary (beside the form in the two-column layout, collapsible above it when stacked).
 * @csspart summary-toggle - The button that expands the stacked summary (shows the total).
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
 * @csspart optional-items - The session's optional items not yet in the order (`optional_items`).
 * @csspart optional-item - One optional item offered.
 * @csspart optional-item-add - The button adding an optional item to the order.
 * @csspart optional-item-remove - The button taking an added optional item out again.
 * @csspart cart-error - Why the last cart change failed (under the line items).
 * @csspart shipping-error - Why the shop's server refused or could not price the shipping address.
 *
 * @cssproperty --checkout-color-primary - Accent colour (pay button, focus ring, Stripe `colorPrimary`).
 * @cssproperty --checkout-color-background - Background colour (Stripe `colorBackground`).
 * @cssproperty --checkout-color-text - Text colour (Stripe `colorText`).
 * @cssproperty --checkout-color-danger - Error colour (Stripe `colorDanger`).
 * @cssproperty --checkout-font-family - Font family (Stripe `fontFamily`).
 * @cssproperty --checkout-border-radius - Corner radius (Stripe `borderRadius`).
 * @cssproperty --checkout-spacing-unit - Base spacing (Stripe `spacingUnit`).
 * @cssproperty --checkout-skeleton-height - Height reserved from the start and kept as the least height until complete; at least your form's height for zero layout shift.
 */
export class StripeCheckout extends LitElement {
  static override styles = stripeCheckoutStyles;
  // Static declarations rather than decorators: smaller output and no decorator transform needed. Internal state is
  // not declared here: it lives in the checkout run, which asks for a render when it changes.
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
    messages: { attribute: false },
    theme: { reflect: true },
    appearance: { attribute: false },
    redirect: {},
    returnUrl: { attribute: 'return-url' },
    loading: {},
    layout: { reflect: true },
    paymentLayout: { attribute: 'payment-layout' },
    uiMode: { attribute: 'ui-mode' },
    promotionCodes: { attribute: 'promotion-codes', type: Boolean },
    fonts: { attribute: false },
    collects: { converter: collectsFrom },
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
  /**
   * The buyer's language, for Stripe.js and the element's own strings and amounts: a BCP 47 tag (`fr`, `pt-BR`,
   * `de-CH`…) or `auto` (the page's `<html lang>`, then the browser's language).
   */
  locale = 'auto';
  /** Strings to use instead of the catalog's, by key (README "Languages"). */
  messages?: Messages;
  /** Stripe Appearance theme. */
  theme: CheckoutTheme = 'stripe';
  /** Stripe Appearance options, merged over the CSS custom properties. */
  appearance?: Appearance;
  /** `if_required` finishes card payments inline; `always` redirects to the return URL. */
  redirect: CheckoutRedirect = 'if_required';
  /** Passed to `confirm({ returnUrl })`; needed when the session was created without `return_url`. */
  returnUrl?: string;
  /** `lazy` initialises when the element nears the viewport. */
  loading: CheckoutLoading = 'eager';
  /** `auto`: the summary beside the form when the element is ~720 px wide or more, else collapsible above it. */
  layout: CheckoutLayout = 'auto';
  /** Payment Element layout. */
  paymentLayout: CheckoutPaymentLayout = 'tabs';
  /**
   * The session's generation: `elements` (API 2026-03-25.dahlia on) or `custom` (before). Without it, the session
   * endpoint's `uiMode` decides, and `client-secret`/`fetchClientSecret` mean `elements`.
   */
  uiMode?: UiMode;
  /** Shows the promotion-code field (Stripe.js does not expose `allow_promotion_codes`; set it when you enabled it). */
  promotionCodes = false;
  /**
   * Fonts for Stripe's iframes (`CssFontSource`/`CustomFontSource`), added to the page's own @font-face rules for the
   * element's `font-family` (https and data URLs only, as Stripe fetches them itself). Set it before or after loading.
   */
  fonts?: CheckoutFont[];
  /**
   * With `client-secret` or `fetchClientSecret`: what the session collects, as the companion protocol's `collects`
   * (JSON in the attribute), so that only the Stripe Elements it names are loaded. A session endpoint's answer says
   * it itself. Without it, every optional Element is mounted (each shows only what its session collects).
   */
  collects?: SessionCollects;

  readonly #instanceId = `stripe-checkout-${++instanceCount}`;
  readonly #states = new CustomStatesController<CheckoutState>(this, 'idle');
  readonly #lazyStart = new LazyStartController(
    this,
    () => choose('loading', this.loading) === 'lazy',
    () => {
      if (!this.#run) this.#start();
    },
  );
  #run: CheckoutRun | null = null;
  #startedWith: unknown[] = [];
  #idempotencyKey: string | null = null;
  #focusErrorAfterRender = false;
  readonly #locale = new LocaleController(this, en);
  /** Where the summary folds (stacked layout): open at first, so quantities and the promotion code are at hand. */
  #summaryOpen = true;

  constructor() {
    super();
    new AppearanceController(this, () => this.refreshAppearance());
  }

  /** Where the checkout is: `idle | loading | ready | confirming | complete | error | expired`. */
  get state(): CheckoutState {
    return this.#view.state;
  }

  /** The live Checkout Session as Stripe.js reports it, or `null` before it loads. */
  get session(): StripeCheckoutSession | null {
    return this.#view.session;
  }

  get #view(): CheckoutView {
    return this.#run?.view ?? IDLE_VIEW;
  }

  override connectedCallback(): void {
    // An eager run (the session request, and Stripe.js when the page declares which release) starts in the update
    // Lit has now scheduled, before it renders (the lazy-start controller).
    super.connectedCallback();
    // A session endpoint says which release its session needs only with the secret: the current one is the likely
    // one, so it downloads meanwhile.
    if (!this.#lazyStart.waiting && !this.stripe && !this.uiMode && this.sessionEndpoint)
      preloadCurrentStripeJs();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#run?.dispose();
    this.#run = null;
    this.#states.set('idle');
  }

  /** Tears everything down and initialises again with the same checkout attempt (no second session). */
  reload(): Promise<void> {
    if (!this.isConnected) return Promise.resolve();
    return this.#start().settled;
  }

  /** Confirms the payment; a no-op unless the checkout is ready (a double click confirms once). */
  confirm(): Promise<void> {
    return this.#run?.confirm() ?? Promise.resolve();
  }

  /**
   * Replaces the cart of the open session (`[{ price, quantity }]`) through the shop's server (`POST
   * <session-endpoint>/{id}/items`, then Stripe.js refetches the session): no new session, no reload. Needs
   * `session-endpoint`. Rejects with a `CheckoutError` (`code`, buyer's `message`, `recoverable`) when it cannot.
   */
  updateItems(items: CheckoutItem[]): Promise<void> {
    return this.#run ? this.#run.updateItems(items) : Promise.reject(new Error('updateItems(): not loaded'));
  }

  /** Re-reads the `--checkout-*` custom properties and pushes them to Stripe's iframes. */
  refreshAppearance(): void {
    if (this.isConnected) this.#run?.changeAppearance(() => this.#appearance());
  }

  // Re-initialising here (not in updated) folds the state change into the same render.
  // Only a value the run did not start with counts: a lazy run that started meanwhile has read them already; an
  // eager one starts after this, in the same update (the lazy-start controller's hostUpdate).
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('layout')) layoutOf(this.layout);
    if (!this.#run) return;
    const differs = (name: (typeof STARTED_WITH)[number]) =>
      changed.has(name) && this[name] !== this.#startedWith[STARTED_WITH.indexOf(name)];
    const newSession = NEW_SESSION_PROPERTIES.some(differs);
    if (!newSession && !REINIT_PROPERTIES.some(differs)) return;
    if (newSession) this.#idempotencyKey = null;
    this.#start();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('theme') || changed.has('appearance')) this.refreshAppearance();
    if (changed.has('fonts')) this.#run?.loadFonts(fontsFor(this, this.fonts));
    if (this.#focusErrorAfterRender) {
      this.#focusErrorAfterRender = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="error"]')?.focus();
    }
  }

  #appearance(): Appearance {
    return appearanceFor(this, choose('theme', this.theme), this.appearance);
  }

  #start(): CheckoutRun {
    this.#run?.dispose();
    this.#startedWith = STARTED_WITH.map((name) => this[name]);
    const sessionEndpoint = this.sessionEndpoint;
    if (sessionEndpoint) this.#idempotencyKey ??= newIdempotencyKey();
    const items =
      this.items && this.items.length > 0
        ? this.items
        : this.price
          ? [{ price: this.price, quantity: this.quantity || 1 }]
          : [];
    // The run gets copies and callbacks, never the element itself: it lets go of them when it ends.
    const run = new CheckoutRun(
      {
        element: this,
        instanceId: this.#instanceId,
        appearance: () => this.#appearance(),
        t: (key, values) => this.#locale.t(key, values),
        fonts: () => fontsFor(this, this.fonts),
        confirmOptions: () => ({ redirect: choose('redirect', this.redirect), returnUrl: this.returnUrl }),
        changed: (view, focusError) => {
          this.#states.set(view.state);
          this.#focusErrorAfterRender ||= focusError;
          this.requestUpdate();
        },
        emit: (type, detail) => this.dispatchEvent(checkoutEvent(type, detail)),
      },
      {
        clientSecret: this.clientSecret,
        sessionEndpoint,
        fetchClientSecret: this.fetchClientSecret,
        stripe: this.stripe,
        publishableKey: this.publishableKey,
        locale: this.#locale.resolve(),
        layout: paymentLayoutOf(this.layout, this.paymentLayout),
        uiMode: this.uiMode === undefined ? undefined : choose('uiMode', this.uiMode),
        items,
        email: this.email,
        collects: this.collects,
        idempotencyKey: this.#idempotencyKey ?? '',
      },
    );
    this.#run = run;
    return run;
  }

  #startNewSession(): void {
    this.#idempotencyKey = null;
    this.#start();
  }

  protected override render() {
    const view = this.#view;
    const { state } = view;
    const t = this.#locale.t;
    const context: TemplateContext = {
      idPrefix: this.#instanceId,
      t,
      locale: this.#locale.tag,
      summaryOpen: this.#summaryOpen,
      toggleSummary: () => {
        this.#summaryOpen = !this.#summaryOpen;
        this.requestUpdate();
      },
      promotionCodes: this.promotionCodes,
      canStartNewSession: Boolean(this.sessionEndpoint),
      update: (...args) => void this.#run?.update(...args),
      changeQuantity: (...args) => void this.#run?.changeQuantity(...args),
      confirm: () => void this.confirm(),
      retry: () => void this.reload(),
      startNewSession: () => this.#startNewSession(),
    };
    return html`${state === 'idle' || state === 'loading' ? checkoutSkeleton(t) : nothing}
      ${checkoutForm(view, context, state === 'complete' ? checkoutComplete(view, t) : checkoutActions(view, context))}`;
  }
}
