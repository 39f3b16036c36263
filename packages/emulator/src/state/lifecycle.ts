import type Stripe from 'stripe';
import { cardOutcome, isCompleteCardNumber, normaliseCardNumber } from './cards.js';
import { isRedeemable } from './catalog-objects.js';
import { computeAmounts } from './amounts.js';
import { setCollectedName, setTaxId, setTermsConsent } from './buyer.js';
import { CardError, errorDocUrl, InvalidRequestError } from './errors.js';
import { newId } from './ids.js';
import { presentmentCurrency } from './presentment.js';
import {
  createCustomer,
  createPaymentIntent,
  createSetupIntent,
  createSubscription,
} from './payment-objects.js';
import type { AddressRecord, NamedAddress, SessionRecord } from './records.js';
import type { State } from './store.js';

/** How the buyer pays. `outcome` is the buyer simulation's shortcut (no card form). */
export type Payment =
  | { method: 'card'; number: string; cvc?: string; expMonth?: number; expYear?: number }
  | { method: 'wallet' }
  | { method: 'outcome'; outcome: 'paid' | 'delayed' }
  | { method: 'three_d_secure'; attempt: string; result: 'complete' | 'fail' };

export interface BuyerInput {
  email?: string;
  name?: string;
  phone?: string;
  billingAddress?: Partial<AddressRecord>;
  shipping?: { name?: string; address: Partial<AddressRecord> };
  shippingRateId?: string;
  individualName?: string;
  businessName?: string;
  taxId?: { type: string; value: string; businessName: string } | null;
  /** The terms of service checkbox; `false` leaves terms the session requires unaccepted. */
  termsAccepted?: boolean;
}

export type PaymentResult = { kind: 'complete' } | { kind: 'requires_action'; attempt: string };

export function assertOpen(session: SessionRecord): void {
  if (session.status === 'expired') {
    throw new InvalidRequestError(
      'This Checkout Session has expired. Create a new Checkout Session to accept a payment.',
      {
        code: 'checkout_session_expired',
      },
    );
  }
  if (session.status === 'complete') {
    throw new InvalidRequestError(
      'This Checkout Session is already complete. It cannot be paid or changed again.',
      {
        code: 'checkout_session_complete',
      },
    );
  }
}

export function expireSession(state: State, session: SessionRecord): void {
  if (session.status !== 'open') {
    throw new InvalidRequestError(
      `Only Checkout Sessions with a status of \`open\` can be expired; this one is \`${session.status}\`.`,
      {
        code: session.status === 'expired' ? 'checkout_session_expired' : 'checkout_session_complete',
        param: 'session',
      },
    );
  }
  session.status = 'expired';
  session.pendingAuthentication = null;
  state.emit('checkout.session.expired', { id: session.id, object: 'checkout.session' });
}

const lastSweep = new WeakMap<State, number>();

/**
 * Expires every open session whose `expires_at` has passed on the emulator clock. The clock counts whole seconds,
 * so one sweep per second (per state) sees everything; it runs before every request, which must stay cheap.
 */
export function sweepExpiredSessions(state: State): void {
  const now = state.clock.now();
  if (lastSweep.get(state) === now) return;
  lastSweep.set(state, now);
  for (const session of state.sessions.values()) {
    if (session.status === 'open' && session.expiresAt <= now) expireSession(state, session);
  }
}

export function fillAddress(address: Partial<AddressRecord> | undefined): AddressRecord {
  return {
    line1: address?.line1 ?? null,
    line2: address?.line2 ?? null,
    city: address?.city ?? null,
    state: address?.state ?? null,
    postal_code: address?.postal_code ?? null,
    country: address?.country ?? null,
  };
}

