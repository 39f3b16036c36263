import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY } from '@checkout-element/emulator';
import pg from 'pg';
import Stripe from 'stripe';
import { HarnessError, type SectionResult, type Table, ms, ratio, verdict } from '../report.js';
import { EmulatorClient, pool } from './emulator-http.js';
import { type LoadResult, type LoadShape, load } from './load.js';
import { type LedgerConfig, type RunningChild, startChild } from '../processes.js';
import { completedEvent, stripeSignature } from './webhook-signing.js';

// The emulator's own default keys: the emulator process is started with its defaults.
const SECRET_KEY = DEFAULT_SECRET_KEY;
const PUBLISHABLE_KEY = DEFAULT_PUBLISHABLE_KEY;
const WEBHOOK_SECRET = 'whsec_bench_companion_signing_secret';
const PRICE = 'price_demo_tshirt';
const RETURN_URL = 'http://127.0.0.1/return?session_id={CHECKOUT_SESSION_ID}';

export interface ServerBenchOptions {
  smoke: boolean;
  databaseUrl: string | undefined;
}

interface Plan {
  shape: LoadShape;
  /** Injected emulator latencies (ms) for the session calls: 0 is pure overhead, the other a real API round trip. */
  latencies: number[];
  /** Unique events per ledger (each needs a paid session prepared first); sized for ~1 s at the target rate. */
  webhookEvents: { sqlite: number; postgres: number };
  duplicateShape: LoadShape;
}

const fullPlan: Plan = {
  shape: { connections: 10, duration: 5 },
  latencies: [0, 100],
  webhookEvents: { sqlite: 2000, postgres: 1000 },
  duplicateShape: { connections: 10, duration: 5 },
};
const smokePlan: Plan = {
  shape: { connections: 2, duration: 1, amount: 10 },
  latencies: [0, 5],
  webhookEvents: { sqlite: 10, postgres: 10 },
  duplicateShape: { connections: 2, duration: 1, amount: 10 },
};

function sessionForm(): string {
  const form = new URLSearchParams({
    mode: 'payment',
    ui_mode: 'elements',
    return_url: RETURN_URL,
    'line_items[0][price]': PRICE,
    'line_items[0][quantity]': '1',
  });
  return form.toString();
}

async function startCompanion(emulator: RunningChild, ledger: LedgerConfig): Promise<RunningChild> {
  return startChild(new URL('./companion-process.ts', import.meta.url), {
    BENCH_COMPANION_CONFIG: JSON.stringify({
      apiBase: emulator.url,
      secretKey: SECRET_KEY,
      publishableKey: PUBLISHABLE_KEY,
      webhookSecret: WEBHOOK_SECRET,
      price: PRICE,
      ledger,
    }),
  });
}

