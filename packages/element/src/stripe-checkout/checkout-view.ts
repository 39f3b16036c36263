import type { Appearance, StripeCheckoutSession } from '@stripe/stripe-js';
import type { CheckoutState } from '../events/checkout-events.js';
import type { CheckoutMessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';
import type { CheckoutError } from '../internal/checkout-error.js';
import type { CheckoutFont } from '../internal/fonts.js';
import type { CheckoutRedirect } from '../internal/options.js';

/** What the element renders; a run replaces it as a whole on every change. */
export interface CheckoutView {
  readonly state: CheckoutState;
  readonly session: StripeCheckoutSession | null;
  readonly failure: CheckoutError | null;
  readonly paymentError: string | null;
  readonly promotionError: string | null;
  readonly emailError: string | null;
  /** A cart change (quantity, optional item, `updateItems`) failed: shown in the summary. */
  readonly cartError: string | null;
  /** The shop's server refused or could not price the shipping address: shown under the address. */
  readonly shippingError: string | null;
  /** The session has no email yet and no Contact Details Element takes it: the element shows its own field. */
  readonly collectEmail: boolean;
  /** A buyer update (quantity, code, shipping, email) is in flight. */
  readonly busy: boolean;
}

export const IDLE_VIEW: CheckoutView = {
  state: 'idle',
  session: null,
  failure: null,
  paymentError: null,
  promotionError: null,
  emailError: null,
  cartError: null,
  shippingError: null,
  collectEmail: false,
  busy: false,
};

/**
 * What a run needs from the element that owns it. A run lets go of its host when it ends (complete, expired,
 * failed) or is disposed, so whatever Stripe.js keeps of it afterwards holds nothing of the page.
 */
export interface CheckoutRunHost {
  /** The element whose light DOM receives Stripe's mount points. */
  readonly element: HTMLElement;
  /** Unique per element instance: prefixes mount ids and forwarding slot names. */
  readonly instanceId: string;
  /** The Stripe Appearance to start with. */
  appearance(): Appearance;
  /** The element's strings in the buyer's language. */
  readonly t: Translate<CheckoutMessageKey>;
  /** Fonts for Stripe's iframes (the page's own faces and the `fonts` property). */
  fonts(): CheckoutFont[];
  /** Read at confirmation time (a change of `redirect`/`return-url` does not re-initialise). */
  confirmOptions(): { redirect: CheckoutRedirect; returnUrl?: string | undefined };
  /** The view changed; `focusError` asks for the error region to take focus once rendered. */
  changed(view: CheckoutView, focusError: boolean): void;
  emit(type: `checkout-${string}`, detail: unknown): void;
}
