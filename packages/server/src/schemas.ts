import { closestMatch } from 'leven';
import { z } from 'zod';
import { stripeCurrencies } from './currencies.js';

/**
 * The checks shared by the router/handler options and the CLI's environment: one zod schema per setting, so
 * `checkoutRouter({ secretKey })` and `STRIPE_SECRET_KEY` are refused with the same words.
 */

/** The closest known name when it is a plausible typo (case-insensitive), for "did you mean" hints. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const lower = known.map((candidate) => candidate.toLowerCase());
  const match = closestMatch(name.toLowerCase(), lower, {
    maxDistance: Math.max(2, Math.floor(name.length / 3)),
  });
  return match === undefined ? undefined : known[lower.indexOf(match)];
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value}`;

/** A string matching `pattern`; the message never echoes the value (it may be a secret). */
const pattern = (regex: RegExp, expected: string) =>
  z
    .string({ error: (issue) => `must be ${expected} (got ${describe(issue.input)})` })
    .regex(regex, { error: `must be ${expected} (got a string that is not)` });

export const secretKeySchema = pattern(
  /^(sk|rk)_(test|live)_\S+$/,
  'a secret key ("sk_test_…"/"sk_live_…") or restricted key ("rk_…"); a publishable key ("pk_…") cannot create sessions',
);
export const publishableKeySchema = pattern(/^pk_(test|live)_\S+$/, 'a publishable key ("pk_test_…")');
export const webhookSecretSchema = z
  .string({ error: 'must be the endpoint signing secret ("whsec_…", from the Dashboard or `stripe listen`)' })
  .refine((value) => !/\s/.test(value), {
    error: 'contains whitespace; copy it again without spaces or newlines',
    abort: true,
  })
  .refine((value) => value.startsWith('whsec_'), {
    error: 'must be the endpoint signing secret ("whsec_…", from the Dashboard or `stripe listen`)',
  });
export const apiVersionSchema = pattern(
  /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/,
  'an API version like "2026-10-28.endive"',
);
export const apiBaseSchema = pattern(/^https?:\/\/[^/]+\/?$/, 'a base URL like "http://127.0.0.1:12111"');
export const modeSchema = z.enum(['payment', 'subscription', 'setup'], {
  error: (issue) =>
    `must be "payment", "subscription" or "setup" (got ${JSON.stringify(issue.input) ?? describe(issue.input)})`,
});
export type CheckoutMode = z.infer<typeof modeSchema>;

/** A lowercase ISO 4217 code that Stripe supports (https://docs.stripe.com/currencies). */
export const currencySchema = z
  .string({ error: 'must be a three-letter currency code like "eur"' })
  .transform((value) => value.toLowerCase())
  .refine((value) => stripeCurrencies.has(value), {
    error: (issue) =>
      `must be a currency Stripe supports, like "usd", "eur" or "gbp" (got ${JSON.stringify(issue.input)}; see https://docs.stripe.com/currencies)`,
  });

export const positiveIntegerSchema = z
  .number({ error: (issue) => `must be a positive integer (got ${describe(issue.input)})` })
  .refine((value) => Number.isSafeInteger(value) && value > 0, {
    error: (issue) => `must be a positive integer (got ${JSON.stringify(issue.input)})`,
  });

/** An exact origin (`scheme://host[:port]`), normalised the way browsers send `Origin`. */
export const originSchema = z
  .string({ error: (issue) => `must be a string (got ${describe(issue.input)})` })
  .transform((value, context) => {
    if (value.includes('*')) {
      context.addIssue({
        code: 'custom',
        message: `must list exact origins; wildcards are not allowed (got "${value}")`,
      });
      return z.NEVER;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({
        code: 'custom',
        message: `must contain origins like "https://shop.example" (got "${value}")`,
      });
      return z.NEVER;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value.replace(/\/$/, '')) {
      context.addIssue({
        code: 'custom',
        message: `must contain bare origins (scheme://host[:port], no path) like "https://shop.example" (got "${value}")`,
      });
      return z.NEVER;
    }
    return url.origin;
  });

export const allowedOriginsSchema = z
  .array(originSchema, { error: 'must be a non-empty array of exact origins like ["https://shop.example"]' })
  .min(1, { error: 'must be a non-empty array of exact origins like ["https://shop.example"]' })
  .readonly()
  .transform((origins) => new Set(origins) as ReadonlySet<string>);

