// Entry of the Stripe.js stand-in served at /<train>/stripe.js: defines window.Stripe. The router bundles it
// once per train with __STRIPE_TRAIN__ defined ('clover' gets initCheckout, later trains initCheckoutElementsSdk).
import type {
  Stripe,
  StripeCheckoutElementsSdk,
  StripeCheckoutElementsSdkOptions,
  StripeConstructor,
  StripeConstructorOptions,
} from '@stripe/stripe-js';
import { installDebugRegistry } from './debug.js';
import { IntegrationError } from './errors.js';
import { CheckoutElementsSdk } from './sdk.js';

declare const __STRIPE_TRAIN__: string;

/** What the stand-in's `Stripe()` returns from dahlia on: the Checkout Elements SDK part of Stripe.js. */
type ElementsSdkStripe = Pick<Stripe, 'initCheckoutElementsSdk'>;

/** @stripe/stripe-js v8 (clover): synchronous `initCheckout`, same options and instance as the later rename. */
interface CloverStripe {
  initCheckout(options: StripeCheckoutElementsSdkOptions): StripeCheckoutElementsSdk;
}

const train = __STRIPE_TRAIN__;
const origin = emulatorOrigin();

function StripeStandIn(
  publishableKey: string,
  _options?: StripeConstructorOptions,
): ElementsSdkStripe | CloverStripe {
  checkPublishableKey(publishableKey);
  if (train === 'clover') {
    return {
      initCheckout: (options) =>
        new CheckoutElementsSdk({ origin, publishableKey, methodName: 'initCheckout' }, options),
    };
  }
  return {
    initCheckoutElementsSdk: (options) =>
      new CheckoutElementsSdk({ origin, publishableKey, methodName: 'initCheckoutElementsSdk' }, options),
  };
}

/** Stripe.js's own checks, with its messages, so a wrong key fails the same way against the emulator. */
function checkPublishableKey(key: unknown): void {
  if (typeof key !== 'string' || key.trim() === '') {
    const used = key === '' ? 'an empty string' : key === undefined ? 'undefined' : `a ${typeof key}`;
    throw new IntegrationError(`Please call Stripe() with your publishable key. You used ${used}.`);
  }
  if (/^(sk|rk)_/.test(key)) {
    throw new IntegrationError(
      'You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.',
    );
  }
  if (!/^pk_(test|live)_/.test(key)) {
    throw new IntegrationError(
      `Invalid value for Stripe(): apiKey should be a publishable key starting with pk_test_ (or pk_live_). ` +
        `You specified a value starting with "${key.slice(0, 3)}".`,
    );
  }
}

/** The emulator's origin: where this script was loaded from (every request and iframe goes there). */
function emulatorOrigin(): string {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return new URL(current.src).origin;
  const scripts = [...document.querySelectorAll<HTMLScriptElement>('script[src*="stripe.js"]')];
  const last = scripts.at(-1);
  return last ? new URL(last.src, window.location.href).origin : window.location.origin;
}

StripeStandIn.version = train === 'v3' ? 3 : train;
installDebugRegistry(train, origin);
// The page sees the Checkout part of Stripe.js only; integrations type window.Stripe as the full constructor.
window.Stripe = StripeStandIn as unknown as StripeConstructor;
