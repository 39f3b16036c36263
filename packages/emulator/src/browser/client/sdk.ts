// The Checkout SDK object a page receives, per Stripe.js release. Its methods are the object's own enumerable
// properties, like Stripe.js's: react-stripe-js builds `useCheckout().checkout` by copying them
// (`const { on, loadActions, ...sdkMethods } = sdk` in @stripe/react-stripe-js 7, CheckoutContext.tsx), so
// methods on a class prototype would be missing there. Each object is checked against its release's type.
import type {
  StripeCheckoutElementsSdk as EndiveSdk,
  StripeCheckoutElementsSdkOptions,
  StripeCheckoutLoadActionsResult as EndiveLoadActionsResult,
} from '@stripe/stripe-js';
import type {
  StripeCheckout as CloverSdk,
  StripeCheckoutLoadActionsResult as CloverLoadActionsResult,
} from 'stripe-js-v8';
import type {
  StripeCheckoutElementsSdk as DahliaSdk,
  StripeCheckoutLoadActionsResult as DahliaLoadActionsResult,
} from 'stripe-js-v9';
import { CheckoutEngine, type SdkContext } from './engine.js';
import { notEmulated } from './not-emulated.js';

type Actions<Result> = Result extends { type: 'success'; actions: infer Success } ? Success : never;

/** The actions of each release (v8 has no validateElements or optional items; v10 adds name updates). */
const CLOVER_ACTIONS = [
  'applyPromotionCode',
  'removePromotionCode',
  'updateShippingAddress',
  'updateBillingAddress',
  'updatePhoneNumber',
  'updateEmail',
  'updateLineItemQuantity',
  'updateTaxIdInfo',
  'updateShippingOption',
  'confirm',
  'getSession',
  'runServerUpdate',
] as const satisfies readonly (keyof Actions<CloverLoadActionsResult>)[];
const DAHLIA_ACTIONS = [
  ...CLOVER_ACTIONS,
  'validateElements',
  'addOptionalLineItem',
  'removeOptionalLineItem',
] as const satisfies readonly (keyof Actions<DahliaLoadActionsResult>)[];
const ENDIVE_ACTIONS = [
  ...DAHLIA_ACTIONS,
  'updateIndividualName',
  'updateBusinessName',
] as const satisfies readonly (keyof Actions<EndiveLoadActionsResult>)[];

type Missing<Type, List extends readonly string[]> = Exclude<keyof Type, List[number]>;
type NoneMissing<Names extends never> = Names;
export type CloverActionsComplete = NoneMissing<
  Missing<Actions<CloverLoadActionsResult>, typeof CLOVER_ACTIONS>
>;
export type DahliaActionsComplete = NoneMissing<
  Missing<Actions<DahliaLoadActionsResult>, typeof DAHLIA_ACTIONS>
>;
export type EndiveActionsComplete = NoneMissing<
  Missing<Actions<EndiveLoadActionsResult>, typeof ENDIVE_ACTIONS>
>;

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Pick<T, K>;
}

/** loadActions() answering the release's own set of actions (own properties, like the SDK object). */
function loadActionsWith(engine: CheckoutEngine, keys: readonly string[]) {
  return async () => {
    const result = await engine.loadActions();
    if (result.type === 'error') return result;
    return {
      type: 'success' as const,
      actions: pick(result.actions, keys as (keyof typeof result.actions)[]),
    };
  };
}

/** The members every release shares. */
function common(engine: CheckoutEngine) {
  return {
    on: engine.on.bind(engine),
    changeAppearance: engine.changeAppearance.bind(engine),
    loadFonts: engine.loadFonts.bind(engine),
    getPaymentElement: engine.getPaymentElement.bind(engine),
    getBillingAddressElement: engine.getBillingAddressElement.bind(engine),
    getShippingAddressElement: engine.getShippingAddressElement.bind(engine),
    getExpressCheckoutElement: engine.getExpressCheckoutElement.bind(engine),
    getCurrencySelectorElement: engine.getCurrencySelectorElement.bind(engine),
    getTaxIdElement: engine.getTaxIdElement.bind(engine),
    createPaymentElement: engine.createPaymentElement.bind(engine),
    createBillingAddressElement: engine.createBillingAddressElement.bind(engine),
    createShippingAddressElement: engine.createShippingAddressElement.bind(engine),
    createExpressCheckoutElement: engine.createExpressCheckoutElement.bind(engine),
    createCurrencySelectorElement: engine.createCurrencySelectorElement.bind(engine),
    createTaxIdElement: engine.createTaxIdElement.bind(engine),
  };
}