/** The origin a return URL sends the buyer to, or undefined when it is not an absolute http(s) URL. */
export function returnOrigin(returnUrl: string): string | undefined {
  try {
    const url = new URL(returnUrl.replace('{CHECKOUT_SESSION_ID}', 'cs'));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export const returnUrlSchema = pattern(
  /\{CHECKOUT_SESSION_ID\}/,
  'an absolute URL containing {CHECKOUT_SESSION_ID}',
).refine((value) => returnOrigin(value) !== undefined, {
  error: 'must be an absolute URL like "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}"',
});

export const catalogDefaults = { minQuantity: 1, maxQuantity: 99 } as const;

export interface ResolvedCatalogEntry {
  readonly price: string;
  readonly minQuantity: number;
  readonly maxQuantity: number;
}

const priceIdSchema = z
  .string({
    error: (issue) => `needs a Stripe price id like "price_123" (got ${JSON.stringify(issue.input)})`,
  })
  .regex(/^(price|plan)_[A-Za-z0-9_]+$/, {
    error: (issue) => `needs a Stripe price id like "price_123" (got ${JSON.stringify(issue.input)})`,
  });

const catalogEntrySchema = z
  .preprocess(
    (entry) => (typeof entry === 'string' ? { price: entry } : entry),
    z.strictObject(
      {
        price: priceIdSchema,
        minQuantity: positiveIntegerSchema.optional(),
        maxQuantity: positiveIntegerSchema.optional(),
      },
      { error: (issue) => `must be a price id or an object (got ${describe(issue.input)})` },
    ),
  )
  .transform((item, context): ResolvedCatalogEntry => {
    const min = item.minQuantity ?? catalogDefaults.minQuantity;
    const max = item.maxQuantity ?? catalogDefaults.maxQuantity;
    if (min > max)
      context.addIssue({ code: 'custom', message: `has minQuantity ${min} above maxQuantity ${max}` });
    return { price: item.price, minQuantity: min, maxQuantity: max };
  });

export const catalogSchema = z
  .array(catalogEntrySchema, {
    error: 'must be a non-empty array of price ids or { price, minQuantity?, maxQuantity? }',
  })
  .min(1, { error: 'must be a non-empty array of price ids or { price, minQuantity?, maxQuantity? }' })
  .readonly()
  .transform((entries, context) => {
    const catalog = new Map<string, ResolvedCatalogEntry>();
    entries.forEach((entry, index) => {
      if (catalog.has(entry.price)) {
        context.addIssue({ code: 'custom', path: [index], message: `lists ${entry.price} twice` });
      }
      catalog.set(entry.price, entry);
    });
    return catalog as ReadonlyMap<string, ResolvedCatalogEntry>;
  });

/** `catalog[0].maxQuantity`, from zod's path. */
export function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/**
 * One zod issue as "where: what to do". Unknown keys get the closest known one as a hint; `knownAt` gives the
 * known keys for a path (the schema's own shape is not reachable from an issue).
 */
export function describeIssue(
  issue: z.core.$ZodIssue,
  knownAt: (path: string) => readonly string[] | undefined,
): { where: string; message: string } {
  if (issue.code === 'invalid_union') {
    // `{ windowMs, limit } | false` given an object: the object branch's own complaint is the useful one.
    const deepest = issue.errors
      .flat()
      .reduce<z.core.$ZodIssue | undefined>(
        (best, found) => (!best || found.path.length > best.path.length ? found : best),
        undefined,
      );
    if (deepest && deepest.path.length > 0)
      return describeIssue({ ...deepest, path: [...issue.path, ...deepest.path] }, knownAt);
  }
  const where = pathOf(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = knownAt(where) ?? [];
    const hint = didYouMean(key, known);
    const at = where ? `${where}.${key}` : key;
    return {
      where: at,
      message: `is not an option${hint ? `; did you mean "${hint}"?` : '.'}${known.length ? ` Known options: ${known.join(', ')}.` : ''}`,
    };
  }
  return { where: where || 'options', message: issue.message };
}

/** The keys a catalog entry object may have. */
export const catalogEntryKeys = ['price', 'minQuantity', 'maxQuantity'] as const;
