import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@checkout-element/emulator';
import pg from 'pg';
import { FULFILMENT_SIGNATURE_HEADER, verifyFulfilmentSignature } from '../../src/index.js';
import { type Child, spawnTs } from './child.js';
import { signedDelivery } from './signing.js';
import { PRICES, PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET } from './stack.js';
import { startCapture } from './stack.js';
import { waitFor } from './wait.js';

export interface ChaosConfig {
  /** `postgres://…` (with `schema`) or a SQLite file path shared by every instance. */
  readonly databaseUrl: string;
  readonly schema?: string;
  readonly instances: number;
  readonly sessions: number;
  /** Deliveries of each session's `checkout.session.completed`, spread over the instances. */
  readonly duplicates: number;
  /** Instances SIGKILLed (and restarted) while the storm runs. */
  readonly kills: number;
  /** Rounds of `pg_terminate_backend` on every server connection (PostgreSQL only). */
  readonly databaseFaults: number;
}

export interface ChaosReport {
  readonly sessions: number;
  readonly deliveriesSent: number;
  readonly lookups: number;
  /** 5xx answers by error code: what Stripe (and the return page) would retry. */
  readonly retryAnswers: Record<string, number>;
  readonly connectionFailures: number;
  readonly kills: number;
  readonly databaseFaults: number;
  readonly terminatedBackends: number;
  /** Verified FULFILMENT_URL deliveries per idempotency key (session): how many orders the receiver got. */
  readonly ordersReceived: number;
  readonly maxDeliveriesPerOrder: number;
  readonly repeatedDeliveries: number;
  readonly overlappingDeliveries: number;
  readonly badSignatures: number;
  readonly lostEvents: number;
}

const ORIGIN = 'http://localhost:5173';
const FULFILMENT_SECRET = 'chaos-fulfilment-secret-0123456789';

/**
 * Several `checkout-server` processes on one ledger, a storm of duplicate deliveries spread over them, return-page
 * lookups racing the webhooks, instances SIGKILLed and restarted, database connections terminated; then the
 * counts that prove exactly-once: one order per paid session at the receiver, no event lost, `orders` agrees.
 */