/** @stripe/stripe-js v10 (endive): `initCheckoutElementsSdk`. */
function endiveSdk(engine: CheckoutEngine): EndiveSdk {
  return {
    ...common(engine),
    loadActions: loadActionsWith(engine, ENDIVE_ACTIONS) as EndiveSdk['loadActions'],
    getContactDetailsElement: engine.getContactDetailsElement.bind(engine),
    getTermsElement: engine.getTermsElement.bind(engine),
    getLinkSignupElement: engine.getLinkSignupElement.bind(engine),
    createContactDetailsElement: engine.createContactDetailsElement.bind(engine),
    createTermsElement: engine.createTermsElement.bind(engine),
    createLinkSignupElement: engine.createLinkSignupElement.bind(engine),
  } satisfies EndiveSdk;
}

/** @stripe/stripe-js v9 (dahlia): as endive without `getContactDetailsElement` and the name updates. */
function dahliaSdk(engine: CheckoutEngine): DahliaSdk {
  return {
    ...common(engine),
    // The engine hands `change` handlers the release's own session shape (session-shapes.ts).
    on: engine.on.bind(engine) as unknown as DahliaSdk['on'],
    loadActions: loadActionsWith(engine, DAHLIA_ACTIONS) as unknown as DahliaSdk['loadActions'],
    // v9's Tax ID Element types lack v10's `ic_nif`, which the emulated element never offers (state/tax-ids.ts).
    getTaxIdElement: engine.getTaxIdElement.bind(engine) as unknown as DahliaSdk['getTaxIdElement'],
    createTaxIdElement: engine.createTaxIdElement.bind(engine) as unknown as DahliaSdk['createTaxIdElement'],
    getTermsElement: engine.getTermsElement.bind(engine),
    getLinkSignupElement: engine.getLinkSignupElement.bind(engine),
    createContactDetailsElement: engine.createContactDetailsElement.bind(engine),
    createTermsElement: engine.createTermsElement.bind(engine),
    createLinkSignupElement: engine.createLinkSignupElement.bind(engine),
  } satisfies DahliaSdk;
}

/** @stripe/stripe-js v8 (clover): `initCheckout`, with the beta Payment Form Element and no Contact Details. */
function cloverSdk(engine: CheckoutEngine): CloverSdk {
  // The same emulated Elements serve every release; v8's Element types differ from v10's only in the details
  // of their update options, so the shared members are typed as v8 declares them.
  const shared = common(engine) as unknown as Pick<CloverSdk, keyof ReturnType<typeof common>>;
  return {
    ...shared,
    // The engine hands `change` handlers the release's own session shape (session-shapes.ts).
    on: engine.on.bind(engine) as unknown as CloverSdk['on'],
    loadActions: loadActionsWith(engine, CLOVER_ACTIONS) as unknown as CloverSdk['loadActions'],
    getPaymentFormElement: () => null,
    createPaymentFormElement: (): never => notEmulated('checkout.createPaymentFormElement()'),
  } satisfies CloverSdk;
}

export type CheckoutSdk = EndiveSdk | DahliaSdk | CloverSdk;

/** The SDK object for the page's release, backed by one engine. */
export function createCheckoutSdk(
  context: SdkContext,
  options: StripeCheckoutElementsSdkOptions,
): CheckoutSdk {
  const engine = new CheckoutEngine(context, options);
  if (context.train === 'clover') return cloverSdk(engine);
  if (context.train === 'dahlia') return dahliaSdk(engine);
  return endiveSdk(engine);
}
