/**
 * The store's settings, from the environment. With no Stripe keys it runs offline on the bundled emulator; with
 * `STRIPE_SECRET_KEY` and `STRIPE_PUBLISHABLE_KEY` it uses a real Stripe account in test mode.
 */
export type StoreConfig =
  | {
      readonly kind: 'offline';
      readonly port: number;
      readonly ledgerPath: string;
      readonly exposeEmulator: boolean;
    }
  | {
      readonly kind: 'stripe';
      readonly port: number;
      readonly ledgerPath: string;
      readonly secretKey: string;
      readonly publishableKey: string;
      readonly webhookSecret: string;
      readonly prices: readonly string[];
    };

export class StoreConfigError extends Error {
  override name = 'StoreConfigError';
}

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new StoreConfigError(`PORT must be a port number 0-65535 (got "${value}")`);
  }
  return parsed;
}

export function readConfig(env: NodeJS.ProcessEnv): StoreConfig {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const publishableKey = env.STRIPE_PUBLISHABLE_KEY?.trim();
  const common = { port: port(env.PORT) };
  if (!secretKey && !publishableKey) {
    // Every offline start has a fresh emulator, so a ledger file from an earlier run would list orders that no
    // longer exist: keep it in memory unless asked otherwise.
    return {
      kind: 'offline',
      ...common,
      ledgerPath: env.LEDGER_PATH ?? ':memory:',
      exposeEmulator: env.STORE_EXPOSE_EMULATOR === '1',
    };
  }
  if (!secretKey || !publishableKey) {
    throw new StoreConfigError(
      'Set both STRIPE_SECRET_KEY (sk_test_…) and STRIPE_PUBLISHABLE_KEY (pk_test_…), or neither to run offline on the emulator.',
    );
  }
  if (!secretKey.startsWith('sk_test_') && !secretKey.startsWith('rk_test_')) {
    throw new StoreConfigError(
      'STRIPE_SECRET_KEY must be a test-mode key (sk_test_…): this demo never takes real payments.',
    );
  }
  if (!publishableKey.startsWith('pk_test_')) {
    throw new StoreConfigError('STRIPE_PUBLISHABLE_KEY must be a test-mode key (pk_test_…).');
  }
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!webhookSecret) {
    throw new StoreConfigError(
      `STRIPE_WEBHOOK_SECRET is required with real keys: run \`stripe listen --forward-to localhost:${common.port}/api/checkout/webhook\` and copy the whsec_… it prints.`,
    );
  }
  const prices = (env.CHECKOUT_PRICES ?? '')
    .split(',')
    .map((price) => price.trim())
    .filter(Boolean);
  if (prices.length === 0) {
    throw new StoreConfigError(
      'CHECKOUT_PRICES is required with real keys: a comma-separated list of the price ids (price_…) the store may sell.',
    );
  }
  return {
    kind: 'stripe',
    ...common,
    ledgerPath: env.LEDGER_PATH ?? 'checkout-ledger.sqlite',
    secretKey,
    publishableKey,
    webhookSecret,
    prices,
  };
}
