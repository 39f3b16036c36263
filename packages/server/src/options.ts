import Stripe from 'stripe';
import type { Logger } from 'pino';
import { didYouMean } from './did-you-mean.js';
import { CheckoutOptionsError } from './errors.js';
import type { Ledger } from './ledger/ledger.js';
import { createSqliteLedger } from './ledger/sqlite.js';
import { createCheckoutLogger } from './logger.js';
import { createStripeClient } from './stripe-client.js';

export type CheckoutMode = 'payment' | 'subscription' | 'setup';

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
  /** Where fulfilment state lives. Default: SQLite file `checkout-ledger.sqlite` in the working directory. */
  readonly ledger?: Ledger;
  /** A pino logger. Default: pino to stdout with secrets redacted. */
  readonly logger?: Logger;
  /** How long a fulfilment claim is held before another worker may take it over (ms). */
  readonly leaseMs?: number;
  /** Largest accepted `POST /sessions` body in bytes. */
  readonly maxBodyBytes?: number;
  /** Session creations allowed per client IP per window (Express router only), or `false`. */
  readonly rateLimit?: { readonly windowMs: number; readonly limit: number } | false;
  /** Path prefix the core strips before routing, for frameworks that pass the full path. */
  readonly basePath?: string;
}

export interface ResolvedCatalogEntry {
  readonly price: string;
  readonly minQuantity: number;
  readonly maxQuantity: number;
}

export interface ResolvedOptions {
  readonly stripe: Stripe;
  readonly publishableKey: string;
  readonly apiVersion: string;
  readonly uiMode: 'elements' | 'custom';
  readonly catalog: ReadonlyMap<string, ResolvedCatalogEntry> | undefined;
  readonly lineItems: CheckoutOptions['lineItems'];
  readonly mode: CheckoutMode;
  readonly returnUrl: string;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly sessionDefaults: SessionDefaults;
  readonly webhookSecret: string;
  readonly onFulfil: SessionHook | undefined;
  readonly fulfilWithLineItems: boolean;
  readonly onExpired: SessionHook | undefined;
  readonly onPaymentFailed: SessionHook | undefined;
  readonly ledger: Ledger;
  readonly logger: Logger;
  readonly leaseMs: number;
  readonly maxBodyBytes: number;
  readonly rateLimit: { readonly windowMs: number; readonly limit: number } | false;
  readonly basePath: string;
}

export const defaults = {
  apiVersion: Stripe.API_VERSION,
  mode: 'payment',
  minQuantity: 1,
  maxQuantity: 99,
  ledgerPath: 'checkout-ledger.sqlite',
  leaseMs: 120_000,
  maxBodyBytes: 8_192,
  rateLimit: { windowMs: 60_000, limit: 30 },
  basePath: '',
} as const;

const knownOptions = [
  'stripe',
  'secretKey',
  'apiBase',
  'publishableKey',
  'apiVersion',
  'catalog',
  'lineItems',
  'mode',
  'returnUrl',
  'allowedOrigins',
  'sessionDefaults',
  'webhookSecret',
  'onFulfil',
  'fulfilWithLineItems',
  'onExpired',
  'onPaymentFailed',
  'ledger',
  'logger',
  'leaseMs',
  'maxBodyBytes',
  'rateLimit',
  'basePath',
] as const satisfies readonly (keyof CheckoutOptions)[];

const controlledSessionKeys = [
  'line_items',
  'mode',
  'ui_mode',
  'return_url',
  'customer_email',
  'client_reference_id',
];

/** The first API version whose Checkout Sessions take `ui_mode: 'elements'` (before it: `custom`). */
export const ELEMENTS_UI_MODE_SINCE = '2026-03-25.dahlia';

export function uiModeFor(apiVersion: string): 'elements' | 'custom' {
  return apiVersion.slice(0, 10) >= ELEMENTS_UI_MODE_SINCE.slice(0, 10) ? 'elements' : 'custom';
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value}`;

function fail(option: string, message: string): never {
  throw new CheckoutOptionsError(option, message);
}

function requireString(options: Record<string, unknown>, name: string, pattern: RegExp, expected: string) {
  const value = options[name];
  if (typeof value !== 'string') fail(name, `must be ${expected} (got ${describe(value)})`);
  if (!pattern.test(value)) fail(name, `must be ${expected} (got a string that is not)`);
  return value;
}

function positiveInteger(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    fail(name, `must be a positive integer (got ${JSON.stringify(value) ?? describe(value)})`);
  }
  return value as number;
}

export function normaliseOrigin(value: string, option: string): string {
  if (value.includes('*'))
    fail(option, `must list exact origins; wildcards are not allowed (got "${value}")`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(option, `must contain origins like "https://shop.example" (got "${value}")`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value.replace(/\/$/, '')) {
    fail(
      option,
      `must contain bare origins (scheme://host[:port], no path) like "https://shop.example" (got "${value}")`,
    );
  }
  return url.origin;
}

