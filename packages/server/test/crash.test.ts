import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startEmulator } from '@checkout-element/emulator';
import { createStripeClient } from '../src/index.js';
import { type Child, spawnTs } from './support/child.js';
import { startProxy } from './support/proxy.js';
import { PRICES, SECRET_KEY, SHOP_ORIGIN, WEBHOOK_SECRET } from './support/stack.js';
import { stores } from './support/stores.js';
import { waitFor } from './support/wait.js';

const directory = mkdtempSync(join(tmpdir(), 'checkout-crash-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const LEASE_MS = 1_500;

for (const store of stores()) {
  describe(`a process killed in the middle of onFulfil (${store.name} ledger)`, () => {
    it('is restarted, and the retried delivery completes fulfilment exactly once', {
      skip: store.skip,
    }, async () => {
      const proxy = await startProxy();
      // Retries spaced out enough to outlast a restart plus the lease, like Stripe's (much longer) schedule.
      const emulator = await startEmulator({
        port: 0,
        secretKey: SECRET_KEY,
        webhookEndpoints: [{ url: `${proxy.url}/webhook`, secret: WEBHOOK_SECRET }],
        webhooks: { retrySchedule: [250, 500, 1_000, 2_000, 3_000, 5_000, 8_000, 10_000, 15_000] },
      });
      const marker = join(directory, `marker-${store.name}.log`);
      const storage = store.fresh();
      const env = {
        ...storage.env,
        EMULATOR_URL: emulator.url,
        SECRET_KEY,
        WEBHOOK_SECRET,
        MARKER_FILE: marker,
        LEASE_MS: String(LEASE_MS),
      };
      const children: Child[] = [];
      const start = async (crash: boolean) => {
        const child = spawnTs('test/fixtures/crash-server.ts', [], { ...env, CRASH: crash ? '1' : '0' });
        children.push(child);
        const [, port] = (await child.waitForOutput(
          /listening on http:\/\/127\.0\.0\.1:(\d+)/,
        )) as unknown as [string, string];
        proxy.target(Number(port));
        return { child, base: `http://127.0.0.1:${port}` };
      };
      try {
        const first = await start(true);
        const created = await fetch(`${first.base}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
          body: JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }] }),
        });
        assert.equal(created.status, 200);
        const { sessionId } = (await created.json()) as { sessionId: string };
        const stripe = createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url });
        await emulator.buyer.complete(sessionId, { email: 'buyer@example.com' });

        await first.child.waitForOutput(new RegExp(`fulfil-started ${sessionId}`));
        proxy.target(undefined);
        first.child.process.kill('SIGKILL');
        await first.child.exited;

        const second = await start(false);
        const lines = () => readFileSync(marker, 'utf8').trim().split('\n');
        await waitFor(() => lines().includes(`done ${sessionId}`), {
          timeoutMs: 60_000,
          what: 'fulfilment after restart',
        });
        assert.deepEqual(lines(), [`start ${sessionId}`, `start ${sessionId}`, `done ${sessionId}`]);

        // The return page agrees, and asking again changes nothing.
        const status = (await (await fetch(`${second.base}/sessions/${sessionId}`)).json()) as {
          fulfilled: boolean;
        };
        assert.equal(status.fulfilled, true);
        assert.equal(lines().filter((line) => line === `done ${sessionId}`).length, 1);
        assert.equal((await stripe.checkout.sessions.retrieve(sessionId)).payment_status, 'paid');
      } finally {
        for (const child of children) {
          if (child.process.exitCode === null && child.process.signalCode === null) {
            child.process.kill('SIGKILL');
            await child.exited;
          }
        }
        await emulator.stop();
        await proxy.close();
      }
    });
  });
}