export function applyShippingAddress(session: SessionRecord, shipping: BuyerInput['shipping']): void {
  if (!shipping) return;
  // "Passing this option will also disable the client method updateShippingAddress, ensuring that all updates pass
  // through your server" (https://docs.stripe.com/payments/checkout/custom-shipping-options?payment-ui=embedded-components).
  if (session.updateShippingDetails === 'server_only') {
    throw new InvalidRequestError(
      'This Checkout Session was created with permissions[update_shipping_details]=server_only: the shipping ' +
        "address can only be set by the merchant's server (checkout.sessions.update with collected_information).",
      { param: 'shipping_address' },
    );
  }
  const address = fillAddress(shipping.address);
  const allowed = session.shippingAddressCollection?.allowed_countries;
  if (allowed && (address.country === null || !allowed.includes(address.country))) {
    throw new InvalidRequestError(
      `This session ships only to ${allowed.join(', ')}; the shipping address country ${address.country ?? '(none)'} is not one of them.`,
      { param: 'shipping_address.address.country' },
    );
  }
  session.shipping = { name: shipping.name ?? null, address };
}

export function selectShippingRate(session: SessionRecord, rateId: string): void {
  if (!session.shippingRateIds.includes(rateId)) {
    throw new InvalidRequestError(
      `No such shipping rate on this session: '${rateId}'. Pick one of ${session.shippingRateIds.join(', ') || '(none)'}.`,
      { code: 'resource_missing', param: 'shipping_rate' },
    );
  }
  session.selectedShippingRateId = rateId;
}

export function applyPromotionCode(state: State, session: SessionRecord, code: string): void {
  const promotionCode = state.findPromotionCodeByCode(code);
  if (!session.allowPromotionCodes || !promotionCode || !isRedeemable(state, promotionCode)) {
    throw new InvalidRequestError('This code is invalid.', {
      code: 'promotion_code_invalid',
      param: 'promotion_code',
    });
  }
  const coupon = promotionCode.promotion.coupon;
  session.discount = {
    couponId: typeof coupon === 'string' ? coupon : (coupon?.id ?? ''),
    promotionCodeId: promotionCode.id,
  };
}

/**
 * What the buyer does when they press "Pay": the same path for the browser stand-in (`strict`: the buyer
 * must have entered everything the session collects) and for the buyer simulation (sensible defaults).
 *
 * In payment mode the PaymentIntent is created at the first confirmation attempt, not with the session
 * (https://docs.stripe.com/changelog/2022-08-01/deferred-paymentintent-checkout-session), so a declined card
 * leaves it behind with `last_payment_error` and a `payment_intent.payment_failed` event; the next attempt
 * reuses it. Setup mode does the same with a SetupIntent.
 */
export function payForSession(
  state: State,
  session: SessionRecord,
  payment: Payment,
  buyer: BuyerInput,
  options: { strict: boolean },
): PaymentResult {
  assertOpen(session);
  applyBuyer(state, session, buyer, options.strict);

  let card: { brand: string; last4: string } | null = null;
  let delayed = false;
  switch (payment.method) {
    case 'card': {
      if (!isCompleteCardNumber(payment.number)) {
        throw new InvalidRequestError('Your card number is incomplete.', {
          code: 'incomplete_number',
          param: 'card.number',
        });
      }
      const outcome = cardOutcome(payment.number);
      const last4 = normaliseCardNumber(payment.number).slice(-4);
      const attempt = beginAttempt(state, session);
      if (outcome.kind === 'decline') {
        throw recordFailure(state, attempt, {
          code: outcome.code,
          declineCode: outcome.declineCode,
          message: outcome.message,
          ...(outcome.param ? { param: outcome.param } : {}),
        });
      }
      if (outcome.kind === 'three_d_secure' && options.strict) {
        const attemptId = newId('att');
        session.pendingAuthentication = { attempt: attemptId, cardBrand: outcome.brand, last4 };
        if (attempt?.kind === 'payment_intent') {
          attempt.intent.status = 'requires_action';
          state.emit('payment_intent.requires_action', attempt.intent);
        } else if (attempt?.kind === 'setup_intent') {
          attempt.intent.status = 'requires_action';
          state.emit('setup_intent.requires_action', attempt.intent);
        }
        return { kind: 'requires_action', attempt: attemptId };
      }
      card = { brand: outcome.brand, last4 };
      break;
    }
    case 'three_d_secure': {
      const pending = session.pendingAuthentication;
      if (!pending || pending.attempt !== payment.attempt) {
        throw new InvalidRequestError(
          'This 3D Secure attempt is unknown or already finished. Confirm the payment again.',
          { code: 'payment_intent_unexpected_state', param: 'three_d_secure[attempt]' },
        );
      }
      session.pendingAuthentication = null;
      if (payment.result === 'fail') {
        // Stripe's message for a failed authentication (test card 4000 0025 0000 3155, "Fail"):
        // https://docs.stripe.com/testing#regulatory-cards
        throw recordFailure(state, beginAttempt(state, session), {
          code: 'payment_intent_authentication_failure',
          message:
            'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
        });
      }
      card = { brand: pending.cardBrand, last4: pending.last4 };
      break;
    }
    case 'wallet':
      card = { brand: 'visa', last4: '4242' };
      break;
    case 'outcome':
      delayed = payment.outcome === 'delayed';
      break;
  }
  completeSession(state, session, { delayed, paymentMethod: card ? newId('pm') : null });
  return { kind: 'complete' };
}

