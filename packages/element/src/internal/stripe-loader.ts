import type {
  Appearance,
  Stripe,
  StripeCheckoutElementsSdk,
  StripeCheckoutElementsSdkOptions,
  StripeConstructor,
  StripeElementLocale,
} from '@stripe/stripe-js';
import { CheckoutError } from './checkout-error.js';
import type { CheckoutFont } from './fonts.js';
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

/**
 * The release each generation of Checkout Session needs. `@stripe/stripe-js` 10's `loadStripe` can only inject its
 * own train (endive), so the element injects the script itself, the way `loadStripe` does: nothing happens on import,
 * a script already on the page is used (waiting for it if it is still loading), one load per page is cached and a
 * failed one is forgotten so that "Try again" loads it again.
 */
export const STRIPE_JS_RELEASES: Record<UiMode, string> = {
  /** `ui_mode: 'elements'` (API 2026-03-25.dahlia on): the train of the installed @stripe/stripe-js (a test holds it). */
  elements: 'https://js.stripe.com/endive/stripe.js',
  /** `ui_mode: 'custom'` (API up to 2025-09-30.clover): `initCheckout`, the @stripe/stripe-js v8 shape. */
  custom: 'https://js.stripe.com/clover/stripe.js',
};

// One Stripe.js per page, and one Stripe instance per (generation, key, locale) that all elements share.
let stripeJs: Promise<StripeConstructor> | null = null;
const stripeByKey = new Map<string, Promise<Stripe>>();

function stripeJsFailed(): CheckoutError {
  return new CheckoutError('stripe_js_failed', ['stripeJsFailed'], true);
}

function loadStripeJs(src: string): Promise<StripeConstructor> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  if (!stripeJs) {
    const existing = document.querySelector<HTMLScriptElement>(
      'script[src^="https://js.stripe.com/"][src*="stripe.js"]',
    );
    const script = existing ?? document.createElement('script');
    stripeJs = new Promise((resolve, reject) => {
      script.addEventListener('load', () => (window.Stripe ? resolve(window.Stripe) : reject()));
      script.addEventListener('error', reject);
    });
    stripeJs.catch(() => {
      stripeJs = null;
      script.remove();
    });
    if (!existing) {
      script.src = src;
      document.head.append(script);
    }
  }
  return stripeJs;
}

export function loadStripeOnce(
  uiMode: UiMode,
  publishableKey: string,
  locale: string | undefined,
): Promise<Stripe> {
  const cacheKey = `${uiMode}|${publishableKey}|${locale ?? ''}`;
  let pending = stripeByKey.get(cacheKey);
  if (!pending) {
    pending = loadStripeJs(STRIPE_JS_RELEASES[uiMode]).then(
      (construct) =>
        construct(publishableKey, locale ? { locale: locale as StripeElementLocale } : undefined),
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
  const href = STRIPE_JS_RELEASES.elements;
  // A page that includes Stripe.js itself (the embed snippet does, in <head>) needs no preload.
  if (window.Stripe || stripeJs || document.querySelector(`[href="${href}"],[src="${href}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = href;
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

/** Stripe.js releases older than the Checkout Elements SDK (dahlia): they cannot start a `ui_mode: 'elements'` session. */
const PRE_ELEMENTS_RELEASES = new Set(['acacia', 'basil', 'clover']);

/**
 * The release train of the Stripe.js on the page, from `Stripe.version` — the property @stripe/stripe-js itself reads
 * to warn about a mismatched release (`runtimeVersionToUrlVersion(maybeStripe.version)` in its `index.mjs`): a train
 * name such as `'clover'` or `'endive'`, or `3` for the `/v3/` path.
 */
function pageRelease(): string | undefined {
  const version = (window.Stripe as (StripeConstructor & { version?: unknown }) | undefined)?.version;
  if (version === 3) return 'v3';
  return typeof version === 'string' ? version : undefined;
}

/** Starts the Checkout SDK of the session's generation; a Stripe.js of the other generation is named, with the fix. */
export function initCheckoutSdk(
  stripe: Stripe,
  uiMode: UiMode,
  clientSecret: Promise<string>,
  appearance: Appearance,
  fonts: CheckoutFont[] = [],
): StripeCheckoutElementsSdk {
  const options: StripeCheckoutElementsSdkOptions = {
    clientSecret,
    elementsOptions: { appearance, ...(fonts.length ? { fonts } : {}) },
  };
  const clover = stripe as Stripe & Partial<CloverStripe>;
  const release = pageRelease();
  // Which functions exist does not tell the generation: clover (@stripe/stripe-js 8) also declares
  // `initCheckoutElementsSdk`, as an alias of its `initCheckout`, and dahlia on keep an `initCheckout` that throws a
  // rename error. The release on the page does, when it says which it is.
  const canCustom = release === undefined ? typeof clover.initCheckout === 'function' : release === 'clover';
  const canElements =
    typeof stripe.initCheckoutElementsSdk === 'function' &&
    (release === undefined ? typeof clover.initCheckout !== 'function' : !PRE_ELEMENTS_RELEASES.has(release));
  if (uiMode === 'custom' && canCustom && clover.initCheckout) return clover.initCheckout(options);
  if (uiMode === 'elements' && canElements) return stripe.initCheckoutElementsSdk(options);
  throw new CheckoutError(
    'stripe_js_failed',
    `The Stripe.js on this page cannot start a ui_mode "${uiMode}" Checkout Session: load ${STRIPE_JS_RELEASES[uiMode]} instead.`,
    false,
  );
}
