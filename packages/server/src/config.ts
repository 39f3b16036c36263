import { z } from 'zod';
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
    if (env.FULFILMENT_URL && !env.FULFILMENT_SECRET)
      issue(
        'FULFILMENT_SECRET',
        'is not set (required with FULFILMENT_URL: the key receivers verify Checkout-Signature with)',
      );
  });

export type ServerConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.output<typeof environmentSchema>) {
  return {
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
