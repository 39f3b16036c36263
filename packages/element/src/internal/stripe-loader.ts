import type {
  Appearance,
  Stripe,
  StripeCheckoutElementsSdk,
  StripeCheckoutElementsSdkOptions,
  StripeElementLocale,
} from '@stripe/stripe-js';
// `@stripe/stripe-js/pure` (no side effect on import) spelt with its file: the package has no exports map, so Node's
// ESM loader (server-side rendering) cannot resolve the bare directory while every bundler can resolve the file.
import { loadStripe } from '@stripe/stripe-js/pure/index.mjs';
import { CheckoutError } from './checkout-error.js';

/** `@stripe/stripe-js` v8 named the same SDK `initCheckout`; older Stripe.js builds on a page still expose only that. */
interface LegacyCheckoutStripe {
  initCheckout(options: StripeCheckoutElementsSdkOptions): StripeCheckoutElementsSdk;
}

export type StripeInput = Stripe | Promise<Stripe | null> | null | undefined;

// One Stripe instance per (key, locale) for the whole page: several elements share it and Stripe.js loads once.
const stripeByKey = new Map<string, Promise<Stripe>>();

function stripeJsFailed(): CheckoutError {
  return new CheckoutError(
    'stripe_js_failed',
    'Stripe.js could not be loaded. Check your connection (and that the page allows https://js.stripe.com), then try again.',
    true,
  );
}

export function loadStripeOnce(publishableKey: string, locale: string | undefined): Promise<Stripe> {
  const cacheKey = `${publishableKey}|${locale ?? ''}`;
  let pending = stripeByKey.get(cacheKey);
  if (!pending) {
    pending = loadStripe(publishableKey, locale ? { locale: locale as StripeElementLocale } : undefined).then(
      (stripe) => {
        if (!stripe) throw stripeJsFailed();
        return stripe;
      },
      () => {
        throw stripeJsFailed();
      },
    );
    stripeByKey.set(cacheKey, pending);
    // A failed load must not stick: the retry button has to be able to load it again.
    pending.catch(() => stripeByKey.delete(cacheKey));
  }
  return pending;
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

export function initCheckoutSdk(
  stripe: Stripe,
  clientSecret: Promise<string>,
  appearance: Appearance,
): StripeCheckoutElementsSdk {
  const options: StripeCheckoutElementsSdkOptions = { clientSecret, elementsOptions: { appearance } };
  if (typeof stripe.initCheckoutElementsSdk === 'function') return stripe.initCheckoutElementsSdk(options);
  const legacy = stripe as unknown as Partial<LegacyCheckoutStripe>;
  if (typeof legacy.initCheckout === 'function') return legacy.initCheckout(options);
  throw new CheckoutError(
    'stripe_js_failed',
    'The Stripe.js on this page has neither initCheckoutElementsSdk nor initCheckout; load https://js.stripe.com/endive/stripe.js.',
    false,
  );
}
