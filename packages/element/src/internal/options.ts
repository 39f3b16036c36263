import type { SessionCollects, UiMode } from '@checkout-element/protocol';

/**
 * The attributes that take one of a fixed set of values, the first being the default. Declared once: the property
 * types below, the custom-elements manifest and the generated framework typings all derive from this table.
 */
export const CHOICES = {
  theme: ['stripe', 'night', 'flat'],
  redirect: ['if_required', 'always'],
  loading: ['eager', 'lazy'],
  layout: ['auto', 'stacked', 'two-column'],
  paymentLayout: ['tabs', 'accordion'],
  uiMode: ['elements', 'custom'] as const satisfies readonly UiMode[],
} as const;

export type Choice = keyof typeof CHOICES;
/** Stripe Appearance theme. */
export type CheckoutTheme = (typeof CHOICES.theme)[number];
/** `if_required` finishes card payments inline; `always` redirects to the return URL. */
export type CheckoutRedirect = (typeof CHOICES.redirect)[number];
/** `lazy` initialises when the element nears the viewport. */
export type CheckoutLoading = (typeof CHOICES.loading)[number];
/** Summary beside the form (`two-column`), above it (`stacked`), or by the element's width (`auto`). */
export type CheckoutLayout = (typeof CHOICES.layout)[number];
/** Payment Element layout. */
export type CheckoutPaymentLayout = (typeof CHOICES.paymentLayout)[number];
export type { UiMode };

/**
 * A value outside the set falls back to the default with a console warning. The warning is kept in every build on
 * purpose: the people who meet it paste the standalone script into a CMS and never run a development build, so
 * stripping it would leave them with a silently different checkout (README "Console messages").
 */
export function choose<K extends Choice>(name: K, value: unknown): (typeof CHOICES)[K][number] {
  const allowed: readonly string[] = CHOICES[name];
  if (allowed.includes(value as string)) return value as (typeof CHOICES)[K][number];
  const attribute = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  console.warn(
    `<stripe-checkout>: ${attribute}="${value}" is not one of ${allowed.join(', ')}; using "${allowed[0]}".`,
  );
  return CHOICES[name][0];
}

/** The page layout; `tabs`/`accordion` are the Payment Element's (what `layout` meant before `payment-layout`). */
export function layoutOf(layout: string): CheckoutLayout {
  return layout === 'tabs' || layout === 'accordion' ? 'auto' : choose('layout', layout);
}

/** The Payment Element's layout: `payment-layout`, or a legacy `layout="tabs|accordion"` (with a warning). */
export function paymentLayoutOf(layout: string, paymentLayout: string): CheckoutPaymentLayout {
  if (layout !== 'tabs' && layout !== 'accordion') return choose('paymentLayout', paymentLayout);
  console.warn(`<stripe-checkout>: layout="${layout}" is now payment-layout="${layout}".`);
  return layout;
}

/**
 * The `collects` attribute: the companion protocol's `collects` object as JSON. Anything else is ignored with a
 * warning, and every optional Stripe Element is then mounted (slower, never wrong).
 */
export function collectsFrom(value: string | null): SessionCollects | undefined {
  try {
    const parsed = JSON.parse(value as string) as SessionCollects | null;
    if (parsed?.constructor === Object) return parsed;
  } catch {
    // reported below
  }
  console.warn(`<stripe-checkout>: collects="${value}" is not a JSON object; ignored.`);
  return undefined;
}