/** POST /sessions and GET /sessions/:id through the companion, and the same Stripe calls made directly. */
async function sessionCalls(plan: Plan, stripe: EmulatorClient, companion: RunningChild): Promise<Table> {
  const open = (await stripe.createSession(sessionForm())) as { id: string };
  const rows: string[][] = [];
  const targets: string[][] = [];
  for (const latency of plan.latencies) {
    await stripe.clearFaults();
    if (latency > 0) {
      await stripe.setLatency('POST /v1/checkout/sessions', latency);
      await stripe.setLatency('GET /v1/checkout/sessions/*', latency);
    }
    const pairs: Array<[string, LoadResult, LoadResult]> = [];
    const directCreate = await load(
      'direct POST /v1/checkout/sessions',
      stripe.origin,
      {
        method: 'POST',
        path: '/v1/checkout/sessions',
        headers: { ...stripe.authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: sessionForm(),
        next: () => ({ headers: { 'Idempotency-Key': randomUUID() } }),
      },
      plan.shape,
    );
    const companionCreate = await load(
      'companion POST /sessions',
      companion.url,
      {
        method: 'POST',
        path: '/api/checkout/sessions',
        headers: { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1' },
        body: JSON.stringify({ items: [{ price: PRICE, quantity: 1 }] }),
        next: () => ({ headers: { 'Idempotency-Key': randomUUID() } }),
      },
      plan.shape,
    );
    pairs.push(['create a session', directCreate, companionCreate]);
    const directRetrieve = await load(
      'direct GET /v1/checkout/sessions/:id',
      stripe.origin,
      {
        method: 'GET',
        path: `/v1/checkout/sessions/${open.id}?expand[]=line_items`,
        headers: stripe.authorization,
      },
      plan.shape,
    );
    const companionRetrieve = await load(
      'companion GET /sessions/:id',
      companion.url,
      { method: 'GET', path: `/api/checkout/sessions/${open.id}`, headers: { Origin: 'http://127.0.0.1' } },
      plan.shape,
    );
    pairs.push(['session status', directRetrieve, companionRetrieve]);
    for (const [call, direct, through] of pairs) {
      const overhead = (through.p50 - direct.p50) / direct.p50;
      rows.push([
        call,
        `${latency} ms`,
        `${Math.round(direct.rps)} / ${Math.round(through.rps)}`,
        `${direct.p50.toFixed(1)} / ${through.p50.toFixed(1)} ms`,
        `${direct.p99.toFixed(1)} / ${through.p99.toFixed(1)} ms`,
        ratio(through.p50 / direct.p50),
        `${(overhead * 100).toFixed(0)} % (${through.p50 >= direct.p50 ? '+' : '−'}${Math.abs(through.p50 - direct.p50).toFixed(1)} ms)`,
        verdict(overhead <= 0.1),
      ]);
    }
  }
  await stripe.clearFaults();
  return {
    title: `5a. Companion overhead (${plan.shape.connections} connections, ${plan.shape.amount ? `${plan.shape.amount} requests` : `${plan.shape.duration} s`} each, loopback)`,
    columns: [
      'call',
      'injected Stripe latency',
      'req/s direct / companion',
      'p50 direct / companion',
      'p99 direct / companion',
      'p50 ratio',
      'overhead at p50',
      'target ≤ 10 %',
    ],
    rows: [...rows, ...targets],
  };
}

async function paidSessions(stripe: EmulatorClient, count: number): Promise<Record<string, unknown>[]> {
  return pool(count, 8, async () => {
    const session = (await stripe.createSession(sessionForm())) as { id: string };
    // The emulator answers with the completed session: what Stripe puts in the event's data.object.
    return stripe.complete(session.id);
  });
}

interface WebhookFigures {
  ledger: string;
  unique: LoadResult;
  duplicate: LoadResult;
  peakRss: number;
}

async function webhookIngestion(
  plan: Plan,
  stripe: EmulatorClient,
  emulator: RunningChild,
  ledgerName: 'SQLite' | 'PostgreSQL',
  ledger: LedgerConfig,
): Promise<WebhookFigures> {
  const sessions = await paidSessions(
    stripe,
    ledger.kind === 'sqlite' ? plan.webhookEvents.sqlite : plan.webhookEvents.postgres,
  );
  const events = sessions.map((session) => completedEvent(session, stripe.apiVersion));
  const companion = await startCompanion(emulator, ledger);
  try {
    let index = 0;
    const webhook = {
      method: 'POST' as const,
      path: '/api/checkout/webhook',
      headers: { 'Content-Type': 'application/json' },
    };
    const unique = await load(
      `${ledgerName} unique events`,
      companion.url,
      {
        ...webhook,
        body: events[0],
        next: () => {
          const body = events[index++ % events.length] as string;
          return { body, headers: { 'Stripe-Signature': stripeSignature(body, WEBHOOK_SECRET) } };
        },
      },
      { connections: plan.shape.connections, duration: 0, amount: events.length },
    );
    const afterUnique = await companion.request<{ fulfilled: number }>('stats');
    if (afterUnique.fulfilled !== events.length) {
      throw new HarnessError(
        `${ledgerName}: ${events.length} paid sessions were delivered but ${afterUnique.fulfilled} were fulfilled`,
      );
    }
    // Stripe retries a delivery until it gets a 2xx, and more than one endpoint may forward the same event.
    const repeated = events[0] as string;
    const duplicate = await load(
      `${ledgerName} duplicated event`,
      companion.url,
      {
        ...webhook,
        body: repeated,
        headers: { ...webhook.headers, 'Stripe-Signature': stripeSignature(repeated, WEBHOOK_SECRET) },
      },
      plan.duplicateShape,
    );
    const afterDuplicates = await companion.request<{ fulfilled: number }>('stats');
    if (afterDuplicates.fulfilled !== events.length) {
      throw new HarnessError(
        `${ledgerName}: a duplicated event fulfilled again (${afterDuplicates.fulfilled} fulfilments)`,
      );
    }
    return { ledger: ledgerName, unique, duplicate, peakRss: companion.peakRss() };
  } finally {
    await companion.stop();
  }
}

export async function runServer(options: ServerBenchOptions): Promise<SectionResult> {
  const plan = options.smoke ? smokePlan : fullPlan;
  const notes: string[] = [];
  const scratch = await mkdtemp(join(tmpdir(), 'checkout-bench-'));
  const emulator = await startChild(new URL('./emulator-process.ts', import.meta.url), {});
  try {
    const stripe = new EmulatorClient(emulator.url, SECRET_KEY, Stripe.API_VERSION);
    const sessionsCompanion = await startCompanion(emulator, {
      kind: 'sqlite',
      path: join(scratch, 'sessions.sqlite'),
    });
    let overhead: Table;
    let sessionsRss: number;
    try {
      overhead = await sessionCalls(plan, stripe, sessionsCompanion);
      sessionsRss = sessionsCompanion.peakRss();
    } finally {
      await sessionsCompanion.stop();
    }

    const webhookRuns: WebhookFigures[] = [];
    webhookRuns.push(
      await webhookIngestion(plan, stripe, emulator, 'SQLite', {
        kind: 'sqlite',
        path: join(scratch, 'webhooks.sqlite'),
      }),
    );
    if (options.databaseUrl) {
      const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
      try {
        webhookRuns.push(
          await webhookIngestion(plan, stripe, emulator, 'PostgreSQL', {
            kind: 'postgres',
            url: options.databaseUrl,
            schema,
          }),
        );
      } finally {
        const client = new pg.Client({ connectionString: options.databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    } else {
      const skipped =
        '**PostgreSQL ledger SKIPPED: DATABASE_URL is not set** (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm bench).';
      console.warn(`\n!!! ${skipped.replaceAll('**', '')}\n`);
      notes.push(skipped);
    }

    const webhooks: Table = {
      title: `5b. Webhook ingestion (signed checkout.session.completed, ${plan.shape.connections} connections)`,
      columns: [
        'ledger',
        'unique events (each fulfils a paid session)',
        'p50 / p99',
        'duplicated event (already processed)',
        'p50 / p99',
        'target ≥ 2,000 unique/s (SQLite)',
      ],
      rows: webhookRuns.map((run) => [
        run.ledger,
        `${Math.round(run.unique.rps)} /s (${run.unique.requests} events)`,
        `${ms(run.unique.p50)} / ${ms(run.unique.p99)}`,
        `${Math.round(run.duplicate.rps)} /s (${run.duplicate.requests} deliveries)`,
        `${ms(run.duplicate.p50)} / ${ms(run.duplicate.p99)}`,
        run.ledger === 'SQLite' ? verdict(run.unique.rps >= 2000) : '—',
      ]),
      notes: [
        'Each unique event is verified, claimed in the ledger (one group commit shared by concurrent deliveries), handed to onFulfil with the session it carries (no call to Stripe) and recorded; every fulfilment was checked to have run exactly once.',
      ],
    };
    const memory: Table = {
      title: '5c. Peak resident memory of the companion server process',
      columns: ['run', 'peak RSS'],
      rows: [
        ['session calls (SQLite ledger)', `${(sessionsRss / 1024 ** 2).toFixed(0)} MB`],
        ...webhookRuns.map((run) => [
          `webhooks, ${run.ledger} ledger`,
          `${(run.peakRss / 1024 ** 2).toFixed(0)} MB`,
        ]),
      ],
    };
    return { name: 'server', tables: [overhead, webhooks, memory], notes };
  } finally {
    await emulator.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}
