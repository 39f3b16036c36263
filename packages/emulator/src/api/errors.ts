import { CardError, DomainError, errorDocUrl, ResourceMissingError } from '../state/errors.js';

/** Stripe's error object: `{ error: { type, code, param, message, ... } }`. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error' | 'rate_limit_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  request_log_url?: string;
}

/** An error the API answers with Stripe's shape; anything else thrown becomes a 500 `api_error`. */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  /** Extra top-level fields of the answer (the browser endpoints add `session`). */
  readonly extra: Record<string, unknown>;

  constructor(status: number, body: StripeErrorBody, extra: Record<string, unknown> = {}) {
    super(body.message);
    this.name = 'StripeApiError';
    this.status = status;
    this.body = body;
    this.extra = extra;
  }

  toJSON(): Record<string, unknown> {
    const error: Record<string, unknown> = { ...this.body };
    if (error.code && !error.doc_url) error.doc_url = errorDocUrl(String(error.code));
    return { error, ...this.extra };
  }
}

/** The HTTP form of an error the domain raised: 400 for an invalid request, 402 for a card, 404 for a missing object. */
export function fromDomainError(error: DomainError): StripeApiError {
  const fields = {
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.param !== undefined ? { param: error.param } : {}),
  };
  if (error instanceof CardError) {
    return new StripeApiError(402, {
      type: 'card_error',
      message: error.message,
      ...fields,
      ...(error.declineCode !== undefined ? { decline_code: error.declineCode } : {}),
    });
  }
  const status = error instanceof ResourceMissingError ? 404 : 400;
  return new StripeApiError(status, { type: 'invalid_request_error', message: error.message, ...fields });
}

/** Runs a domain operation for the programmatic handle, rejecting with the same StripeApiError the HTTP API answers. */
export function asStripeApiError(error: unknown): unknown {
  return error instanceof DomainError ? fromDomainError(error) : error;
}

export function invalidRequest(
  message: string,
  fields: { code?: string; param?: string } = {},
): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', message, ...fields });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${kind}: '${id}'`,
  });
}

export function parameterMissing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function parameterUnknown(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
}

export function parameterInvalidEmpty(param: string): StripeApiError {
  return invalidRequest(
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    { code: 'parameter_invalid_empty', param },
  );
}

export function invalidEnum(param: string, allowed: readonly string[]): StripeApiError {
  // Stripe sends no `code` for an invalid enum value, only the param and this message.
  return invalidRequest(`Invalid ${param}: must be one of ${listWithOr(allowed)}`, { param });
}

export function listWithOr(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  if (values.length === 2) return `${values[0]} or ${values[1]}`;
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

/** The key as Stripe shows it in errors: type prefix, stars, last four. Never the whole secret. */
export function maskKey(key: string): string {
  const prefix = /^(sk|pk|rk)_(test|live)_/.exec(key)?.[0] ?? '';
  const tail = key.length > prefix.length + 4 ? key.slice(-4) : '';
  return `${prefix}${'*'.repeat(Math.max(4, key.length - prefix.length - tail.length))}${tail}`;
}
