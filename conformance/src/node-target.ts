import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator } from '@checkout-element/emulator';
import { FulfilmentProbe } from './probe.js';
import type { Target } from './target.js';

const run = promisify(execFile);

/** The server's `checkout-server` CLI (its built `dist/cli.js`, as `npx checkout-server` runs it). */
function cliPath(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@checkout-element/server/package.json');
  return join(dirname(manifest), 'dist/cli.js');
}

/**
 * The standalone Node companion server (`checkout-server`) on the emulator, with a SQLite ledger in a temporary
 * directory and FULFILMENT_URL pointed at the probe: each order it forwards is one run of its fulfilment.
 */
export async function startNodeTarget(): Promise<Target> {
  const emulator = await startEmulator({});
  const probe = await FulfilmentProbe.start();
  const dir = await mkdtemp(join(tmpdir(), 'conformance-node-'));
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const allowedOrigin = 'https://shop.example';
  const env = {
    ...process.env,
    STRIPE_SECRET_KEY: emulator.secretKey,
    STRIPE_PUBLISHABLE_KEY: emulator.publishableKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: emulator.url,
    CHECKOUT_PRICES: 'price_demo_tshirt:1-10,price_demo_mug',
    CHECKOUT_RETURN_URL: `${allowedOrigin}/thanks?session_id={CHECKOUT_SESSION_ID}`,
    ALLOWED_ORIGINS: allowedOrigin,
    DATABASE_URL: join(dir, 'ledger.sqlite'),
    PORT: '0',
    FULFILMENT_URL: probe.url,
    FULFILMENT_SECRET: randomBytes(16).toString('hex'),
    FULFILMENT_RETRY_BASE_MS: '50',
    CHECKOUT_RATE_LIMIT: '0',
    CHECKOUT_LOOKUP_RATE_LIMIT: '0',
    // The optional shipping capability: ships to the US, refuses Norway (conformance/README.md).
    CHECKOUT_SHIPPING_COUNTRIES: 'US,CA,NO',
    CHECKOUT_SHIPPING_RATES: 'US:500,US:1500:Express,CA:900',
    LOG_LEVEL: 'warn',
  };
  const server = spawn(process.execPath, [cliPath()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) resolve(match[1].replace(/\/$/, ''));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => reject(new Error(`checkout-server exited with ${code}:\n${output}`)));
  });

  const forwardingDone = async (sessionId: string): Promise<boolean> => {
    const { stdout } = await run(process.execPath, [cliPath(), 'orders', '--json'], { env });
    const orders = JSON.parse(stdout) as Array<{ sessionId: string; fulfilment: string; forwarding: string }>;
    const order = orders.find((candidate) => candidate.sessionId === sessionId);
    return order?.fulfilment !== 'done' || order.forwarding.startsWith('done');
  };

  return {
    name: 'node (checkout-server)',
    base,
    allowedOrigin,
    webhookSecret,
    emulator,
    sellable: 'price_demo_tshirt',
    sellableMax: 10,
    otherSellable: 'price_demo_mug',
    notForSale: 'price_demo_stickers',
    secrets: [emulator.secretKey, webhookSecret],
    notApplicable: {
      'hook-failure-retried':
        'the standalone server fulfils by writing a durable outbox row; a failing FULFILMENT_URL is retried by its forwarder, never through Stripe redelivering the webhook',
    },
    refuseFulfilment: (sessionId, times) => probe.refuse(sessionId, times),
    async fulfilments(sessionId) {
      // The outbox is delivered in the background: wait until this session's order left it.
      const deadline = Date.now() + 20_000;
      while (!(await forwardingDone(sessionId))) {
        if (Date.now() > deadline) throw new Error(`the order for ${sessionId} was never forwarded`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return probe.count(sessionId);
    },
    async stop() {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      await probe.stop();
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