type Attempt =
  | { kind: 'payment_intent'; intent: Stripe.PaymentIntent }
  | { kind: 'setup_intent'; intent: Stripe.SetupIntent }
  | undefined;

/**
 * The intent a confirmation attempt is recorded on: created (with its `.created` event) at the first attempt,
 * brought up to date with the session's amount on later ones. Subscription mode records none: its first
 * invoice and PaymentIntent are not emulated (FIDELITY.md).
 */
function beginAttempt(state: State, session: SessionRecord): Attempt {
  if (session.mode === 'payment') {
    const amounts = computeAmounts(state, session);
    let intent = session.paymentIntentId ? state.paymentIntents.get(session.paymentIntentId) : undefined;
    if (!intent) {
      intent = createPaymentIntent(state, {
        amount: amounts.total,
        currency: session.currency ?? 'usd',
        customer: session.customerId,
        status: 'requires_payment_method',
        paymentMethod: null,
        receiptEmail: session.buyer.email,
        shipping: session.shipping,
      });
      session.paymentIntentId = intent.id;
      state.emit('payment_intent.created', intent);
    }
    intent.amount = amounts.total;
    intent.receipt_email = session.buyer.email;
    const presented = presentmentCurrency(state, session);
    if (presented !== (session.currency ?? 'usd')) {
      intent.presentment_details = {
        presentment_amount: computeAmounts(state, session, presented).total,
        presentment_currency: presented,
      };
    } else {
      delete intent.presentment_details;
    }
    return { kind: 'payment_intent', intent };
  }
  if (session.mode === 'setup') {
    let intent = session.setupIntentId ? state.setupIntents.get(session.setupIntentId) : undefined;
    if (!intent) {
      intent = createSetupIntent(state, {
        customer: session.customerId,
        paymentMethod: null,
        status: 'requires_payment_method',
      });
      session.setupIntentId = intent.id;
      state.emit('setup_intent.created', intent);
    }
    return { kind: 'setup_intent', intent };
  }
  return undefined;
}

