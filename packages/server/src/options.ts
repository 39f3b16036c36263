import type { Logger } from 'pino';
import Stripe from 'stripe';
import { z } from 'zod';
import { CheckoutOptionsError } from './errors.js';
import type { Ledger } from './ledger/ledger.js';
import { createCheckoutLogger } from './logger.js';
import {
  allowedOriginsSchema,
  apiBaseSchema,
  apiVersionSchema,
  type CheckoutMode,
  catalogEntryKeys,
  catalogSchema,
  describeIssue,
  modeSchema,
  positiveIntegerSchema,
  publishableKeySchema,
  type ResolvedCatalogEntry,
  returnOrigin,
  returnUrlSchema,
  secretKeySchema,
  webhookSecretSchema,
} from './schemas.js';
import type { ShippingOptionsHook } from './shipping.js';
import { createStripeClient } from './stripe-client.js';

export type { CheckoutMode, ResolvedCatalogEntry };

/** A price the server may sell, with optional quantity bounds (default 1…99). */
export type CatalogEntry =
  | string
  | { readonly price: string; readonly minQuantity?: number; readonly maxQuantity?: number };

export type LineItem = Stripe.Checkout.SessionCreateParams.LineItem;

/** Input of a `lineItems` resolver: the `items` value of the request body, as the client sent it. */
export interface LineItemsRequest {
  readonly items: unknown;
  readonly request: Request;
}

/** Parameters passed through to every session creation. The keys the server controls are refused. */
export type SessionDefaults = Omit<
  Stripe.Checkout.SessionCreateParams,
  'line_items' | 'mode' | 'ui_mode' | 'return_url' | 'customer_email' | 'client_reference_id'
>;

/** A Checkout Session as handed to the hooks (`line_items` present for `onFulfil` with `fulfilWithLineItems`). */
export type CheckoutSession = Stripe.Checkout.Session;

export type SessionHook = (session: CheckoutSession) => unknown | Promise<unknown>;

export type RateLimit = { readonly windowMs: number; readonly limit: number } | false;

