import type Stripe from 'stripe';
import { newId, randomToken } from './ids.js';
import type { AddressRecord, NamedAddress } from './records.js';
import type { State } from './store.js';

export interface CustomerInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
  address?: AddressRecord | null;
  metadata?: Record<string, string>;
}

export function createCustomer(state: State, input: CustomerInput): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId('cus', 14),
    object: 'customer',
    address: input.address ?? null,
    balance: 0,
    created: state.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    email: input.email ?? null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  state.customers.set(customer.id, customer);
  return customer;
}

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer: string | null;
  status: Stripe.PaymentIntent.Status;
  paymentMethod: string | null;
  receiptEmail: string | null;
  shipping: NamedAddress | null;
  metadata?: Record<string, string>;
}

export function createPaymentIntent(state: State, input: PaymentIntentInput): Stripe.PaymentIntent {
  const id = newId('pi');
  const succeeded = input.status === 'succeeded';
  const paymentIntent: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_received: succeeded ? input.amount : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomToken(24)}`,
    confirmation_method: 'automatic',
    created: state.clock.now(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: succeeded ? newId('ch') : null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: input.shipping
      ? {
          address: { ...input.shipping.address },
          name: input.shipping.name ?? '',
          carrier: null,
          phone: null,
          tracking_number: null,
        }
      : null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: input.status,
    transfer_group: null,
  };
  state.paymentIntents.set(paymentIntent.id, paymentIntent);
  return paymentIntent;
}

export function createSetupIntent(
  state: State,
  input: { customer: string | null; paymentMethod: string | null; status?: Stripe.SetupIntent.Status },
): Stripe.SetupIntent {
  const id = newId('seti');
  const setupIntent: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(24)}`,
    created: state.clock.now(),
    customer: input.customer,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_setup_error: null,
    latest_attempt: newId('setatt'),
    livemode: false,
    mandate: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: input.status ?? 'succeeded',
    usage: 'off_session',
  };
  state.setupIntents.set(setupIntent.id, setupIntent);
  return setupIntent;
}

export interface SubscriptionInput {
  customer: string;
  currency: string;
  items: { priceId: string; quantity: number }[];
  status: Stripe.Subscription.Status;
  paymentMethod: string | null;
  metadata?: Record<string, string>;
}

export function createSubscription(state: State, input: SubscriptionInput): Stripe.Subscription {
  const id = newId('sub');
  const now = state.clock.now();
  const items: Stripe.SubscriptionItem[] = [];
  for (const item of input.items) {
    const price = state.prices.get(item.priceId);
    if (!price) continue;
    const periodEnd = now + periodSeconds(price.recurring);
    items.push({
      id: newId('si', 14),
      object: 'subscription_item',
      billing_thresholds: null,
      created: now,
      current_period_end: periodEnd,
      current_period_start: now,
      current_trial: null,
      discounts: [],
      metadata: {},
      plan: planFromPrice(price),
      price,
      quantity: item.quantity,
      subscription: id,
      tax_rates: [],
    });
  }
  const subscription: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.paymentMethod,
    default_source: null,
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: newId('in'),
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: null,
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: input.status,
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' },
    },
    trial_start: null,
  };
  state.subscriptions.set(subscription.id, subscription);
  return subscription;
}

function periodSeconds(recurring: Stripe.Price.Recurring | null): number {
  const count = recurring?.interval_count ?? 1;
  const day = 86_400;
  switch (recurring?.interval) {
    case 'day':
      return count * day;
    case 'week':
      return count * 7 * day;
    case 'year':
      return count * 365 * day;
    default:
      return count * 30 * day;
  }
}

function planFromPrice(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}