/** Records a declined attempt on its intent (with the failure event) and answers the error to throw. */
function recordFailure(
  state: State,
  attempt: Attempt,
  failure: { code: string; declineCode?: string; message: string; param?: string },
): CardError {
  const error = {
    type: 'card_error' as const,
    code: failure.code,
    ...(failure.declineCode ? { decline_code: failure.declineCode } : {}),
    doc_url: errorDocUrl(failure.code),
    message: failure.message,
    ...(failure.param ? { param: failure.param } : {}),
  };
  if (attempt?.kind === 'payment_intent') {
    attempt.intent.status = 'requires_payment_method';
    attempt.intent.last_payment_error = error as Stripe.PaymentIntent.LastPaymentError;
    state.emit('payment_intent.payment_failed', attempt.intent);
  } else if (attempt?.kind === 'setup_intent') {
    attempt.intent.status = 'requires_payment_method';
    attempt.intent.last_setup_error = error as Stripe.SetupIntent.LastSetupError;
    state.emit('setup_intent.setup_failed', attempt.intent);
  }
  return new CardError(failure.message, {
    code: failure.code,
    ...(failure.declineCode ? { declineCode: failure.declineCode } : {}),
    ...(failure.param ? { param: failure.param } : {}),
    ...(attempt?.kind === 'payment_intent' ? { paymentIntentId: attempt.intent.id } : {}),
  });
}

function applyBuyer(state: State, session: SessionRecord, buyer: BuyerInput, strict: boolean): void {
  if (buyer.email !== undefined) session.buyer.email = buyer.email;
  if (buyer.name !== undefined) session.buyer.name = buyer.name;
  if (buyer.phone !== undefined) session.buyer.phone = buyer.phone;
  if (buyer.billingAddress !== undefined) session.buyer.billing = fillAddress(buyer.billingAddress);
  if (buyer.shipping !== undefined) applyShippingAddress(session, buyer.shipping);
  if (buyer.shippingRateId !== undefined) selectShippingRate(session, buyer.shippingRateId);
  if (buyer.individualName !== undefined) setCollectedName(session, 'individual', buyer.individualName);
  if (buyer.businessName !== undefined) setCollectedName(session, 'business', buyer.businessName);
  if (buyer.taxId !== undefined) setTaxId(session, buyer.taxId);
  if (buyer.termsAccepted !== undefined) setTermsConsent(session, buyer.termsAccepted);

  const customer = session.customerId ? state.customers.get(session.customerId) : undefined;
  session.buyer.email ??= session.customerEmail ?? customer?.email ?? (strict ? null : 'buyer@example.com');
  if (session.buyer.email === null) {
    throw new InvalidRequestError('Enter an email address to complete the payment.', {
      code: 'parameter_missing',
      param: 'email',
    });
  }
  if (session.shippingAddressCollection && session.shipping === null) {
    if (strict || session.updateShippingDetails === 'server_only') {
      if (session.updateShippingDetails === 'server_only') {
        throw new InvalidRequestError(
          "This Checkout Session collects a shipping address that only the merchant's server may set " +
            '(permissions[update_shipping_details]=server_only), and it has not set one yet.',
          { code: 'parameter_missing', param: 'shipping_address' },
        );
      }
      throw new InvalidRequestError('This session collects a shipping address; enter one before paying.', {
        code: 'parameter_missing',
        param: 'shipping_address',
      });
    }
    const country = session.shippingAddressCollection.allowed_countries[0] ?? 'US';
    session.shipping = { name: session.buyer.name ?? 'Test Buyer', address: defaultAddress(country) };
  }
  if (session.billingAddressCollection === 'required' && session.buyer.billing === null) {
    if (strict) {
      throw new InvalidRequestError('This session requires a billing address; enter one before paying.', {
        code: 'parameter_missing',
        param: 'billing_address',
      });
    }
    session.buyer.billing = session.shipping?.address ?? defaultAddress('US');
  }
  requireCollectedDetails(session, buyer, strict);
}

/**
 * What the session collects besides addresses, required before it can be paid: a phone number ("Checkout adds a
 * required phone number field", https://docs.stripe.com/payments/checkout/phone-numbers), the names
 * `name_collection` does not mark `optional` (https://docs.stripe.com/payments/advanced/collect-names), and terms
 * of service consent when `consent_collection[terms_of_service]` is `required` ("it requires customers to check a
 * terms of service checkbox before being able to pay", SessionCreateParams.ConsentCollection). The buyer
 * simulation fills them in unless told otherwise (`termsAccepted: false`).
 */
