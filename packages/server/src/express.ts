// `@checkout-element/server/express`: the checkout routes as an Express 5 router (needs the optional peer
// `express`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { CheckoutCall } from './call.js';
import { createCheckoutCore, WEBHOOK_MAX_BYTES } from './core.js';
import { RequestAbortedError } from './errors.js';
import { type Answer, bodyTooLarge, errorResponse, noBodyStatuses, toAnswer } from './http.js';
import type { CheckoutOptions, RateLimit } from './options.js';

/**
 * An Express request as the core's `CheckoutCall`: headers read from Node's own object and the body read straight
 * off the socket, with no Fetch `Request` (a `Headers` copy, a `URL`, a web stream) unless the shop's hook or an
 * update route asks for one (profiled: building and draining it was about a tenth of a session creation's CPU).
 */
function callOf(req: ExpressRequest): CheckoutCall {
  const method = req.method.toUpperCase();
  const parsed: unknown = req.body;
  // express.raw()/express.text() ran first: the bytes are intact.
  const intact = Buffer.isBuffer(parsed) || typeof parsed === 'string';
  const bodyAlreadyParsed =
    method !== 'GET' && method !== 'HEAD' && !intact && (parsed !== undefined || req.readableEnded);
  let bytes: Promise<Uint8Array> | undefined;
  let read: Uint8Array | undefined;
  const readBody = async (limit: number): Promise<Uint8Array> => {
    let body: Uint8Array;
    if (intact) body = typeof parsed === 'string' ? Buffer.from(parsed, 'utf8') : (parsed as Buffer);
    // POST /sessions still works behind a global express.json(): re-serialise what it parsed.
    else if (bodyAlreadyParsed)
      body = parsed === undefined ? new Uint8Array() : Buffer.from(JSON.stringify(parsed), 'utf8');
    else {
      // A declared size over the limit is refused before reading (the answer closes the connection).
      if (Number(req.headers['content-length']) > limit) throw bodyTooLarge(limit);
      body = await readRawBody(req, limit);
    }
    if (body.byteLength > limit) throw bodyTooLarge(limit);
    read = body;
    return body;
  };
  let request: Request | undefined;
  return {
    method,
    path: req.path,
    bodyAlreadyParsed,
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body: (limit) => {
      bytes ??= readBody(limit);
      return bytes;
    },
    request: () => {
      request ??= toFetchRequest(req, bytes ? (read ?? new Uint8Array()) : undefined);
      return request;
    },
  };
}

/**
 * The Fetch `Request` the shop's hooks and the update routes receive. `consumed` is the body once the core read it
 * (the request then carries it already used, as a Fetch `Request` whose body the core read would).
 */
