import type { StripeCheckoutElementsSdk, StripeCheckoutSession } from '@stripe/stripe-js';
import type { SessionCollects } from '../internal/session-endpoint.js';

/** The part of every Stripe element a run uses (their typings differ only in event payloads). */
export interface MountableElement {
  mount(node: HTMLElement): void;
  destroy(): void;
  focus?(): void;
  on(event: 'ready' | 'loaderror', handler: () => void): unknown;
}

/** Mounts an element into the named light-DOM slot; resolves once it is ready. */
export type Mount = (element: MountableElement, slot: string) => Promise<void>;

/**
 * `validateElements()` names the element at fault (`validation_errors[].element`: `payment`, `contactDetails`,
 * `shippingAddress`, `billingAddress`, `taxId`, `terms`, `linkSignup`); this is the slot it lives in
 * (`stripe-payment`, `stripe-contact`, `stripe-shipping`, `stripe-billing`, `stripe-tax-id`, `stripe-terms`,
 * `stripe-link-signup`), so the run can focus it.
 */
export function slotOfElement(name: string): string {
  return `stripe-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`).replace(/-(details|address)$/, '')}`;
}

/**
 * Creates one optional element if this Stripe.js release has it. The Tax ID, Terms and Link Sign-up Elements are
 * beta on Stripe (`checkout.d.ts`: "Requires beta access"), and an account without the beta is refused at creation:
 * such an element is left out (the session's requirement then shows as Stripe's own confirm error), never a failure
 * of the whole checkout.
 */
function create(
  sdk: StripeCheckoutElementsSdk,
  method:
    | 'createContactDetailsElement'
    | 'createTaxIdElement'
    | 'createTermsElement'
    | 'createLinkSignupElement'
    | 'createCurrencySelectorElement',
): MountableElement | null {
  const factory = (sdk as unknown as Partial<Record<typeof method, () => MountableElement>>)[method];
  if (typeof factory !== 'function') return null;
  try {
    return factory.call(sdk);
  } catch (error) {
    console.warn('<stripe-checkout>: left out', method, error);
    return null;
  }
}

/**
 * Mounts what the session may ask the buyer for beyond card and addresses. Stripe.js does not tell the page which of
 * `phone_number_collection`, `name_collection`, `tax_id_collection`, `consent_collection` a session has; the
 * session endpoint's `collects` hint does (docs/companion-protocol.md), so only the Elements it names are loaded —
 * each is an iframe the form waits for. Without the hint (a `client-secret`, `fetchClientSecret`, or an older
 * server) all are mounted: each renders only what its session collects (nothing, 0 px high, when it collects none).
 * None needs the session, so they are mounted with the Payment Element, before `loadActions()` resolves.
 *
 * - Contact Details Element (dahlia on): email, and the phone and names the session requires. Since the dahlia
 *   release it is Stripe's way to collect the email ("Previously, collecting a customer's email with the Checkout
 *   Sessions API required building and validating your own email input using updateEmail",
 *   docs.stripe.com/changelog/dahlia/2026-05-27/add-contact-details-element-to-checkout), so where it exists it
 *   replaces the element's own email field. Clover has none: there the element keeps its email field.
 * - Tax ID Element (`tax_id_collection`), Link Sign-up Element (Link offered), Terms Element
 *   (`consent_collection.terms_of_service: 'required'`, with the session's `custom_text`).
 *
 * Returns whether the Contact Details Element took the email, and the elements' readiness for the skeleton.
 */
export function mountSessionSurfaces(
  sdk: StripeCheckoutElementsSdk,
  collects: SessionCollects | undefined,
  mount: Mount,
): { contactElement: boolean; ready: Promise<void>[] } {
  const ready: Promise<void>[] = [];
  let contactElement = false;
  const placed: Array<[Parameters<typeof create>[1], string, boolean | undefined]> = [
    ['createContactDetailsElement', 'stripe-contact', collects?.contactDetails],
    ['createTaxIdElement', 'stripe-tax-id', collects?.taxId],
    ['createLinkSignupElement', 'stripe-link-signup', collects?.linkSignup],
    ['createTermsElement', 'stripe-terms', collects?.terms],
  ];
  for (const [method, slot, wanted] of placed) {
    const element = wanted === false ? null : create(sdk, method);
    if (!element) continue;
    ready.push(mount(element, slot));
    contactElement ||= slot === 'stripe-contact';
  }
  return { contactElement, ready };
}

/**
 * The Currency Selector Element, for a session that offers currencies (Adaptive Pricing: `currencyOptions`), which
 * only the loaded session tells; null when it offers none (or this Stripe.js release has no such Element).
 */
export function currencySelectorFor(
  sdk: StripeCheckoutElementsSdk,
  session: StripeCheckoutSession,
): MountableElement | null {
  return (session.currencyOptions?.length ?? 0) > 1 ? create(sdk, 'createCurrencySelectorElement') : null;
}
