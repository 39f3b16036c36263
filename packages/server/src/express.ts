import { Readable } from 'node:stream';
import express, {
  type NextFunction,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { createCheckoutCore, WEBHOOK_MAX_BYTES } from './core.js';
import { errorResponse } from './http.js';
import type { CheckoutOptions } from './options.js';

function toFetchRequest(req: ExpressRequest): { request: Request; bodyAlreadyParsed: boolean } {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers };
  let bodyAlreadyParsed = false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const parsed: unknown = req.body;
    if (Buffer.isBuffer(parsed) || typeof parsed === 'string') {
      // express.raw()/express.text() ran first: the bytes are intact.
      init.body = parsed;
    } else if (parsed !== undefined || req.readableEnded) {
      bodyAlreadyParsed = true;
      // POST /sessions still works behind a global express.json(): re-serialise what it parsed.
      if (parsed !== undefined) init.body = JSON.stringify(parsed);
    } else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  return { request: new Request(url, init), bodyAlreadyParsed };
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The checkout routes as an Express 5 router. Mount it BEFORE any global `express.json()`: it reads the raw
 * body itself, which webhook signature verification needs.
 *
 * ```ts
 * app.use('/checkout', checkoutRouter({ secretKey, publishableKey, catalog, returnUrl, allowedOrigins, webhookSecret }));
 * ```
 */
export function checkoutRouter(options: Readonly<CheckoutOptions>): express.Router {
  const core = createCheckoutCore(options);
  const router = express.Router();
  const securityHeaders = helmet();
  const limiter = core.options.rateLimit
    ? rateLimit({
        windowMs: core.options.rateLimit.windowMs,
        limit: core.options.rateLimit.limit,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (_req, res) => {
          void send(
            res,
            errorResponse(
              429,
              'rate_limited',
              'Too many checkout attempts from this address; wait a minute and try again.',
            ),
          );
        },
      })
    : undefined;

  const serve = async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const { request, bodyAlreadyParsed } = toFetchRequest(req);
      const response = await core.handle(request, { path: req.path, bodyAlreadyParsed });
      if (!response) return next();
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
  const limitCreation = (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (limiter && req.method === 'POST') return limiter(req, res, next);
    next();
  };

  // Webhooks: read the raw bytes into a Buffer and hand them to the core directly, skipping the Fetch
  // Request and its web stream (the hot path under Stripe's delivery bursts). Bodies another middleware
  // already parsed fall through to `serve`, which explains the mistake.
  const rawBody = express.raw({ type: () => true, limit: WEBHOOK_MAX_BYTES });
  const readRawBody = (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    rawBody(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = (error as { status?: number }).status;
      void send(
        res,
        status === 413
          ? errorResponse(413, 'body_too_large', `The body is larger than ${WEBHOOK_MAX_BYTES} bytes.`, {
              field: 'body',
            })
          : errorResponse(400, 'invalid_body', 'The webhook body could not be read; send it unencoded.', {
              field: 'body',
            }),
      );
    });
  };
  const ingest = async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const body: unknown = req.body;
    const bytes = Buffer.isBuffer(body)
      ? body
      : typeof body === 'string'
        ? Buffer.from(body, 'utf8') // a global express.text() ran first: the bytes are intact.
        : undefined;
    if (!bytes) return serve(req, res, next);
    try {
      await send(res, await core.webhook({ rawBody: bytes, signature: req.get('stripe-signature') ?? null }));
    } catch (error) {
      next(error);
    }
  };

  router.all('/sessions', securityHeaders, limitCreation, serve);
  router.all('/sessions/:id', securityHeaders, serve);
  router.post('/webhook', securityHeaders, readRawBody, ingest);
  router.all('/webhook', securityHeaders, serve);
  return router;
}
