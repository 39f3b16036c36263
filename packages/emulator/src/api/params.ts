import qs from 'qs';
import { isSupportedCurrency, SUPPORTED_CURRENCIES } from '../state/currencies.js';
import {
  invalidEnum,
  invalidRequest,
  parameterInvalidEmpty,
  parameterMissing,
  parameterUnknown,
} from './errors.js';
import type { ParamSchema } from './schema.js';

/**
 * Stripe's bracket encoding (`line_items[0][price_data][currency]=usd`). qs is what Stripe's own SDKs
 * encode with; the limits are raised so 1000 line items and deep objects survive (qs turns indices above
 * `arrayLimit` into object keys, which `coerce` would still accept).
 */
export const FORM_PARSE_OPTIONS = {
  arrayLimit: 1000,
  depth: 20,
  parameterLimit: 100_000,
  allowPrototypes: false,
} as const;

export function parseForm(raw: string): Record<string, unknown> {
  return qs.parse(raw, FORM_PARSE_OPTIONS) as Record<string, unknown>;
}

/** Parses the query string of a URL with the same bracket semantics as bodies. */
export function parseQuery(url: string): Record<string, unknown> {
  const at = url.indexOf('?');
  return at < 0 ? {} : parseForm(url.slice(at + 1));
}

/**
 * Checks form-decoded params against a request schema and returns them typed: strings coerced to integers,
 * numbers and booleans, bracket objects with numeric keys turned into arrays, unknown keys rejected at any
 * depth, required keys enforced, enums checked. `""` survives only where the schema allows it (it means unset).
 */
export function coerceParams<T>(schema: ParamSchema, params: unknown): T {
  // Stripe names an unknown parameter before it checks anything else about the request: with
  // `line_items[0][price_dat]` the answer is `parameter_unknown` for that key, not `parameter_missing` for
  // `price` (shared/stripe-reference/README.md: "Nested unknown keys are rejected by the real API").
  const unknown = findUnknownParam(schema, params ?? {}, '');
  if (unknown !== null) throw parameterUnknown(unknown);
  return coerce(schema, params ?? {}, '') as T;
}

