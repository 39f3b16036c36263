import type Stripe from 'stripe';
import type { Clock } from './clock.js';
import type { SessionRecord } from './records.js';

/** Private previews an emulated account can be given (`startEmulator({ previews })`). */
export const PREVIEWS = ['elements_optional_items'] as const;
export type Preview = (typeof PREVIEWS)[number];

/** What Stripe keeps in an account's Dashboard settings, where the emulator needs it. */
export interface AccountSettings {
  /**
   * The public terms of service URL (Dashboard → Settings → Public details). `consent_collection
   * [terms_of_service]=required` needs one (stripe-node 23.1.0, SessionCreateParams.ConsentCollection).
   */
  termsOfServiceUrl: string | null;
  previews: ReadonlySet<Preview>;
}

export const DEFAULT_TERMS_OF_SERVICE_URL = 'https://example.com/terms';

/** An event raised by a state change; the webhook half turns it into an `event` and delivers it. */
export interface StateChange {
  type: string;
  object: { id: string; object: string };
}

/**
 * All emulator state, in plain in-memory Maps (insertion order = creation order, which lists rely on).
 * REST objects other than sessions are stored as the `stripe` package types them.
 */
export class State {
  readonly clock: Clock;
  readonly account: AccountSettings;
  readonly sessions = new Map<string, SessionRecord>();
  readonly products = new Map<string, Stripe.Product>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly coupons = new Map<string, Stripe.Coupon>();
  readonly promotionCodes = new Map<string, Stripe.PromotionCode>();
  readonly shippingRates = new Map<string, Stripe.ShippingRate>();
  readonly customers = new Map<string, Stripe.Customer>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly events = new Map<string, Stripe.EventBase>();
  readonly #listeners = new Set<(change: StateChange) => void>();

  constructor(
    clock: Clock,
    account: AccountSettings = { termsOfServiceUrl: DEFAULT_TERMS_OF_SERVICE_URL, previews: new Set() },
  ) {
    this.clock = clock;
    this.account = account;
  }

  onChange(listener: (change: StateChange) => void): void {
    this.#listeners.add(listener);
  }

  emit(type: string, object: { id: string; object: string }): void {
    for (const listener of this.#listeners) listener({ type, object });
  }

  findPromotionCodeByCode(code: string): Stripe.PromotionCode | undefined {
    const wanted = code.trim().toUpperCase();
    for (const promotionCode of this.promotionCodes.values()) {
      if (promotionCode.code.toUpperCase() === wanted) return promotionCode;
    }
    return undefined;
  }
}
