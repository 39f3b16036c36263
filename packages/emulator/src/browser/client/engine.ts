// What a Checkout SDK instance does (`stripe.initCheckoutElementsSdk(...)`, `stripe.initCheckout(...)` on clover):
// load the session, create and host the Elements, run the actions. The object the page receives is built by
// sdk.ts per release, with that release's methods as own properties; this engine is behind it.
import type {
  Appearance,
  CssFontSource,
  CustomFontSource,
  StripeAddressElement,
  StripeCheckoutAddressElementOptions,
  StripeCheckoutConfirmResult,
  StripeCheckoutContact,
  StripeCheckoutContactDetailsElementOptions,
  StripeCheckoutElementsSdkOptions,
  StripeCheckoutExpressCheckoutElement,
  StripeCheckoutExpressCheckoutElementOptions,
  StripeCheckoutLoadActionsResult,
  StripeCheckoutLoadActionsSuccess,
  StripeCheckoutPaymentElementOptions,
  StripeCheckoutSession,
  StripeCheckoutTaxIdType,
  StripeCheckoutUpdateHandler,
  StripeContactDetailsElement,
  StripeCurrencySelectorElement,
  StripeError,
  StripeExpressCheckoutElementConfirmEvent,
  StripePaymentElement,
  StripeTaxIdElement,
  StripeTaxIdElementOptions,
  StripeLinkSignupElement,
  StripeTermsElement,
  StripeCheckoutLinkSignupElementOptions,
  StripeCheckoutTermsElementOptions,
} from '@stripe/stripe-js';
import { openChallenge } from './challenge.js';
import { type ElementHost, EmulatedElement, type ElementType } from './element.js';
import { IntegrationError } from './errors.js';
import { type PaymentPageAnswer, PaymentPages, type PresentmentAnswer } from './payment-pages.js';
import { checkTaxId } from '../../state/tax-ids.js';
import type { AddressValue, CollectionNeeds, CollectResult, FrameInit, FromFrame } from './protocol.js';
import {
  type MapSessionExtras,
  type RestOptionalItem,
  type RestSession,
  toCheckoutSession,
} from './session-mapper.js';
import { sessionFor } from './session-shapes.js';
import type { Train } from './stripe-surface.js';
import { debugRegistry } from './debug.js';

type Fonts = Array<CssFontSource | CustomFontSource>;
export type ElementSlot =
  | 'payment'
  | 'expressCheckout'
  | 'billingAddress'
  | 'shippingAddress'
  | 'contactDetails'
  | 'currencySelector'
  | 'taxId'
  | 'terms'
  | 'linkSignup';
type Outcome =
  | { ok: true; session: StripeCheckoutSession }
  | { ok: false; code: string | null; message: string };
type ConfirmArgs = Parameters<StripeCheckoutLoadActionsSuccess['confirm']>[0];

