import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startEmulator } from '@checkout-element/emulator';
import { createStripeClient, FULFILMENT_SIGNATURE_HEADER, verifyFulfilmentSignature } from '../src/index.js';
import { spawnTs } from './support/child.js';
import { stores } from './support/stores.js';
import { startProxy } from './support/proxy.js';
import { PRICES, PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET } from './support/stack.js';
import { waitFor } from './support/wait.js';

const directory = mkdtempSync(join(tmpdir(), 'checkout-cli-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const FULFILMENT_SECRET = 'cli-test-fulfilment-secret-0123456789';

describe('checkout-server (standalone CLI)', () => {
  it('refuses to start without configuration, naming every missing variable', async () => {
    const child = spawnTs('src/cli.ts', [], { DATABASE_URL: join(directory, 'unused.sqlite') });
    assert.equal(await child.exited, 1);
    const output = child.output();
    for (const name of [
      'STRIPE_SECRET_KEY',
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'CHECKOUT_PRICES',
      'CHECKOUT_RETURN_URL',
    ]) {
      assert.match(output, new RegExp(`${name} is not set`));
    }
  });

  it('refuses a bad CHECKOUT_CURRENCY and a setup mode without one, naming the variable', async () => {
    const base = {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      CHECKOUT_RETURN_URL: 'http://localhost:5173/return?session_id={CHECKOUT_SESSION_ID}',
      DATABASE_URL: join(directory, 'unused.sqlite'),
    };
    const cases: [Record<string, string>, RegExp][] = [
      [
        { CHECKOUT_MODE: 'setup' },
        /CHECKOUT_CURRENCY is not set: Stripe requires a currency for setup-mode sessions/,
      ],
      [
        { CHECKOUT_MODE: 'setup', CHECKOUT_CURRENCY: 'zzz' },
        /CHECKOUT_CURRENCY must be a currency Stripe supports.*"zzz"/,
      ],
      [
        { CHECKOUT_PRICES: PRICES.tshirt, CHECKOUT_CURRENCY: 'eur' },
        /CHECKOUT_CURRENCY only applies with CHECKOUT_MODE=setup/,
      ],
      [
        { CHECKOUT_PRICES: PRICES.tshirt, CHECKOUT_PRICE: 'x' },
        /CHECKOUT_PRICE is not a variable checkout-server reads; did you mean CHECKOUT_PRICES\?/,
      ],
    ];
    for (const [extra, message] of cases) {
      const child = spawnTs('src/cli.ts', [], { ...base, ...extra, PORT: '0' });
      if (extra.CHECKOUT_PRICE) {
        // A typo is only a warning: the server still starts.
        await child.waitForOutput(/listening on/);
        child.process.kill('SIGTERM');
        await child.exited;
      } else {
        assert.equal(await child.exited, 1, `exits 1 for ${JSON.stringify(extra)}`);
      }
      assert.match(child.output(), message);
    }
  });

  it('creates setup-mode sessions in CHECKOUT_CURRENCY (a save-a-card page with the element’s empty cart)', async () => {
    const emulator = await startEmulator({ port: 0, secretKey: SECRET_KEY });
    const server = spawnTs('src/cli.ts', [], {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: emulator.url,
      CHECKOUT_MODE: 'setup',
      CHECKOUT_CURRENCY: 'EUR',
      CHECKOUT_RETURN_URL: 'http://localhost:5173/return?session_id={CHECKOUT_SESSION_ID}',
      DATABASE_URL: join(directory, 'setup.sqlite'),
      PORT: '0',
    });
    try {
      const [, base] = (await server.waitForOutput(
        /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      )) as unknown as [string, string];
      const created = await fetch(`${base}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
        body: JSON.stringify({ items: [] }),
      });
      assert.equal(created.status, 200, await created.clone().text());
      const { sessionId } = (await created.json()) as { sessionId: string };
      const session = await createStripeClient({
        secretKey: SECRET_KEY,
        apiBase: emulator.url,
      }).checkout.sessions.retrieve(sessionId);
      assert.equal(session.mode, 'setup');
      assert.equal(session.currency, 'eur');
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
      await emulator.stop();
    }
  });

  for (const store of stores()) {
    it(`serves, forwards each paid order once to FULFILMENT_URL (signed, retried), lists it, and shuts down gracefully (${store.name} ledger)`, {
      skip: store.skip,
    }, async () => {
      const received: { body: string; signature: string | undefined }[] = [];
      let refuseFirst = true;
      const receiver = createServer(async (req: IncomingMessage, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: req.headers[FULFILMENT_SIGNATURE_HEADER.toLowerCase()] as string,
        });
        res.statusCode = refuseFirst ? 500 : 200;
        refuseFirst = false;
        res.end();
      });
      receiver.listen(0, '127.0.0.1');
      await once(receiver, 'listening');
      const proxy = await startProxy();
      const emulator = await startEmulator({
        port: 0,
        secretKey: SECRET_KEY,
        webhookEndpoints: [{ url: `${proxy.url}/webhook`, secret: WEBHOOK_SECRET }],
      });
      const storage = store.fresh().env;
      const ledgerEnv: Record<string, string> = storage.LEDGER_SCHEMA
        ? { DATABASE_URL: storage.LEDGER!, DATABASE_SCHEMA: storage.LEDGER_SCHEMA }
        : { DATABASE_URL: storage.LEDGER! };
      const env = {
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: emulator.url,
        CHECKOUT_PRICES: `${PRICES.tshirt},${PRICES.mug}:1-3`,
        CHECKOUT_RETURN_URL: 'http://localhost:5173/return?session_id={CHECKOUT_SESSION_ID}',
        ...ledgerEnv,
        PORT: '0',
        FULFILMENT_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/orders`,
        FULFILMENT_SECRET,
        FULFILMENT_RETRY_BASE_MS: '50',
        LOG_LEVEL: 'debug',
      };
      const server = spawnTs('src/cli.ts', [], env);
      try {
        const [, base] = (await server.waitForOutput(
          /listening on (http:\/\/127\.0\.0\.1:\d+)/,
        )) as unknown as [string, string];
        proxy.target(Number(new URL(base).port));
        assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { ok: true });

        const created = await fetch(`${base}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
          body: JSON.stringify({ items: [{ price: PRICES.mug, quantity: 3 }] }),
        });
        assert.equal(created.status, 200);
        const { sessionId, clientSecret } = (await created.json()) as {
          sessionId: string;
          clientSecret: string;
        };
        const tooMany = await fetch(`${base}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
          body: JSON.stringify({ items: [{ price: PRICES.mug, quantity: 4 }] }),
        });
        assert.equal(tooMany.status, 400, 'CHECKOUT_PRICES bounds apply');

        await emulator.buyer.complete(sessionId, { email: 'cms-buyer@example.com' });
        // The return page and the webhook race; the order is still forwarded once (after one refused attempt).
        assert.equal((await fetch(`${base}/sessions/${sessionId}`)).status, 200);
        await waitFor(() => received.length >= 2, { what: 'forwarded order' });
        await emulator.webhooks.waitForIdle();
        assert.equal(received.length, 2, 'one refused attempt, one accepted, nothing more');
        for (const delivery of received) {
          assert.equal(verifyFulfilmentSignature(delivery.body, delivery.signature, FULFILMENT_SECRET), true);
          assert.equal(delivery.body.includes(clientSecret), false);
        }
        const order = JSON.parse(received[1]!.body) as {
          sessionId: string;
          amountTotal: number;
          customerEmail: string;
        };
        assert.equal(order.sessionId, sessionId);
        assert.equal(order.amountTotal, 3600);
        assert.equal(order.customerEmail, 'cms-buyer@example.com');

        const listing = spawnTs('src/cli.ts', ['orders', '--json'], ledgerEnv);
        assert.equal(await listing.exited, 0);
        const orders = JSON.parse(listing.output()) as {
          sessionId: string;
          fulfilment: string;
          forwarding: string;
        }[];
        assert.deepEqual(
          orders.map((row) => [row.sessionId, row.fulfilment, row.forwarding]),
          [[sessionId, 'done', 'done (2 attempts)']],
        );
        const table = spawnTs('src/cli.ts', ['orders'], ledgerEnv);
        assert.equal(await table.exited, 0);
        assert.match(
          table.output(),
          new RegExp(
            `${sessionId}\\s+done\\s+done \\(2 attempts\\)\\s+36\\.00 USD\\s+cms-buyer@example\\.com`,
          ),
        );

        // Graceful shutdown: a request in flight when SIGTERM arrives still gets its answer.
        emulator.faults.latency('GET /v1/checkout/sessions/*', 700);
        const seen = () => server.output().split(`"path":"/sessions/${sessionId}"`).length;
        const before = seen();
        const inFlight = fetch(`${base}/sessions/${sessionId}`);
        await waitFor(() => seen() > before, { what: 'the server to receive the request' });
        server.process.kill('SIGTERM');
        const answer = await inFlight;
        assert.equal(answer.status, 200);
        assert.equal(await server.exited, 0);
        assert.equal(server.output().includes(SECRET_KEY), false, 'the secret key is never logged');
        assert.equal(server.output().includes(WEBHOOK_SECRET), false, 'the webhook secret is never logged');
        assert.equal(server.output().includes(clientSecret), false, 'client secrets are never logged');
      } finally {
        if (server.process.exitCode === null) server.process.kill('SIGKILL');
        await emulator.stop();
        await proxy.close();
        receiver.close();
      }
    });
  }
});
