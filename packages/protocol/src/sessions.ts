import { z } from 'zod';

/** A Checkout Session id as Stripe issues it (`cs_test_…` / `cs_live_…`); never the client secret. */
export const sessionIdPattern = /^cs_[A-Za-z0-9_]{1,250}$/;

/** What `Idempotency-Key` may hold: 16–255 characters of letters, digits and `_ : . -` (a UUID works). */
export const idempotencyKeyPattern = /^[A-Za-z0-9_:.-]{16,255}$/;

/** One cart line the browser asks for. The server decides the price's amount; the browser only names it. */
export const checkoutItemSchema = z.strictObject({
  price: z.string().min(1).max(255),
  quantity: z.number().int(),
});
export type CheckoutItem = z.infer<typeof checkoutItemSchema>;

/**
 * `POST /sessions` body. `items` is required in payment and subscription mode and empty or absent in setup mode;
 * unknown fields are refused (a browser never sends `unit_amount` or `price_data`).
 */
export const sessionCreateRequestSchema = z.strictObject({
  items: z.array(checkoutItemSchema).max(50).optional(),
  email: z.email().max(512).optional(),
  clientReferenceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
});
export type SessionCreateRequest = z.infer<typeof sessionCreateRequestSchema>;

/**
 * Which generation of Stripe's Checkout SDK the session is for: `elements` sessions (API 2026-03-25.dahlia and
 * later) are loaded with `stripe.initCheckoutElementsSdk` from the current Stripe.js; `custom` sessions (up to
 * 2025-09-30.clover) with `stripe.initCheckout` from the `/clover/` release.
 */
export const uiModeSchema = z.enum(['elements', 'custom']);
export type UiMode = z.infer<typeof uiModeSchema>;

/**
 * What the session collects that Stripe.js does not tell the page (issue 13): the element mounts an address field
 * for `shipping_address_collection` / `billing_address_collection: 'required'` even before the session needs it,
 * and hands a `server_only` session's shipping address to `POST /sessions/{id}/shipping`. Optional: an element
 * talking to a server without it shows an address once the session itself needs it.
 */
export const sessionCollectsSchema = z.object({
  shippingAddress: z.boolean().optional(),
  billingAddress: z.boolean().optional(),
  shippingDetails: z.enum(['client_only', 'server_only']).optional(),
  /**
   * Which of Stripe's optional Elements have something to show for this session, so that the element loads only
   * those (each is an iframe that the form waits for): `contactDetails` when the buyer is asked for an email (none
   * prefilled), a phone number or names; `taxId` for `tax_id_collection`; `terms` for
   * `consent_collection.terms_of_service: 'required'`; `linkSignup` when the shop offers the (beta) Link Sign-up
   * Element. A field left out means "unknown": the element then mounts that Element, which renders only what its
   * session collects.
   */
  contactDetails: z.boolean().optional(),
  taxId: z.boolean().optional(),
  terms: z.boolean().optional(),
  linkSignup: z.boolean().optional(),
});
export type SessionCollects = z.infer<typeof sessionCollectsSchema>;

/** `POST /sessions` answer (200). */
export const sessionCreatedSchema = z.object({
  clientSecret: z.string().regex(/^cs_(test|live)_.+_secret_.+$/),
  sessionId: z.string().regex(sessionIdPattern),
  /** Unix seconds. */
  expiresAt: z.number().int(),
  publishableKey: z.string().regex(/^pk_(test|live)_.+$/),
  uiMode: uiModeSchema,
  collects: sessionCollectsSchema.optional(),
});
export type SessionCreated = z.infer<typeof sessionCreatedSchema>;

export const sessionStatusLineItemSchema = z.object({
  price: z.string().nullable(),
  description: z.string().nullable(),
  quantity: z.number().int().nullable(),
  amountTotal: z.number().int().nullable(),
  currency: z.string().nullable(),
});
export type SessionStatusLineItem = z.infer<typeof sessionStatusLineItemSchema>;

/** `GET /sessions/:id` answer (200): what the return page shows. See docs/companion-protocol.md for who may see it. */
export const sessionStatusSchema = z.object({
  status: z.enum(['open', 'complete', 'expired']),
  paymentStatus: z.enum(['paid', 'unpaid', 'no_payment_required']),
  mode: z.enum(['payment', 'subscription', 'setup']),
  customerEmail: z.string().nullable(),
  amountTotal: z.number().int().nullable(),
  currency: z.string().nullable(),
  lineItems: z.array(sessionStatusLineItemSchema),
  /** The shop's fulfilment ran for this session (exactly once, by this call or an earlier one or a webhook). */
  fulfilled: z.boolean(),
});
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/** `POST /webhook` answer (2xx). Stripe only reads the status; the flags help a human reading the log. */
export const webhookAnswerSchema = z.object({
  received: z.literal(true),
  duplicate: z.literal(true).optional(),
  ignored: z.literal(true).optional(),
});
export type WebhookAnswer = z.infer<typeof webhookAnswerSchema>;

/**
 * `POST /sessions/{id}/items` body (optional capability, issue 13): replace the open session's cart. The server
 * applies the same allowlist and quantity rules as session creation and calls Stripe's
 * `checkout.sessions.update({ line_items })`; the element wraps the call in the SDK's `runServerUpdate`, so
 * Stripe.js refetches the session and the summary changes without a new session.
 */
export const sessionItemsUpdateRequestSchema = z.strictObject({
  items: z.array(checkoutItemSchema).min(1).max(50),
});
export type SessionItemsUpdateRequest = z.infer<typeof sessionItemsUpdateRequestSchema>;

/** The address a buyer typed, as Stripe.js reports it (`shippingAddress` of the SDK session, snake-cased). */
export const shippingAddressSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/),
  line1: z.string().max(200).nullish(),
  line2: z.string().max(200).nullish(),
  city: z.string().max(200).nullish(),
  state: z.string().max(200).nullish(),
  postal_code: z.string().max(40).nullish(),
});
export type ShippingAddress = z.infer<typeof shippingAddressSchema>;

/**
 * `POST /sessions/{id}/shipping` body (optional capability, issue 13) for sessions created with
 * `permissions.update_shipping_details: 'server_only'`: the server's shipping hook prices the address, and the
 * server sets `collected_information.shipping_details` and `shipping_options` with `checkout.sessions.update`.
 * A refused address answers `422 shipping_address_refused` whose `message` is the hook's (shown on the field).
 */
export const sessionShippingUpdateRequestSchema = z.strictObject({
  name: z.string().min(1).max(200),
  address: shippingAddressSchema,
});
export type SessionShippingUpdateRequest = z.infer<typeof sessionShippingUpdateRequestSchema>;

/** 200 answer of both update routes. `shippingRates` is set by the shipping route: what the buyer can pick. */
export const sessionUpdatedSchema = z.object({
  sessionId: z.string().regex(sessionIdPattern),
  updated: z.literal(true),
  shippingRates: z
    .array(z.object({ displayName: z.string(), amount: z.number().int(), currency: z.string() }))
    .optional(),
});
export type SessionUpdated = z.infer<typeof sessionUpdatedSchema>;
