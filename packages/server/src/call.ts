import { readBody } from './http.js';

/**
 * One request to a checkout route, as the core reads it: the method, the path below the mount point, headers by
 * name, and the body on demand. A Fetch `Request` is one way to provide it (`callOfRequest`); the Express adapter
 * reads Node's request directly, because building a Fetch `Request` per call (a `Headers` copy of every header, a
 * `URL`, the body as a web stream) and draining it again cost about a tenth of a session creation's CPU in the
 * companion (profiled, bench/README.md "Where a session creation's time goes").
 */
export interface CheckoutCall {
  /** Upper case. */
  readonly method: string;
  /** The path relative to where the routes are mounted, starting with `/`. */
  readonly path: string;
  /** Set by an adapter that found the body already parsed by another middleware (a global `express.json()`). */
  readonly bodyAlreadyParsed?: boolean;
  /** A request header by its lower-case name; several values joined by `, ` as the Fetch API does. */
  header(name: string): string | null;
  /**
   * The body's bytes, at most `limit` (a larger body is refused with a 413 `CheckoutInputError`, a client gone
   * mid-body with `RequestAbortedError`). Read once: a second call answers the same bytes.
   */
  body(limit: number): Promise<Uint8Array>;
  /**
   * The call as a Fetch `Request`, for what the shop's own hooks receive (`lineItems`' `request`) and the update
   * routes; built only when asked for. Once `body` was read, it carries no readable body, as with a Fetch call.
   */
  request(): Request;
}

/** A Fetch `Request` as a call; `path` when the adapter knows it, else the URL's path below `basePath`. */
export function callOfRequest(
  request: Request,
  context: { readonly path?: string; readonly bodyAlreadyParsed?: boolean },
  basePath: string | undefined,
): CheckoutCall | undefined {
  let path = context.path;
  if (path === undefined) {
    path = new URL(request.url).pathname;
    if (basePath) {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
      path = path.slice(basePath.length) || '/';
    }
  }
  let body: Promise<Uint8Array> | undefined;
  return {
    method: request.method.toUpperCase(),
    path,
    ...(context.bodyAlreadyParsed ? { bodyAlreadyParsed: true } : {}),
    header: (name) => request.headers.get(name),
    body: (limit) => {
      body ??= readBody(request, limit);
      return body;
    },
    request: () => request,
  };
}