function resolveCatalog(value: unknown): Map<string, ResolvedCatalogEntry> {
  if (!Array.isArray(value) || value.length === 0)
    fail('catalog', 'must be a non-empty array of price ids or { price, minQuantity?, maxQuantity? }');
  const catalog = new Map<string, ResolvedCatalogEntry>();
  value.forEach((entry: unknown, index) => {
    const where = `catalog[${index}]`;
    const item = typeof entry === 'string' ? { price: entry } : entry;
    if (typeof item !== 'object' || item === null)
      fail(where, `must be a price id or an object (got ${describe(entry)})`);
    const {
      price,
      minQuantity = defaults.minQuantity,
      maxQuantity = defaults.maxQuantity,
      ...rest
    } = item as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra) {
      const hint = didYouMean(extra, ['price', 'minQuantity', 'maxQuantity']);
      fail(where, `has an unknown key "${extra}"${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    if (typeof price !== 'string' || !/^(price|plan)_[A-Za-z0-9_]+$/.test(price)) {
      fail(where, `needs a Stripe price id like "price_123" (got ${JSON.stringify(price)})`);
    }
    const min = positiveInteger(minQuantity, `${where}.minQuantity`);
    const max = positiveInteger(maxQuantity, `${where}.maxQuantity`);
    if (min > max) fail(where, `has minQuantity ${min} above maxQuantity ${max}`);
    if (catalog.has(price)) fail(where, `lists ${price} twice`);
    catalog.set(price, { price, minQuantity: min, maxQuantity: max });
  });
  return catalog;
}

function hook(options: Record<string, unknown>, name: string): SessionHook | undefined {
  const value = options[name];
  if (value !== undefined && typeof value !== 'function')
    fail(name, `must be a function (got ${describe(value)})`);
  return value as SessionHook | undefined;
}

/** Validates options once, at construction; never mutates them. */
export function resolveOptions(input: Readonly<CheckoutOptions>): ResolvedOptions {
  if (typeof input !== 'object' || input === null) fail('options', 'must be an object');
  const options = input as unknown as Record<string, unknown>;
  for (const name of Object.keys(options)) {
    if (!(knownOptions as readonly string[]).includes(name)) {
      const hint = didYouMean(name, knownOptions);
      fail(
        name,
        `is not an option${hint ? `; did you mean "${hint}"?` : '.'} Known options: ${knownOptions.join(', ')}.`,
      );
    }
  }

  const apiVersion =
    options.apiVersion === undefined
      ? defaults.apiVersion
      : requireString(
          options,
          'apiVersion',
          /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/,
          'an API version like "2026-10-28.endive"',
        );

  let stripe: Stripe;
  if (options.stripe !== undefined && options.secretKey !== undefined)
    fail('stripe', 'and `secretKey` are exclusive: give one');
  if (options.stripe !== undefined) {
    if (
      !(options.stripe instanceof Stripe) &&
      typeof (options.stripe as Stripe)?.checkout?.sessions?.create !== 'function'
    ) {
      fail('stripe', 'must be an instance of the `stripe` SDK (new Stripe(secretKey))');
    }
    if (options.apiBase !== undefined)
      fail('apiBase', 'only applies with `secretKey`; configure host/port on your own `stripe` instance');
    stripe = options.stripe as Stripe;
  } else if (options.secretKey !== undefined) {
    const secretKey = options.secretKey;
    if (typeof secretKey !== 'string' || !/^(sk|rk)_(test|live)_\S+$/.test(secretKey)) {
      fail(
        'secretKey',
        'must be a secret key ("sk_test_…"/"sk_live_…") or restricted key ("rk_…"); a publishable key ("pk_…") cannot create sessions',
      );
    }
    const apiBase =
      options.apiBase === undefined
        ? undefined
        : requireString(
            options,
            'apiBase',
            /^https?:\/\/[^/]+\/?$/,
            'a base URL like "http://127.0.0.1:12111"',
          );
    stripe = createStripeClient({ secretKey, apiBase, apiVersion });
  } else {
    fail('secretKey', 'is required (or pass a `stripe` SDK instance)');
  }

  const publishableKey = requireString(
    options,
    'publishableKey',
    /^pk_(test|live)_\S+$/,
    'a publishable key ("pk_test_…")',
  );

  const mode = options.mode ?? defaults.mode;
  if (mode !== 'payment' && mode !== 'subscription' && mode !== 'setup') {
    fail('mode', `must be "payment", "subscription" or "setup" (got ${JSON.stringify(mode)})`);
  }

  let catalog: Map<string, ResolvedCatalogEntry> | undefined;
  if (options.catalog !== undefined && options.lineItems !== undefined)
    fail('catalog', 'and `lineItems` are exclusive: give one');
  if (options.lineItems !== undefined && typeof options.lineItems !== 'function')
    fail('lineItems', `must be a function (got ${describe(options.lineItems)})`);
  if (options.catalog !== undefined) catalog = resolveCatalog(options.catalog);
  else if (options.lineItems === undefined && mode !== 'setup')
    fail('catalog', `is required in ${mode} mode (or give a \`lineItems\` resolver)`);

  if (!Array.isArray(options.allowedOrigins) || options.allowedOrigins.length === 0) {
    fail('allowedOrigins', 'must be a non-empty array of exact origins like ["https://shop.example"]');
  }
  const allowedOrigins = new Set(
    (options.allowedOrigins as unknown[]).map((origin, index) => {
      if (typeof origin !== 'string')
        fail(`allowedOrigins[${index}]`, `must be a string (got ${describe(origin)})`);
      return normaliseOrigin(origin, `allowedOrigins[${index}]`);
    }),
  );

  const returnUrl = requireString(
    options,
    'returnUrl',
    /\{CHECKOUT_SESSION_ID\}/,
    'an absolute URL containing {CHECKOUT_SESSION_ID}',
  );
  let returnOrigin: string;
  try {
    returnOrigin = new URL(returnUrl.replace('{CHECKOUT_SESSION_ID}', 'cs')).origin;
  } catch {
    fail(
      'returnUrl',
      `must be an absolute URL like "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}"`,
    );
  }
  if (!allowedOrigins.has(returnOrigin)) {
    fail(
      'returnUrl',
      `points at ${returnOrigin}, which is not in allowedOrigins; add it there (this keeps the return page from becoming an open redirect)`,
    );
  }

  const sessionDefaults = (options.sessionDefaults ?? {}) as SessionDefaults;
  if (typeof sessionDefaults !== 'object' || sessionDefaults === null || Array.isArray(sessionDefaults)) {
    fail('sessionDefaults', 'must be an object of Checkout Session create parameters');
  }
  for (const key of Object.keys(sessionDefaults)) {
    if (controlledSessionKeys.includes(key)) {
      fail(
        `sessionDefaults.${key}`,
        'is set by the server itself (from mode, returnUrl, the catalog and the request); remove it',
      );
    }
  }

  const webhookSecret = options.webhookSecret;
  if (typeof webhookSecret !== 'string' || !webhookSecret.startsWith('whsec_')) {
    fail(
      'webhookSecret',
      'must be the endpoint signing secret ("whsec_…", from the Dashboard or `stripe listen`)',
    );
  }
  if (/\s/.test(webhookSecret))
    fail('webhookSecret', 'contains whitespace; copy it again without spaces or newlines');

  const fulfilWithLineItems = options.fulfilWithLineItems ?? false;
  if (typeof fulfilWithLineItems !== 'boolean') fail('fulfilWithLineItems', 'must be true or false');

  const leaseMs =
    options.leaseMs === undefined ? defaults.leaseMs : positiveInteger(options.leaseMs, 'leaseMs');
  const maxBodyBytes =
    options.maxBodyBytes === undefined
      ? defaults.maxBodyBytes
      : positiveInteger(options.maxBodyBytes, 'maxBodyBytes');

  let rateLimit: ResolvedOptions['rateLimit'] = defaults.rateLimit;
  if (options.rateLimit === false) rateLimit = false;
  else if (options.rateLimit !== undefined) {
    const value = options.rateLimit as Record<string, unknown>;
    if (typeof value !== 'object' || value === null)
      fail('rateLimit', 'must be { windowMs, limit } or false');
    rateLimit = {
      windowMs: positiveInteger(value.windowMs, 'rateLimit.windowMs'),
      limit: positiveInteger(value.limit, 'rateLimit.limit'),
    };
  }

  const basePath =
    options.basePath === undefined
      ? defaults.basePath
      : requireString(
          options,
          'basePath',
          /^(\/[\w.~-]+)*$/,
          'a path prefix like "/api/checkout" (no trailing slash)',
        );

  const ledger = (options.ledger as Ledger | undefined) ?? createSqliteLedger(defaults.ledgerPath);
  if (typeof ledger.claim !== 'function')
    fail('ledger', 'must be a ledger store (createSqliteLedger(path) or createPostgresLedger(url))');
  const logger = (options.logger as Logger | undefined) ?? createCheckoutLogger();
  if (typeof logger.info !== 'function') fail('logger', 'must be a pino logger');

  return {
    stripe,
    publishableKey,
    apiVersion,
    uiMode: uiModeFor(apiVersion),
    catalog,
    lineItems: options.lineItems as CheckoutOptions['lineItems'],
    mode,
    returnUrl,
    allowedOrigins,
    sessionDefaults,
    webhookSecret,
    onFulfil: hook(options, 'onFulfil'),
    fulfilWithLineItems,
    onExpired: hook(options, 'onExpired'),
    onPaymentFailed: hook(options, 'onPaymentFailed'),
    ledger,
    logger,
    leaseMs,
    maxBodyBytes,
    rateLimit,
    basePath,
  };
}
