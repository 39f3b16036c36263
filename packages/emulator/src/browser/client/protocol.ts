// The postMessage protocol between the stand-in (in the merchant's page) and its iframes (on the emulator's
// origin). Every message carries the channel id of one iframe; both sides check the peer's origin and window.
import type { Appearance, CssFontSource, CustomFontSource, StripeCheckoutSession } from '@stripe/stripe-js';

export type FrameKind =
  | 'payment'
  | 'express-checkout'
  | 'address'
  | 'contact-details'
  | 'currency-selector'
  | 'challenge';

export const FRAME_KINDS: readonly FrameKind[] = [
  'payment',
  'express-checkout',
  'address',
  'contact-details',
  'currency-selector',
  'challenge',
];

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
  defaults: { email?: string; phone?: string; address?: AddressValue };
}

/** Messages the stand-in sends to an iframe. */
export type ToFrame =
  | { kind: 'init'; init: FrameInit; session: StripeCheckoutSession | null }
  | { kind: 'session'; session: StripeCheckoutSession }
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
  | { kind: 'change'; empty: boolean; complete: boolean; value: unknown; error?: string }
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'escape' }
  | { kind: 'appearance-applied'; appearance: Appearance }
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