export async function runChaos(config: ChaosConfig): Promise<ChaosReport> {
  const applicationName = `checkout_chaos_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const databaseUrl = config.databaseUrl.startsWith('postgres')
    ? `${config.databaseUrl}${config.databaseUrl.includes('?') ? '&' : '?'}application_name=${applicationName}`
    : config.databaseUrl;

  // The shop's receiver at FULFILMENT_URL: checks every signature, dedupes on Idempotency-Key as documented.
  const received = new Map<string, number>();
  const inFlight = new Set<string>();
  let overlapping = 0;
  let badSignatures = 0;
  const receiver = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const key = String(req.headers['idempotency-key']);
    if (
      !verifyFulfilmentSignature(
        body,
        req.headers[FULFILMENT_SIGNATURE_HEADER.toLowerCase()] as string,
        FULFILMENT_SECRET,
      )
    ) {
      badSignatures++;
      res.statusCode = 400;
      res.end();
      return;
    }
    if (inFlight.has(key)) overlapping++;
    inFlight.add(key);
    await new Promise((resolve) => setTimeout(resolve, 5)); // long enough for a concurrent duplicate to overlap
    inFlight.delete(key);
    received.set(key, (received.get(key) ?? 0) + 1);
    res.statusCode = 200;
    res.end();
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const capture = await startCapture();
  const emulator = await startEmulator({
    port: 0,
    secretKey: SECRET_KEY,
    webhookEndpoints: [{ url: capture.url, secret: WEBHOOK_SECRET, events: ['checkout.session.completed'] }],
  });

  const ledgerEnv: Record<string, string> = { DATABASE_URL: databaseUrl };
  if (config.schema) ledgerEnv.DATABASE_SCHEMA = config.schema;
  const env = {
    STRIPE_SECRET_KEY: SECRET_KEY,
    STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: emulator.url,
    CHECKOUT_PRICES: `${PRICES.tshirt},${PRICES.mug}:1-3`,
    CHECKOUT_RETURN_URL: `${ORIGIN}/return?session_id={CHECKOUT_SESSION_ID}`,
    ...ledgerEnv,
    PORT: '0',
    FULFILMENT_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/orders`,
    FULFILMENT_SECRET,
    FULFILMENT_RETRY_BASE_MS: '50',
    // Short, so a killed instance's claims lapse within the test; far above any hook run here.
    CHECKOUT_LEASE_MS: '3000',
    CHECKOUT_RATE_LIMIT: '0',
    CHECKOUT_LOOKUP_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
  };

  const instances: { child: Child; base: string | undefined }[] = [];
  const start = async (slot: number) => {
    const child = spawnTs('src/cli.ts', [], env);
    instances[slot] = { child, base: undefined };
    const [, base] = (await child.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/)) as unknown as [
      string,
      string,
    ];
    instances[slot] = { child, base };
  };
  const live = () =>
    instances.filter((instance) => instance.base !== undefined).map((instance) => instance.base!);

  const retryAnswers: Record<string, number> = {};
  let connectionFailures = 0;
  let deliveriesSent = 0;
  let lookups = 0;
  let terminatedBackends = 0;
  try {
    await Promise.all(Array.from({ length: config.instances }, (_, slot) => start(slot)));

    // Sessions created through every instance, then paid by the buyer simulation.
    const sessionIds: string[] = [];
    for (let i = 0; i < config.sessions; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, config.sessions - i) }, async (_, j) => {
          const bases = live();
          const response = await fetch(`${bases[(i + j) % bases.length]}/sessions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: ORIGIN },
            body: JSON.stringify({ items: [{ price: PRICES.mug, quantity: 1 + ((i + j) % 3) }] }),
          });
          assert.equal(response.status, 200, await response.clone().text());
          const { sessionId } = (await response.json()) as { sessionId: string };
          await emulator.buyer.complete(sessionId, { email: `buyer${i + j}@example.com` });
          return sessionId;
        }),
      );
      sessionIds.push(...batch);
    }
    const events = new Map<string, string>();
    await waitFor(
      () => {
        for (const body of capture.bodies) {
          const event = JSON.parse(body) as { id: string; data: { object: { id: string } } };
          events.set(event.data.object.id, body);
        }
        return sessionIds.every((id) => events.has(id));
      },
      { timeoutMs: 120_000, what: 'every checkout.session.completed event' },
    );

    // The storm: every event `duplicates` times, spread round-robin; a delivery is retried (on the next live
    // instance, after a short backoff) until it gets a 2xx, as Stripe retries.
    const deliveries = sessionIds.flatMap((id) => Array.from({ length: config.duplicates }, () => id));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const deliver = async (sessionId: string, index: number) => {
      const payload = events.get(sessionId)!;
      for (let attempt = 0; ; attempt++) {
        const bases = live();
        const base = bases[(index + attempt) % bases.length]!;
        deliveriesSent++;
        try {
          const response = await fetch(`${base}/webhook`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'stripe-signature': signedDelivery(payload, WEBHOOK_SECRET),
            },
            body: payload,
          });
          const text = await response.text();
          if (response.ok) return;
          assert.ok(response.status >= 500, `a delivery answered ${response.status}: ${text}`);
          const code =
            (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? String(response.status);
          retryAnswers[code] = (retryAnswers[code] ?? 0) + 1;
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          connectionFailures++; // the instance was killed under this request
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** Math.min(attempt, 4))));
      }
    };
    const lookUp = async (sessionId: string, index: number) => {
      const bases = live();
      lookups++;
      try {
        const response = await fetch(`${bases[index % bases.length]}/sessions/${sessionId}`);
        await response.arrayBuffer();
        if (response.status >= 500)
          retryAnswers[`lookup ${response.status}`] = (retryAnswers[`lookup ${response.status}`] ?? 0) + 1;
      } catch {
        connectionFailures++;
      }
    };

    // Faults are spread over the storm: after each slice of deliveries, one kill or one database fault.
    const faults = [
      ...Array.from({ length: config.kills }, () => 'kill' as const),
      ...Array.from({ length: config.databaseFaults }, () => 'database' as const),
    ];
    const slice = Math.ceil(deliveries.length / (faults.length + 1));
    let cursor = 0;
    const concurrency = 40;
    for (let round = 0; round <= faults.length; round++) {
      const part = deliveries.slice(round * slice, (round + 1) * slice);
      const running = new Set<Promise<void>>();
      const faultAt = Math.floor(part.length / 2);
      for (const [offset, sessionId] of part.entries()) {
        const index = cursor++;
        const task = (async () => {
          await deliver(sessionId, index);
          if (index % config.duplicates === 0) await lookUp(sessionId, index);
        })().finally(() => running.delete(task));
        running.add(task);
        if (offset === faultAt && faults[round]) {
          const fault = faults[round]!;
          if (fault === 'kill') {
            const slot = round % config.instances;
            const victim = instances[slot]!;
            victim.base = undefined;
            victim.child.process.kill('SIGKILL');
            await victim.child.exited;
            await start(slot);
          } else {
            const client = new pg.Client({ connectionString: config.databaseUrl });
            await client.connect();
            try {
              const terminated = await client.query(
                'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
                [applicationName],
              );
              terminatedBackends += terminated.rowCount ?? 0;
            } finally {
              await client.end();
            }
          }
        }
        if (running.size >= concurrency) await Promise.race(running);
      }
      await Promise.all(running);
    }

    // The outbox drains on every instance; wait until each paid session's order reached the receiver.
    await waitFor(() => sessionIds.every((id) => received.has(id)), {
      timeoutMs: 120_000,
      what: 'every order at FULFILMENT_URL',
    });
    // `checkout-server orders` (a separate process, reading the same ledger) agrees.
    await waitFor(
      async () => {
        const listing = spawnTs('src/cli.ts', ['orders', '--json'], ledgerEnv);
        if ((await listing.exited) !== 0) return false;
        const orders = JSON.parse(listing.output()) as {
          sessionId: string;
          fulfilment: string;
          forwarding: string;
        }[];
        const mine = new Map(orders.map((order) => [order.sessionId, order]));
        return sessionIds.every(
          (id) => mine.get(id)?.fulfilment === 'done' && mine.get(id)?.forwarding.startsWith('done'),
        );
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: '`checkout-server orders` to list every order done and forwarded',
      },
    );

    const lostEvents = await countUnprocessed(config, databaseUrl, [...events.values()]);
    const counts = sessionIds.map((id) => received.get(id) ?? 0);
    return {
      sessions: sessionIds.length,
      deliveriesSent,
      lookups,
      retryAnswers,
      connectionFailures,
      kills: config.kills,
      databaseFaults: config.databaseFaults,
      terminatedBackends,
      ordersReceived: received.size,
      maxDeliveriesPerOrder: Math.max(...counts),
      repeatedDeliveries: counts.reduce((sum, count) => sum + count - 1, 0),
      overlappingDeliveries: overlapping,
      badSignatures,
      lostEvents,
    };
  } finally {
    for (const instance of instances) {
      if (
        instance &&
        instance.child.process.exitCode === null &&
        instance.child.process.signalCode === null
      ) {
        instance.child.process.kill('SIGTERM');
        await instance.child.exited;
      }
    }
    await emulator.stop();
    await capture.close();
    receiver.closeAllConnections();
    receiver.close();
  }
}

/** Events the ledger never marked processed: each of them would be an order nobody fulfilled. */
async function countUnprocessed(config: ChaosConfig, databaseUrl: string, bodies: string[]): Promise<number> {
  const ids = bodies.map((body) => (JSON.parse(body) as { id: string }).id);
  if (config.databaseUrl.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      const result = await client.query<{ event_id: string }>(
        `SELECT event_id FROM "${config.schema ?? 'public'}".checkout_events WHERE event_id = ANY($1) AND processed_at IS NOT NULL`,
        [ids],
      );
      return ids.length - result.rowCount!;
    } finally {
      await client.end();
    }
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(databaseUrl, { readonly: true });
  try {
    const processed = db.prepare(
      'SELECT 1 FROM checkout_events WHERE event_id = ? AND processed_at IS NOT NULL',
    );
    return ids.filter((id) => !processed.get(id)).length;
  } finally {
    db.close();
  }
}
