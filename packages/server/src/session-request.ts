import { z } from 'zod';
import { CheckoutInputError } from './errors.js';
import type { LineItem, ResolvedOptions } from './options.js';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any cart: a body nested beyond this is refused before anything walks it further. */
export const MAX_BODY_DEPTH = 32;

/**
 * JSON.parse keeps `__proto__` as an own key; refuse it (and friends) anywhere before anything reads the body.
 * Walked with an explicit stack, not recursion, so a body of thousands of nested arrays is a 400, not a stack
 * overflow.
 */
function rejectPrototypeKeys(body: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw new CheckoutInputError(
        `The body is nested more than ${MAX_BODY_DEPTH} levels deep (at ${path || 'the top'}); send {"items":[{"price":"price_…","quantity":1}]}.`,
        path || 'body',
      );
    }
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      const where = path ? `${path}.${key}` : key;
      if (forbiddenKeys.has(key))
        throw new CheckoutInputError(`"${key}" is not allowed as a key (at ${where})`, where);
      stack.push({ value: (value as Record<string, unknown>)[key], path: where, depth: depth + 1 });
    }
  }
}

export function parseJsonBody(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new CheckoutInputError(
      `The body is not valid JSON (${reason}). Send {"items":[{"price":"price_…","quantity":1}]}.`,
      'body',
    );
  }
  rejectPrototypeKeys(parsed);
  return parsed;
}

const email = z.email({ error: 'must be an email address' }).max(512);
const clientReferenceId = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,200}$/, { error: 'must be 1–200 letters, digits, "_" or "-"' });
const catalogItem = z.strictObject({
  price: z.string({ error: 'must be a price id string' }).min(1).max(255),
  quantity: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }),
});

const bodySchemas = {
  catalog: z.strictObject({
    items: z
      .array(catalogItem, { error: 'must be an array of { price, quantity }' })
      .min(1, { error: 'must list at least one item' })
      .max(50, { error: 'must list at most 50 items' }),
    email: email.optional(),
    clientReferenceId: clientReferenceId.optional(),
  }),
  resolver: z.strictObject({
    items: z.unknown(),
    email: email.optional(),
    clientReferenceId: clientReferenceId.optional(),
  }),
  setup: z.strictObject({
    // <stripe-checkout session-endpoint> always sends its cart, which is empty on a save-a-card page.
    items: z
      .array(z.unknown(), { error: 'must be an array' })
      .max(0, { error: 'must be empty: setup mode sells nothing' })
      .optional(),
    email: email.optional(),
    clientReferenceId: clientReferenceId.optional(),
  }),
};

function fieldOf(issue: z.core.$ZodIssue): string {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  if (keys.length > 0) return path ? `${path}.${keys[0]}` : String(keys[0]);
  return path || 'body';
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function messageOf(
  issue: z.core.$ZodIssue,
  body: unknown,
  allowed = 'allowed fields are items, email and clientReferenceId (items: price, quantity)',
): string {
  const field = fieldOf(issue);
  if (issue.code === 'unrecognized_keys') return `${field}: unknown field; ${allowed}`;
  if (issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined)
    return `${field}: is required`;
  return `${field}: ${issue.message}`;
}

/** The first issue of a failed parse, as the 400 the client sees (an unknown field is the more telling one). */
function inputError(error: z.ZodError, body: unknown, allowed?: string): CheckoutInputError {
  const issue = error.issues.find((found) => found.code === 'unrecognized_keys') ?? error.issues[0]!;
  return new CheckoutInputError(messageOf(issue, body, allowed), fieldOf(issue));
}

function requireObject(body: unknown, example: string): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CheckoutInputError(`The body must be a JSON object like ${example}.`, 'body');
  }
}

export interface SessionRequest {
  readonly lineItems: readonly LineItem[] | undefined;
  readonly email: string | undefined;
  readonly clientReferenceId: string | undefined;
}

/** Turns an untrusted body into what may be sold; every violation is a `CheckoutInputError` naming the field. */
export async function resolveSessionRequest(
  body: unknown,
  options: ResolvedOptions,
  call: { request(): Request },
): Promise<SessionRequest> {
  requireObject(body, '{"items":[{"price":"price_…","quantity":1}]}');
  const schema =
    options.mode === 'setup'
      ? bodySchemas.setup
      : options.catalog
        ? bodySchemas.catalog
        : bodySchemas.resolver;
  const result = schema.safeParse(body);
  // An unknown field (e.g. a client trying `unit_amount` or `price_data`) is the more telling complaint.
  if (!result.success) throw inputError(result.error, body);
  const parsed = result.data as { items?: unknown; email?: string; clientReferenceId?: string };
  let lineItems: readonly LineItem[] | undefined;
  if (options.mode !== 'setup') {
    if (options.catalog) lineItems = fromCatalog(parsed.items as z.infer<typeof catalogItem>[], options);
    // The Fetch Request is built for the shop's resolver only; a catalog never needs it.
    else lineItems = await fromResolver(parsed.items, options, call.request());
  }
  return { lineItems, email: parsed.email, clientReferenceId: parsed.clientReferenceId };
}

const itemsUpdateSchemas = {
  catalog: z.strictObject({ items: bodySchemas.catalog.shape.items }),
  resolver: z.strictObject({ items: z.unknown() }),
};

/**
 * The body of `POST /sessions/{id}/items` (`{ items }`, the whole new cart) turned into line items by exactly the
 * rules of session creation: the catalog's allowlist and quantity bounds, or the shop's `lineItems` resolver.
 */
export async function resolveItemsUpdate(
  body: unknown,
  options: ResolvedOptions,
  request: Request,
): Promise<readonly LineItem[]> {
  requireObject(body, '{"items":[{"price":"price_…","quantity":1}]}');
  const result = (options.catalog ? itemsUpdateSchemas.catalog : itemsUpdateSchemas.resolver).safeParse(body);
  if (!result.success)
    throw inputError(result.error, body, 'the only field is items (each: price, quantity)');
  const { items } = result.data as { items: unknown };
  if (items === undefined) throw new CheckoutInputError('items: is required', 'items');
  return options.catalog
    ? fromCatalog(items as z.infer<typeof catalogItem>[], options)
    : fromResolver(items, options, request);
}

function fromCatalog(items: z.infer<typeof catalogItem>[], options: ResolvedOptions): LineItem[] {
  const seen = new Set<string>();
  return items.map(({ price, quantity }, index) => {
    const entry = options.catalog!.get(price);
    if (!entry)
      throw new CheckoutInputError(
        `items[${index}].price: ${JSON.stringify(price)} is not for sale here`,
        `items[${index}].price`,
      );
    if (seen.has(price))
      throw new CheckoutInputError(
        `items[${index}].price: ${price} is listed twice; raise its quantity instead`,
        `items[${index}].price`,
      );
    seen.add(price);
    if (quantity < entry.minQuantity || quantity > entry.maxQuantity) {
      throw new CheckoutInputError(
        `items[${index}].quantity: must be between ${entry.minQuantity} and ${entry.maxQuantity} (got ${quantity})`,
        `items[${index}].quantity`,
      );
    }
    return { price, quantity };
  });
}

async function fromResolver(
  items: unknown,
  options: ResolvedOptions,
  request: Request,
): Promise<readonly LineItem[]> {
  const lineItems = await options.lineItems!({ items, request });
  if (!Array.isArray(lineItems) || lineItems.length === 0) {
    throw new CheckoutInputError('items: the cart is empty', 'items');
  }
  return lineItems;
}
