import type { CheckoutItem, SessionShippingUpdateRequest } from '@checkout-element/protocol';
import type {
  Appearance,
  StripeCheckoutElementsSdk,
  StripeCheckoutLineItem,
  StripeCheckoutLoadActionsSuccess,
  StripeCheckoutSession,
  StripeExpressCheckoutElementConfirmEvent,
} from '@stripe/stripe-js';
import { sameAppearance } from '../internal/appearance.js';
import { asCheckoutError, CheckoutError } from '../internal/checkout-error.js';
import { LightDomMounts } from '../internal/light-dom-mounts.js';
import { classifyConfirmError, classifyLoadFailure, messageOf } from '../internal/stripe-errors.js';
import type { CheckoutFont } from '../internal/fonts.js';
import type { SessionCollects } from '../internal/session-endpoint.js';
import type { SessionUpdateBody, SessionUpdateRoute } from '../internal/session-updates.js';
import { initCheckoutSdk } from '../internal/stripe-loader.js';
import { type CheckoutSource, gatherInputs } from './checkout-inputs.js';
import { type CompanionUpdate, companionUpdate, settledAddress } from './server-updates.js';
import { needsBillingAddress, needsShippingAddress } from './session-facts.js';
import {
  currencySelectorFor,
  type MountableElement,
  mountSessionSurfaces,
  slotOfElement,
} from './surfaces.js';

export type { CheckoutSource };
import { type CheckoutRunHost, type CheckoutView, IDLE_VIEW } from './checkout-view.js';
export { type CheckoutRunHost, type CheckoutView, IDLE_VIEW };

/** The longest the skeleton waits for Stripe's iframes to report `ready` before it shows the form anyway. */
export const READY_TIMEOUT_MS = 8000;
/**
 * After `ready`, the longest the skeleton waits for an iframe still at its initial 1 px (stripe/stripe-js#644) to get
 * the height its frame reports; normally it already has it, or gets it within a message.
 */
export const SIZE_TIMEOUT_MS = 1000;
/** Stripe's default Express Checkout button height: reserved so the wallet row appears without moving anything. */
export const EXPRESS_CHECKOUT_RESERVED_HEIGHT = '44px';
/** The longest delay `setTimeout` honours (2³¹−1 ms); sessions expire within a day, far below it. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

type UpdateResult =
  | { type: 'success'; session: StripeCheckoutSession }
  | { type: 'error'; error: { message: string } };

/**
 * A listener Stripe.js may keep for ever (the Checkout SDK has no `off()`), forwarding to `target` until the run cuts
 * it. Built here, outside the run's methods, so that its closure holds the relay and nothing else.
 */
