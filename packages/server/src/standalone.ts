import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';
import { checkoutRouter } from './express.js';
import { createFulfilmentForwarder, type FulfilmentForwarder } from './forwarding.js';
import type { Ledger } from './ledger/ledger.js';
import { openLedger } from './ledger/open.js';
import type { SessionHook } from './options.js';

export interface StandaloneServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), then closes the ledger. */
  close(graceMs?: number): Promise<void>;
}

/** The `checkout-server` process without the process: routes at `/`, `GET /healthz`, the order forwarder. */
export async function startStandaloneServer(config: ServerConfig, logger: Logger): Promise<StandaloneServer> {
  const ledger: Ledger = openLedger(
    config.databaseUrl,
    config.databaseSchema ? { schema: config.databaseSchema } : {},
  );
  await ledger.init();
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
  if (config.trustProxy !== undefined) {
    app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  }
  app.get('/healthz', async (_req, res) => {
    try {
      await ledger.tasks(1);
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, error: 'the ledger database is unreachable' });
    }
  });
  app.use(
    checkoutRouter({
      secretKey: config.secretKey,
      ...(config.apiBase ? { apiBase: config.apiBase } : {}),
      ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
      publishableKey: config.publishableKey,
      webhookSecret: config.webhookSecret,
      ...(config.catalog ? { catalog: config.catalog } : {}),
      mode: config.mode,
      returnUrl: config.returnUrl,
      allowedOrigins: config.allowedOrigins,
      ledger,
      logger,
      onFulfil,
      // The forwarded order lists what was bought; webhook events do not carry line items.
      fulfilWithLineItems: config.fulfilment !== undefined,
      ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}),
      rateLimit:
        config.rateLimitPerMinute > 0 ? { windowMs: 60_000, limit: config.rateLimitPerMinute } : false,
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({
      error: {
        code: 'not_found',
        message: 'No such route. Routes: POST /sessions, GET /sessions/:id, POST /webhook, GET /healthz.',
      },
    });
  });

  const server = app.listen(config.port, config.host);
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
