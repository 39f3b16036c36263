import type { CatalogEntry, CheckoutMode } from './options.js';

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
  TRUST_PROXY: 'Express "trust proxy" setting (e.g. 1 behind one reverse proxy); default off',
  LOG_LEVEL: 'pino level; default info',
} as const;

export type EnvironmentName = keyof typeof environment;

export interface ServerConfig {
  readonly secretKey: string;
  readonly publishableKey: string;
  readonly webhookSecret: string;
  readonly catalog: CatalogEntry[] | undefined;
  readonly returnUrl: string;
  readonly allowedOrigins: string[];
  readonly mode: CheckoutMode;
  readonly databaseUrl: string;
  readonly databaseSchema: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly apiBase: string | undefined;
  readonly apiVersion: string | undefined;
  readonly fulfilment:
    | { readonly url: string; readonly secret: string; readonly retryBaseMs: number }
    | undefined;
  readonly leaseMs: number | undefined;
  readonly rateLimitPerMinute: number;
  readonly trustProxy: string | undefined;
  readonly logLevel: string;
}

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
  constructor(readonly problems: string[]) {
    super(
      `checkout-server is not configured correctly:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function databaseUrlFrom(env: Env): string {
  return env.DATABASE_URL?.trim() || 'checkout-ledger.sqlite';
}

/** Reads the whole configuration and reports every problem at once (never echoing a secret's value). */
export function readServerConfig(env: Env): ServerConfig {
  const problems: string[] = [];
  const value = (name: EnvironmentName) => env[name]?.trim() || undefined;
  const required = (name: EnvironmentName) => {
    const found = value(name);
    if (!found) problems.push(`${name} is not set (${environment[name]})`);
    return found ?? '';
  };
  const integer = (name: EnvironmentName, fallback: number, min = 0) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isSafeInteger(parsed) || parsed < min) {
      problems.push(`${name} must be an integer ≥ ${min} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return parsed;
  };

  const mode = (value('CHECKOUT_MODE') ?? 'payment') as CheckoutMode;
  if (!['payment', 'subscription', 'setup'].includes(mode)) {
    problems.push(`CHECKOUT_MODE must be payment, subscription or setup (got ${JSON.stringify(mode)})`);
  }
  let catalog: CatalogEntry[] | undefined;
  const prices = mode === 'setup' ? value('CHECKOUT_PRICES') : required('CHECKOUT_PRICES');
  if (prices) {
    catalog = prices.split(',').map((entry) => {
      const [price = '', bounds] = entry.trim().split(':');
      if (!bounds) return price;
      const match = /^(\d+)-(\d+)$/.exec(bounds);
      if (!match) {
        problems.push(
          `CHECKOUT_PRICES: "${entry.trim()}" should be price_id or price_id:min-max (e.g. price_123:1-10)`,
        );
        return price;
      }
      return { price, minQuantity: Number(match[1]), maxQuantity: Number(match[2]) };
    });
  }
  const returnUrl = required('CHECKOUT_RETURN_URL');
  let allowedOrigins = (value('ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (allowedOrigins.length === 0 && returnUrl) {
    try {
      allowedOrigins = [new URL(returnUrl.replace('{CHECKOUT_SESSION_ID}', 'cs')).origin];
    } catch {
      problems.push(
        'CHECKOUT_RETURN_URL must be an absolute URL like https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}',
      );
    }
  }
  const fulfilmentUrl = value('FULFILMENT_URL');
  const fulfilmentSecret = value('FULFILMENT_SECRET');
  if (fulfilmentUrl) {
    if (!/^https?:\/\//.test(fulfilmentUrl)) problems.push('FULFILMENT_URL must be an http(s) URL');
    if (!fulfilmentSecret)
      problems.push(
        'FULFILMENT_SECRET is not set (required with FULFILMENT_URL: the key receivers verify Checkout-Signature with)',
      );
    else if (fulfilmentSecret.length < 16)
      problems.push(
        'FULFILMENT_SECRET is too short; use at least 16 random characters (e.g. `openssl rand -hex 32`)',
      );
  }
  const port = integer('PORT', 4242);
  if (port > 65_535) problems.push(`PORT must be at most 65535 (got ${port})`);

  const config: ServerConfig = {
    secretKey: required('STRIPE_SECRET_KEY'),
    publishableKey: required('STRIPE_PUBLISHABLE_KEY'),
    webhookSecret: required('STRIPE_WEBHOOK_SECRET'),
    catalog,
    returnUrl,
    allowedOrigins,
    mode,
    databaseUrl: databaseUrlFrom(env),
    databaseSchema: value('DATABASE_SCHEMA'),
    port,
    host: value('HOST') ?? '127.0.0.1',
    apiBase: value('STRIPE_API_BASE'),
    apiVersion: value('STRIPE_API_VERSION'),
    fulfilment:
      fulfilmentUrl && fulfilmentSecret
        ? {
            url: fulfilmentUrl,
            secret: fulfilmentSecret,
            retryBaseMs: integer('FULFILMENT_RETRY_BASE_MS', 1_000, 1),
          }
        : undefined,
    leaseMs: value('CHECKOUT_LEASE_MS') === undefined ? undefined : integer('CHECKOUT_LEASE_MS', 120_000, 1),
    rateLimitPerMinute: integer('CHECKOUT_RATE_LIMIT', 30),
    trustProxy: value('TRUST_PROXY'),
    logLevel: value('LOG_LEVEL') ?? 'info',
  };
  if (problems.length > 0) throw new ServerConfigError(problems);
  return config;
}
