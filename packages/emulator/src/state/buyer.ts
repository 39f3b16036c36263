// What a buyer enters besides the payment method, each checked against what the session collects: phone, first-class
// names (name_collection), the business tax ID (tax_id_collection), terms of service consent (consent_collection),
// optional items. The browser endpoints, the buyer simulation and confirm() all change the session through these.
import { InvalidRequestError } from './errors.js';
import { newId } from './ids.js';
import { applyShippingAddress, fillAddress, selectShippingRate } from './lifecycle.js';
import { choosePresentmentCurrency } from './presentment.js';
import type { AddressRecord, SessionRecord } from './records.js';
import type { State } from './store.js';
import { CHECKOUT_TAX_ID_TYPES, checkTaxId } from './tax-ids.js';

const MAX_NAME_LENGTH = 5000;

function assertOpenForChanges(session: SessionRecord): void {
  if (session.status !== 'open') {
    throw new InvalidRequestError(
      `This Checkout Session is ${session.status} and can no longer be changed.`,
      {
        code: session.status === 'expired' ? 'checkout_session_expired' : 'checkout_session_complete',
      },
    );
  }
}

function cleanName(value: string | null, param: string): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new InvalidRequestError(`${param} must be at most ${MAX_NAME_LENGTH} characters.`, { param });
  }
  return trimmed || null;
}

/**
 * `updatePhoneNumber()` cannot fail in Stripe.js (its result's error type is `never`, @stripe/stripe-js 10.2.1
 * `StripeCheckoutUpdatePhoneNumberResult`), so the number is stored as given; a required one must be there by
 * confirm.
 */
export function setPhone(session: SessionRecord, phone: string | null): void {
  assertOpenForChanges(session);
  session.buyer.phone = phone?.trim() || null;
}

/**
 * "Use this method to update the Customer's individual name when `name_collection.individual.enabled` is `true`"
 * (https://docs.stripe.com/js/custom_checkout/update_individual_name); the business name likewise
 * (https://docs.stripe.com/js/custom_checkout/update_business_name).
 */
export function setCollectedName(
  session: SessionRecord,
  kind: 'individual' | 'business',
  name: string | null,
): void {
  assertOpenForChanges(session);
  const param = `${kind}_name`;
  if (!session.nameCollection?.[kind]?.enabled) {
    throw new InvalidRequestError(
      `This Checkout Session does not collect a ${kind} name: create it with name_collection[${kind}][enabled]=true.`,
      { param },
    );
  }
  const value = cleanName(name, param);
  if (kind === 'individual') session.buyer.individualName = value;
  else session.buyer.businessName = value;
}

/**
 * The buyer's business tax ID and business name (`updateTaxIdInfo`). Only for sessions with
 * `tax_id_collection[enabled]=true`; "Customers can only enter one tax ID" (https://docs.stripe.com/tax/checkout/tax-ids).
 * The type must be one Stripe.js accepts and the value well-formed for it (tax-ids.ts).
 */
export function setTaxId(
  session: SessionRecord,
  info: { type: string; value: string; businessName: string } | null,
): void {
  assertOpenForChanges(session);
  if (!session.taxIdCollection.enabled) {
    throw new InvalidRequestError(
      'This Checkout Session does not collect tax IDs: create it with tax_id_collection[enabled]=true.',
      { param: 'tax_id' },
    );
  }
  if (info === null) {
    session.buyer.taxId = null;
    return;
  }
  if (!(CHECKOUT_TAX_ID_TYPES as readonly string[]).includes(info.type)) {
    throw new InvalidRequestError(`Invalid tax ID type: ${info.type}.`, {
      code: 'tax_id_invalid',
      param: 'tax_id.type',
    });
  }
  const businessName = cleanName(info.businessName, 'tax_id.business_name');
  if (!businessName) {
    throw new InvalidRequestError('Enter the business name the tax ID belongs to.', {
      code: 'parameter_missing',
      param: 'tax_id.business_name',
    });
  }
  const checked = checkTaxId(info.type, info.value);
  if (!checked.ok)
    throw new InvalidRequestError(checked.message, { code: 'tax_id_invalid', param: 'tax_id.value' });
  session.buyer.taxId = { type: info.type, value: checked.value, businessName };
}

/** The buyer ticks (or unticks) "I agree to the terms of service" when the session requires it. */
export function setTermsConsent(session: SessionRecord, accepted: boolean): void {
  assertOpenForChanges(session);
  if (session.consentCollection?.termsOfService !== 'required') {
    throw new InvalidRequestError(
      'This Checkout Session does not ask for terms of service consent (consent_collection[terms_of_service] is not `required`).',
      { param: 'terms_of_service' },
    );
  }
  session.buyer.consent.termsOfService = accepted ? 'accepted' : null;
}

