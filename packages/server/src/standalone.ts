import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';
import { checkoutRoutes, expressFailure, jsonErrors, send } from './express.js';
import { createFulfilmentForwarder, type FulfilmentForwarder } from './forwarding.js';
import { baseHeaders, errorBody, errorResponse } from './http.js';
import { guardLedger } from './ledger/guard.js';
import type { Ledger } from './ledger/ledger.js';
import { openLedger } from './ledger/open.js';
import type { SessionHook } from './options.js';
import { shippingRateTable } from './shipping.js';

const pathOf = (url = '') => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

export interface StandaloneServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), then closes the ledger. */
  close(graceMs?: number): Promise<void>;
}

/** The `checkout-server` process without the process: routes at `/`, `GET /healthz`, the order forwarder. */
export async function startStandaloneServer(config: ServerConfig, logger: Logger): Promise<StandaloneServer> {
  const opened = await openLedger(config.databaseUrl, {
    schema: config.databaseSchema,
    onConnectionError: (error) =>
      logger.warn({ err: error.message }, 'a pooled database connection failed; it will be replaced'),
  });
  // Failing here (a database that refuses, a schema too new) stops the start with the reason, before listening.
  await opened.init();
  // How the ledger commits, read on its own connection, once at start: an operator (and the benchmark, which runs
  // this process as it ships) sees whether an acknowledged webhook survives a power loss.
  const durability = await opened.durability?.();
  if (durability) {
    const line = { ledger: durability.settings, durable: durability.durable };
    if (durability.durable) logger.info(line, 'ledger ready');
    else logger.warn(line, 'ledger ready, but its commits may not survive a power loss or an OS crash');
  }
  const ledger: Ledger = guardLedger(opened);
  let forwarder: FulfilmentForwarder | undefined;
  let onFulfil: SessionHook = (session) => {
    logger.info(
      { sessionId: session.id, amountTotal: session.amount_total, currency: session.currency },
      'order paid',
    );
  };
  if (config.fulfilment) {
    const started = createFulfilmentForwarder({ ledger, logger, ...config.fulfilment });
    onFulfil = (session) => started.enqueue(session);
    forwarder = started;
  }

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (config.trustProxy !== undefined) {
    app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  }
  // Every answer of this process (health check and 404 included) carries the same headers as the checkout routes.
  if (config.securityHeaders) app.use(helmet());
  app.use((_req, res, next) => {
    res.setHeader('cache-control', baseHeaders['cache-control']);
    res.setHeader('x-content-type-options', baseHeaders['x-content-type-options']);
    next();
  });
  app.get('/healthz', async (_req, res) => {
    try {
      // One lookup by primary key: it proves the database answers and the tables exist, at the same cost on a
      // ledger of a million orders as on an empty one (`tasks(1)`, the newest order, read the whole table).
      await ledger.task({ sessionId: 'healthz', kind: 'fulfil' });
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, error: 'the ledger database is unreachable' });
    }
  });
  const checkout = checkoutRoutes({
    secretKey: config.secretKey,
    ...(config.apiBase ? { apiBase: config.apiBase } : {}),
    ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
    publishableKey: config.publishableKey,
    webhookSecret: config.webhookSecret,
    ...(config.catalog ? { catalog: config.catalog } : {}),
    // CHECKOUT_CURRENCY and the session features of issue 13 (phone, terms, tax ID, names, addresses, …).
    sessionDefaults: config.sessionParams,
    linkSignup: config.linkSignup,
    ...(config.shippingRates ? { shippingOptions: shippingRateTable(config.shippingRates) } : {}),
    mode: config.mode,
    returnUrl: config.returnUrl,
    allowedOrigins: config.allowedOrigins,
    ledger,
    logger,
    onFulfil,
    // The forwarded order lists what was bought; webhook events do not carry line items.
    fulfilWithLineItems: config.fulfilment !== undefined,
    ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}),
    rateLimit: config.rateLimitPerMinute > 0 ? { windowMs: 60_000, limit: config.rateLimitPerMinute } : false,
    lookupRateLimit:
      config.lookupRateLimitPerMinute > 0
        ? { windowMs: 60_000, limit: config.lookupRateLimitPerMinute }
        : false,
    securityHeaders: config.securityHeaders,
  });
  app.use(checkout.router);
  app.use((_req, res) => {
    void send(
      res,
      errorResponse(
        'not_found',
        'No such route. Routes: POST /sessions, GET /sessions/:id, POST /sessions/:id/items, POST /sessions/:id/shipping, POST /webhook, GET /healthz.',
      ),
    );
  });
  app.use(
    jsonErrors((error) => {
      const failure = expressFailure(error);
      if (failure) return failure;
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'unexpected error');
      return errorResponse('internal_error', 'The checkout server hit an unexpected error; try again.');
    }),
  );

  // Node answers a request without Host with a bare 400 of its own; let it reach the app, which answers in JSON.
  // Stripe's deliveries skip Express's dispatch (its per-request set-up costs more than the webhook's own work; see
  // bench/README.md): POST /webhook exactly, answered with the same headers the app would send. Anything the
  // webhook handler does not take (another path, a compressed or already-read body) goes through the app.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    if (req.method === 'POST' && pathOf(req.url) === '/webhook' && checkout.webhook(req, res)) return;
    app(req, res);
  });
  server.listen(config.port, config.host);
  // What Node's HTTP parser refuses (oversized or malformed headers) never reaches Express: answer it in JSON too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify(
      errorBody(
        'invalid_request',
        status === 431 ? 'The request headers are too large.' : 'The request is malformed.',
        {
          field: 'headers',
        },
      ),
    );
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: ${baseHeaders['content-type']}\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  forwarder?.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await forwarder?.stop();
        await ledger.close();
      })();
      return closing;
    },
  };
}