interface Relay<T> {
  target: ((value: T) => void) | null;
  readonly listener: (value: T) => void;
}
function relayTo<T>(target: (value: T) => void): Relay<T> {
  const relay: Relay<T> = { target, listener: (value) => relay.target?.(value) };
  return relay;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One checkout session's life in the element: obtain the client secret → load Stripe.js → start the Checkout SDK →
 * mount Stripe's elements → ready → confirm → complete / expired / failed, then release everything. A new secret,
 * a retry or a reconnection is a new run; the element renders `view` and forwards the buyer's actions.
 */
export class CheckoutRun {
  readonly settled: Promise<void>;
  #host: CheckoutRunHost | null;
  #view: CheckoutView = { ...IDLE_VIEW, state: 'loading' };
  #mounts: LightDomMounts | null;
  #elements = new Map<string, MountableElement>();
  #relays: Array<Relay<never>> = [];
  #sdk: StripeCheckoutElementsSdk | null = null;
  #actions: StripeCheckoutLoadActionsSuccess | null = null;
  #appearance: Appearance | undefined;
  /** The companion server's `POST /sessions` URL, when the secret came from it (enables the update routes). */
  #endpoint: string | undefined;
  /** The server answered `not_supported` to a cart update: quantities go through Stripe.js from then on. */
  #serverCart = true;
  /** The fonts Stripe's iframes already have (JSON), so that a `fonts` change loads only the new ones. */
  readonly #fonts = new Set<string>();
  readonly #abort = new AbortController();

  constructor(host: CheckoutRunHost, source: CheckoutSource) {
    this.#host = host;
    this.#mounts = new LightDomMounts(host.element, host.instanceId);
    host.changed(this.#view, false);
    this.settled = this.#initialise(source).catch((error: unknown) =>
      this.#fail(asCheckoutError(error, 'session_load_failed')),
    );
  }

  get view(): CheckoutView {
    return this.#view;
  }

  /** False once the run ended or was disposed: it then holds neither the page nor Stripe's elements. */
  get live(): boolean {
    return this.#host !== null;
  }

  /** Ends the run without a word to the page (a new run replaces it, or the element left the document). */
  dispose(): void {
    this.#release();
  }

  /** Confirms the payment; a no-op unless ready (a double click confirms once). */
  async confirm(express?: StripeExpressCheckoutElementConfirmEvent): Promise<void> {
    const actions = this.#actions;
    const host = this.#host;
    if (!host || !actions || this.#view.state !== 'ready') {
      express?.paymentFailed();
      return;
    }
    const { redirect, returnUrl } = host.confirmOptions();
    this.#show({ state: 'confirming', paymentError: null });
    // What Stripe's iframes still miss is shown on the field itself, and the field takes the focus (dahlia on).
    if (!express && typeof actions.validateElements === 'function') {
      const checked = await actions.validateElements().catch(() => null);
      if (!this.#host) return;
      const missing = checked?.type === 'error' ? checked.error.validation_errors?.[0] : undefined;
      if (missing) {
        this.#show({ state: 'ready', paymentError: missing.message });
        this.#elements.get(slotOfElement(missing.element))?.focus?.();
        return;
      }
    }
    let result: Awaited<ReturnType<typeof actions.confirm>>;
    try {
      result = await actions.confirm({
        redirect,
        ...(returnUrl ? { returnUrl } : {}),
        ...(express ? { expressCheckoutConfirmEvent: express } : {}),
      });
    } catch (error) {
      result = { type: 'error', error: { message: messageOf(error), code: null } };
    }
    if (!this.#host) return;
    if (result.type === 'success') {
      if (result.session.status.type === 'complete') this.#finish(result.session);
      else this.#show({ state: 'ready', session: result.session });
      return;
    }
    const session = actions.getSession();
    const outcome = classifyConfirmError(result.error, session.status.type === 'expired');
    if (outcome === 'expired') return this.#expire(session);
    // The form stays: the buyer can fix the field or try another card.
    this.#show({ state: 'ready', session, paymentError: outcome.message }, true);
    this.#host.emit('checkout-error', outcome);
  }

  /** Runs one buyer update (quantity, code, shipping, email) and shows its error where it belongs. */
  async update(
    call: (actions: StripeCheckoutLoadActionsSuccess) => Promise<UpdateResult>,
    errorField: 'paymentError' | 'promotionError' | 'emailError' | 'cartError',
  ): Promise<void> {
    const actions = this.#actions;
    if (!actions) return;
    this.#show({ busy: true });
    let outcome: Partial<CheckoutView>;
    try {
      const result = await call(actions);
      outcome =
        result.type === 'success'
          ? { session: result.session, [errorField]: null }
          : { [errorField]: result.error.message };
    } catch (error) {
      outcome = { [errorField]: messageOf(error) };
    }
    if (this.#host) this.#show({ ...outcome, busy: false });
  }

  /**
   * Changes a line item's quantity: through the shop's server (`POST …/{id}/items` inside `runServerUpdate`) when
   * the secret came from a session endpoint, else (or when the server does not offer the route) through Stripe.js.
   */
  async changeQuantity(item: StripeCheckoutLineItem, quantity: number): Promise<void> {
    const session = this.#view.session;
    if (this.#endpoint && this.#serverCart && item.priceId && session) {
      const items = session.lineItems.map((line) => ({
        price: line.priceId,
        quantity: line.id === item.id ? quantity : line.quantity,
      }));
      const outcome = await this.#companion('items', { items });
      if (outcome?.code !== 'not_supported') return;
      this.#serverCart = false;
    }
    await this.update(
      (actions) => actions.updateLineItemQuantity({ lineItem: item.id, quantity }),
      'cartError',
    );
  }

  /** Replaces the cart through the shop's server; rejects with the buyer's message when it cannot. */
  async updateItems(items: CheckoutItem[]): Promise<void> {
    if (!this.#endpoint || !this.#actions) {
      throw new CheckoutError(
        'not_supported',
        'updateItems() needs session-endpoint and a loaded checkout.',
        false,
      );
    }
    const outcome = await this.#companion('items', { items });
    if (outcome) throw new CheckoutError(outcome.code, outcome.message, outcome.retryable);
  }

  /** Runs one companion-route update and shows its outcome; returns the failure, or null when it worked. */
  async #companion<R extends SessionUpdateRoute>(
    route: R,
    body: SessionUpdateBody<R>,
  ): Promise<CompanionUpdate['failure']> {
    const actions = this.#actions;
    const host = this.#host;
    const session = this.#view.session;
    const field = route === 'items' ? 'cartError' : 'shippingError';
    if (!actions || !host || !session || !this.#endpoint) return null;
    this.#show({ busy: true });
    const outcome = await companionUpdate(actions, {
      endpoint: this.#endpoint,
      sessionId: session.id,
      route,
      body,
      t: host.t,
    });
    if (!this.#host) return outcome.failure;
    this.#show({
      busy: false,
      [field]: outcome.failure?.message ?? null,
      ...(outcome.session ? { session: outcome.session } : {}),
    });
    return outcome.failure;
  }

  /** Hands the fonts to Stripe's iframes (they keep what they loaded; new faces are added). */
  loadFonts(fonts: CheckoutFont[]): void {
    const added = fonts.filter((font) => !this.#fonts.has(JSON.stringify(font)));
    for (const font of added) this.#fonts.add(JSON.stringify(font));
    if (added.length > 0) this.#sdk?.loadFonts(added);
  }

  /** Pushes a new appearance to Stripe's iframes, unless it is the one they have. */
  changeAppearance(next: () => Appearance): void {
    const sdk = this.#sdk;
    if (!sdk) return;
    const appearance = next();
    if (sameAppearance(this.#appearance, appearance)) return;
    this.#appearance = appearance;
    sdk.changeAppearance(appearance);
  }

  async #initialise(source: CheckoutSource): Promise<void> {
    const inputs = gatherInputs(source, this.#abort.signal);
    // Whether the secret is here by the time the SDK starts (it may not be: a declared ui-mode, fetchClientSecret).
    let answered = false;
    const settle = () => {
      answered = true;
    };
    inputs.answer.then(settle, settle);
    const { stripe, uiMode } = await inputs.ready;
    const secret = inputs.secret;
    const host = this.#host;
    if (!host) return;

    this.#appearance = host.appearance();
    const fonts = host.fonts();
    for (const font of fonts) this.#fonts.add(JSON.stringify(font));
    const sdk = initCheckoutSdk(stripe, uiMode, secret, this.#appearance, fonts);
    this.#sdk = sdk;
    sdk.on(
      'change',
      this.#relay((session: StripeCheckoutSession) => this.#onSessionChange(session)),
    );
    // Mounted before loadActions() resolves, as Stripe's docs do: the iframes load during that round trip. When
    // the secret is here already (the usual case: the release to load came with it) the Payment Element goes after
    // the lighter Elements the answer names, as on the page (Stripe puts the Contact Details Element first), so
    // their iframes do not queue behind it: payable ~15 ms sooner at 100 ms latencies (bench profile:payable, 20
    // alternated runs with the emulator's stand-in). When it is still on its way (a declared ui-mode,
    // fetchClientSecret) the Payment Element does not wait for it.
    const ready: Promise<void>[] = [];
    const mountPayment = () => {
      ready.push(this.#mount(sdk.createPaymentElement({ layout: source.layout }), 'stripe-payment'));
    };
    const paymentFirst = !answered;
    if (paymentFirst) mountPayment();
    const loading = Promise.allSettled([sdk.loadActions(), secret]);
    // The secret came with the session endpoint's answer: the Elements it says the session needs load alongside
    // (a failed answer fails the secret, reported below).
    const early = await inputs.answer.catch(() => null);
    if (!this.#host) return;
    this.#endpoint = source.sessionEndpoint;
    const surfaces = mountSessionSurfaces(sdk, early?.collects, (element, slot) =>
      this.#mount(element, slot),
    );
    if (!paymentFirst) mountPayment();
    ready.push(...surfaces.ready);
    this.#mountForSession(null, early?.collects, ready);
    const [loaded, checkedSecret] = await loading;
    if (!this.#host) return;
    if (checkedSecret.status === 'rejected') throw checkedSecret.reason;
    const result = loaded.status === 'fulfilled' ? loaded.value : null;
    if (result?.type !== 'success') {
      const outcome = classifyLoadFailure(
        result ? result.error.message : messageOf(loaded.status === 'rejected' && loaded.reason),
      );
      if (outcome === 'expired') return this.#expire(null);
      throw outcome;
    }
    const actions = result.actions;
    this.#actions = actions;
    const session = actions.getSession();
    if (session.status.type === 'expired') return this.#expire(session);
    if (session.status.type === 'complete') return this.#finish(session);
    const answer = await inputs.answer;
    if (!this.#host) return;
    this.#show({ session, collectEmail: !session.email && !surfaces.contactElement });
    this.#mountForSession(session, answer.collects, ready);
    // Its place is reserved now so that it appears later without moving anything.
    const expressMount =
      'createExpressCheckoutElement' in sdk ? this.#mounts?.create('stripe-express') : null;
    if (expressMount) expressMount.style.minHeight = EXPRESS_CHECKOUT_RESERVED_HEIGHT;
    // The skeleton stays until Stripe's iframes are ready and sized, so the form appears once, at its height.
    await Promise.race([Promise.all(ready), delay(READY_TIMEOUT_MS)]);
    await this.#sized();
    if (!this.#host || this.#view.state !== 'loading') return;
    this.#show({ state: 'ready' });
    this.#host.emit('checkout-ready', { session: this.#view.session ?? session });
    this.#expireAt(answer.expiresAt);
    // Off the critical path: a second iframe loading alongside would delay the Payment Element. And a task later:
    // mounting inserts Stripe's iframe synchronously (about 10 ms of main thread here, traced with the emulator's
    // stand-in), which would otherwise run before the ready form renders (a microtask) and delay the pay button.
    if (expressMount) {
      await delay(0);
      if (!this.#host) return;
      const express = sdk.createExpressCheckoutElement();
      express.on(
        'confirm',
        this.#relay((event: StripeExpressCheckoutElementConfirmEvent) => void this.confirm(event)),
      );
      // The reservation goes once the row's iframe has the height its frame reported, not at `ready`: an off-screen
      // frame may report it later, and the row would collapse to 1 px and grow back (two shifts).
      void this.#mount(express, expressMount)
        .then(() => this.#sized([expressMount]))
        .then(() => {
          expressMount.style.minHeight = '';
        });
    }
  }

  /**
   * Mounts the address Elements and the Currency Selector the session needs, each once: from the `collects` hint
   * before the session is loaded (`session` null), then those the loaded or changed session shows it needs.
   */
  #mountForSession(
    session: StripeCheckoutSession | null,
    collects: SessionCollects | undefined,
    ready: Promise<void>[] = [],
  ): void {
    const sdk = this.#sdk;
    if (!sdk) return;
    const absent = (slot: string) => !this.#elements.has(slot);
    if (absent('stripe-shipping') && needsShippingAddress(session, collects)) {
      const shipping = sdk.createShippingAddressElement();
      ready.push(this.#mount(shipping, 'stripe-shipping'));
      if (collects?.shippingDetails === 'server_only' && this.#endpoint) {
        const send = this.#relay(
          (body: SessionShippingUpdateRequest) => void this.#companion('shipping', body),
        );
        shipping.on('change', this.#relay(settledAddress(send, this.#abort.signal)));
      }
    }
    if (absent('stripe-billing') && needsBillingAddress(session, collects))
      ready.push(this.#mount(sdk.createBillingAddressElement(), 'stripe-billing'));
    const selector = session && absent('stripe-currency') && currencySelectorFor(sdk, session);
    if (selector) ready.push(this.#mount(selector, 'stripe-currency'));
  }

  /**
   * Resolves once every mounted iframe has the height its frame reported (not the 1 px Stripe.js creates it
   * with). Stripe.js writes that height into the <iframe>'s inline style (stripe/stripe-js#319, ngx-stripe#161), so
   * it is read there, without forcing a layout, and a MutationObserver hears it change: a microtask, which runs
   * whether or not the page is rendering (an off-screen checkout, a background tab), unlike ResizeObserver.
   */
  #sized(mounts: HTMLElement[] = this.#mounts?.nodes() ?? []): Promise<void> {
    // Any other height is a report, 0 px included (an Element with nothing to show for this session).
    const sized = () => mounts.every((mount) => mount.querySelector('iframe')?.style.height !== '1px');
    if (sized()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      };
      const observer = new MutationObserver(() => sized() && done());
      for (const mount of mounts) observer.observe(mount, { attributes: true, subtree: true });
      // A run disposed meanwhile finds no host when this resolves, at the latest after SIZE_TIMEOUT_MS.
      const timer = setTimeout(done, SIZE_TIMEOUT_MS);
    });
  }

  /** Stripe.js does not announce expiry by itself; the session endpoint's `expiresAt` lets the page know in time. */
  #expireAt(expiresAt: number | undefined): void {
    if (!expiresAt) return;
    const timer = setTimeout(
      () => {
        if (this.#view.state === 'ready') this.#expire(this.#view.session);
      },
      Math.min(Math.max(0, expiresAt * 1000 - Date.now()), MAX_TIMER_DELAY_MS),
    );
    this.#abort.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  }

  /** Mounts one Stripe element into a light-DOM node; resolves when it reported `ready` (or `loaderror`). */
  #mount(element: MountableElement, where: string | HTMLElement): Promise<void> {
    const node = typeof where === 'string' ? this.#mounts?.create(where) : where;
    if (!node) return Promise.resolve();
    this.#elements.set(typeof where === 'string' ? where : node.id, element);
    const ready = new Promise<void>((resolve) => {
      element.on('ready', resolve);
      element.on('loaderror', resolve);
    });
    element.mount(node);
    return ready;
  }

  #relay<T>(target: (value: T) => void): (value: T) => void {
    const relay = relayTo(target);
    this.#relays.push(relay as Relay<never>);
    return relay.listener;
  }

  #onSessionChange(session: StripeCheckoutSession): void {
    const host = this.#host;
    if (!host) return;
    this.#show({ session });
    // A session that starts offering currencies (e.g. after the buyer's email placed them abroad) gets the selector
    // then; while loading, the run mounts what the loaded session needs itself (and waits for it).
    if (this.#view.state === 'ready') this.#mountForSession(session, undefined);
    host.emit('checkout-change', { session });
    if (session.status.type === 'expired') this.#expire(session);
    else if (session.status.type === 'complete' && this.#view.state === 'ready') this.#finish(session);
  }

  #show(patch: Partial<CheckoutView>, focusError = false, host = this.#host): void {
    this.#view = { ...this.#view, ...patch };
    host?.changed(this.#view, focusError);
  }

  #finish(session: StripeCheckoutSession): void {
    const host = this.#release();
    this.#show({ state: 'complete', session }, false, host);
    host?.emit('checkout-complete', { session });
  }

  #expire(session: StripeCheckoutSession | null): void {
    const host = this.#release();
    this.#show({ state: 'expired', session }, true, host);
    host?.emit('checkout-expired', { session });
  }

  #fail(error: CheckoutError): void {
    const host = this.#release();
    this.#show({ state: 'error', failure: error }, true, host);
    host?.emit('checkout-error', error.detail);
  }

  /**
   * Destroys Stripe's elements, removes the mount points, cuts the SDK's listeners and lets go of the host and the
   * page's inputs. Returns the host it had (null when already released) for a last word to the page.
   */
  #release(): CheckoutRunHost | null {
    const host = this.#host;
    this.#host = null;
    this.#abort.abort();
    for (const relay of this.#relays.splice(0)) relay.target = null;
    const elements = [...this.#elements.values()];
    this.#elements.clear();
    for (const element of elements) {
      try {
        element.destroy();
      } catch {
        // Already destroyed by Stripe.js; nothing left to release.
      }
    }
    this.#mounts?.removeAll();
    this.#mounts = null;
    this.#sdk = null;
    this.#actions = null;
    return host;
  }
}
