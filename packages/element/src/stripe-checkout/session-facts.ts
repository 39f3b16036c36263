import type { StripeCheckoutSession } from '@stripe/stripe-js';
import type { CheckoutMessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';

import type { SessionCollects } from '../internal/session-endpoint.js';

// Stripe.js does not expose the session's collection settings, so these are read from what the session shows, and
// from the session endpoint's `collects` hint when the shop's server sends one (a session that collects an address
// without shipping options or automatic tax shows nothing of it before the buyer typed one).
// Before the session is loaded (`session` null) only the hint counts.
export function needsShippingAddress(
  session: StripeCheckoutSession | null,
  collects?: SessionCollects,
): boolean {
  return (
    collects?.shippingAddress === true ||
    (session !== null &&
      (session.shippingOptions.length > 0 ||
        session.shippingAddress !== null ||
        session.tax.status === 'requires_shipping_address'))
  );
}

export function needsBillingAddress(
  session: StripeCheckoutSession | null,
  collects?: SessionCollects,
): boolean {
  return collects?.billingAddress === true || session?.tax.status === 'requires_billing_address';
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
export function payLabel(
  session: StripeCheckoutSession,
  t: Translate<CheckoutMessageKey>,
  amount: string,
): string {
  const action = actionOf(session);
  return action === 'subscribe' ? t('subscribe') : action === 'setup' ? t('saveCard') : t('pay', { amount });
}

export function completeMessage(
  session: StripeCheckoutSession | null,
  t: Translate<CheckoutMessageKey>,
): string {
  const action = session ? actionOf(session) : 'pay';
  if (action === 'subscribe') return t('subscribed');
  if (action === 'setup') return t('cardSaved');
  return t(
    session?.status.type === 'complete' && session.status.paymentStatus === 'unpaid'
      ? 'paymentProcessing'
      : 'paid',
  );
}
