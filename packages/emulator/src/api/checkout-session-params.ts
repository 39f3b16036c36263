import { checkoutSessionCreateSchema } from './checkout-session-create-schema.js';
import {
  arrayOf,
  emptyable,
  expand,
  int,
  listParams,
  metadata,
  object,
  oneOf,
  type ParamSchema,
  str,
} from './schema.js';

/**
 * The create schema with `ui_mode` left to the version check (its accepted names depend on `Stripe-Version`),
 * plus `allowed_payment_method_types`, which the `stripe` 23.1.0 types (API 2026-10-28.endive) have and the
 * vendored dahlia transcription predates (the reference README: where they disagree, the types win).
 */
export const createSchema: ParamSchema = {
  ...checkoutSessionCreateSchema,
  properties: {
    ...checkoutSessionCreateSchema.properties,
    ui_mode: str(),
    allowed_payment_method_types: arrayOf(str()),
  },
};

const lineItemSchema = createSchema.properties?.line_items?.items ?? {};
const shippingOptionSchema = createSchema.properties?.shipping_options?.items ?? {};

export const updateSchema: ParamSchema = object({
  collected_information: object({
    shipping_details: object(
      {
        address: object(
          { city: str(), country: str(), line1: str(), line2: str(), postal_code: str(), state: str() },
          ['country', 'line1'],
        ),
        name: str({ maxLength: 255 }),
      },
      ['address', 'name'],
    ),
  }),
  expand: expand(),
  // SessionUpdateParams.LineItem (stripe-node 23.1.0): the create line item plus `id`, `tax_rates`, and a
  // `metadata` that `""` clears.
  line_items: arrayOf({
    ...lineItemSchema,
    properties: {
      ...lineItemSchema.properties,
      id: str(),
      metadata: emptyable(metadata()),
      tax_rates: emptyable(arrayOf(str({ maxLength: 5000 }))),
    },
  }),
  metadata: emptyable(metadata()),
  payment_intent_data: object({
    description: emptyable(str()),
    metadata: emptyable(metadata()),
    setup_future_usage: emptyable(oneOf(['off_session', 'on_session'])),
    statement_descriptor: emptyable(str({ maxLength: 22 })),
    statement_descriptor_suffix: emptyable(str({ maxLength: 22 })),
  }),
  shipping_options: emptyable(arrayOf(shippingOptionSchema)),
});

export const listSchema: ParamSchema = listParams({
  status: oneOf(['complete', 'expired', 'open']),
  customer: str(),
  payment_intent: str(),
  subscription: str(),
  payment_link: str(),
  customer_details: object({ email: str() }, ['email']),
  created: { anyOf: [int(), object({ gt: int(), gte: int(), lt: int(), lte: int() })] },
});

export const retrieveSchema: ParamSchema = object({ expand: expand() });
export const lineItemsListSchema: ParamSchema = listParams();

export interface AddressParams {
  city?: string;
  country?: string;
  line1?: string;
  line2?: string;
  postal_code?: string;
  state?: string;
}

export interface LineItemParams {
  id?: string;
  price?: string;
  price_data?: {
    currency: string;
    product?: string;
    product_data?: {
      name: string;
      description?: string;
      images?: string[];
      metadata?: Record<string, string>;
      tax_code?: string;
      unit_label?: string;
    };
    recurring?: { interval: 'day' | 'month' | 'week' | 'year'; interval_count?: number };
    tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified';
    unit_amount?: number;
    unit_amount_decimal?: string;
  };
  quantity?: number;
  adjustable_quantity?: { enabled: boolean; minimum?: number; maximum?: number };
  /** `""` only on update (clears it). */
  metadata?: Record<string, string> | '';
  /** Update only; accepted, not emulated (FIDELITY.md). */
  tax_rates?: string[] | '';
}

export interface ShippingOptionParams {
  shipping_rate?: string;
  shipping_rate_data?: {
    display_name: string;
    type?: 'fixed_amount';
    fixed_amount?: { amount: number; currency: string };
    delivery_estimate?: {
      minimum?: { unit: 'business_day' | 'day' | 'hour' | 'month' | 'week'; value: number };
      maximum?: { unit: 'business_day' | 'day' | 'hour' | 'month' | 'week'; value: number };
    };
    metadata?: Record<string, string>;
    tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified';
  };
}

export type CustomTextPosition =
  | 'after_submit'
  | 'shipping_address'
  | 'submit'
  | 'terms_of_service_acceptance';

export interface OptionalItemParams {
  price: string;
  quantity: number;
  adjustable_quantity?: { enabled: boolean; minimum?: number; maximum?: number };
}

/** The create parameters the emulator acts on (all others are validated, accepted and ignored). */
export interface CreateParams {
  mode?: 'payment' | 'setup' | 'subscription';
  ui_mode?: string;
  line_items?: LineItemParams[];
  currency?: string;
  customer?: string;
  customer_email?: string;
  customer_creation?: 'always' | 'if_required';
  client_reference_id?: string;
  metadata?: Record<string, string>;
  success_url?: string;
  cancel_url?: string;
  return_url?: string;
  redirect_on_completion?: 'always' | 'if_required' | 'never';
  expires_at?: number;
  locale?: string;
  allow_promotion_codes?: boolean;
  discounts?: { coupon?: string; promotion_code?: string }[];
  shipping_options?: ShippingOptionParams[];
  shipping_address_collection?: { allowed_countries: string[] };
  billing_address_collection?: 'auto' | 'required';
  automatic_tax?: { enabled: boolean };
  adaptive_pricing?: { enabled?: boolean };
  phone_number_collection?: { enabled: boolean };
  tax_id_collection?: { enabled: boolean; required?: 'if_supported' | 'never' };
  consent_collection?: {
    payment_method_reuse_agreement?: { position: 'auto' | 'hidden' };
    promotions?: 'auto' | 'none';
    terms_of_service?: 'none' | 'required';
  };
  custom_text?: Partial<Record<CustomTextPosition, { message: string } | ''>>;
  name_collection?: {
    business?: { enabled: boolean; optional?: boolean };
    individual?: { enabled: boolean; optional?: boolean };
  };
  optional_items?: OptionalItemParams[];
  permissions?: { update_shipping_details?: 'client_only' | 'server_only' };
  wallet_options?: { link?: { display?: 'auto' | 'never' } };
  payment_method_types?: string[];
  allowed_payment_method_types?: string[];
  submit_type?: 'auto' | 'book' | 'donate' | 'pay' | 'subscribe';
  expand?: string[];
}

export interface UpdateParams {
  collected_information?: { shipping_details?: { name: string; address: AddressParams } };
  expand?: string[];
  line_items?: LineItemParams[];
  metadata?: Record<string, string> | '';
  payment_intent_data?: Record<string, unknown>;
  shipping_options?: ShippingOptionParams[] | '';
}

export interface ListSessionsParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  status?: 'complete' | 'expired' | 'open';
  customer?: string;
  payment_intent?: string;
  subscription?: string;
  customer_details?: { email: string };
  created?: number | { gt?: number; gte?: number; lt?: number; lte?: number };
  expand?: string[];
}
