import type Stripe from 'stripe';
import { z } from 'zod';
import { defaults as optionDefaults, uiModeFor } from './options.js';
import {
  allowedOriginsSchema,
  apiBaseSchema,
  apiVersionSchema,
  catalogSchema,
  currencySchema,
  didYouMean,
  modeSchema,
  pathOf,
  publishableKeySchema,
  returnOrigin,
  returnUrlSchema,
  secretKeySchema,
  webhookSecretSchema,
} from './schemas.js';
import { parseShippingRates, type ShippingRateTable } from './shipping.js';

/** Environment variables the standalone `checkout-server` reads, with their defaults. */
export const environment = {
  STRIPE_SECRET_KEY: 'required; sk_test_… / sk_live_… / rk_…',
  STRIPE_PUBLISHABLE_KEY: 'required; pk_test_… / pk_live_…',
  STRIPE_WEBHOOK_SECRET: 'required; whsec_…',
  CHECKOUT_PRICES:
    'required unless CHECKOUT_MODE=setup; comma-separated price ids, each optionally with bounds: price_a,price_b:1-5',
  CHECKOUT_RETURN_URL: 'required; absolute, containing {CHECKOUT_SESSION_ID}',
  ALLOWED_ORIGINS: 'comma-separated exact origins; default: the origin of CHECKOUT_RETURN_URL',
  CHECKOUT_MODE: 'payment | subscription | setup; default payment',
  CHECKOUT_CURRENCY: 'required with CHECKOUT_MODE=setup (Stripe needs it there); ISO code like eur',
  CHECKOUT_COLLECT_PHONE: 'on | off: ask for a phone number (phone_number_collection); default off',
  CHECKOUT_TERMS:
    'required | off: the buyer must accept your terms of service (consent_collection), linked from the URL set in the Stripe Dashboard; default off',
  CHECKOUT_TERMS_TEXT:
    'text (Markdown links allowed) shown next to the terms checkbox (custom_text); only for ui_mode custom (STRIPE_API_VERSION before 2026-03-25)',
  CHECKOUT_TAX_ID: 'on | off: let businesses enter a tax ID (tax_id_collection); default off',
  CHECKOUT_NAME_COLLECTION:
    'individual and/or business, each optionally :optional (name_collection), e.g. individual,business:optional',
  CHECKOUT_BILLING_ADDRESS: 'auto | required (billing_address_collection); default auto',
  CHECKOUT_SHIPPING_COUNTRIES: 'countries to ship to (shipping_address_collection), e.g. US,CA,GB',
  CHECKOUT_SHIPPING_RATES:
    "COUNTRY:cents[:label] rates the server sets for the buyer's address (* = any other country), e.g. US:500,US:1500:Express,*:2500",
  CHECKOUT_OPTIONAL_ITEMS:
    'prices from CHECKOUT_PRICES offered as optional add-ons (optional_items), each optionally with buyer-adjustable bounds: price_a,price_b:1-3',
  CHECKOUT_ADAPTIVE_PRICING:
    'on | off: buyers abroad pay in their currency, with a currency selector (adaptive_pricing); default off',
  CHECKOUT_LINK_SIGNUP:
    "on | off: show Stripe's Link Sign-up Element (a Stripe beta your account must have); default off",
  DATABASE_URL: 'SQLite file path, or postgres://…; default checkout-ledger.sqlite',
  DATABASE_SCHEMA: 'PostgreSQL schema for the ledger tables; default public',
  PORT: 'default 4242',
  HOST: 'default 127.0.0.1 (use 0.0.0.0 in a container)',
  STRIPE_API_BASE: 'e.g. http://127.0.0.1:12111 for the emulator; default Stripe',
  STRIPE_API_VERSION: 'default the SDK pinned version',
  FULFILMENT_URL: 'where each paid order is POSTed once (signed); optional',
  FULFILMENT_SECRET: 'HMAC key for the Checkout-Signature header; required with FULFILMENT_URL',
  FULFILMENT_RETRY_BASE_MS: 'first retry delay, doubling up to 5 minutes; default 1000',
  CHECKOUT_LEASE_MS: 'fulfilment claim lease; default 120000',
  CHECKOUT_RATE_LIMIT: 'session creations per IP per minute, 0 = off; default 30',
  CHECKOUT_LOOKUP_RATE_LIMIT: 'status lookups per IP per minute, 0 = off; default 120',
  SECURITY_HEADERS: 'on | off: helmet security headers on every answer; default on',
  TRUST_PROXY: 'Express "trust proxy" setting (e.g. 1 behind one reverse proxy); default off',
  LOG_LEVEL: 'pino level; default info',
} as const;

