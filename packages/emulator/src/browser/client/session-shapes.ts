// Each Stripe.js release hands integrations the session shape its `@stripe/stripe-js` major declares: the
// mapper builds the newest (endive, v10) shape and these project it down, so dahlia never shows an endive-only
// field and clover shows clover's. Exactness is checked at compile time: every projection's result has exactly
// the keys of that release's types (`Exact` below), at the levels where the releases differ.
import type { StripeCheckoutLineItem, StripeCheckoutSession } from '@stripe/stripe-js';
import type {
  StripeCheckoutLineItem as CloverLineItem,
  StripeCheckoutSession as CloverSession,
  StripeCheckoutTaxAmount as CloverTaxAmount,
} from 'stripe-js-v8';
import type { StripeCheckoutSession as DahliaSession } from 'stripe-js-v9';
import type { Train } from './stripe-surface.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Exact<Value, Declared> = Same<keyof Value, keyof Declared> extends true ? Value : never;

/**
 * `taxIdInfo` for releases before v10, whose `StripeCheckoutTaxIdType` lacks `ic_nif` (added in
 * @stripe/stripe-js 10): such a tax ID has no name there, so the older release reports none.
 */
function olderTaxIdInfo(info: StripeCheckoutSession['taxIdInfo']): DahliaSession['taxIdInfo'] {
  if (!info || info.taxId.type === 'ic_nif') return null;
  return { businessName: info.businessName, taxId: { type: info.taxId.type, value: info.taxId.value } };
}

/** The dahlia (v9) session: endive's without `nameCollection` (added in @stripe/stripe-js 10). */
export function toDahliaSession(session: StripeCheckoutSession): DahliaSession {
  const { nameCollection: _nameCollection, taxIdInfo, ...shared } = session;
  const dahlia = { ...shared, taxIdInfo: olderTaxIdInfo(taxIdInfo) };
  const exact: Exact<typeof dahlia, DahliaSession> = dahlia;
  return exact;
}

/**
 * The clover (v8) session. Missing from v8 compared with v10: `nameCollection`, `surcharge`, `optionalItems`,
 * `total.surcharge`, the tax amounts' `percentage`, and the line items' `unitAmountDecimal`, `unitLabel`,
 * `priceId`, `isRemovable`, `pricing`, `transformQuantity`; v8 keeps `isProrated` on each line item's
 * `recurring` instead of on the session's.
 */
export function toCloverSession(session: StripeCheckoutSession): CloverSession {
  const {
    nameCollection: _nameCollection,
    surcharge: _surcharge,
    optionalItems: _optionalItems,
    recurring,
    total,
    lineItems,
    taxAmounts,
    shipping,
    taxIdInfo,
    ...shared
  } = session;
  const { surcharge: _totalSurcharge, ...cloverTotal } = total;
  const isProrated = recurring?.isProrated ?? false;
  const clover = {
    ...shared,
    taxIdInfo: olderTaxIdInfo(taxIdInfo) as CloverSession['taxIdInfo'],
    total: cloverTotal,
    recurring: recurring
      ? {
          interval: recurring.interval,
          intervalCount: recurring.intervalCount,
          dueNext: recurring.dueNext,
          trial: recurring.trial,
        }
      : null,
    lineItems: lineItems.map((item) => toCloverLineItem(item, isProrated)),
    taxAmounts: taxAmounts?.map(toCloverTaxAmount) ?? null,
    shipping: shipping
      ? {
          shippingOption: shipping.shippingOption,
          taxAmounts: shipping.taxAmounts?.map(toCloverTaxAmount) ?? null,
        }
      : null,
  };
  const exact: Exact<typeof clover, CloverSession> = clover;
  return exact;
}

function toCloverTaxAmount(
  amount: NonNullable<StripeCheckoutSession['taxAmounts']>[number],
): CloverTaxAmount {
  const { percentage: _percentage, ...clover } = amount;
  const exact: Exact<typeof clover, CloverTaxAmount> = clover;
  return exact;
}

function toCloverLineItem(item: StripeCheckoutLineItem, isProrated: boolean): CloverLineItem {
  const {
    unitAmountDecimal: _unitAmountDecimal,
    unitLabel: _unitLabel,
    priceId: _priceId,
    isRemovable: _isRemovable,
    pricing: _pricing,
    transformQuantity: _transformQuantity,
    recurring,
    taxAmounts,
    ...shared
  } = item;
  const clover = {
    ...shared,
    taxAmounts: taxAmounts?.map(toCloverTaxAmount) ?? null,
    recurring: recurring
      ? {
          interval: recurring.interval,
          intervalCount: recurring.intervalCount,
          isProrated,
          usageType: recurring.usageType,
        }
      : null,
  };
  const exact: Exact<typeof clover, CloverLineItem> = clover;
  return exact;
}

/** The session as the given release presents it. */
export function sessionFor(train: Train, session: StripeCheckoutSession): StripeCheckoutSession {
  // The trains' types differ in shape; the engine hands the projection out as its own (newest) type.
  if (train === 'clover') return toCloverSession(session) as unknown as StripeCheckoutSession;
  if (train === 'dahlia') return toDahliaSession(session) as unknown as StripeCheckoutSession;
  return session;
}