function optionalItem(session: SessionRecord, priceId: string) {
  const item = session.optionalItems?.find((candidate) => candidate.priceId === priceId);
  if (!item) {
    throw new InvalidRequestError(
      `No optional item with price ${priceId} on this Checkout Session; it offers ${
        session.optionalItems?.map((candidate) => candidate.priceId).join(', ') || 'none'
      }.`,
      { code: 'resource_missing', param: 'price' },
    );
  }
  return item;
}

/** `addOptionalLineItem(priceId)`: the optional item becomes a line item, with its quantity and adjustability. */
export function addOptionalItem(state: State, session: SessionRecord, priceId: string): void {
  assertOpenForChanges(session);
  const item = optionalItem(session, priceId);
  if (item.lineItemId && session.lineItems.some((line) => line.id === item.lineItemId)) {
    throw new InvalidRequestError(`The optional item with price ${priceId} is already in the order.`, {
      param: 'price',
    });
  }
  if (!state.prices.get(priceId)?.active) {
    throw new InvalidRequestError(`The price ${priceId} is no longer active.`, { param: 'price' });
  }
  const id = newId('li');
  session.lineItems.push({
    id,
    priceId,
    quantity: item.quantity,
    adjustableQuantity: item.adjustableQuantity ? { ...item.adjustableQuantity } : null,
    metadata: {},
  });
  item.lineItemId = id;
}

/**
 * `removeOptionalLineItem(priceId)`: "Because this item is optional, the customer will always be able to remove it
 * from their order, even if the `minimum` configured here is greater than 0" (SessionCreateParams.OptionalItem).
 */
export function removeOptionalItem(session: SessionRecord, priceId: string): void {
  assertOpenForChanges(session);
  const item = optionalItem(session, priceId);
  const index = item.lineItemId ? session.lineItems.findIndex((line) => line.id === item.lineItemId) : -1;
  if (index < 0) {
    item.lineItemId = null;
    throw new InvalidRequestError(`The optional item with price ${priceId} is not in the order.`, {
      param: 'price',
    });
  }
  session.lineItems.splice(index, 1);
  item.lineItemId = null;
}

/** The line items that came from optional items (Stripe.js shows them as removable). */
export function optionalLineItemIds(session: SessionRecord): Set<string> {
  return new Set((session.optionalItems ?? []).flatMap((item) => (item.lineItemId ? [item.lineItemId] : [])));
}

/** What the buyer simulation may change at once (`emulator.buyer.update()`), applied field by field in this order. */
export interface BuyerChangeSet {
  email?: string | null;
  phone?: string | null;
  individualName?: string | null;
  businessName?: string | null;
  taxId?: { type: string; value: string; businessName: string } | null;
  termsAccepted?: boolean;
  shippingAddress?: { name?: string; address: Partial<AddressRecord> } | null;
  billingAddress?: { name?: string; address: Partial<AddressRecord> } | null;
  shippingRate?: string;
  addOptionalItems?: string[];
  removeOptionalItems?: string[];
  presentmentCurrency?: string;
}

export function applyBuyerChanges(state: State, session: SessionRecord, changes: BuyerChangeSet): void {
  assertOpenForChanges(session);
  if (changes.email !== undefined) {
    const email = changes.email?.trim() || null;
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      throw new InvalidRequestError('Your email address is invalid.', {
        code: 'email_invalid',
        param: 'email',
      });
    }
    session.buyer.email = email;
  }
  if (changes.phone !== undefined) setPhone(session, changes.phone);
  if (changes.individualName !== undefined) setCollectedName(session, 'individual', changes.individualName);
  if (changes.businessName !== undefined) setCollectedName(session, 'business', changes.businessName);
  if (changes.taxId !== undefined) setTaxId(session, changes.taxId);
  if (changes.termsAccepted !== undefined) setTermsConsent(session, changes.termsAccepted);
  if (changes.shippingAddress !== undefined) {
    if (changes.shippingAddress === null) session.shipping = null;
    else applyShippingAddress(session, changes.shippingAddress);
  }
  if (changes.billingAddress !== undefined) {
    session.buyer.billing = changes.billingAddress ? fillAddress(changes.billingAddress.address) : null;
    if (changes.billingAddress?.name !== undefined) session.buyer.name = changes.billingAddress.name;
  }
  if (changes.shippingRate !== undefined) selectShippingRate(session, changes.shippingRate);
  for (const priceId of changes.addOptionalItems ?? []) addOptionalItem(state, session, priceId);
  for (const priceId of changes.removeOptionalItems ?? []) removeOptionalItem(session, priceId);
  if (changes.presentmentCurrency !== undefined)
    choosePresentmentCurrency(state, session, changes.presentmentCurrency);
}
