// The companion server alone in its own process, so the load generator's CPU and memory are not counted as its own.
import { openSync, writeSync } from 'node:fs';
import { createCheckoutLogger } from '@checkout-element/server';
import { checkoutRouter } from '@checkout-element/server/express';
import { createPostgresLedger } from '@checkout-element/server/postgres';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import express from 'express';
import type { ChildReady, CompanionConfig, CompanionStats } from '../processes.js';

const config = JSON.parse(process.env.BENCH_COMPANION_CONFIG ?? 'null') as CompanionConfig | null;
if (!config)
  throw new Error('BENCH_COMPANION_CONFIG is not set; this file is started by bench/src/server/processes.ts');

const ledger =
  config.ledger.kind === 'sqlite'
    ? createSqliteLedger(config.ledger.path)
    : createPostgresLedger(config.ledger.url, { schema: config.ledger.schema });
await ledger.init();

const devNull = openSync('/dev/null', 'w');
let fulfilled = 0;
const app = express();
app.use(
  '/api/checkout',
  checkoutRouter({
    secretKey: config.secretKey,
    apiBase: config.apiBase,
    publishableKey: config.publishableKey,
    catalog: [config.price],
    returnUrl: 'http://127.0.0.1/return?session_id={CHECKOUT_SESSION_ID}',
    allowedOrigins: ['http://127.0.0.1'],
    webhookSecret: config.webhookSecret,
    ledger,
    // Production logs at info level; the lines go to /dev/null so the cost stays but the terminal stays clean.
    // Written straight to the file descriptor, one write(2) per line, as pino's default destination (sonic-boom on
    // stdout, how checkout-server logs) does at most; not through an fs.WriteStream, whose thread-pool round trip
    // and stream machinery per line cost ~5 % of the companion's CPU on session creation (profile:sessions), a cost
    // no deployment pays.
    logger: createCheckoutLogger({
      level: 'info',
      destination: { write: (line: string) => writeSync(devNull, line) },
    }),
    // A load test from one address is exactly what the limiters exist to stop.
    rateLimit: false,
    lookupRateLimit: false,
    onFulfil: () => {
      fulfilled += 1;
    },
  }),
);

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` } satisfies ChildReady);
});

process.on('message', (message: { type?: string }) => {
  if (message.type === 'durability') {
    // Read on the ledger's own connection: the settings the run's commits were made with.
    const asked = ledger.durability?.() ?? Promise.resolve({ settings: 'not reported', durable: false });
    void asked.then((durability) => process.send?.({ type: 'durability', ...durability }));
  }
  if (message.type === 'stats') {
    // CPU time (user + system) so far, and the monotonic clock --cpu-prof timestamps its samples with.
    const cpu = process.cpuUsage();
    process.send?.({
      type: 'stats',
      fulfilled,
      cpuMicros: cpu.user + cpu.system,
      monotonicMicros: Number(process.hrtime.bigint() / 1000n),
    } satisfies CompanionStats);
  }
  if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => {
      void ledger.close().finally(() => process.exit(0));
    });
  }
});

// The benchmark died without stopping us: do not linger as an orphan holding a port.
process.on('disconnect', () => process.exit(1));
