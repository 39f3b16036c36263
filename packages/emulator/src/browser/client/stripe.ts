// Entry of the Stripe.js stand-in served at /<train>/stripe.js: defines window.Stripe. The build bundles it once
// per train with __STRIPE_TRAIN__ defined ('clover' gets initCheckout, later trains initCheckoutElementsSdk).
import type {
  StripeCheckoutElementsSdkOptions,
  StripeConstructor,
  StripeConstructorOptions,
} from '@stripe/stripe-js';
import { debugRegistry, installDebugRegistry } from './debug.js';
import { IntegrationError } from './errors.js';
import { notEmulated } from './not-emulated.js';
import { createCheckoutSdk } from './sdk.js';
import { notEmulatedStripeMethods, type Train } from './stripe-surface.js';

declare const __STRIPE_TRAIN__: Train;

const train = __STRIPE_TRAIN__;
const origin = emulatorOrigin();

/** What react-stripe-js and other wrappers announce themselves with (`stripe.registerAppInfo`). */
interface WrapperLibrary {
  name: string;
  version?: string;
  url?: string;
  partner_id?: string;
}

/**
 * `Stripe(publishableKey)`: an object with the whole public surface of the release's `Stripe` type
 * (stripe-surface.ts). react-stripe-js accepts a Stripe object only if `elements`, `createToken`,
 * `createPaymentMethod` and `confirmCardPayment` are functions (@stripe/react-stripe-js src/utils/guards.ts),
 *  so every method exists; those outside Checkout throw a "not emulated" IntegrationError.
 */
function StripeStandIn(publishableKey: string, options?: StripeConstructorOptions): Record<string, unknown> {
  checkPublishableKey(publishableKey);
  // "The IETF language tag of the locale to display placeholders and error strings in … Default is `auto`"
  // (https://docs.stripe.com/js/initializing#init_stripe_js-options-locale). Kept so a test can see what reached
  // Stripe.js; the frames take it as their `lang`.
  const locale = typeof options?.locale === 'string' && options.locale ? options.locale : 'auto';
  const instance: Record<string, unknown> = {};
  for (const method of notEmulatedStripeMethods(train)) {
    instance[method] = (): never => notEmulated(`stripe.${method}()`);
  }
  const initCheckoutElementsSdk = (options: StripeCheckoutElementsSdkOptions) =>
    createCheckoutSdk(
      {
        origin,
        publishableKey,
        methodName: train === 'clover' ? 'initCheckout' : 'initCheckoutElementsSdk',
        train,
        locale,
      },
      options,
    );
  if (train === 'clover') {
    // @stripe/stripe-js 8 declares `initCheckoutElementsSdk` on clover as an alias of `initCheckout`.
    instance.initCheckout = initCheckoutElementsSdk;
    instance.initCheckoutElementsSdk = initCheckoutElementsSdk;
  } else {
    instance.initCheckoutElementsSdk = initCheckoutElementsSdk;
    // "stripe.initCheckout() has been renamed, so calling it throws an IntegrationError"
    // (https://docs.stripe.com/changelog/dahlia/2026-03-25/rename-init-checkout-to-init-checkout-elements).
    instance.initCheckout = (): never => {
      throw new IntegrationError(
        'stripe.initCheckout() has been renamed to stripe.initCheckoutElementsSdk() in this version of ' +
          'Stripe.js; it takes the same options and returns the same Checkout object.',
      );
    };
  }
  instance.registerAppInfo = (info: WrapperLibrary) => {
    checkAppInfo(info, 'registerAppInfo');
    debugRegistry().registerAppInfo(info);
  };
  // Not in the public types, but react-stripe-js calls it when it exists (src/utils/registerWithStripeJs.ts).
  instance._registerWrapper = (wrapper: { name: string; version?: string }) => {
    checkAppInfo(wrapper, '_registerWrapper');
    debugRegistry().registerWrapper(wrapper);
  };
  return instance;
}

function checkAppInfo(info: unknown, method: string): asserts info is WrapperLibrary {
  if (typeof info !== 'object' || info === null || typeof (info as { name?: unknown }).name !== 'string') {
    throw new IntegrationError(`Invalid value for ${method}: expected an object with a string name.`);
  }
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

// `Stripe.version` is the release train (`3` for /v3/), which @stripe/stripe-js compares with its own
// RELEASE_TRAIN before using an existing window.Stripe (dist/index.mjs, "Stripe.js@… was loaded on the page").
StripeStandIn.version = train === 'v3' ? 3 : train;
installDebugRegistry(train, origin);
window.Stripe = StripeStandIn as unknown as StripeConstructor;