function requireCollectedDetails(session: SessionRecord, buyer: BuyerInput, strict: boolean): void {
  const missing = (message: string, param: string) =>
    new InvalidRequestError(message, { code: 'parameter_missing', param });
  if (session.phoneNumberCollection && session.buyer.phone === null) {
    if (strict) throw missing('Enter a phone number to complete the payment.', 'phone');
    session.buyer.phone = '+14155550123';
  }
  const names = session.nameCollection;
  if (names?.individual?.enabled && !names.individual.optional && session.buyer.individualName === null) {
    if (strict) throw missing('Enter your full name to complete the payment.', 'individual_name');
    session.buyer.individualName = session.buyer.name ?? 'Test Buyer';
  }
  if (names?.business?.enabled && !names.business.optional && session.buyer.businessName === null) {
    if (strict) throw missing('Enter your business name to complete the payment.', 'business_name');
    session.buyer.businessName = session.buyer.taxId?.businessName ?? 'Test Business Ltd';
  }
  if (
    session.consentCollection?.termsOfService === 'required' &&
    session.buyer.consent.termsOfService !== 'accepted'
  ) {
    if (strict || buyer.termsAccepted === false) {
      throw missing('Accept the terms of service to complete the payment.', 'terms_of_service');
    }
    session.buyer.consent.termsOfService = 'accepted';
  }
}

function defaultAddress(country: string): AddressRecord {
  return {
    line1: '510 Townsend St',
    line2: null,
    city: 'San Francisco',
    state: country === 'US' ? 'CA' : null,
    postal_code: '94103',
    country,
  };
}

function completeSession(
  state: State,
  session: SessionRecord,
  payment: { delayed: boolean; paymentMethod: string | null },
): void {
  const currency = session.currency ?? 'usd';
  let newCustomer = false;
  const ensureCustomer = (): string => {
    if (session.customerId) return session.customerId;
    const customer = createCustomer(state, {
      email: session.buyer.email,
      // "Checkout saves the collected business name onto the Customer's name property"
      // (https://docs.stripe.com/tax/checkout/tax-ids).
      name: session.buyer.taxId?.businessName ?? session.buyer.name,
      phone: session.buyer.phone,
      address: session.buyer.billing,
    });
    // Collected names go to the Customer's business and individual name properties
    // (https://docs.stripe.com/payments/advanced/collect-names, "Retrieve collected names").
    if (session.buyer.businessName !== null) customer.business_name = session.buyer.businessName;
    if (session.buyer.individualName !== null) customer.individual_name = session.buyer.individualName;
    newCustomer = true;
    session.customerId = customer.id;
    return customer.id;
  };

  // The intent of this attempt exists (with its `.created` event) before the session completes.
  const attempt = beginAttempt(state, session);
  session.status = 'complete';
  session.pendingAuthentication = null;
  const events: [string, { id: string; object: string }][] = [];
  if (attempt?.kind === 'setup_intent') {
    const customer = session.customerCreation === 'always' ? ensureCustomer() : session.customerId;
    if (newCustomer && customer) events.push(['customer.created', state.customers.get(customer)!]);
    const setupIntent = attempt.intent;
    setupIntent.customer = customer;
    setupIntent.payment_method = payment.paymentMethod;
    setupIntent.status = 'succeeded';
    setupIntent.last_setup_error = null;
    session.paymentStatus = 'no_payment_required';
    events.push(['setup_intent.succeeded', setupIntent]);
  } else if (attempt?.kind === 'payment_intent') {
    const customer = session.customerCreation === 'always' ? ensureCustomer() : session.customerId;
    if (newCustomer && customer) events.push(['customer.created', state.customers.get(customer)!]);
    const paymentIntent = attempt.intent;
    paymentIntent.customer = customer;
    paymentIntent.payment_method = payment.paymentMethod;
    paymentIntent.shipping = shippingOf(session.shipping);
    // "It will be cleared if the PaymentIntent is later updated for any reason" (last_payment_error,
    // https://docs.stripe.com/api/payment_intents/object#payment_intent_object-last_payment_error).
    paymentIntent.last_payment_error = null;
    if (payment.delayed) {
      paymentIntent.status = 'processing';
    } else {
      paymentIntent.status = 'succeeded';
      paymentIntent.amount_received = paymentIntent.amount;
      paymentIntent.latest_charge = newId('ch');
    }
    session.paymentStatus = payment.delayed ? 'unpaid' : 'paid';
    events.push([payment.delayed ? 'payment_intent.processing' : 'payment_intent.succeeded', paymentIntent]);
  } else {
    const customer = ensureCustomer();
    const subscription = createSubscription(state, {
      customer,
      currency,
      items: session.lineItems.map((item) => ({ priceId: item.priceId, quantity: item.quantity })),
      status: payment.delayed ? 'incomplete' : 'active',
      paymentMethod: payment.paymentMethod,
    });
    session.subscriptionId = subscription.id;
    session.paymentStatus = payment.delayed ? 'unpaid' : 'paid';
    if (newCustomer) events.push(['customer.created', state.customers.get(customer)!]);
    events.push(['customer.subscription.created', subscription]);
  }
  redeemDiscount(state, session);
  for (const [type, object] of events) state.emit(type, object);
  state.emit('checkout.session.completed', { id: session.id, object: 'checkout.session' });
}