export type EnvironmentName = keyof typeof environment;

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
  constructor(readonly problems: string[]) {
    super(
      `checkout-server is not configured correctly:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const defaultDatabase = 'checkout-ledger.sqlite';

/** The ledger location; the CLI (and only the CLI) defaults to a SQLite file in the working directory. */
export function databaseUrlFrom(env: Env): string {
  return env.DATABASE_URL?.trim() || defaultDatabase;
}

const list = (value: string): readonly string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer ≥ ${min}` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, {
      error: `must be an integer from ${min} to ${max}`,
    });

/** `price_a,price_b:1-5` → catalog entries; a malformed bound is an issue naming the entry. */
const pricesSchema = z.string().transform((value, context): unknown[] =>
  list(value).map((entry) => {
    const [price = '', bounds] = entry.split(':');
    if (!bounds) return price;
    const match = /^(\d+)-(\d+)$/.exec(bounds);
    if (!match) {
      context.addIssue({
        code: 'custom',
        message: `"${entry}" should be price_id or price_id:min-max (e.g. price_123:1-10)`,
      });
      return price;
    }
    return { price, minQuantity: Number(match[1]), maxQuantity: Number(match[2]) };
  }),
);

const onOff = () =>
  z.enum(['on', 'off'], { error: 'must be on or off' }).transform((value) => value === 'on');

const countryList = z.string().transform((value, context) => {
  const countries = list(value);
  for (const country of countries) {
    if (!/^[A-Z]{2}$/.test(country))
      context.addIssue({
        code: 'custom',
        message: `"${country}" is not a two-letter country code in capitals (e.g. US,CA,GB)`,
      });
  }
  return countries;
});

/** `individual,business:optional` → name_collection. */
const nameCollectionSchema = z.string().transform((value, context) => {
  const collection: Stripe.Checkout.SessionCreateParams.NameCollection = {};
  for (const entry of list(value)) {
    const match = /^(individual|business)(:optional)?$/.exec(entry);
    if (!match) {
      context.addIssue({
        code: 'custom',
        message: `"${entry}" should be individual or business, optionally followed by :optional (e.g. individual,business:optional)`,
      });
      continue;
    }
    collection[match[1] as 'individual' | 'business'] = {
      enabled: true,
      ...(match[2] ? { optional: true } : {}),
    };
  }
  return collection;
});

const shippingRatesSchema = z.string().transform((value, context): ShippingRateTable => {
  try {
    return parseShippingRates(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Stripe's limit on `optional_items` (stripe-node SessionCreateParams.optional_items: "up to 10"). */
const MAX_OPTIONAL_ITEMS = 10;

const requiredVariables = [
  'STRIPE_SECRET_KEY',
  'STRIPE_PUBLISHABLE_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'CHECKOUT_RETURN_URL',
] as const satisfies readonly EnvironmentName[];

// The catalog check of the router options, fed from the parsed list (its declared input is the options' shape).
const catalogFromList = catalogSchema as unknown as z.ZodType<z.output<typeof catalogSchema>, unknown[]>;

const environmentSchema = z
  .object({
    STRIPE_SECRET_KEY: secretKeySchema.optional(),
    STRIPE_PUBLISHABLE_KEY: publishableKeySchema.optional(),
    STRIPE_WEBHOOK_SECRET: webhookSecretSchema.optional(),
    CHECKOUT_MODE: modeSchema.default('payment'),
    CHECKOUT_PRICES: pricesSchema.pipe(catalogFromList).optional(),
    CHECKOUT_CURRENCY: currencySchema.optional(),
    CHECKOUT_RETURN_URL: returnUrlSchema.optional(),
    CHECKOUT_COLLECT_PHONE: onOff().default(false),
    CHECKOUT_TERMS: z
      .enum(['required', 'off'], { error: 'must be required or off' })
      .default('off')
      .transform((value) => value === 'required'),
    CHECKOUT_TERMS_TEXT: z.string().max(1200, { error: 'must be at most 1200 characters' }).optional(),
    CHECKOUT_TAX_ID: onOff().default(false),
    CHECKOUT_NAME_COLLECTION: nameCollectionSchema.optional(),
    CHECKOUT_BILLING_ADDRESS: z.enum(['auto', 'required'], { error: 'must be auto or required' }).optional(),
    CHECKOUT_SHIPPING_COUNTRIES: countryList.optional(),
    CHECKOUT_SHIPPING_RATES: shippingRatesSchema.optional(),
    CHECKOUT_OPTIONAL_ITEMS: pricesSchema.optional(),
    CHECKOUT_ADAPTIVE_PRICING: onOff().default(false),
    CHECKOUT_LINK_SIGNUP: onOff().default(false),
    ALLOWED_ORIGINS: z.string().transform(list).pipe(allowedOriginsSchema).optional(),
    DATABASE_URL: z.string().default(defaultDatabase),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lowercase identifier like checkout' })
      .optional(),
    PORT: integer(0, 65_535).default(4242),
    HOST: z.string().default('127.0.0.1'),
    STRIPE_API_BASE: apiBaseSchema.optional(),
    STRIPE_API_VERSION: apiVersionSchema.optional(),
    FULFILMENT_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    FULFILMENT_SECRET: z
      .string()
      .min(16, { error: 'is too short; use at least 16 random characters (e.g. `openssl rand -hex 32`)' })
      .optional(),
    FULFILMENT_RETRY_BASE_MS: integer(1).default(1_000),
    CHECKOUT_LEASE_MS: integer(1).optional(),
    CHECKOUT_RATE_LIMIT: integer(0).default(30),
    CHECKOUT_LOOKUP_RATE_LIMIT: integer(0).default(120),
    SECURITY_HEADERS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
    TRUST_PROXY: z.string().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be fatal, error, warn, info, debug, trace or silent',
      })
      .default('info'),
  })
  .superRefine((env, context) => {
    const issue = (name: EnvironmentName, message: string) =>
      context.addIssue({ code: 'custom', path: [name], message });
    for (const name of requiredVariables) {
      if (env[name] === undefined) issue(name, `is not set (${environment[name]})`);
    }
    if (env.CHECKOUT_MODE !== 'setup' && env.CHECKOUT_PRICES === undefined)
      issue('CHECKOUT_PRICES', `is not set (${environment.CHECKOUT_PRICES})`);
    // "currency: … Required in `setup` mode when `allowed_payment_method_types` is not set." (stripe 23.1.0,
    // SessionCreateParams.currency; https://docs.stripe.com/api/checkout/sessions/create). In the other modes the
    // prices carry their currency, so a second source of truth is refused rather than silently ignored.
    if (env.CHECKOUT_MODE === 'setup' && env.CHECKOUT_CURRENCY === undefined)
      issue(
        'CHECKOUT_CURRENCY',
        'is not set: Stripe requires a currency for setup-mode sessions (e.g. CHECKOUT_CURRENCY=eur)',
      );
    if (env.CHECKOUT_MODE !== 'setup' && env.CHECKOUT_CURRENCY !== undefined)
      issue(
        'CHECKOUT_CURRENCY',
        `only applies with CHECKOUT_MODE=setup; in ${env.CHECKOUT_MODE} mode the prices carry their currency`,
      );
    const payment = env.CHECKOUT_MODE === 'payment';
    // stripe-node 23.1.0, SessionCreateParams.custom_text: "You can't set this parameter if `ui_mode` is `elements`."
    if (env.CHECKOUT_TERMS_TEXT !== undefined) {
      if (!env.CHECKOUT_TERMS)
        issue(
          'CHECKOUT_TERMS_TEXT',
          'needs CHECKOUT_TERMS=required (it is the text next to the terms checkbox)',
        );
      else if (uiModeFor(env.STRIPE_API_VERSION ?? optionDefaults.apiVersion) === 'elements')
        issue(
          'CHECKOUT_TERMS_TEXT',
          "cannot be used with ui_mode elements (Stripe: custom_text can't be set for elements sessions); the Terms Element shows Stripe's own wording and links the terms URL of your Dashboard",
        );
    }
    if (env.CHECKOUT_SHIPPING_RATES !== undefined) {
      if (!payment)
        issue(
          'CHECKOUT_SHIPPING_RATES',
          `only applies with CHECKOUT_MODE=payment (Stripe has no shipping rates in ${env.CHECKOUT_MODE} mode)`,
        );
      else if ('*' in env.CHECKOUT_SHIPPING_RATES && env.CHECKOUT_SHIPPING_COUNTRIES === undefined)
        issue(
          'CHECKOUT_SHIPPING_COUNTRIES',
          'is not set: CHECKOUT_SHIPPING_RATES has a * row, so list the countries the shop ships to (Stripe needs them)',
        );
    }
    if (env.CHECKOUT_SHIPPING_COUNTRIES !== undefined && env.CHECKOUT_MODE === 'setup')
      issue('CHECKOUT_SHIPPING_COUNTRIES', 'does not apply with CHECKOUT_MODE=setup (nothing is shipped)');
    if (env.CHECKOUT_ADAPTIVE_PRICING && !payment)
      issue(
        'CHECKOUT_ADAPTIVE_PRICING',
        `only applies with CHECKOUT_MODE=payment (Adaptive Pricing is for one-time payments, not ${env.CHECKOUT_MODE})`,
      );
    if (env.CHECKOUT_OPTIONAL_ITEMS !== undefined) {
      if (!payment && env.CHECKOUT_MODE !== 'subscription')
        issue('CHECKOUT_OPTIONAL_ITEMS', 'does not apply with CHECKOUT_MODE=setup (nothing is sold)');
      if (env.CHECKOUT_OPTIONAL_ITEMS.length > MAX_OPTIONAL_ITEMS)
        issue('CHECKOUT_OPTIONAL_ITEMS', `lists more than ${MAX_OPTIONAL_ITEMS} prices (Stripe's maximum)`);
      for (const entry of env.CHECKOUT_OPTIONAL_ITEMS as (string | { price: string })[]) {
        const price = typeof entry === 'string' ? entry : entry.price;
        if (!/^(price|plan)_[A-Za-z0-9_]+$/.test(price))
          issue('CHECKOUT_OPTIONAL_ITEMS', `"${price}" is not a Stripe price id like price_123`);
        // The buyer's added item comes back in every cart update, which the CHECKOUT_PRICES allowlist checks.
        if (env.CHECKOUT_PRICES && !env.CHECKOUT_PRICES.has(price))
          issue(
            'CHECKOUT_OPTIONAL_ITEMS',
            `lists ${price}, which is not in CHECKOUT_PRICES; add it there too`,
          );
      }
    }
    if (env.FULFILMENT_URL && !env.FULFILMENT_SECRET)
      issue(
        'FULFILMENT_SECRET',
        'is not set (required with FULFILMENT_URL: the key receivers verify Checkout-Signature with)',
      );
  });

export type ServerConfig = ReturnType<typeof toConfig>;

/** The Checkout Session create parameters the environment turns on (issue 13), for every session. */
function sessionParamsFrom(env: z.output<typeof environmentSchema>): Stripe.Checkout.SessionCreateParams {
  const params: Stripe.Checkout.SessionCreateParams = {};
  if (env.CHECKOUT_CURRENCY) params.currency = env.CHECKOUT_CURRENCY;
  if (env.CHECKOUT_COLLECT_PHONE) params.phone_number_collection = { enabled: true };
  if (env.CHECKOUT_TERMS) params.consent_collection = { terms_of_service: 'required' };
  if (env.CHECKOUT_TERMS_TEXT)
    params.custom_text = { terms_of_service_acceptance: { message: env.CHECKOUT_TERMS_TEXT } };
  if (env.CHECKOUT_TAX_ID) params.tax_id_collection = { enabled: true };
  if (env.CHECKOUT_NAME_COLLECTION) params.name_collection = env.CHECKOUT_NAME_COLLECTION;
  if (env.CHECKOUT_BILLING_ADDRESS) params.billing_address_collection = env.CHECKOUT_BILLING_ADDRESS;
  const countries =
    env.CHECKOUT_SHIPPING_COUNTRIES ??
    (env.CHECKOUT_SHIPPING_RATES ? Object.keys(env.CHECKOUT_SHIPPING_RATES) : undefined);
  if (countries) {
    params.shipping_address_collection = {
      allowed_countries:
        countries as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry[],
    };
  }
  if (env.CHECKOUT_OPTIONAL_ITEMS) {
    params.optional_items = (
      env.CHECKOUT_OPTIONAL_ITEMS as (string | { price: string; minQuantity: number; maxQuantity: number })[]
    ).map((entry) =>
      typeof entry === 'string'
        ? { price: entry, quantity: 1 }
        : {
            price: entry.price,
            quantity: entry.minQuantity,
            adjustable_quantity: { enabled: true, minimum: entry.minQuantity, maximum: entry.maxQuantity },
          },
    );
  }
  if (env.CHECKOUT_ADAPTIVE_PRICING) params.adaptive_pricing = { enabled: true };
  return params;
}

function toConfig(env: z.output<typeof environmentSchema>) {
  return {
    sessionParams: sessionParamsFrom(env),
    shippingRates: env.CHECKOUT_SHIPPING_RATES,
    linkSignup: env.CHECKOUT_LINK_SIGNUP,
    secretKey: env.STRIPE_SECRET_KEY!,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY!,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET!,
    mode: env.CHECKOUT_MODE,
    catalog: env.CHECKOUT_PRICES ? [...env.CHECKOUT_PRICES.values()] : undefined,
    currency: env.CHECKOUT_CURRENCY,
    returnUrl: env.CHECKOUT_RETURN_URL!,
    allowedOrigins: [...(env.ALLOWED_ORIGINS ?? [returnOrigin(env.CHECKOUT_RETURN_URL!)!])],
    databaseUrl: env.DATABASE_URL,
    databaseSchema: env.DATABASE_SCHEMA,
    port: env.PORT,
    host: env.HOST,
    apiBase: env.STRIPE_API_BASE,
    apiVersion: env.STRIPE_API_VERSION,
    fulfilment:
      env.FULFILMENT_URL && env.FULFILMENT_SECRET
        ? {
            url: env.FULFILMENT_URL,
            secret: env.FULFILMENT_SECRET,
            retryBaseMs: env.FULFILMENT_RETRY_BASE_MS,
          }
        : undefined,
    leaseMs: env.CHECKOUT_LEASE_MS,
    rateLimitPerMinute: env.CHECKOUT_RATE_LIMIT,
    lookupRateLimitPerMinute: env.CHECKOUT_LOOKUP_RATE_LIMIT,
    securityHeaders: env.SECURITY_HEADERS === 'on',
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
  };
}

/** Variables that look like ours but are not (a typo), each with the closest real name when there is one. */
export function unknownVariables(env: Env): string[] {
  const known = Object.keys(environment);
  return Object.keys(env)
    .filter((name) => /^(CHECKOUT|STRIPE|FULFILMENT|FULFILLMENT)_/.test(name) && !known.includes(name))
    .map((name) => {
      const hint = didYouMean(name, known);
      return `${name} is not a variable checkout-server reads${hint ? `; did you mean ${hint}?` : ''}`;
    });
}

/** Reads the whole configuration and reports every problem at once (never echoing a secret's value). */
export function readServerConfig(env: Env): ServerConfig {
  const trimmed: Record<string, string> = {};
  for (const name of Object.keys(environment)) {
    const value = env[name]?.trim();
    if (value) trimmed[name] = value;
  }
  const result = environmentSchema.safeParse(trimmed);
  if (!result.success) {
    throw new ServerConfigError(
      result.error.issues.map((issue) => {
        const [name, ...rest] = issue.path.map(String);
        const where = rest.length ? ` (${pathOf(issue.path.slice(1))})` : '';
        return `${name}${where} ${issue.message}`;
      }),
    );
  }
  return toConfig(result.data);
}
