import { Writable } from 'node:stream';
import { startEmulator } from '@checkout-element/emulator';
import { readServerConfig } from '../../src/config.js';
import { createCheckoutLogger } from '../../src/index.js';
import { type StandaloneServer, startStandaloneServer } from '../../src/standalone.js';
import { PRICES, PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET } from './stack.js';

export const STANDALONE_ORIGIN = 'http://localhost:5173';

/** `checkout-server` in this process (same code path as the CLI), on the emulator, with its log captured. */
export async function startStandalone(env: Record<string, string>): Promise<{
  readonly base: string;
  readonly server: StandaloneServer;
  readonly logs: string[];
  readonly emulatorUrl: string;
  close(): Promise<void>;
}> {
  const emulator = await startEmulator({ port: 0, secretKey: SECRET_KEY });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = readServerConfig({
    STRIPE_SECRET_KEY: SECRET_KEY,
    STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: emulator.url,
    CHECKOUT_PRICES: `${PRICES.tshirt},${PRICES.mug}:1-3`,
    CHECKOUT_RETURN_URL: `${STANDALONE_ORIGIN}/return?session_id={CHECKOUT_SESSION_ID}`,
    DATABASE_URL: ':memory:',
    PORT: '0',
    ...env,
  });
  const server = await startStandaloneServer(config, createCheckoutLogger({ level: 'debug', destination }));
  return {
    base: server.url,
    server,
    logs,
    emulatorUrl: emulator.url,
    async close() {
      await server.close(0);
      await emulator.stop();
    },
  };
}
