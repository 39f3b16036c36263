// `pnpm test:stripe`: the server's integration tests and the store's payment tests against a real Stripe test-mode
// account, with nothing of the emulator: Stripe.js from js.stripe.com, card entry in Stripe's own iframes, webhooks
// forwarded by `stripe listen` (started here when the stripe CLI is on PATH, or the user's own with
// STRIPE_WEBHOOK_SECRET). It creates its own product and prices (tagged with this run's id) and archives them
// afterwards, so it assumes no object in the account. Without keys or network it exits non-zero with one line.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { preflight } from './preflight.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const STORE_PORT = 3500;

const hasStripeCli = spawnSync('stripe', ['--version'], { stdio: 'ignore' }).status === 0;
const checked = await preflight(process.env, { hasStripeCli });
if (!checked.ok) {
  console.error(checked.problem);
  process.exit(1);
}
const { secretKey, publishableKey } = checked.environment;
const stripe = new Stripe(secretKey);
const runId = `test_stripe_${Date.now().toString(36)}`;
const children: ChildProcess[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'checkout-element-test-stripe-'));

function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return once(child, 'exit').then(([code]) => (typeof code === 'number' ? code : 1));
}

/** `stripe listen` forwarding the account's events to the store; resolves with its signing secret. */
async function startListener(): Promise<string> {
  const printed = spawnSync('stripe', ['listen', '--api-key', secretKey, '--print-secret'], {
    encoding: 'utf8',
  });
  const secret = printed.stdout.trim();
  if (printed.status !== 0 || !secret.startsWith('whsec_'))
    throw new Error(`stripe listen --print-secret failed: ${printed.stderr}`);
  const listener = spawn(
    'stripe',
    ['listen', '--api-key', secretKey, '--forward-to', `localhost:${STORE_PORT}/api/checkout/webhook`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(listener);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`stripe listen did not get ready:\n${output}`)), 30_000);
    listener.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/Ready!/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return secret;
}

let exitCode = 1;
const created: { products: string[]; prices: string[] } = { products: [], prices: [] };
try {
  // The tests run what ships: the packages' dist/ (the store imports them).
  if ((await run('pnpm', ['build'], {})) !== 0) throw new Error('pnpm build failed');
  const product = await stripe.products.create({
    name: 'Checkout Element test T-shirt',
    metadata: { checkout_element_test: runId },
  });
  created.products.push(product.id);
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 2000,
    metadata: { checkout_element_test: runId },
  });
  created.prices.push(price.id);
  const webhookSecret = checked.environment.webhookSecret ?? (await startListener());
  const env = {
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_PUBLISHABLE_KEY: publishableKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    CHECKOUT_PRICES: price.id,
    CHECKOUT_TEST_PRICE: price.id,
    CHECKOUT_TEST_PRODUCT_NAME: product.name,
    STORE_PORT: String(STORE_PORT),
    LEDGER_PATH: join(scratch, 'store-ledger.sqlite'),
  };
  console.log(`== server integration tests on Stripe (run ${runId})`);
  const server = await run(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      'packages/server/test/stripe/',
    ],
    env,
  );
  console.log('== store payment tests on Stripe');
  const browser = await run(
    'pnpm',
    ['--filter', '@checkout-element/e2e', 'exec', 'playwright', 'test', '-c', 'stripe/playwright.config.ts'],
    env,
  );
  exitCode = server === 0 && browser === 0 ? 0 : 1;
} catch (error) {
  console.error(error);
} finally {
  for (const child of children) child.kill('SIGTERM');
  // Prices cannot be deleted; archived objects disappear from the Dashboard's lists and cannot be bought.
  for (const id of created.prices) await stripe.prices.update(id, { active: false }).catch(() => {});
  for (const id of created.products) await stripe.products.update(id, { active: false }).catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