export interface CheckoutOptions {
  /** A configured `stripe` SDK instance. Give this or `secretKey`. */
  readonly stripe?: Stripe;
  /** The secret (`sk_…`) or restricted (`rk_…`) key; the server builds its own SDK instance. */
  readonly secretKey?: string;
  /** Where the SDK sends requests when built from `secretKey` (e.g. the emulator, `http://127.0.0.1:12111`). */
  readonly apiBase?: string;
  /** The publishable key (`pk_…`) the browser needs; returned by `POST /sessions`. */
  readonly publishableKey: string;
  /** Stripe API version for session calls. Decides `ui_mode`: `elements` from 2026-03-25.dahlia on, else `custom`. */
  readonly apiVersion?: string;
  /** Allowlist of sellable prices. Give this or `lineItems`. */
  readonly catalog?: readonly CatalogEntry[];
  /** Resolver for dynamic carts: turns the body's `items` into line items; throw `CheckoutInputError` for a 400. */
  readonly lineItems?: (request: LineItemsRequest) => readonly LineItem[] | Promise<readonly LineItem[]>;
  readonly mode?: CheckoutMode;
  /** Absolute URL containing `{CHECKOUT_SESSION_ID}`; its origin must be one of `allowedOrigins`. */
  readonly returnUrl: string;
  /** Exact origins (`https://shop.example`) allowed to call the session endpoints from a browser. No `*`. */
  readonly allowedOrigins: readonly string[];
  /** Passed to every session creation. In setup mode it must name a `currency` (or `allowed_payment_method_types`). */
  readonly sessionDefaults?: SessionDefaults;
  /** The endpoint's signing secret (`whsec_…`). */
  readonly webhookSecret: string;
  readonly onFulfil?: SessionHook;
  /**
   * Fetch the session's `line_items` from Stripe before a webhook-triggered `onFulfil` (events never carry them).
   * Costs one Stripe call per fulfilment; the return page's lookup has them anyway.
   */
  readonly fulfilWithLineItems?: boolean;
  readonly onExpired?: SessionHook;
  readonly onPaymentFailed?: SessionHook;
  /**
   * Prices the buyer's shipping address (`POST /sessions/{id}/shipping`): answer 1–5 rates
   * `[{ displayName, amount, currency? }]` or a refusal `{ refused: message, field? }`. When given, sessions are
   * created with `permissions.update_shipping_details: 'server_only'` (payment mode; `sessionDefaults` must name
   * `shipping_address_collection`). `shippingRateTable({ US: [...], '*': [...] })` builds one from a fixed table.
   */
  readonly shippingOptions?: ShippingOptionsHook;
  /**
   * Offer Stripe's Link Sign-up Element (a beta: `checkout.d.ts` "Requires beta access"; an account without it is
   * refused at creation). Off by default, so that checkouts do not load an iframe their account cannot use: the
   * session answer's `collects.linkSignup` tells the element whether to mount it.
   */
  readonly linkSignup?: boolean;
  /**
   * Where fulfilment state lives: `createSqliteLedger(path)` from `@checkout-element/server/sqlite` or
   * `createPostgresLedger(url)` from `@checkout-element/server/postgres`. Required: the server never picks a file.
   */
  readonly ledger: Ledger;
  /** A pino logger. Default: pino to stdout with secrets redacted. */
  readonly logger?: Logger;
  /** How long a fulfilment claim is held before another worker may take it over (ms). */
  readonly leaseMs?: number;
  /** Largest accepted `POST /sessions` body in bytes. */
  readonly maxBodyBytes?: number;
  /** Session creations allowed per client IP per window (Express router only), or `false`. */
  readonly rateLimit?: RateLimit;
  /**
   * Status lookups (`GET /sessions/:id`) and cart/shipping updates (`POST /sessions/:id/items`, `…/shipping`)
   * allowed per client IP per window, together (Express router only), or `false`.
   */
  readonly lookupRateLimit?: RateLimit;
  /**
   * helmet's security headers on the checkout routes (Express router only). Off by default: a library router
   * should not impose a page security policy on the host app; the standalone `checkout-server` turns it on.
   */
  readonly securityHeaders?: boolean;
  /** Path prefix the core strips before routing, for frameworks that pass the full path. */
  readonly basePath?: string;
}

export const defaults = {
  apiVersion: Stripe.API_VERSION,
  mode: 'payment',
  leaseMs: 120_000,
  maxBodyBytes: 8_192,
  rateLimit: { windowMs: 60_000, limit: 30 },
  lookupRateLimit: { windowMs: 60_000, limit: 120 },
  basePath: '',
} as const;

/** The first API version whose Checkout Sessions take `ui_mode: 'elements'` (before it: `custom`). */
export const ELEMENTS_UI_MODE_SINCE = '2026-03-25.dahlia';

export function uiModeFor(apiVersion: string): 'elements' | 'custom' {
  return apiVersion.slice(0, 10) >= ELEMENTS_UI_MODE_SINCE.slice(0, 10) ? 'elements' : 'custom';
}

const controlledSessionKeys = [
  'line_items',
  'mode',
  'ui_mode',
  'return_url',
  'customer_email',
  'client_reference_id',
] as const;

const fn = <T>(expected: string) =>
  z.custom<T>((value) => typeof value === 'function', {
    error: (issue) => `must be ${expected} (got ${issue.input === null ? 'null' : typeof issue.input})`,
  });

const rateLimitSchema = z.union(
  [z.literal(false), z.strictObject({ windowMs: positiveIntegerSchema, limit: positiveIntegerSchema })],
  {
    error: 'must be { windowMs, limit } or false',
  },
);

const isStripe = (value: unknown): value is Stripe =>
  value instanceof Stripe || typeof (value as Stripe | null)?.checkout?.sessions?.create === 'function';