/** The bracket path of the first key the schema does not know, at any depth, or null. */
function findUnknownParam(schema: ParamSchema, value: unknown, path: string): string | null {
  if (schema.anyOf) {
    // Several alternatives may fit the value's shape: it is unknown only if none of them knows it.
    let first: string | null = null;
    for (const alternative of schema.anyOf.filter((candidate) => shapeMatches(candidate, value))) {
      const found = findUnknownParam(alternative, value, path);
      if (found === null) return null;
      first ??= found;
    }
    return first;
  }
  if (schema.type === 'array') {
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : isPlainObject(value)
        ? Object.entries(value)
        : [];
    for (const [index, item] of entries) {
      const found = findUnknownParam(schema.items ?? {}, item, `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (schema.type !== 'object' || !isPlainObject(value)) return null;
  const properties = schema.properties ?? {};
  const additional = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}[${key}]`;
    const property = properties[key] ?? (typeof additional === 'object' ? additional : undefined);
    if (property) {
      const found = findUnknownParam(property, child, childPath);
      if (found !== null) return found;
    } else if (additional !== true && !('x-research-note' in schema)) {
      return childPath;
    }
  }
  return null;
}

/** Whether a value has the structure (object, list, scalar) an alternative of `anyOf` describes. */
function shapeMatches(schema: ParamSchema, value: unknown): boolean {
  if (schema.anyOf) return schema.anyOf.some((alternative) => shapeMatches(alternative, value));
  if (schema.type === 'object') return isPlainObject(value) && !isIndexed(value);
  if (schema.type === 'array') return Array.isArray(value) || isIndexed(value);
  return !isPlainObject(value) && !Array.isArray(value);
}

function isIndexed(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
}

function coerce(schema: ParamSchema, value: unknown, path: string): unknown {
  // JSON bodies (the emulator's own endpoints) can say null; form bodies cannot.
  if (value === null) {
    if (schema.nullable) return null;
    throw invalidRequest(`Invalid ${describe(path)}: null is not allowed here`, paramOf(path));
  }
  if (schema.anyOf) return coerceAnyOf(schema.anyOf, value, path);
  if (value === '' && !(schema.enum?.includes('') ?? false)) throw parameterInvalidEmpty(path);
  switch (schema.type) {
    case 'object':
      return coerceObject(schema, value, path);
    case 'array':
      return coerceArray(schema, value, path);
    case 'integer':
      return coerceInteger(value, path);
    case 'number':
      return coerceNumber(value, path);
    case 'boolean':
      return coerceBoolean(value, path);
    default:
      return coerceString(schema, value, path);
  }
}

function coerceAnyOf(alternatives: readonly ParamSchema[], value: unknown, path: string): unknown {
  if (value === '' && alternatives.some((alternative) => alternative.enum?.includes(''))) return '';
  let firstError: unknown;
  for (const alternative of alternatives) {
    if (alternative.enum?.length === 1 && alternative.enum[0] === '') continue;
    try {
      return coerce(alternative, value, path);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError ?? parameterInvalidEmpty(path);
}

function coerceObject(schema: ParamSchema, value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value))
    throw invalidRequest(`Invalid hash: ${describe(path)} must be an object`, paramOf(path));
  const result: Record<string, unknown> = {};
  const properties = schema.properties ?? {};
  const additional = schema.additionalProperties;
  const acceptsUnknown = additional === true || typeof additional === 'object' || 'x-research-note' in schema;
  for (const [key, raw] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}[${key}]`;
    const property = properties[key];
    if (property) {
      result[key] = coerce(property, raw, childPath);
    } else if (typeof additional === 'object') {
      // Metadata-like maps: `""` unsets a key.
      result[key] = raw === '' ? '' : coerce(additional, raw, childPath);
    } else if (acceptsUnknown) {
      result[key] = raw;
    } else {
      throw parameterUnknown(childPath);
    }
  }
  for (const key of schema.required ?? []) {
    if (!(key in result)) throw parameterMissing(path === '' ? key : `${path}[${key}]`);
  }
  return result;
}

function coerceArray(schema: ParamSchema, value: unknown, path: string): unknown[] {
  let items: unknown[];
  if (Array.isArray(value)) {
    items = value;
  } else if (isPlainObject(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) {
    items = Object.entries(value)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => item);
  } else {
    throw invalidRequest(`Invalid array: ${describe(path)} must be a list`, paramOf(path));
  }
  const itemSchema = schema.items ?? {};
  return items.map((item, index) => coerce(itemSchema, item, `${path}[${index}]`));
}

function coerceInteger(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  throw invalidRequest(`Invalid integer: ${printable(value)}`, {
    code: 'parameter_invalid_integer',
    param: path,
  });
}

function coerceNumber(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number.parseFloat(value);
  throw invalidRequest(`Invalid decimal: ${printable(value)}`, { param: path });
}

function coerceBoolean(value: unknown, path: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalidRequest(`Invalid boolean: ${printable(value)}`, { param: path });
}

function coerceString(schema: ParamSchema, value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw invalidRequest(`Invalid string: ${describe(path)} must be a string`, paramOf(path));
  }
  if (schema.enum && !schema.enum.includes(value)) throw invalidEnum(path, schema.enum.filter(Boolean));
  if (schema.format === 'currency' && !isSupportedCurrency(value)) {
    // Stripe's answer for a currency it does not support, listing the supported ones
    // (https://docs.stripe.com/currencies#presentment-currencies).
    throw invalidRequest(
      `Invalid currency: ${value.toLowerCase()}. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(', ')}`,
      { param: path },
    );
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    throw invalidRequest(`Invalid ${path}: must be at most ${schema.maxLength} characters`, { param: path });
  }
  return schema.format === 'currency' ? value.toLowerCase() : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function printable(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describe(path: string): string {
  return path === '' ? 'the request body' : path;
}

function paramOf(path: string): { param?: string } {
  return path === '' ? {} : { param: path };
}
