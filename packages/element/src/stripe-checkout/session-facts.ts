import type { StripeCheckoutSession } from '@stripe/stripe-js';

import type { SessionCollects } from '../internal/session-endpoint.js';

// Stripe.js does not expose the session's collection settings, so these are read from what the session shows, and
// from the session endpoint's `collects` hint when the shop's server sends one (a session that collects an address
// without shipping options or automatic tax shows nothing of it before the buyer typed one).
export function needsShippingAddress(session: StripeCheckoutSession, collects?: SessionCollects): boolean {
  return (
    collects?.shippingAddress === true ||
    session.shippingOptions.length > 0 ||
    session.shippingAddress !== null ||
    session.tax.status === 'requires_shipping_address'
  );
}

export function needsBillingAddress(session: StripeCheckoutSession, collects?: SessionCollects): boolean {
  return collects?.billingAddress === true || session.tax.status === 'requires_billing_address';
}

/** `allow_promotion_codes` is not visible to Stripe.js either: the page opts in with `promotion-codes`. */
export function allowsPromotionCodes(session: StripeCheckoutSession, requested: boolean): boolean {
  return requested || (session.discountAmounts ?? []).some((discount) => discount.promotionCode !== null);
}

export type CheckoutAction = 'pay' | 'subscribe' | 'setup';

export function actionOf(session: StripeCheckoutSession): CheckoutAction {
  if (session.recurring !== null) return 'subscribe';
  return session.lineItems.length === 0 ? 'setup' : 'pay';
}

/** "Pay $21.98", "Subscribe", "Save card": the button names both the amount and what happens. */
export function payLabel(session: StripeCheckoutSession): string {
  const action = actionOf(session);
  return action === 'subscribe'
    ? 'Subscribe'
    : action === 'setup'
      ? 'Save card'
      : `Pay ${session.total.total.amount}`;
}

export function completeMessage(session: StripeCheckoutSession | null): string {
  const action = session ? actionOf(session) : 'pay';
  if (action === 'subscribe') return 'Thank you! Your subscription is active.';
  if (action === 'setup') return 'Your card has been saved.';
  return session?.status.type === 'complete' && session.status.paymentStatus === 'unpaid'
    ? 'Thank you! Your payment is processing.'
    : 'Thank you! Your payment was received.';
}
