// One Element as the merchant's page sees it: mount/unmount/destroy, on/once/off, update. Its UI lives in an
// iframe on the emulator's origin (FrameHost); the SDK decides what the iframe's messages mean for the session.
import type { Appearance, StripeCheckoutSession, StripeError } from '@stripe/stripe-js';
import { IntegrationError } from './errors.js';
import { FrameHost } from './frame-host.js';
import type { AddressValue, CollectResult, FrameInit, FrameKind, FromFrame, ToFrame } from './protocol.js';

export type ElementType =
  | 'payment'
  | 'expressCheckout'
  | 'address'
  | 'contactDetails'
  | 'currencySelector'
  | 'taxId'
  | 'terms'
  | 'linkSignup';

/** The Address Element's `getValue()` answer. */
interface AddressGetValue {
  complete: boolean;
  isNewAddress: boolean;
  value: AddressValue;
}

/** Every handler the Stripe.js types allow; events are built by the emitter, so the handler's own type is kept. */
type Handler = (event: never) => unknown;

export interface ElementHost {
  readonly origin: string;
  frameInit(element: EmulatedElement): FrameInit;
  session(): StripeCheckoutSession | null;
  frameMessage(element: EmulatedElement, message: FromFrame): void;
  destroyed(element: EmulatedElement): void;
}

const FRAME_TITLES: Record<ElementType, string> = {
  payment: 'Secure payment input frame',
  expressCheckout: 'Secure express checkout frame',
  address: 'Secure address input frame',
  contactDetails: 'Secure contact details frame',
  currencySelector: 'Secure currency selector frame',
  taxId: 'Secure tax ID input frame',
  terms: 'Secure terms frame',
  linkSignup: 'Secure Link sign-up frame',
};

const FRAME_KINDS: Record<ElementType, FrameKind> = {
  payment: 'payment',
  expressCheckout: 'express-checkout',
  address: 'address',
  contactDetails: 'contact-details',
  currencySelector: 'currency-selector',
  taxId: 'tax-id',
  terms: 'terms',
  linkSignup: 'link-signup',
};

export class EmulatedElement {
  readonly elementType: ElementType;
  readonly mode: 'billing' | 'shipping' | undefined;
  options: Record<string, unknown>;
  /** The last `change` the iframe reported (address and contact details use it for getValue). */
  lastChange: { empty: boolean; complete: boolean; value: unknown; visible?: boolean } | null = null;
  /** The font families the iframe reported it loaded (see debug.ts). */
  appliedFonts: string[] | null = null;
  /** What the iframe reported it applied (see debug.ts). */
  appliedAppearance: Appearance | null = null;
  readonly #host: ElementHost;
  readonly #listeners = new Map<string, Array<{ handler: Handler; once: boolean }>>();
  #frame: FrameHost | null = null;
  #destroyed = false;
  #ready = false;

  constructor(
    host: ElementHost,
    elementType: ElementType,
    options: Record<string, unknown>,
    mode?: 'billing' | 'shipping',
  ) {
    this.#host = host;
    this.elementType = elementType;
    this.options = options;
    this.mode = mode;
  }

  get mounted(): boolean {
    return this.#frame !== null;
  }

  get isReady(): boolean {
    return this.#ready;
  }

  /** The iframe while mounted (tests and the debug accessor read its data-appearance). */
  get iframe(): HTMLIFrameElement | null {
    return this.#frame?.iframe ?? null;
  }