function shippingOf(shipping: NamedAddress | null): Stripe.PaymentIntent.Shipping | null {
  return shipping
    ? {
        address: { ...shipping.address },
        name: shipping.name ?? '',
        carrier: null,
        phone: null,
        tracking_number: null,
      }
    : null;
}

function redeemDiscount(state: State, session: SessionRecord): void {
  if (!session.discount) return;
  const coupon = state.coupons.get(session.discount.couponId);
  if (coupon) coupon.times_redeemed += 1;
  const promotionCode = session.discount.promotionCodeId
    ? state.promotionCodes.get(session.discount.promotionCodeId)
    : undefined;
  if (promotionCode) promotionCode.times_redeemed += 1;
}

/** A delayed payment (`payment_status: 'unpaid'` after completion) settles. */
export function settleAsyncPayment(
  state: State,
  session: SessionRecord,
  result: 'succeeded' | 'failed',
): void {
  if (session.status !== 'complete' || session.paymentStatus !== 'unpaid') {
    throw new InvalidRequestError(
      `Only a complete session paid with a delayed method (payment_status 'unpaid') can settle; this one is ${session.status}/${session.paymentStatus}.`,
      { param: 'session' },
    );
  }
  const paymentIntent = session.paymentIntentId
    ? state.paymentIntents.get(session.paymentIntentId)
    : undefined;
  const subscription = session.subscriptionId ? state.subscriptions.get(session.subscriptionId) : undefined;
  if (result === 'succeeded') {
    session.paymentStatus = 'paid';
    if (paymentIntent) {
      paymentIntent.status = 'succeeded';
      paymentIntent.amount_received = paymentIntent.amount;
      paymentIntent.latest_charge = newId('ch');
      state.emit('payment_intent.succeeded', paymentIntent);
    }
    if (subscription) {
      subscription.status = 'active';
      state.emit('customer.subscription.updated', subscription);
    }
    state.emit('checkout.session.async_payment_succeeded', { id: session.id, object: 'checkout.session' });
  } else {
    if (paymentIntent) {
      paymentIntent.status = 'requires_payment_method';
      paymentIntent.last_payment_error = {
        type: 'card_error',
        code: 'payment_method_provider_decline',
        message: 'The payment was declined after it was submitted (simulated delayed failure).',
      };
      state.emit('payment_intent.payment_failed', paymentIntent);
    }
    if (subscription) {
      subscription.status = 'incomplete_expired';
      state.emit('customer.subscription.updated', subscription);
    }
    state.emit('checkout.session.async_payment_failed', { id: session.id, object: 'checkout.session' });
  }
}
