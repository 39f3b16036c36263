import type {
  Appearance,
  Stripe,
  StripeCheckoutElementsSdk,
  StripeCheckoutElementsSdkOptions,
  StripeConstructor,
  StripeConstructorOptions,
  StripeElementLocale,
} from '@stripe/stripe-js';
// `@stripe/stripe-js/pure` (no side effect on import) spelt with its file: the package has no exports map, so Node's
// ESM loader (server-side rendering) cannot resolve the bare directory while every bundler can resolve the file.
import { loadStripe } from '@stripe/stripe-js/pure/index.mjs';
import { CheckoutError } from './checkout-error.js';
import type { UiMode } from './options.js';

/**
 * `custom` sessions (API versions up to 2025-09-30.clover) are loaded by the clover release's `initCheckout`, the
 * @stripe/stripe-js v8 shape: synchronous, `clientSecret` as a string or a promise of one. v7's promise-returning
 * `initCheckout({ fetchClientSecret })` is not supported.
 */
interface CloverStripe {
  initCheckout(options: StripeCheckoutElementsSdkOptions): StripeCheckoutElementsSdk;
}

export type StripeInput = Stripe | Promise<Stripe | null> | null | undefined;

/** Where a `custom` session's Stripe.js comes from: `@stripe/stripe-js` 10 itself only loads its own train, endive. */
export const CLOVER_STRIPE_JS = 'https://js.stripe.com/clover/stripe.js';
/** The script `loadStripe` of `@stripe/stripe-js` 10 injects (its RELEASE_TRAIN); a test holds the two together. */
export const CURRENT_STRIPE_JS = 'https://js.stripe.com/endive/stripe.js';

// One Stripe instance per (generation, key, locale) for the whole page: several elements share it, Stripe.js loads once.
const stripeByKey = new Map<string, Promise<Stripe>>();
let cloverConstructor: Promise<StripeConstructor> | null = null;

function stripeJsFailed(): CheckoutError {
  return new CheckoutError(
    'stripe_js_failed',
    'Stripe.js could not be loaded. Check your connection (and that the page allows https://js.stripe.com), then try again.',
    true,
  );
}

/** Adds the clover release the way `loadStripe` adds its own; a page that already has `Stripe` keeps it. */
function loadClover(): Promise<StripeConstructor> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  if (!cloverConstructor) {
    const script = document.createElement('script');
    script.src = CLOVER_STRIPE_JS;
    cloverConstructor = new Promise((resolve, reject) => {
      script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject());
      script.onerror = reject;
    });
    // A failed load must not stick: the retry button has to be able to load it again.
    cloverConstructor.catch(() => {
      cloverConstructor = null;
      script.remove();
    });
    document.head.append(script);
  }
  return cloverConstructor;
}

export function loadStripeOnce(
  uiMode: UiMode,
  publishableKey: string,
  locale: string | undefined,
): Promise<Stripe> {
  const cacheKey = `${uiMode}|${publishableKey}|${locale ?? ''}`;
  let pending = stripeByKey.get(cacheKey);
  if (!pending) {
    const options: StripeConstructorOptions | undefined = locale
      ? { locale: locale as StripeElementLocale }
      : undefined;
    pending = (
      uiMode === 'custom'
        ? loadClover().then((construct) => construct(publishableKey, options))
        : loadStripe(publishableKey, options)
    ).then(
      (stripe) => {
        if (!stripe) throw stripeJsFailed();
        return stripe;
      },
      () => {
        throw stripeJsFailed();
      },
    );
    stripeByKey.set(cacheKey, pending);
    pending.catch(() => stripeByKey.delete(cacheKey));
  }
  return pending;
}

/**
 * While a session endpoint has not said which generation its session is, the current release is the likely one:
 * fetching it now (without running it) keeps Stripe.js off the critical path. A `custom` answer loads clover instead.
 */
export function preloadCurrentStripeJs(): void {
  if (window.Stripe || document.querySelector(`link[href="${CURRENT_STRIPE_JS}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = CURRENT_STRIPE_JS;
  document.head.append(link);
}

/** The `stripe` property may be an instance or a promise of one (react-stripe-js habit); classify it once. */
export async function resolveStripeInput(input: Stripe | Promise<Stripe | null>): Promise<Stripe> {
  try {
    const stripe = await input;
    if (stripe) return stripe;
  } catch {
    // fall through: a rejected promise means Stripe.js failed to load on the page's side
  }
  throw stripeJsFailed();
}

/** Starts the Checkout SDK of the session's generation; a Stripe.js of the other generation is named, with the fix. */
export function initCheckoutSdk(
  stripe: Stripe,
  uiMode: UiMode,
  clientSecret: Promise<string>,
  appearance: Appearance,
): StripeCheckoutElementsSdk {
  const options: StripeCheckoutElementsSdkOptions = { clientSecret, elementsOptions: { appearance } };
  const clover = stripe as Stripe & Partial<CloverStripe>;
  if (uiMode === 'custom' && typeof clover.initCheckout === 'function') return clover.initCheckout(options);
  if (uiMode === 'elements' && typeof stripe.initCheckoutElementsSdk === 'function')
    return stripe.initCheckoutElementsSdk(options);
  throw new CheckoutError(
    'stripe_js_failed',
    `The Stripe.js on this page cannot start a ui_mode "${uiMode}" Checkout Session: load ${uiMode === 'custom' ? CLOVER_STRIPE_JS : CURRENT_STRIPE_JS} instead.`,
    false,
  );
}