const isLedger = (value: unknown): value is Ledger =>
  typeof (value as Ledger | null)?.beginEvent === 'function' &&
  typeof (value as Ledger | null)?.claim === 'function';

const optionsSchema = z
  .strictObject({
    stripe: z
      .custom<Stripe>(isStripe, { error: 'must be an instance of the `stripe` SDK (new Stripe(secretKey))' })
      .optional(),
    secretKey: secretKeySchema.optional(),
    apiBase: apiBaseSchema.optional(),
    publishableKey: publishableKeySchema,
    apiVersion: apiVersionSchema.default(defaults.apiVersion),
    catalog: catalogSchema.optional(),
    lineItems: fn<NonNullable<CheckoutOptions['lineItems']>>('a function').optional(),
    mode: modeSchema.default(defaults.mode),
    returnUrl: returnUrlSchema,
    allowedOrigins: allowedOriginsSchema,
    sessionDefaults: z
      .record(z.string(), z.unknown(), { error: 'must be an object of Checkout Session create parameters' })
      .superRefine((value, context) => {
        for (const key of controlledSessionKeys) {
          if (key in value)
            context.addIssue({
              code: 'custom',
              path: [key],
              message:
                'is set by the server itself (from mode, returnUrl, the catalog and the request); remove it',
            });
        }
      })
      .default({})
      .transform((value) => value as SessionDefaults),
    webhookSecret: webhookSecretSchema,
    onFulfil: fn<SessionHook>('a function').optional(),
    fulfilWithLineItems: z.boolean({ error: 'must be true or false' }).default(false),
    onExpired: fn<SessionHook>('a function').optional(),
    onPaymentFailed: fn<SessionHook>('a function').optional(),
    shippingOptions: fn<ShippingOptionsHook>(
      'a function (address, session) => rates or { refused }',
    ).optional(),
    linkSignup: z.boolean({ error: 'must be true or false' }).default(false),
    ledger: z.custom<Ledger>(isLedger, {
      error: (issue) =>
        issue.input === undefined
          ? "is required: pass createSqliteLedger(path) from '@checkout-element/server/sqlite' or createPostgresLedger(url) from '@checkout-element/server/postgres'"
          : 'must be a ledger store (createSqliteLedger(path) or createPostgresLedger(url))',
    }),
    logger: z
      .custom<Logger>((value) => typeof (value as Logger | null)?.info === 'function', {
        error: 'must be a pino logger',
      })
      .optional(),
    leaseMs: positiveIntegerSchema.default(defaults.leaseMs),
    maxBodyBytes: positiveIntegerSchema.default(defaults.maxBodyBytes),
    rateLimit: rateLimitSchema.default(defaults.rateLimit),
    lookupRateLimit: rateLimitSchema.default(defaults.lookupRateLimit),
    securityHeaders: z.boolean({ error: 'must be true or false' }).default(false),
    basePath: z
      .string()
      .regex(/^(\/[\w.~-]+)*$/, { error: 'must be a path prefix like "/api/checkout" (no trailing slash)' })
      .default(defaults.basePath),
  })
  .superRefine((options, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (options.stripe !== undefined && options.secretKey !== undefined)
      issue('stripe', 'and `secretKey` are exclusive: give one');
    if (options.stripe === undefined && options.secretKey === undefined)
      issue('secretKey', 'is required (or pass a `stripe` SDK instance)');
    if (options.stripe !== undefined && options.apiBase !== undefined)
      issue('apiBase', 'only applies with `secretKey`; configure host/port on your own `stripe` instance');
    if (options.catalog !== undefined && options.lineItems !== undefined)
      issue('catalog', 'and `lineItems` are exclusive: give one');
    else if (options.catalog === undefined && options.lineItems === undefined && options.mode !== 'setup')
      issue('catalog', `is required in ${options.mode} mode (or give a \`lineItems\` resolver)`);
    // Refinements run even when a field failed its own check; only compare what parsed.
    const origin = typeof options.returnUrl === 'string' ? returnOrigin(options.returnUrl) : undefined;
    if (origin && options.allowedOrigins instanceof Set && !options.allowedOrigins.has(origin))
      issue(
        'returnUrl',
        `points at ${origin}, which is not in allowedOrigins; add it there (this keeps the return page from becoming an open redirect)`,
      );
    // "currency: … Required in `setup` mode when `allowed_payment_method_types` is not set." (stripe 23.1.0,
    // types of SessionCreateParams.currency; https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-currency)
    const defaultsGiven = (options.sessionDefaults ?? {}) as Record<string, unknown>;
    if (options.mode === 'setup' && !defaultsGiven.currency && !defaultsGiven.allowed_payment_method_types)
      issue(
        'sessionDefaults',
        'needs a `currency` in setup mode (e.g. { currency: "eur" }): Stripe requires it unless `allowed_payment_method_types` is given',
      );
    if (options.shippingOptions !== undefined) {
      // "Only supported in payment mode. Shipping rates aren't available in subscription mode."
      // (https://docs.stripe.com/payments/checkout/custom-shipping-options?payment-ui=embedded-components)
      if (options.mode !== 'payment')
        issue(
          'shippingOptions',
          `only applies in payment mode (Stripe has no shipping rates in ${options.mode} mode)`,
        );
      else if (!defaultsGiven.shipping_address_collection)
        issue(
          'shippingOptions',
          'needs sessionDefaults.shipping_address_collection (e.g. { allowed_countries: ["US", "CA"] }): without it the buyer has no address to enter',
        );
    }
    // An optional item the buyer adds becomes a line item, which a later cart update retransmits: it must pass the
    // same allowlist as the cart.
    const optionalItems = defaultsGiven.optional_items;
    if (Array.isArray(optionalItems) && options.catalog instanceof Map) {
      optionalItems.forEach((item: { price?: unknown }, index) => {
        if (typeof item?.price === 'string' && !options.catalog!.has(item.price))
          context.addIssue({
            code: 'custom',
            path: ['sessionDefaults', 'optional_items', index, 'price'],
            message: `${item.price} is not in the catalog; add it there too (a buyer who adds it sends it back with every cart update)`,
          });
      });
    }
  });