  mount(domElement: string | HTMLElement): void {
    if (this.#destroyed) {
      throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
    }
    if (this.#frame) {
      throw new IntegrationError(
        'This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.',
      );
    }
    const container = resolveMountTarget(domElement, this.elementType);
    const frame = new FrameHost({
      origin: this.#host.origin,
      kind: FRAME_KINDS[this.elementType],
      title: FRAME_TITLES[this.elementType],
      onMessage: (message) => this.#receive(message),
    });
    container.replaceChildren(frame.iframe);
    this.#frame = frame;
    this.#ready = false;
    const init = this.#host.frameInit(this);
    frame.send({ kind: 'init', init, session: this.#host.session() });
    if (init.loader !== 'never') queueMicrotask(() => this.emit('loaderstart', {}));
  }

  unmount(): void {
    this.appliedAppearance = null;
    this.appliedFonts = null;
    this.#frame?.dispose();
    this.#frame = null;
    this.#ready = false;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.unmount();
    this.#destroyed = true;
    this.#listeners.clear();
    this.#host.destroyed(this);
  }

  focus(): void {
    this.send({ kind: 'focus' });
  }

  blur(): void {
    this.send({ kind: 'blur' });
  }

  clear(): void {
    this.send({ kind: 'clear' });
  }

  collapse(): this {
    return this;
  }

  update(options: object): this {
    this.options = { ...this.options, ...(options as Record<string, unknown>) };
    this.send({ kind: 'options', options: this.options });
    return this;
  }

  /**
   * What the buyer typed, in the shape of Stripe's `getValue()`: the Address Element's
   * (https://docs.stripe.com/js/elements_object/get_value_address_element), or for the Tax ID Element its change
   * event (https://docs.stripe.com/js/elements_object/get_value_tax_id_element; `createTaxIdElement()` types the
   * element as StripeTaxIdElement, whose `getValue()` declares that shape).
   */
  async getValue(): Promise<AddressGetValue> {
    const change = this.lastChange;
    if (this.elementType === 'taxId') {
      const taxId = {
        elementType: 'taxId',
        empty: change?.empty ?? true,
        complete: change?.complete ?? false,
        visible: change?.visible ?? false,
        value: change?.value ?? { businessName: '', taxId: '', taxIdType: '', externalTaxIdType: '' },
      };
      return taxId as unknown as AddressGetValue;
    }
    const value = (change?.value as { name: string; address: Record<string, string> } | undefined) ?? {
      name: '',
      address: {},
    };
    return {
      complete: change?.complete ?? false,
      isNewAddress: true,
      value: {
        name: value.name,
        address: {
          line1: value.address.line1 ?? '',
          line2: value.address.line2 || null,
          city: value.address.city ?? '',
          state: value.address.state ?? '',
          postal_code: value.address.postal_code ?? '',
          country: value.address.country ?? '',
        },
      },
    };
  }

  on(eventType: string, handler: Handler): this {
    this.#add(eventType, handler, false);
    return this;
  }

  once(eventType: string, handler: Handler): this {
    this.#add(eventType, handler, true);
    return this;
  }

  off(eventType: string, handler?: Handler): this {
    if (!handler) this.#listeners.delete(eventType);
    else {
      const remaining = (this.#listeners.get(eventType) ?? []).filter((entry) => entry.handler !== handler);
      this.#listeners.set(eventType, remaining);
    }
    return this;
  }

  hasListeners(eventType: string): boolean {
    return (this.#listeners.get(eventType)?.length ?? 0) > 0;
  }

  /** Calls the handlers of `eventType` with `details` plus the element's type (and mode, for addresses). */
  emit(eventType: string, details: object): void {
    const base: Record<string, unknown> = { elementType: this.elementType };
    if (this.mode) base.elementMode = this.mode;
    const event = { ...base, ...details };
    const entries = this.#listeners.get(eventType) ?? [];
    this.#listeners.set(
      eventType,
      entries.filter((entry) => !entry.once),
    );
    for (const entry of entries) {
      try {
        (entry.handler as (event: unknown) => unknown)(event);
      } catch (error) {
        // Like Stripe.js: a throwing handler must not break the element.
        console.error(error);
      }
    }
  }

  send(message: ToFrame): void {
    this.#frame?.send(message);
  }

  collect(): Promise<CollectResult> {
    if (!this.#frame) {
      return Promise.resolve({
        ok: false,
        message: `The ${this.elementType} Element is not mounted.`,
        empty: true,
      });
    }
    return this.#frame.collect();
  }

  loadError(error: StripeError): void {
    this.emit('loaderror', { error });
  }

  #receive(message: FromFrame): void {
    switch (message.kind) {
      case 'ready':
        this.#ready = true;
        this.emit('ready', this.elementType === 'expressCheckout' ? { availablePaymentMethods: WALLET } : {});
        return;
      case 'focus':
      case 'blur':
      case 'escape':
        this.emit(message.kind, {});
        return;
      case 'change':
        this.lastChange = {
          empty: message.empty,
          complete: message.complete,
          value: message.value,
          ...(message.visible !== undefined ? { visible: message.visible } : {}),
        };
        break;
      case 'fonts-applied':
        this.appliedFonts = message.families;
        if (this.#frame) this.#frame.iframe.dataset.fonts = JSON.stringify(message.families);
        return;
      case 'appearance-applied':
        this.appliedAppearance = message.appearance;
        if (this.#frame) this.#frame.iframe.dataset.appearance = JSON.stringify(message.appearance);
        break;
      default:
        break;
    }
    this.#host.frameMessage(this, message);
  }

  #add(eventType: string, handler: Handler, once: boolean): void {
    if (typeof handler !== 'function') {
      throw new IntegrationError(
        `Invalid value for ${eventType} handler: expected a function, got ${handler === null ? 'null' : typeof handler}.`,
      );
    }
    const entries = this.#listeners.get(eventType) ?? [];
    entries.push({ handler, once });
    this.#listeners.set(eventType, entries);
  }
}

/** The test wallet reports itself as Google Pay, the wallet most Chromium users see. */
const WALLET = {
  amazonPay: false,
  applePay: false,
  googlePay: true,
  link: false,
  paypal: false,
  klarna: false,
};

function resolveMountTarget(domElement: string | HTMLElement, elementType: ElementType): HTMLElement {
  let container: Element;
  if (typeof domElement === 'string') {
    const matches = document.querySelectorAll(domElement);
    const first = matches[0];
    if (!first) {
      throw new IntegrationError(
        `The selector you specified (${domElement}) applies to no DOM elements that are currently on the page.\n` +
          'Make sure the element exists on the page before calling mount().',
      );
    }
    if (matches.length > 1) {
      console.warn(
        `The selector you specified (${domElement}) applies to ${matches.length} DOM elements that are currently ` +
          'on the page.\nThe Stripe Element will be mounted to the first one.',
      );
    }
    container = first;
  } else if (
    domElement &&
    typeof domElement === 'object' &&
    (domElement as Node).nodeType === Node.ELEMENT_NODE
  ) {
    container = domElement;
  } else {
    throw new IntegrationError(
      'Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.',
    );
  }
  if (container.getRootNode() instanceof ShadowRoot) {
    throw new IntegrationError('Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
  }
  if (!container.isConnected) {
    throw new IntegrationError(
      `${elementType} Element didn't mount normally. The DOM element you mount to must be attached to the document.`,
    );
  }
  return container as HTMLElement;
}