// A Checkout Session client secret: `cs_test_…`/`cs_live_…`, `_secret_`, then an opaque URL-encoded token that
// may hold `%2F`, `%3D`… (shared/stripe-reference/README.md, "Client secrets"); only its shape is checked.
const CLIENT_SECRET = /^(cs_(?:test|live)_[A-Za-z0-9]+)_secret_(\S+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SYNC_DELAY_MS = 250;

export interface SdkContext {
  origin: string;
  publishableKey: string;
  /** `initCheckout` (clover) or `initCheckoutElementsSdk`: named in integration errors. */
  methodName: string;
  /** The release the page loaded: decides the session shape and which sessions it may load. */
  train: Train;
  /** `Stripe(pk, { locale })` as the page gave it (`auto` when it gave none). */
  locale: string;
}

export class CheckoutEngine implements ElementHost {
  readonly origin: string;
  readonly #context: SdkContext;
  readonly #options: StripeCheckoutElementsSdkOptions;
  #appearance: Appearance;
  #fonts: Fonts;
  readonly #loader: 'auto' | 'always' | 'never';
  readonly #changeHandlers: StripeCheckoutUpdateHandler[] = [];
  readonly #elements = new Map<ElementSlot, EmulatedElement>();
  #pages: PaymentPages | null = null;
  #rest: RestSession | null = null;
  #presentment: PresentmentAnswer | undefined;
  #optionalItems: RestOptionalItem[] | undefined;
  #termsOfServiceUrl: string | null = null;
  #linkAvailable = false;
  /** The newest-shape session (the mapper's); handed out through `#present`. */
  #session: StripeCheckoutSession | null = null;
  /** Updates queued or in flight: Stripe.js reports `canConfirm: false` meanwhile. */
  #pendingUpdates = 0;
  #lastPaymentError: string | null = null;
  /** A business name set with updateBusinessName(), which a Tax ID Element showing its own field conflicts with. */
  #businessNameByAction = false;
  #loadError: string | null = null;
  readonly #loaded: Promise<StripeCheckoutLoadActionsResult>;
  readonly #actions: StripeCheckoutLoadActionsSuccess;
  #updates: Promise<void> = Promise.resolve();
  readonly #syncTimers = new Map<EmulatedElement, ReturnType<typeof setTimeout>>();

  constructor(context: SdkContext, options: StripeCheckoutElementsSdkOptions) {
    if (!options || typeof options !== 'object') {
      throw new IntegrationError(
        `Invalid value for ${context.methodName}: expected an options object with a clientSecret, got ${describe(options)}.`,
      );
    }
    const secret = options.clientSecret as unknown;
    if (typeof secret === 'string') checkClientSecret(secret, context.methodName);
    else if (!secret || typeof (secret as Promise<string>).then !== 'function') {
      throw new IntegrationError(
        `Invalid value for ${context.methodName}: clientSecret should be a string or a Promise that resolves ` +
          `to one (the Checkout Session's client_secret), got ${describe(secret)}.`,
      );
    }
    this.origin = context.origin;
    this.#context = context;
    this.#options = options;
    this.#appearance = options.elementsOptions?.appearance ?? {};
    this.#fonts = options.elementsOptions?.fonts ?? [];
    this.#loader = options.elementsOptions?.loader ?? 'auto';
    this.#actions = this.#createActions();
    this.#loaded = this.#load();
    debugRegistry().register(this);
  }

  // ----- what the SDK object of every release offers -----

  on(event: 'change', handler: StripeCheckoutUpdateHandler): void {
    if (event !== 'change') {
      throw new IntegrationError(`Unknown event "${String(event)}": the Checkout SDK only emits "change".`);
    }
    if (typeof handler !== 'function') {
      throw new IntegrationError(
        `Invalid value for on('change'): expected a function, got ${describe(handler)}.`,
      );
    }
    this.#changeHandlers.push(handler);
  }

  loadActions(): Promise<StripeCheckoutLoadActionsResult> {
    return this.#loaded;
  }

  changeAppearance(appearance: Appearance): void {
    this.#appearance = appearance ?? {};
    for (const element of this.#elements.values())
      element.send({ kind: 'appearance', appearance: this.#appearance });
  }

  loadFonts(fonts: Fonts): void {
    this.#fonts = [...this.#fonts, ...(fonts ?? [])];
    for (const element of this.#elements.values()) element.send({ kind: 'fonts', fonts: this.#fonts });
  }

  getPaymentElement(): StripePaymentElement | null {
    return this.#elements.get('payment') ?? null;
  }
  getBillingAddressElement(): StripeAddressElement | null {
    return this.#elements.get('billingAddress') ?? null;
  }
  getShippingAddressElement(): StripeAddressElement | null {
    return this.#elements.get('shippingAddress') ?? null;
  }
  getExpressCheckoutElement(): StripeCheckoutExpressCheckoutElement | null {
    return this.#elements.get('expressCheckout') ?? null;
  }
  getCurrencySelectorElement(): StripeCurrencySelectorElement | null {
    return this.#elements.get('currencySelector') ?? null;
  }
  getContactDetailsElement(): StripeContactDetailsElement | null {
    return this.#elements.get('contactDetails') ?? null;
  }
  getTaxIdElement(): StripeTaxIdElement | null {
    return (this.#elements.get('taxId') as StripeTaxIdElement | undefined) ?? null;
  }
  getTermsElement(): StripeTermsElement | null {
    return this.#elements.get('terms') ?? null;
  }
  getLinkSignupElement(): StripeLinkSignupElement | null {
    return this.#elements.get('linkSignup') ?? null;
  }

  createPaymentElement(options?: StripeCheckoutPaymentElementOptions): StripePaymentElement {
    return this.#create('payment', 'payment', options);
  }
  createBillingAddressElement(options?: StripeCheckoutAddressElementOptions): StripeAddressElement {
    return this.#create('billingAddress', 'address', options, 'billing');
  }
  createShippingAddressElement(options?: StripeCheckoutAddressElementOptions): StripeAddressElement {
    return this.#create('shippingAddress', 'address', options, 'shipping');
  }
  createExpressCheckoutElement(
    options?: StripeCheckoutExpressCheckoutElementOptions,
  ): StripeCheckoutExpressCheckoutElement {
    return this.#create('expressCheckout', 'expressCheckout', options);
  }
  createCurrencySelectorElement(): StripeCurrencySelectorElement {
    return this.#create('currencySelector', 'currencySelector', {});
  }
  createContactDetailsElement(
    options?: StripeCheckoutContactDetailsElementOptions,
  ): StripeContactDetailsElement {
    return this.#create('contactDetails', 'contactDetails', options);
  }
  // The Tax ID Element's `getValue()` answers the change-event shape (StripeTaxIdElementChangeEvent), which the
  // shared element class builds for this type.
  createTaxIdElement(options?: StripeTaxIdElementOptions): StripeTaxIdElement {
    return this.#create('taxId', 'taxId', options) as unknown as StripeTaxIdElement;
  }
  createTermsElement(options?: StripeCheckoutTermsElementOptions): StripeTermsElement {
    return this.#create('terms', 'terms', options);
  }
  createLinkSignupElement(options?: StripeCheckoutLinkSignupElementOptions): StripeLinkSignupElement {
    return this.#create('linkSignup', 'linkSignup', options);
  }

  // ----- ElementHost (what the elements ask of their SDK) -----

  frameInit(element: EmulatedElement): FrameInit {
    const defaults = this.#options.defaultValues ?? {};
    const session = this.#session;
    const contact =
      element.mode === 'shipping'
        ? (session?.shippingAddress ?? defaults.shippingAddress)
        : (session?.billingAddress ?? defaults.billingAddress);
    const taxIdInfo = session?.taxIdInfo;
    const init: FrameInit = {
      appearance: this.#appearance,
      fonts: this.#fonts,
      loader: this.#loader,
      options: jsonSafe(element.options),
      defaults: {
        email: session?.email ?? defaults.email,
        phone: session?.phoneNumber ?? defaults.phoneNumber,
        address: contact ? toAddressValue(contact) : undefined,
        individualName: session?.nameCollection?.individualName ?? undefined,
        businessName: session?.nameCollection?.businessName ?? undefined,
        taxId: taxIdInfo
          ? { type: taxIdInfo.taxId.type, value: taxIdInfo.taxId.value, businessName: taxIdInfo.businessName }
          : undefined,
      },
      locale: resolveLocale(this.#context.locale),
      needs: this.#needs(),
    };
    if (element.mode) init.mode = element.mode;
    return init;
  }

  session(): StripeCheckoutSession | null {
    return this.#session ? this.#present(this.#session) : null;
  }

  /** The session as this release hands it out (session-shapes.ts). */
  #present(session: StripeCheckoutSession): StripeCheckoutSession {
    return sessionFor(this.#context.train, session);
  }

  get appearance(): Appearance {
    return this.#appearance;
  }

  get locale(): string {
    return this.#context.locale;
  }

  get fonts(): Fonts {
    return this.#fonts;
  }

  /** What the session asks the buyer for that the Stripe.js session shape does not say (frames need it). */
  #needs(): CollectionNeeds | null {
    const rest = this.#rest;
    if (!rest) return null;
    const nameNeed = (field: { enabled: boolean; optional: boolean } | undefined) =>
      field?.enabled ? (field.optional ? 'optional' : 'required') : null;
    const session = this.#session;
    return {
      phone: rest.phone_number_collection?.enabled ?? false,
      individualName: nameNeed(rest.name_collection?.individual),
      businessName: nameNeed(rest.name_collection?.business),
      taxId: rest.tax_id_collection?.enabled ?? false,
      terms: rest.consent_collection?.terms_of_service === 'required',
      termsAccepted: rest.consent?.terms_of_service === 'accepted',
      termsOfServiceUrl: this.#termsOfServiceUrl,
      link: this.#linkAvailable,
      country: session?.shippingAddress?.address.country || session?.billingAddress?.address.country || null,
    };
  }

  /** Whether the merchant's server alone sets shipping details (`permissions[update_shipping_details]`). */
  get #shippingServerOnly(): boolean {
    return this.#rest?.permissions?.update_shipping_details === 'server_only';
  }

  get elements(): ReadonlyMap<string, EmulatedElement> {
    return this.#elements;
  }

  destroyed(element: EmulatedElement): void {
    clearTimeout(this.#syncTimers.get(element));
    this.#syncTimers.delete(element);
    for (const [slot, candidate] of this.#elements) if (candidate === element) this.#elements.delete(slot);
  }

  frameMessage(element: EmulatedElement, message: FromFrame): void {
    switch (message.kind) {
      case 'change':
        this.#elementChanged(element, message);
        return;
      case 'wallet-click':
        this.#walletClicked(element);
        return;
      case 'wallet-approve':
        this.#walletApproved(element);
        return;
      case 'wallet-cancel':
        element.emit('cancel', {});
        return;
      case 'currency-change':
        element.emit('change', { value: { currency: message.currency } });
        void this.#update({ presentment_currency: message.currency });
        return;
      default:
        return;
    }
  }

  // ----- loading and session state -----

  async #load(): Promise<StripeCheckoutLoadActionsResult> {
    let clientSecret: string;
    try {
      clientSecret = await this.#options.clientSecret;
      checkClientSecret(clientSecret, this.#context.methodName);
    } catch (error) {
      return this.#failLoad(error instanceof Error ? error.message : String(error));
    }
    const sessionId = CLIENT_SECRET.exec(clientSecret)?.[1] ?? '';
    this.#pages = new PaymentPages(this.origin, this.#context.publishableKey, clientSecret, sessionId);
    const answer = await this.#pages.init();
    if (!answer.session) {
      return this.#failLoad(
        answer.error?.message ?? `Loading the Checkout Session failed (${answer.status}).`,
      );
    }
    const refusal = generationMismatch(this.#context, answer.session.ui_mode);
    if (refusal) return this.#failLoad(refusal);
    this.#apply(answer);
    for (const element of this.#elements.values()) {
      element.send({ kind: 'init', init: this.frameInit(element), session: this.session() });
    }
    return { type: 'success', actions: this.#actions };
  }

  #failLoad(message: string): StripeCheckoutLoadActionsResult {
    this.#loadError = message;
    const error: StripeError = { type: 'invalid_request_error', message };
    for (const element of this.#elements.values()) element.loadError(error);
    return { type: 'error', error: { message, code: null } };
  }

  /** Takes the emulator's answer as the session's new state and tells the page (`change`) and the iframes. */
  #apply(answer: PaymentPageAnswer): StripeCheckoutSession {
    this.#takeAnswer(answer);
    return this.#publish();
  }

  #mapExtras(updatesPending: boolean): MapSessionExtras {
    return {
      lastPaymentErrorMessage: this.#lastPaymentError,
      ...(this.#presentment ? { presentment: this.#presentment } : {}),
      ...(this.#optionalItems ? { optionalItems: this.#optionalItems } : {}),
      updatesPending,
    };
  }

  #publish(): StripeCheckoutSession {
    const rest = this.#rest!;
    const session = toCheckoutSession(rest, this.#mapExtras(this.#pendingUpdates > 0));
    this.#session = session;
    const presented = this.#present(session);
    const needs = this.#needs();
    for (const element of this.#elements.values())
      element.send({ kind: 'session', session: presented, needs });
    for (const handler of this.#changeHandlers) {
      try {
        handler(presented);
      } catch (error) {
        console.error(error);
      }
    }
    return presented;
  }

  /**
   * Updates run one after the other, so answers are applied in the order the buyer made the changes. While
   * any is queued or running, `canConfirm` is false (Stripe.js endive, 2026-09-30 changelog cited in the
   * session mapper); the page hears about both edges through `change`.
   */
  #update(change: Record<string, unknown>): Promise<Outcome> {
    return this.#whilePending(() => {
      const run = this.#updates.then(() => this.#sendUpdate(change));
      this.#updates = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    });
  }

  /** Runs `work` as a pending update: `change` (with canConfirm false) when the first starts, again when the last ends. */
  async #whilePending<T>(work: () => Promise<T>): Promise<T> {
    this.#pendingUpdates += 1;
    if (this.#pendingUpdates === 1 && this.#rest) this.#publish();
    try {
      return await work();
    } finally {
      this.#pendingUpdates -= 1;
      if (this.#pendingUpdates === 0 && this.#rest) this.#publish();
    }
  }

  async #sendUpdate(change: Record<string, unknown>): Promise<Outcome> {
    const loaded = await this.#loaded;
    if (loaded.type === 'error' || !this.#pages) return { ok: false, code: null, message: this.#notLoaded() };
    const answer = await this.#pages.update(change);
    // The session the caller gets back is the state after its own update; `change` fires once all are done.
    if (answer.session) this.#takeAnswer(answer);
    if (answer.session && answer.status < 400) {
      return { ok: true, session: this.#present(this.#sessionAfter(answer)) };
    }
    return { ok: false, code: answer.error?.code ?? null, message: answerMessage(answer) };
  }

  #takeAnswer(answer: PaymentPageAnswer): void {
    if (!answer.session) return;
    this.#rest = answer.session;
    if (answer.presentment) this.#presentment = answer.presentment;
    this.#optionalItems = answer.optional_items;
    this.#termsOfServiceUrl = answer.terms_of_service_url ?? null;
    this.#linkAvailable = answer.link_available ?? false;
  }

  /** The session right after an answer (taken), with `canConfirm` as it will be once no other update is pending. */
  #sessionAfter(answer: PaymentPageAnswer): StripeCheckoutSession {
    return toCheckoutSession(answer.session!, this.#mapExtras(this.#pendingUpdates > 1));
  }

  /** Address and contact forms sync into the session once complete, after the buyer pauses typing. */
  #syncSoon(element: EmulatedElement, sync: () => void): void {
    clearTimeout(this.#syncTimers.get(element));
    this.#syncTimers.set(element, setTimeout(sync, SYNC_DELAY_MS));
  }

  #notLoaded(): string {
    return `The Checkout Session is not loaded: ${this.#loadError ?? 'loadActions() has not resolved yet.'}`;
  }

  // Returns the concrete element; each create…Element's declared return type checks it against Stripe.js's type.
  #create(
    slot: ElementSlot,
    type: ElementType,
    options: object | undefined,
    mode?: 'billing' | 'shipping',
  ): EmulatedElement {
    if (this.#elements.has(slot)) {
      throw new IntegrationError(
        `Can only create one Element of type ${slotName(slot)}. Use get${capitalise(slot)}Element() to reach it, ` +
          'or destroy() it first.',
      );
    }
    const element = new EmulatedElement(this, type, { ...(options ?? {}) }, mode);
    this.#elements.set(slot, element);
    if (this.#loadError) {
      const error: StripeError = { type: 'invalid_request_error', message: this.#loadError };
      queueMicrotask(() => element.loadError(error));
    }
    return element;
  }

  // ----- what the iframes' messages mean -----

  #elementChanged(element: EmulatedElement, message: Extract<FromFrame, { kind: 'change' }>): void {
    const { empty, complete } = message;
    const error = message.error
      ? { type: 'validation_error', code: 'invalid', message: message.error }
      : undefined;
    if (element.elementType === 'payment') {
      element.emit('change', { empty, complete, collapsed: false, value: { type: 'card' }, error });
      return;
    }
    if (element.elementType === 'address') {
      const value = message.value as AddressValue & { phone?: string };
      element.emit('change', { empty, complete, isNewAddress: true, value });
      if (!complete) return;
      // With `permissions[update_shipping_details]=server_only`, Stripe.js does not write the shipping address:
      // the page hands it to its server inside runServerUpdate (custom-shipping-options guide, cited in the API).
      if (element.mode === 'shipping' && this.#shippingServerOnly) return;
      const contact: StripeCheckoutContact = { name: value.name, address: value.address };
      const action =
        element.mode === 'shipping'
          ? this.#actions.updateShippingAddress
          : this.#actions.updateBillingAddress;
      void action(contact);
      if (value.phone && value.phone !== this.#session?.phoneNumber) {
        void this.#actions.updatePhoneNumber(value.phone);
      }
      return;
    }
    if (element.elementType === 'contactDetails') {
      const value = message.value as ContactValue;
      // The change event carries the email only (StripeContactDetailsElementChangeEvent); phone and names
      // reach the session through their actions.
      element.emit('change', { empty, complete, value: { email: value.email } });
      this.#syncSoon(element, () => this.#syncContact(value));
      return;
    }
    if (element.elementType === 'taxId') {
      const value = message.value as TaxIdValue;
      element.emit('change', { empty, complete, visible: message.visible ?? false, value });
      this.#syncSoon(element, () => this.#syncTaxId(value, empty, complete));
      return;
    }
    if (element.elementType === 'terms') {
      // The Terms Element has no change event (StripeTermsElement); ticking the box is the buyer's consent.
      const accepted = (message.value as { accepted?: boolean }).accepted === true;
      if (accepted !== (this.#needs()?.termsAccepted ?? false)) {
        void this.#update({ terms_of_service: accepted ? 'accepted' : null });
      }
      return;
    }
    if (element.elementType === 'linkSignup') return;
    element.emit('change', { empty, complete, value: message.value });
  }

  /** Writes what the Contact Details Element holds into the session, field by field, where it changed. */
  #syncContact(value: ContactValue): void {
    const session = this.#session;
    if (value.email && EMAIL.test(value.email) && value.email !== session?.email) {
      void this.#actions.updateEmail(value.email);
    }
    if (value.phone !== undefined && value.phone !== (session?.phoneNumber ?? '')) {
      void this.#actions.updatePhoneNumber(value.phone || null);
    }
    const names = session?.nameCollection;
    if (value.individualName !== undefined && value.individualName !== (names?.individualName ?? '')) {
      void this.#update({ individual_name: value.individualName || null });
    }
    if (value.businessName !== undefined && value.businessName !== (names?.businessName ?? '')) {
      void this.#update({ business_name: value.businessName || null });
    }
  }

  /** Writes the Tax ID Element's complete value into the session (`updateTaxIdInfo`), or clears it when emptied. */
  #syncTaxId(value: TaxIdValue, empty: boolean, complete: boolean): void {
    const current = this.#session?.taxIdInfo ?? null;
    if (empty) {
      if (current) void this.#actions.updateTaxIdInfo(null);
      return;
    }
    if (!complete || !value.taxId) return;
    const info = {
      businessName: value.businessName,
      taxId: { type: value.externalTaxIdType as StripeCheckoutTaxIdType, value: value.taxId },
    };
    const checked = checkTaxId(info.taxId.type, info.taxId.value);
    if (
      current &&
      checked.ok &&
      current.taxId.type === info.taxId.type &&
      current.taxId.value === checked.value &&
      current.businessName === info.businessName
    ) {
      return;
    }
    void this.#actions.updateTaxIdInfo(info);
  }

  #walletClicked(element: EmulatedElement): void {
    let settled = false;
    const resolve = () => {
      if (settled) return;
      settled = true;
      element.send({ kind: 'wallet-result', outcome: 'sheet' });
    };
    const reject = () => {
      if (settled) return;
      settled = true;
      element.send({ kind: 'wallet-result', outcome: 'idle' });
    };
    if (!element.hasListeners('click')) {
      resolve();
      return;
    }
    element.emit('click', { expressPaymentType: 'google_pay', resolve, reject });
  }

  #walletApproved(element: EmulatedElement): void {
    const session = this.#session;
    const address = session?.shippingAddress?.address ?? session?.billingAddress?.address;
    const walletAddress = {
      line1: address?.line1 ?? '1 Test Wallet Way',
      line2: address?.line2 ?? null,
      city: address?.city ?? 'San Francisco',
      state: address?.state ?? 'CA',
      postal_code: address?.postal_code ?? '94103',
      country: address?.country || 'US',
    };
    const event: StripeExpressCheckoutElementConfirmEvent = {
      expressPaymentType: 'google_pay',
      billingDetails: {
        name: 'Test Wallet',
        email: session?.email ?? 'wallet@example.com',
        phone: session?.phoneNumber ?? '+14155550199',
        address: walletAddress,
      },
      shippingAddress: { name: session?.shippingAddress?.name ?? 'Test Wallet', address: walletAddress },
      paymentFailed: () => element.send({ kind: 'wallet-result', outcome: 'failed' }),
    };
    element.emit('confirm', event);
  }

  // ----- actions -----

  #createActions(): StripeCheckoutLoadActionsSuccess {
    const success = (session: StripeCheckoutSession) => ({ type: 'success' as const, session });
    const failure = (outcome: Extract<Outcome, { ok: false }>) => ({
      type: 'error' as const,
      error: { message: outcome.message, code: null },
    });
    /** An action that only sends its change: the updated session, or the refusal's message. */
    const updated = async (change: Record<string, unknown>) => {
      const outcome = await this.#update(change);
      return outcome.ok ? success(outcome.session) : failure(outcome);
    };
    const current = () => {
      if (!this.#session) throw new IntegrationError(this.#notLoaded());
      return this.#present(this.#session);
    };
    return {
      getSession: () => current(),
      applyPromotionCode: async (promotionCode) => {
        if (typeof promotionCode !== 'string' || !promotionCode.trim()) {
          return { type: 'error', error: { code: 'invalidCode', message: 'This code is invalid.' } };
        }
        const outcome = await this.#update({ promotion_code: promotionCode.trim() });
        if (outcome.ok) return success(outcome.session);
        if (outcome.code === 'promotion_code_invalid') {
          return { type: 'error', error: { code: 'invalidCode', message: outcome.message } };
        }
        return failure(outcome);
      },
      removePromotionCode: () => updated({ remove_promotion_code: true }),
      updateEmail: async (email) => {
        if (email !== null) {
          const trimmed = typeof email === 'string' ? email.trim() : '';
          if (!trimmed)
            return {
              type: 'error',
              error: { code: 'incompleteEmail', message: 'Your email is incomplete.' },
            };
          if (!EMAIL.test(trimmed)) {
            return {
              type: 'error',
              error: { code: 'invalidEmail', message: 'Your email address is invalid.' },
            };
          }
          email = trimmed;
        }
        const outcome = await this.#update({ email });
        if (outcome.ok) return success(outcome.session);
        return { type: 'error', error: { code: 'invalidEmail', message: outcome.message } };
      },
      updatePhoneNumber: async (phoneNumber) => {
        const outcome = await this.#update({ phone: phoneNumber });
        if (outcome.ok) return success(outcome.session);
        // Stripe.js types this failure as impossible (`never`); the emulator still reports what went wrong.
        return { type: 'error', error: { message: outcome.message, code: null } as never };
      },
      updateBillingAddress: (billingAddress) => updated({ billing_address: billingAddress }),
      updateShippingAddress: (shippingAddress) => updated({ shipping_address: shippingAddress }),
      // Stripe.js types these failures as impossible (`never`); the emulator still reports what went wrong, e.g.
      // a session without `name_collection` for that name.
      updateIndividualName: async (individualName) => {
        const outcome = await this.#update({ individual_name: individualName });
        if (outcome.ok) return success(outcome.session);
        return { type: 'error', error: { message: outcome.message, code: null } as never };
      },
      updateBusinessName: async (businessName) => {
        const outcome = await this.#update({ business_name: businessName });
        if (outcome.ok) {
          this.#businessNameByAction = businessName !== null;
          return success(outcome.session);
        }
        return { type: 'error', error: { message: outcome.message, code: null } as never };
      },
      updateTaxIdInfo: async (taxIdInfo) => {
        if (taxIdInfo !== null) {
          const checked = checkTaxId(
            String(taxIdInfo?.taxId?.type ?? ''),
            String(taxIdInfo?.taxId?.value ?? ''),
          );
          if (!checked.ok)
            return { type: 'error', error: { code: 'invalidTaxId', message: checked.message } };
        }
        const outcome = await this.#update({
          tax_id: taxIdInfo
            ? {
                type: taxIdInfo.taxId.type,
                value: taxIdInfo.taxId.value,
                business_name: taxIdInfo.businessName,
              }
            : null,
        });
        if (outcome.ok) return success(outcome.session);
        if (outcome.code === 'tax_id_invalid') {
          return { type: 'error', error: { code: 'invalidTaxId', message: outcome.message } };
        }
        return failure(outcome);
      },
      updateLineItemQuantity: ({ lineItem, quantity }) => updated({ line_item: { id: lineItem, quantity } }),
      updateShippingOption: (shippingOption) => updated({ shipping_rate: shippingOption }),
      addOptionalLineItem: (priceId) => updated({ add_optional_item: priceId }),
      removeOptionalLineItem: (priceId) => updated({ remove_optional_item: priceId }),
      // A server update counts as pending like the others: canConfirm is false until it is done.
      runServerUpdate: (userFunction) =>
        this.#whilePending(async () => {
          try {
            await userFunction();
          } catch (error) {
            return {
              type: 'error' as const,
              error: { message: error instanceof Error ? error.message : String(error), code: null },
            };
          }
          const loaded = await this.#loaded;
          if (loaded.type === 'error' || !this.#pages)
            return failure({ ok: false, code: null, message: this.#notLoaded() });
          const answer = await this.#pages.init();
          if (!answer.session) return failure({ ok: false, code: null, message: answerMessage(answer) });
          this.#takeAnswer(answer);
          return success(this.#present(this.#sessionAfter(answer)));
        }),
      validateElements: async () => {
        const results = await this.#validateMounted();
        if (!results.length) {
          return {
            type: 'error',
            error: {
              code: 'no_elements',
              message: 'There are no mounted Elements to validate.',
              validation_errors: [],
            },
          };
        }
        const validationErrors = results.flatMap(({ name, result }) =>
          result.ok ? [] : [{ element: name, message: result.message }],
        );
        if (validationErrors.length) {
          return {
            type: 'error',
            error: {
              code: 'validation_error',
              message: validationErrors[0]?.message ?? 'Some fields are incomplete.',
              validation_errors: validationErrors,
            },
          };
        }
        return success(current());
      },
      confirm: (args) => this.#confirm(args ?? {}),
    };
  }

  /**
   * Asks every mounted form Element for its content, each showing its own field errors, as Stripe.js does
   * when it validates the mounted Elements (`validateElements()`, and `confirm()` before it pays:
   * https://docs.stripe.com/js/custom_checkout/validate_elements).
   */
  async #validateMounted(): Promise<Array<{ name: ValidatedElement; result: CollectResult }>> {
    const mounted = VALIDATED.filter((name) => this.#elements.get(name)?.mounted);
    return Promise.all(
      mounted.map(async (name) => ({ name, result: await this.#elements.get(name)!.collect() })),
    );
  }

  async #confirm(args: NonNullable<ConfirmArgs>): Promise<StripeCheckoutConfirmResult> {
    const buyerError = (message: string): StripeCheckoutConfirmResult => ({
      type: 'error',
      error: { message, code: null },
    });
    const loaded = await this.#loaded;
    if (loaded.type === 'error' || !this.#pages || !this.#rest) return buyerError(this.#notLoaded());
    const rest = this.#rest;
    const redirect =
      args.redirect ??
      (rest.redirect_on_completion === 'if_required' || rest.redirect_on_completion === 'never'
        ? 'if_required'
        : 'always');
    // "returnUrl: The URL to redirect your customer to after they authenticate or cancel their payment …
    // This parameter is only required if you didn't specify the return_url when creating the Checkout
    // Session." (https://docs.stripe.com/js/custom_checkout/confirm). So the session's return_url is the
    // default and confirm({ returnUrl }) is used when given; which one wins when both are set is not
    // documented: the emulator lets the explicit argument win (FIDELITY.md).
    const returnUrl = (args.returnUrl ?? rest.return_url)?.replaceAll('{CHECKOUT_SESSION_ID}', rest.id);
    if (redirect === 'always' && !returnUrl) {
      throw new IntegrationError(
        'confirm() needs a return URL to redirect to: set return_url when creating the Checkout Session, ' +
          "pass confirm({ returnUrl }), or pass confirm({ redirect: 'if_required' }).",
      );
    }
    const body: Record<string, unknown> = {};
    const express = args.expressCheckoutConfirmEvent;
    const session = this.#session;
    if (express) {
      body.payment_method = { type: 'wallet' };
      if (!session?.email && express.billingDetails?.email) body.email = express.billingDetails.email;
      if (
        rest.shipping_address_collection &&
        !session?.shippingAddress &&
        express.shippingAddress &&
        !this.#shippingServerOnly
      ) {
        body.shipping_address = express.shippingAddress;
      }
      // "If your integration uses the Express Checkout Element, the phone number is collected directly from the
      // wallet" (https://docs.stripe.com/js/custom_checkout/update_phone_number); the wallet's name stands in for a
      // required individual name the buyer has not typed.
      if (rest.phone_number_collection?.enabled && express.billingDetails?.phone) {
        body.phone = express.billingDetails.phone;
      }
      const names = rest.name_collection;
      if (
        names?.individual?.enabled &&
        !session?.nameCollection?.individualName &&
        express.billingDetails?.name
      ) {
        body.individual_name = express.billingDetails.name;
      }
    } else {
      const payment = this.#elements.get('payment');
      if (!payment?.mounted) {
        return buyerError(
          'Mount a Payment Element (or pass expressCheckoutConfirmEvent) before calling confirm().',
        );
      }
      // "If the Tax ID Element is mounted with the business name field shown, calling confirm() throws an
      // IntegrationError because the Tax ID Element collects the business name directly"
      // (https://docs.stripe.com/js/custom_checkout/update_business_name).
      const taxIdElement = this.#elements.get('taxId');
      const taxIdFields = taxIdElement?.options.fields as { businessName?: string } | undefined;
      if (this.#businessNameByAction && taxIdElement?.mounted && taxIdFields?.businessName !== 'never') {
        throw new IntegrationError(
          'confirm(): the business name was set with updateBusinessName() while a Tax ID Element showing its own ' +
            "business name field is mounted. Create the Tax ID Element with fields: { businessName: 'never' } to " +
            'use updateBusinessName(), or let the Tax ID Element collect it.',
        );
      }
      // Every mounted Element must be complete: an empty Billing Address Element stops the payment.
      const validated = await this.#validateMounted();
      const invalid = validated.find(({ result }) => !result.ok);
      if (invalid && !invalid.result.ok) return buyerError(invalid.result.message);
      Object.assign(body, collectedDetails(validated));
      const collected = validated.find(({ name }) => name === 'payment')?.result;
      if (!collected?.ok || !collected.card) return buyerError('Your card number is incomplete.');
      const typedBilling = validated.find(({ name }) => name === 'billingAddress')?.result;
      const billing =
        args.billingAddress ??
        (typedBilling?.ok ? (typedBilling.value as StripeCheckoutContact) : session?.billingAddress);
      body.payment_method = {
        type: 'card',
        card: collected.card,
        billing_details: {
          name: billing?.name ?? undefined,
          email: args.email ?? session?.email ?? undefined,
          address: billing?.address,
        },
      };
    }
    if (args.email) body.email = args.email;
    if (args.shippingAddress) body.shipping_address = args.shippingAddress;
    if (args.phoneNumber) body.phone = args.phoneNumber;

    let answer = await this.#pages.confirm(body);
    while (answer.status === 200 && answer.requires_action?.type === 'three_d_secure') {
      if (answer.session) this.#apply(answer);
      const result = await openChallenge(this.origin, this.#appearance);
      answer = await this.#pages.confirm({
        ...body,
        three_d_secure: { attempt: answer.requires_action.attempt, result },
      });
    }
    const expressElement = this.#elements.get('expressCheckout');
    if (answer.status === 200 && answer.session) {
      this.#lastPaymentError = null;
      const confirmed = this.#apply(answer);
      this.#elements.get('payment')?.send({ kind: 'show-payment-error', message: null });
      if (express) expressElement?.send({ kind: 'wallet-result', outcome: 'success' });
      if (redirect === 'always' && returnUrl) window.location.assign(returnUrl);
      return { type: 'success', session: confirmed };
    }
    const message = answerMessage(answer);
    if (answer.status === 402) {
      this.#lastPaymentError = message;
      if (answer.session) this.#apply(answer);
      if (express) expressElement?.send({ kind: 'wallet-result', outcome: 'failed' });
      else this.#elements.get('payment')?.send({ kind: 'show-payment-error', message });
      return {
        type: 'error',
        error: {
          code: 'paymentFailed',
          paymentFailed: { declineCode: answer.error?.decline_code ?? null },
          message,
        },
      };
    }
    if (answer.session) this.#apply(answer);
    return buyerError(message);
  }
}

// The Elements `validateElements()` and `confirm()` check, named as Stripe.js names them in
// `validation_errors[].element` (@stripe/stripe-js 10.2.1 ValidateElementsValidationError).
type ValidatedElement =
  | 'payment'
  | 'billingAddress'
  | 'shippingAddress'
  | 'contactDetails'
  | 'taxId'
  | 'terms'
  | 'linkSignup';
const VALIDATED: readonly ValidatedElement[] = [
  'contactDetails',
  'payment',
  'billingAddress',
  'shippingAddress',
  'taxId',
  'terms',
  'linkSignup',
];

/**
 * What the mounted forms hold that the session may not have yet (their writes are debounced), sent with confirm so
 * the payment sees exactly what the buyer entered: phone and names, the tax ID, the terms checkbox.
 */
function collectedDetails(
  validated: ReadonlyArray<{ name: ValidatedElement; result: CollectResult }>,
): Record<string, unknown> {
  const value = (name: ValidatedElement) => {
    const result = validated.find((entry) => entry.name === name)?.result;
    return result?.ok ? result.value : undefined;
  };
  const details: Record<string, unknown> = {};
  const contact = value('contactDetails') as ContactValue | undefined;
  if (contact?.phone) details.phone = contact.phone;
  if (contact?.individualName) details.individual_name = contact.individualName;
  if (contact?.businessName) details.business_name = contact.businessName;
  const taxId = value('taxId') as TaxIdValue | undefined;
  if (taxId?.taxId) {
    details.tax_id = { type: taxId.externalTaxIdType, value: taxId.taxId, business_name: taxId.businessName };
  }
  if ((value('terms') as { accepted?: boolean } | undefined)?.accepted) details.terms_of_service = 'accepted';
  return details;
}

/** What the Contact Details Element's iframe holds: the email, and the phone and names the session collects. */
interface ContactValue {
  email: string;
  phone?: string;
  individualName?: string;
  businessName?: string;
}

/** The Tax ID Element's value (StripeTaxIdElementChangeEvent['value']). */
interface TaxIdValue {
  businessName: string;
  taxId: string;
  taxIdType: string;
  externalTaxIdType: string;
}

/**
 * Which sessions a release may load. Stripe renamed `ui_mode: 'custom'` to `'elements'` and
 * `stripe.initCheckout()` to `stripe.initCheckoutElementsSdk()` together at 2026-03-25.dahlia
 * (https://docs.stripe.com/changelog/dahlia/2026-03-25/updates-available-checkout-session-ui-modes,
 * https://docs.stripe.com/changelog/dahlia/2026-03-25/rename-init-checkout-to-init-checkout-elements).
 * What Stripe.js does with a session of the other generation is not documented; the stand-in refuses it so
 * that a page pairing a release with the wrong session is caught offline (FIDELITY.md).
 */
function generationMismatch(context: SdkContext, uiMode: string | null | undefined): string | null {
  const expected = context.train === 'clover' ? 'custom' : 'elements';
  if (uiMode === expected) return null;
  const method = `${context.methodName}()`;
  if (context.train === 'clover' && uiMode === 'elements') {
    return (
      `${method} cannot load this Checkout Session: it was created with ui_mode: 'elements' (API version ` +
      '2026-03-25.dahlia or later), which Stripe.js clover does not know. Load Stripe.js dahlia or later ' +
      '(https://js.stripe.com/dahlia/stripe.js, @stripe/stripe-js 9+) and call initCheckoutElementsSdk(), or ' +
      "create the session with ui_mode: 'custom' on an API version before 2026-03-25.dahlia."
    );
  }
  if (uiMode === 'custom') {
    return (
      `${method} cannot load this Checkout Session: it was created with ui_mode: 'custom' (an API version ` +
      'before 2026-03-25.dahlia). Load Stripe.js clover (https://js.stripe.com/clover/stripe.js, ' +
      "@stripe/stripe-js 8) and call initCheckout(), or create the session with ui_mode: 'elements'."
    );
  }
  return (
    `${method} cannot load this Checkout Session: it was created with ui_mode: '${uiMode ?? 'hosted'}'. ` +
    `It loads Checkout Sessions created with ui_mode: '${expected}' only.`
  );
}

function checkClientSecret(secret: unknown, methodName: string): asserts secret is string {
  if (typeof secret !== 'string' || !CLIENT_SECRET.test(secret)) {
    const prefix =
      typeof secret === 'string' ? `a value starting with "${secret.slice(0, 3)}"` : describe(secret);
    throw new IntegrationError(
      `Invalid value for ${methodName}: clientSecret should be a Checkout Session client secret of the form ` +
        `cs_test_…_secret_…, got ${prefix}. Pass the client_secret of a Checkout Session created with ` +
        "ui_mode 'elements' (or 'custom' before 2026-03-25.dahlia).",
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function answerMessage(answer: PaymentPageAnswer): string {
  return answer.error?.message ?? `The Stripe emulator answered ${answer.status}.`;
}

function jsonSafe(options: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(options ?? {})) as Record<string, unknown>;
}

function toAddressValue(contact: StripeCheckoutContact): AddressValue {
  return {
    name: contact.name ?? '',
    address: {
      line1: contact.address.line1 ?? '',
      line2: contact.address.line2 ?? null,
      city: contact.address.city ?? '',
      state: contact.address.state ?? '',
      postal_code: contact.address.postal_code ?? '',
      country: contact.address.country,
    },
  };
}

/** `auto` means the browser's language, as Stripe.js does. */
function resolveLocale(locale: string): string {
  return locale === 'auto' ? navigator.language || 'en' : locale;
}

function slotName(slot: ElementSlot): string {
  return slot === 'billingAddress' || slot === 'shippingAddress' ? `address (${slot})` : slot;
}

function capitalise(slot: ElementSlot): string {
  return slot.charAt(0).toUpperCase() + slot.slice(1);
}