function toFetchRequest(req: ExpressRequest, consumed: Uint8Array | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const parsed: unknown = req.body;
    if (consumed) init.body = consumed;
    else if (Buffer.isBuffer(parsed) || typeof parsed === 'string') init.body = parsed;
    else if (parsed !== undefined) init.body = JSON.stringify(parsed);
    else if (!req.readableEnded) {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  const request = new Request(url, init);
  // Read already: mark it so, so that a hook sees what it would see behind the Fetch handler.
  if (consumed) void request.arrayBuffer();
  return request;
}

/** Writes a Fetch `Response` through Express (a `Connection: close` header closes the socket after it). */
export async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Writes a plain `Answer` (the webhook's hot path: no Fetch `Response` to build and drain). With its length
 * declared, Node sends the head and the body as one string in one write; without it, `writeHead` commits to a
 * chunked body (four pieces: size line, body, CRLF, terminator).
 */
function sendAnswer(res: ServerResponse, answer: Answer, extra?: Readonly<Record<string, string>>): void {
  if (noBodyStatuses.has(answer.status)) {
    // No body and no Content-Length (RFC 9110 §8.6: a 204 must not declare one).
    res.writeHead(answer.status, { ...extra, ...answer.headers });
    res.end();
    return;
  }
  res.writeHead(answer.status, {
    ...extra,
    ...answer.headers,
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

/**
 * The headers `helmet()` sets, recorded once from a stand-in response: with its default options they are the same
 * on every answer (no nonce), so a handler outside Express can send them without running helmet per request.
 */
function helmetHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    // Lower-cased, so that the answer's own headers (e.g. `x-content-type-options`) replace them, not repeat them.
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
}

/**
 * Whether a webhook's body is still unread and arrives as sent (no `Content-Encoding`) within the limit it may
 * have: then the router reads it itself. Anything else (a body another middleware read, a compressed or a
 * declared-too-large one) goes through `express.raw()`, which inflates, or explains.
 */
function bodyUnread(req: IncomingMessage & { body?: unknown }): boolean {
  const encoding = req.headers['content-encoding'];
  return (
    req.body === undefined &&
    req.readable &&
    !req.readableDidRead &&
    (encoding === undefined || encoding.toLowerCase() === 'identity') &&
    !(Number(req.headers['content-length']) > WEBHOOK_MAX_BYTES)
  );
}

/**
 * A webhook's raw bytes, as `express.raw()` would read them: at most `limit` bytes kept; past that the rest is
 * read off and dropped (so the client gets its 413 instead of a reset) and the body is refused.
 */
function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      if (size > limit) reject(bodyTooLarge(limit));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    // 'close' before 'end', or a socket error: the client went away mid-body.
    const onAbort = (error?: unknown) => {
      stop();
      reject(new RequestAbortedError(error));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}

/** Express's and body-parser's own errors (bad percent-encoding, aborted or unreadable bodies) as protocol JSON. */
export function jsonErrors(answer: (error: unknown) => Response): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    void send(res, answer(error));
  };
}

/** Classifies what Express or body-parser raised before our handler ran. */
export function expressFailure(error: unknown): Response | undefined {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (type === 'request.aborted') return undefined;
  if (status === 413 || type === 'entity.too.large')
    return errorResponse('body_too_large', `The body is larger than ${WEBHOOK_MAX_BYTES} bytes.`, {
      field: 'body',
    });
  if (error instanceof URIError)
    return errorResponse('invalid_request', 'The path is not valid percent-encoding.', { field: 'path' });
  if (typeof status === 'number' && status >= 400 && status < 500)
    return errorResponse('invalid_request', 'The request could not be read; send an unencoded body.', {
      field: 'body',
    });
  return undefined;
}

const limiter = (limit: RateLimit, message: string) =>
  limit
    ? rateLimit({
        windowMs: limit.windowMs,
        limit: limit.limit,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (_req, res) => {
          void send(res, errorResponse('rate_limited', message));
        },
      })
    : undefined;

/**
 * The checkout routes as an Express 5 router. Mount it BEFORE any global `express.json()`: it reads the raw
 * body itself, which webhook signature verification needs.
 *
 * ```ts
 * app.use('/checkout', checkoutRouter({ secretKey, publishableKey, catalog, returnUrl, allowedOrigins, webhookSecret, ledger }));
 * ```
 */
export function checkoutRouter(options: Readonly<CheckoutOptions>): express.Router {
  return checkoutRoutes(options).router;
}

/** What `checkoutRouter` builds, plus its webhook as a plain Node handler (for the standalone server). */
export interface CheckoutRoutes {
  readonly router: express.Router;
  /**
   * Answers `POST /webhook` straight from Node's `request` event, before any Express dispatch, with the headers the
   * router would send (helmet's, recorded once, when `securityHeaders` is on); false (and nothing read) when the
   * body is not one it reads itself: then pass the request to the app.
   */
  readonly webhook: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export function checkoutRoutes(options: Readonly<CheckoutOptions>): CheckoutRoutes {
  const core = createCheckoutCore(options);
  const router = express.Router();
  const pass = (_req: ExpressRequest, _res: ExpressResponse, next: NextFunction) => next();
  const securityHeaders = core.options.securityHeaders ? helmet() : pass;
  const limitCreation = limiter(
    core.options.rateLimit,
    'Too many checkout attempts from this address; wait a minute and try again.',
  );
  const limitLookups = limiter(
    core.options.lookupRateLimit,
    'Too many status lookups from this address; wait a minute and try again.',
  );

  // The checkout routes answer with a plain `Answer` written in one piece (head and body in one socket write, as
  // the webhook's fast path does), not a Fetch `Response` drained into Express.
  const serve = async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const answer = await core.answer(callOf(req));
      if (!answer) return next();
      sendAnswer(res, answer);
    } catch (error) {
      next(error);
    }
  };
  const onlyFor = (method: string, middleware: express.RequestHandler | undefined) =>
    middleware &&
    ((req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
      if (req.method === method) return middleware(req, res, next);
      next();
    });
  // Only the steps that do something (helmet when on, a limiter when set): each step is one more dispatch through
  // Express's route for every call, and the bench's calls run with both off.
  const steps = (...handlers: Array<express.RequestHandler | undefined>) =>
    handlers.filter((handler) => handler !== undefined);
  const helmetStep = core.options.securityHeaders ? securityHeaders : undefined;

  const answerWebhook = async (
    bytes: Buffer,
    req: IncomingMessage,
    res: ServerResponse,
    extraHeaders?: Readonly<Record<string, string>>,
  ) => {
    const signature = req.headers['stripe-signature'];
    sendAnswer(
      res,
      await core.webhookAnswer({
        rawBody: bytes,
        signature: typeof signature === 'string' ? signature : null,
      }),
      extraHeaders,
    );
  };

  // helmet's headers, recorded once (they are the same on every answer), for the webhook's fast path.
  const security = core.options.securityHeaders ? helmetHeaders() : undefined;

  /**
   * The webhook's fast path, shared by the router and the standalone server: reads the raw bytes itself and hands
   * them to the core as a Buffer (no Fetch Request and web stream, no body-parser pass), and answers with helmet's
   * recorded headers instead of running helmet per request (profiled: helmet's fifteen middlewares, each a
   * `setHeader`, cost about as much as the webhook's signature check). A body it cannot read (too large, the client
   * gone) is answered here too, with the same headers and the same JSON error the router's error handler sends.
   */
  const fastWebhook = (req: IncomingMessage, res: ServerResponse): void => {
    readRawBody(req, WEBHOOK_MAX_BYTES)
      .then((bytes) => answerWebhook(bytes, req, res, security))
      .catch(async (error: unknown) => {
        if (!res.headersSent) sendAnswer(res, await toAnswer(core.answerError(error)), security);
      });
  };

  // Webhooks, the hot path under Stripe's delivery bursts: one route, registered first, answers a body it can read
  // itself through the fast path (one handler instead of three). Measured on duplicate deliveries,
  // bench/README.md. Other bodies take `next('route')`.
  const webhookRoute = (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (!bodyUnread(req)) return next('route');
    fastWebhook(req, res);
  };

  // The other webhook bodies: read the raw bytes with express.raw() (which inflates a compressed body). Bodies
  // another middleware already parsed fall through to `serve`, which explains the mistake.
  const rawBody = express.raw({ type: () => true, limit: WEBHOOK_MAX_BYTES });
  const ingest = async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const body: unknown = req.body;
    const bytes = Buffer.isBuffer(body)
      ? body
      : typeof body === 'string'
        ? Buffer.from(body, 'utf8') // a global express.text() ran first: the bytes are intact.
        : undefined;
    if (!bytes) return serve(req, res, next);
    try {
      await answerWebhook(bytes, req, res);
    } catch (error) {
      next(error);
    }
  };

  router.post('/webhook', webhookRoute);
  router.post('/webhook', securityHeaders, rawBody, ingest);
  // The id is matched as raw path text (no `:id` param): the core decodes it, so a bad percent-encoding is a
  // JSON 400 naming `id` instead of Express's HTML error page.
  router.all('/sessions', ...steps(helmetStep, onlyFor('POST', limitCreation)), serve);
  router.all(/^\/sessions\/[^/]+$/, ...steps(helmetStep, onlyFor('GET', limitLookups)), serve);
  // Cart and shipping updates (issue 13) follow a buyer's clicks, like lookups: they share that budget.
  router.all(
    /^\/sessions\/[^/]+\/(items|shipping)$/,
    ...steps(helmetStep, onlyFor('POST', limitLookups)),
    serve,
  );
  router.all('/webhook', securityHeaders, serve);
  router.use(
    jsonErrors((error) => {
      const failure = expressFailure(error);
      if (failure) return failure;
      const type = (error as { type?: unknown } | null)?.type;
      if (type === 'request.aborted') return core.answerError(new RequestAbortedError(error));
      return core.answerError(error);
    }),
  );

  const webhook = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!bodyUnread(req)) return false;
    fastWebhook(req, res);
    return true;
  };
  return { router, webhook };
}
