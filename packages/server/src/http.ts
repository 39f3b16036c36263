import {
  type CompanionErrorBody,
  type CompanionErrorCode,
  companionErrors,
} from '@checkout-element/protocol';
import { CheckoutInputError, RequestAbortedError } from './errors.js';

/** Sent with every answer of the checkout routes (docs/companion-protocol.md, "Headers on every answer"). */
export const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * An answer before it becomes a Fetch `Response`: adapters that write to a Node response (Express) send it as it
 * is, which spares building and draining a `Response` on the webhook's hot path.
 */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...baseHeaders, ...headers }, body: JSON.stringify(body) };
}

/** Statuses whose answers carry no body (RFC 9110 §15.3.5, §15.4.5): the Fetch API refuses one, even empty. */
export const noBodyStatuses: ReadonlySet<number> = new Set([204, 304]);

export function toResponse(answer: Answer): Response {
  const body = noBodyStatuses.has(answer.status) ? null : answer.body;
  return new Response(body, { status: answer.status, headers: answer.headers });
}

export async function toAnswer(response: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return toResponse(jsonAnswer(status, body, headers));
}

/** Extra members some errors carry next to `code`/`message` (`field`, the webhook's `failure`). */
export interface ErrorExtra {
  readonly field?: string | undefined;
  readonly failure?: string;
}

/** The protocol's error body; status and `retryable` come from the protocol's table, so they cannot drift. */
export function errorBody(code: CompanionErrorCode, message: string, extra: ErrorExtra = {}) {
  const { field, ...rest } = extra;
  return {
    error: {
      code,
      message,
      ...(field === undefined ? {} : { field }),
      ...rest,
      retryable: companionErrors[code].retryable,
    },
  } satisfies CompanionErrorBody;
}

export function errorAnswer(
  code: CompanionErrorCode,
  message: string,
  extra: ErrorExtra = {},
  headers: Record<string, string> = {},
): Answer {
  // After a 413 the rest of the body is unread: keeping the connection would feed those bytes to the next request.
  const close: Record<string, string> = code === 'body_too_large' ? { connection: 'close' } : {};
  return jsonAnswer(companionErrors[code].status, errorBody(code, message, extra), { ...close, ...headers });
}

export function errorResponse(
  code: CompanionErrorCode,
  message: string,
  extra: ErrorExtra = {},
  headers: Record<string, string> = {},
): Response {
  return toResponse(errorAnswer(code, message, extra, headers));
}

export const bodyTooLarge = (limit: number) =>
  new CheckoutInputError(`The body is larger than ${limit} bytes.`, 'body', 'body_too_large');

/** Joins chunks without `Buffer`, so the core runs in any runtime with the Fetch API. */
function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/** Reads the body up to `limit` bytes; a larger one is a 413 before it is ever buffered whole. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw bodyTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let read: Awaited<ReturnType<typeof reader.read>>;
    try {
      read = await reader.read();
    } catch (error) {
      // The client went away mid-body (or its stream broke): nobody is left to answer.
      throw new RequestAbortedError(error);
    }
    if (read.done) break;
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(limit);
    }
    chunks.push(read.value);
  }
  return concat(chunks, size);
}