// The documented input interface and the schema must agree on what they accept.
const _inputAgrees = (options: CheckoutOptions): z.input<typeof optionsSchema> => options;
void _inputAgrees;

const knownKeys = (path: string): readonly string[] | undefined =>
  path === ''
    ? Object.keys(optionsSchema.shape)
    : /^catalog\[\d+\]$/.test(path)
      ? catalogEntryKeys
      : undefined;

/** Validates options once, at construction; never mutates them. Throws `CheckoutOptionsError` naming the option. */
export function resolveOptions(input: Readonly<CheckoutOptions>) {
  if (typeof input !== 'object' || input === null)
    throw new CheckoutOptionsError('options', 'must be an object');
  const result = optionsSchema.safeParse(input);
  if (!result.success) {
    // Unknown options first: a typo explains the "missing" option it was meant to be.
    const issue =
      result.error.issues.find((found) => found.code === 'unrecognized_keys') ?? result.error.issues[0]!;
    const { where, message } = describeIssue(issue, knownKeys);
    throw new CheckoutOptionsError(where, message);
  }
  const options = result.data;
  const stripe =
    options.stripe ??
    createStripeClient({
      secretKey: options.secretKey!,
      apiBase: options.apiBase,
      apiVersion: options.apiVersion,
    });
  return {
    ...options,
    stripe,
    uiMode: uiModeFor(options.apiVersion),
    logger: options.logger ?? createCheckoutLogger(),
  };
}

export type ResolvedOptions = ReturnType<typeof resolveOptions>;
