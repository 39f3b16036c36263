// The public surface of the `Stripe` instance of each Stripe.js release the stand-in serves, as
// `@stripe/stripe-js` declares it: v8 = clover, v9 = dahlia, v10 = endive (its RELEASE_TRAIN constant). The
// lists are checked against those packages' types at compile time, so a method added to Stripe.js is a compile
// error here until the stand-in has it. Pure data: the Node tests import it too.
import type { Stripe as StripeEndive } from '@stripe/stripe-js';
import type { Stripe as StripeClover } from 'stripe-js-v8';
import type { Stripe as StripeDahlia } from 'stripe-js-v9';

/** Methods the stand-in implements; every other method of the instance throws "not emulated". */
export const EMULATED_STRIPE_METHODS = [
  'initCheckout',
  'initCheckoutElementsSdk',
  'registerAppInfo',
] as const;

// Every method name of each release's `Stripe` type, exactly: `satisfies` rejects a name the type lacks, and
// the `Missing…` checks below reject a type method the list lacks.
const ENDIVE = [
  'collectBankAccountForPayment',
  'collectBankAccountForSetup',
  'collectBankAccountToken',
  'collectFinancialConnectionsAccounts',
  'confirmAcssDebitPayment',
  'confirmAcssDebitSetup',
  'confirmAffirmPayment',
  'confirmAfterpayClearpayPayment',
  'confirmAlipayPayment',
  'confirmAmazonPaySetup',
  'confirmAuBecsDebitPayment',
  'confirmAuBecsDebitSetup',
  'confirmBacsDebitSetup',
  'confirmBancontactPayment',
  'confirmBancontactSetup',
  'confirmBilliePayment',
  'confirmBlikPayment',
  'confirmBlikSetup',
  'confirmBoletoPayment',
  'confirmCardPayment',
  'confirmCardSetup',
  'confirmCashappPayment',
  'confirmCashappSetup',
  'confirmCustomerBalancePayment',
  'confirmEpsPayment',
  'confirmFpxPayment',
  'confirmGiropayPayment',
  'confirmGrabPayPayment',
  'confirmIdealPayment',
  'confirmIdealSetup',
  'confirmKlarnaPayment',
  'confirmKonbiniPayment',
  'confirmMobilepayPayment',
  'confirmMultibancoPayment',
  'confirmOxxoPayment',
  'confirmP24Payment',
  'confirmPayByBankPayment',
  'confirmPayNowPayment',
  'confirmPayPalPayment',
  'confirmPayPalSetup',
  'confirmPayment',
  'confirmPixPayment',
  'confirmPromptPayPayment',
  'confirmSepaDebitPayment',
  'confirmSepaDebitSetup',
  'confirmSetup',
  'confirmSofortPayment',
  'confirmSofortSetup',
  'confirmTwintPayment',
  'confirmUsBankAccountPayment',
  'confirmUsBankAccountSetup',
  'confirmWechatPayPayment',
  'createConfirmationToken',
  'createEmbeddedCheckoutPage',
  'createEphemeralKeyNonce',
  'createPaymentMethod',
  'createRadarSession',
  'createToken',
  'elements',
  'handleCardAction',
  'handleNextAction',
  'initCheckoutElementsSdk',
  'initCheckoutFormSdk',
  'initializePricing',
  'paymentRequest',
  'processOrder',
  'registerAppInfo',
  'retrieveOrder',
  'retrievePaymentIntent',
  'retrieveSetupIntent',
  'verifyIdentity',
  'verifyMicrodepositsForPayment',
  'verifyMicrodepositsForSetup',
] as const satisfies readonly (keyof StripeEndive)[];

const NOT_IN_DAHLIA = ['confirmBlikSetup', 'confirmPayByBankPayment', 'initializePricing'] as const;
const DAHLIA = ENDIVE.filter(
  (name): name is Exclude<(typeof ENDIVE)[number], (typeof NOT_IN_DAHLIA)[number]> =>
    !(NOT_IN_DAHLIA as readonly string[]).includes(name),
) satisfies readonly (keyof StripeDahlia)[];

const NOT_IN_CLOVER = ['createEmbeddedCheckoutPage', 'initCheckoutFormSdk'] as const;
const CLOVER = [
  ...DAHLIA.filter(
    (name): name is Exclude<(typeof DAHLIA)[number], (typeof NOT_IN_CLOVER)[number]> =>
      !(NOT_IN_CLOVER as readonly string[]).includes(name),
  ),
  'createSource',
  'initCheckout',
  'initEmbeddedCheckout',
  'retrieveSource',
] as const satisfies readonly (keyof StripeClover)[];

type Missing<Type, List extends readonly string[]> = Exclude<keyof Type, List[number]>;
type NoneMissing<Names extends never> = Names;
// A method of the release's type that the list lacks is not `never`, which these aliases reject.
export type EndiveComplete = NoneMissing<Missing<StripeEndive, typeof ENDIVE>>;
export type DahliaComplete = NoneMissing<Missing<StripeDahlia, typeof DAHLIA>>;
export type CloverComplete = NoneMissing<Missing<StripeClover, typeof CLOVER>>;

export type Train = 'clover' | 'dahlia' | 'endive' | 'v3';

/** The method names of the `Stripe` instance for a train (`/v3/` is served like the newest, endive). */
export function stripeMethods(train: Train): readonly string[] {
  if (train === 'clover') return CLOVER;
  if (train === 'dahlia') return DAHLIA;
  return ENDIVE;
}

/** The instance methods of a train that throw "not emulated" (named `stripe.<method>()` in the message). */
export function notEmulatedStripeMethods(train: Train): string[] {
  return stripeMethods(train).filter(
    (name) => !(EMULATED_STRIPE_METHODS as readonly string[]).includes(name),
  );
}
