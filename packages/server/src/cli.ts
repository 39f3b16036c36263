#!/usr/bin/env node
import {
  databaseUrlFrom,
  environment,
  readServerConfig,
  ServerConfigError,
  unknownVariables,
} from './config.js';
import { loadWithPeer, openLedger } from './ledger/open.js';
import { createCheckoutLogger } from './logger.js';
import { ordersFrom } from './orders.js';

const usage = `checkout-server — the companion server for <stripe-checkout>

Usage:
  checkout-server            start the server (configured by environment variables)
  checkout-server orders     list the ledger: paid sessions, fulfilment and forwarding state (--json for JSON)
  checkout-server --help

Environment:
${Object.entries(environment)
  .map(([name, description]) => `  ${name.padEnd(28)}${description}`)
  .join('\n')}
`;

async function serve(): Promise<void> {
  for (const warning of unknownVariables(process.env)) process.stderr.write(`checkout-server: ${warning}\n`);
  const config = readServerConfig(process.env);
  const logger = createCheckoutLogger({ level: config.logLevel });
  const { startStandaloneServer } = await loadWithPeer(
    () => import('./standalone.js'),
    'express',
    'checkout-server',
  );
  const running = await startStandaloneServer(config, logger);
  process.stdout.write(`listening on ${running.url}\n`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

async function listOrders(json: boolean): Promise<void> {
  const ledger = await openLedger(databaseUrlFrom(process.env), {
    schema: process.env.DATABASE_SCHEMA?.trim(),
  });
  try {
    const orders = ordersFrom(await ledger.tasks());
    if (json) {
      process.stdout.write(`${JSON.stringify(orders, null, 2)}\n`);
      return;
    }
    if (orders.length === 0) {
      process.stdout.write('no orders yet\n');
      return;
    }
    const columns = [
      'sessionId',
      'fulfilment',
      'forwarding',
      'amount',
      'email',
      'paidAt',
      'updatedAt',
    ] as const;
    const rows = orders.map((order) => ({
      sessionId: order.sessionId,
      fulfilment: order.fulfilment,
      forwarding: order.forwarding,
      paidAt: order.createdAt,
      amount:
        order.amountTotal === null
          ? '-'
          : `${(order.amountTotal / 100).toFixed(2)} ${order.currency?.toUpperCase() ?? ''}`,
      email: order.customerEmail ?? '-',
      updatedAt: order.updatedAt,
    }));
    const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
    const line = (cells: readonly string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    process.stdout.write(
      `${[line(columns), ...rows.map((row) => line(columns.map((column) => row[column])))].join('\n')}\n`,
    );
  } finally {
    await ledger.close();
  }
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage);
  } else if (command === 'orders') {
    await listOrders(rest.includes('--json'));
  } else if (command === undefined || command === 'serve') {
    await serve();
  } else {
    process.stderr.write(`checkout-server: unknown command "${command}"\n\n${usage}`);
    process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ServerConfigError ? error.message : `checkout-server: ${error instanceof Error ? error.message : String(error)}`}\n`,
  );
  process.exit(1);
});
