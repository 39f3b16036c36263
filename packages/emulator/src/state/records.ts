import type Stripe from 'stripe';

/** `custom`/`embedded`/`hosted` before the 2026-03-25.dahlia rename, `elements`/`embedded_page`/`hosted_page` after. */
export type UiModeKind = 'elements' | 'embedded' | 'hosted';

export interface AddressRecord {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
}

export interface NamedAddress {
  name: string | null;
  address: AddressRecord;
}

export interface LineItemRecord {
  id: string;
  priceId: string;
  quantity: number;
  adjustableQuantity: { enabled: boolean; minimum: number; maximum: number } | null;
  metadata: Record<string, string>;
}

export interface AppliedDiscount {
  couponId: string;
  promotionCodeId: string | null;
}

export interface BuyerDetails {
  email: string | null;
  name: string | null;
  phone: string | null;
  billing: AddressRecord | null;
  /** `name_collection[individual]`: the buyer's full name as a first-class field (not the address name). */
  individualName: string | null;
  /** `name_collection[business]`: the business name as a first-class field. */
  businessName: string | null;
  /** `tax_id_collection`: the one tax ID a buyer can enter, with the business it belongs to. */
  taxId: TaxIdRecord | null;
  /** `consent_collection` results, as `consent` reports them. */
  consent: { termsOfService: 'accepted' | null; promotions: 'opt_in' | 'opt_out' | null };
}

export interface TaxIdRecord {
  /** Stripe's tax ID type (`eu_vat`, `gb_vat`, …), as `customer_details.tax_ids[].type` names it. */
  type: string;
  value: string;
  businessName: string | null;
}

/** A price the buyer may add to the order (`optional_items`), and the line item it became once added. */
export interface OptionalItemRecord {
  priceId: string;
  quantity: number;
  adjustableQuantity: { enabled: boolean; minimum: number; maximum: number } | null;
  /** The line item created when the buyer added it; null while not added. */
  lineItemId: string | null;
}

export interface NameCollectionRecord {
  business: { enabled: boolean; optional: boolean } | null;
  individual: { enabled: boolean; optional: boolean } | null;
}

export interface ConsentCollectionRecord {
  paymentMethodReuseAgreement: { position: 'auto' | 'hidden' } | null;
  promotions: 'auto' | 'none' | null;
  termsOfService: 'none' | 'required' | null;
}

export type CustomTextRecord = Record<
  'after_submit' | 'shipping_address' | 'submit' | 'terms_of_service_acceptance',
  { message: string } | null
>;

/** A 3-D Secure challenge waiting for the buyer's "Complete" or "Fail". */
export interface PendingAuthentication {
  attempt: string;
  cardBrand: string;
  last4: string;
}

/** Everything the emulator keeps about a Checkout Session; the REST object is built from it by the mapper. */
export interface SessionRecord {
  id: string;
  clientSecret: string;
  created: number;
  expiresAt: number;
  mode: 'payment' | 'setup' | 'subscription';
  uiMode: UiModeKind;
  /**
   * The API version the session was created with. Its `ui_mode` name at that version (`custom` before
   * 2026-03-25.dahlia, `elements` from it on) decides which Stripe.js release may load it.
   */
  createdApiVersion: string;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  currency: string | null;
  locale: string | null;
  customerId: string | null;
  customerEmail: string | null;
  customerCreation: 'always' | 'if_required' | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  successUrl: string | null;
  cancelUrl: string | null;
  returnUrl: string | null;
  redirectOnCompletion: 'always' | 'if_required' | 'never' | null;
  submitType: Stripe.Checkout.Session.SubmitType | null;
  lineItems: LineItemRecord[];
  shippingRateIds: string[];
  selectedShippingRateId: string | null;
  shippingAddressCollection: { allowed_countries: string[] } | null;
  billingAddressCollection: 'auto' | 'required' | null;
  phoneNumberCollection: boolean;
  taxIdCollection: { enabled: boolean; required: 'if_supported' | 'never' };
  consentCollection: ConsentCollectionRecord | null;
  customText: CustomTextRecord;
  nameCollection: NameCollectionRecord | null;
  /** `optional_items` as given (null when none were given). */
  optionalItems: OptionalItemRecord[] | null;
  /** `permissions[update_shipping_details]`: `server_only` leaves shipping details to the merchant's server. */
  updateShippingDetails: 'client_only' | 'server_only' | null;
  /** `wallet_options[link][display]`. */
  linkDisplay: 'auto' | 'never' | null;
  allowPromotionCodes: boolean | null;
  discount: AppliedDiscount | null;
  automaticTax: boolean;
  /** `adaptive_pricing[enabled]` as given; the emulator's "dashboard default" is off. */
  adaptivePricing: boolean;
  /** The currency the buyer chose in the currency selector (Adaptive Pricing); null = the default for them. */
  chosenPresentmentCurrency: string | null;
  paymentMethodTypes: string[];
  /** Whether `payment_method_types` was given (else the account's dynamic payment methods apply). */
  paymentMethodTypesGiven: boolean;
  /** `allowed_payment_method_types` as given (a filter on the dynamic payment methods), or null. */
  allowedPaymentMethodTypes: string[] | null;
  buyer: BuyerDetails;
  shipping: NamedAddress | null;
  paymentIntentId: string | null;
  setupIntentId: string | null;
  subscriptionId: string | null;
  pendingAuthentication: PendingAuthentication | null;
}
