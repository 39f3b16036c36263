// The postMessage protocol between the stand-in (in the merchant's page) and its iframes (on the emulator's
// origin). Every message carries the channel id of one iframe; both sides check the peer's origin and window.
import type { Appearance, CssFontSource, CustomFontSource, StripeCheckoutSession } from '@stripe/stripe-js';

export type { FrameKind } from '../frame-kinds.js';

/**
 * What the session asks the buyer for beyond the Stripe.js session shape (which does not say it): the frames show
 * or hide their fields by it. Built by the stand-in from the REST session (engine.ts `collectionNeeds`).
 */
export interface CollectionNeeds {
  /** `phone_number_collection[enabled]`: the phone number is required. */
  phone: boolean;
  individualName: 'required' | 'optional' | null;
  businessName: 'required' | 'optional' | null;
  /** `tax_id_collection[enabled]`. */
  taxId: boolean;
  /** `consent_collection[terms_of_service]` is `required`. */
  terms: boolean;
  termsAccepted: boolean;
  termsOfServiceUrl: string | null;
  /** Link is among the session's payment methods and not hidden by `wallet_options[link][display]`. */
  link: boolean;
  /** The buyer's country (shipping address, else billing), for the Tax ID Element's default type. */
  country: string | null;
}

export type Fonts = Array<CssFontSource | CustomFontSource>;

export interface TestCard {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
  postal_code?: string;
}

export interface AddressValue {
  name: string;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    state: string;
    postal_code: string;
    country: string;
  };
}

export interface FrameInit {
  appearance: Appearance;
  fonts: Fonts;
  loader: 'auto' | 'always' | 'never';
  /** Element options as given to create…Element (JSON-safe). */
  options: Record<string, unknown>;
  /** Billing or shipping, for the address element. */
  mode?: 'billing' | 'shipping';
  /** Prefill from `defaultValues` and the session. */
  defaults: {
    email?: string;
    phone?: string;
    address?: AddressValue;
    individualName?: string;
    businessName?: string;
    taxId?: { type: string; value: string; businessName: string };
  };
  /** `Stripe(pk, { locale })` as given (`auto` resolved to the browser's language): the frame's `<html lang>`. */
  locale: string;
  needs: CollectionNeeds | null;
}

/** Messages the stand-in sends to an iframe. */
export type ToFrame =
  | { kind: 'init'; init: FrameInit; session: StripeCheckoutSession | null }
  | { kind: 'session'; session: StripeCheckoutSession; needs: CollectionNeeds | null }
  | { kind: 'appearance'; appearance: Appearance }
  | { kind: 'fonts'; fonts: Fonts }
  | { kind: 'options'; options: Record<string, unknown> }
  | { kind: 'collect'; requestId: number }
  | { kind: 'show-payment-error'; message: string | null }
  | { kind: 'wallet-result'; outcome: 'sheet' | 'success' | 'failed' | 'idle' }
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'clear' };

/** What an iframe answers when the stand-in asks for its content (payment: the card; forms: their value). */
export type CollectResult =
  | { ok: true; card?: TestCard; value?: unknown }
  | { ok: false; message: string; empty: boolean };

/** Messages an iframe sends to the stand-in. */
export type FromFrame =
  | { kind: 'loaded' }
  | { kind: 'ready' }
  | { kind: 'height'; height: number }
  | { kind: 'change'; empty: boolean; complete: boolean; value: unknown; error?: string; visible?: boolean }
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'escape' }
  | { kind: 'appearance-applied'; appearance: Appearance }
  /** The font families the frame has loaded (FontFace status `loaded`), after `fonts`/`loadFonts()`. */
  | { kind: 'fonts-applied'; families: string[] }
  | { kind: 'collected'; requestId: number; result: CollectResult }
  | { kind: 'wallet-click' }
  | { kind: 'wallet-approve' }
  | { kind: 'wallet-cancel' }
  | { kind: 'currency-change'; currency: string }
  | { kind: 'challenge-result'; result: 'complete' | 'fail' };

/** The envelope: `channel` ties a message to one iframe, `stripeEmulator` keeps other pages' messages out. */
export interface Envelope<T> {
  stripeEmulator: 1;
  channel: string;
  message: T;
}

export function isEnvelope(value: unknown): value is Envelope<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { stripeEmulator?: unknown }).stripeEmulator === 1 &&
    typeof (value as { channel?: unknown }).channel === 'string'
  );
}
