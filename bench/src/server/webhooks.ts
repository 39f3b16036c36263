// Webhook ingestion runs: unique paid sessions (each fulfils once), repeated deliveries of a processed event, one
// or several companion instances on one ledger. Every run checks afterwards that each session was fulfilled
// exactly once, summed over the instances: a figure from a run that lost or doubled a fulfilment is not a figure.
import { HarnessError } from '../report.js';
import type { CompanionStats, LedgerConfig, RunningChild } from '../processes.js';
import { type EmulatorClient, pool } from './emulator-http.js';
import { type LoadResult, load, percentile } from './load.js';
import { completedEvent, stripeSignature } from './webhook-signing.js';

export type CompanionStarter = (ledger: LedgerConfig) => Promise<RunningChild>;

export interface WebhookRun {
  label: string;
  instances: number;
  /** Unique events, all instances together (requests / wall time of the slowest instance's run). */
  unique: LoadResult;
  duplicate: LoadResult | undefined;
  /** Highest peak RSS among the instances. */
  peakRss: number;
  /** CPU time the companion process(es) spent per unique event (user + system), µs. */
  cpuPerEvent: number;
  /** The unique-event load's window on the first instance's monotonic clock (µs), for cutting a CPU profile. */
  window: { from: number; to: number };
  /** CPU time the first instance spent per answered duplicate (user + system), µs, when duplicates ran. */
  cpuPerDuplicate: number | undefined;
  /** The duplicate load's window on the first instance's clock (µs), when duplicates ran. */
  duplicateWindow: { from: number; to: number } | undefined;
}

/** Paid sessions prepared through the emulator: what Stripe puts in each event's data.object. */
export function paidSessions(
  stripe: EmulatorClient,
  count: number,
  sessionForm: string,
): Promise<Record<string, unknown>[]> {
  return pool(count, 8, async () => {
    const session = (await stripe.createSession(sessionForm)) as { id: string };
    // The emulator answers with the completed session.
    return stripe.complete(session.id);
  });
}

/**
 * A `checkout.session.completed` event (new event id) per session, signed now: before the load starts (well inside
 * Stripe's 300 s tolerance), so the load generator spends its CPU on sending, not on HMACs, on a machine where it
 * shares two cores with the server.
 */
export function signedEvents(
  sessions: readonly Record<string, unknown>[],
  apiVersion: string,
  secret: string,
): { body: string; signature: string }[] {
  return sessions.map((session) => {
    const body = completedEvent(session, apiVersion);
    return { body, signature: stripeSignature(body, secret) };
  });
}

/** Where a companion answers webhooks: the bench's Express app mounts the router at /api/checkout; checkout-server
 * serves its routes at `/` and says so in its `detail`. */
const webhookRequest = (companion: RunningChild) => ({
  method: 'POST' as const,
  path: companion.detail.webhookPath ?? '/api/checkout/webhook',
});

async function statsOf(companions: readonly RunningChild[]) {
  const all = await Promise.all(companions.map((c) => c.request<CompanionStats>('stats')));
  return {
    fulfilled: all.reduce((sum, stats) => sum + stats.fulfilled, 0),
    cpuMicros: all.reduce((sum, stats) => sum + stats.cpuMicros, 0),
    /** The first instance's clock, to cut its CPU profile to the load's window. */
    monotonicMicros: all[0]!.monotonicMicros,
  };
}

/** Splits `connections` over the instances as evenly as possible (a load balancer's round robin). */
function share(connections: number, instances: number, index: number): number {
  return Math.floor(connections / instances) + (index < connections % instances ? 1 : 0);
}

export async function webhookRun(options: {
  label: string;
  events: readonly { body: string; signature: string }[];
  companions: readonly RunningChild[];
  connections: number;
  /** Also deliver one processed event over and over for this long (seconds), or this many times. */
  duplicates?: { duration: number; amount?: number };
}): Promise<WebhookRun> {
  const { label, events, companions, connections } = options;
  if (connections < companions.length) throw new HarnessError(`${label}: fewer connections than instances`);
  const before = await statsOf(companions);
  // Each instance gets its own slice of the events, like a load balancer spreading Stripe's deliveries.
  const slices = companions.map((_, index) => events.filter((_, e) => e % companions.length === index));
  const started = performance.now();
  const runs = await Promise.all(
    companions.map((companion, index) => {
      const slice = slices[index]!;
      let next = 0;
      return load(
        `${label} unique events (instance ${index + 1})`,
        companion.url,
        {
          ...webhookRequest(companion),
          headers: { 'Content-Type': 'application/json' },
          body: slice[0]!.body,
          next: () => {
            const event = slice[next++ % slice.length]!;
            return { body: event.body, headers: { 'Stripe-Signature': event.signature } };
          },
        },
        { connections: share(connections, companions.length, index), duration: 0, amount: slice.length },
      );
    }),
  );
  // To the last response of the slowest instance (load.ts says why not to the runs' end).
  const seconds = (Math.max(...runs.map((run) => run.lastResponseAt)) - started) / 1000;
  const afterUnique = await statsOf(companions);
  const fulfilled = afterUnique.fulfilled - before.fulfilled;
  if (fulfilled !== events.length) {
    throw new HarnessError(
      `${label}: ${events.length} paid sessions were delivered but ${fulfilled} were fulfilled`,
    );
  }
  const all = runs.flatMap((run) => run.latencies);
  const unique: LoadResult = {
    label: `${label} unique events`,
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    rps: runs.reduce((sum, run) => sum + run.requests, 0) / seconds,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    non2xx: 0,
    errors: 0,
    latencies: all,
    startedAt: started,
    lastResponseAt: Math.max(...runs.map((run) => run.lastResponseAt)),
  };
  let duplicate: LoadResult | undefined;
  let cpuPerDuplicate: number | undefined;
  let duplicateWindow: WebhookRun['duplicateWindow'];
  if (options.duplicates) {
    const first = await statsOf(companions.slice(0, 1));
    // Stripe retries a delivery until it gets a 2xx, and more than one endpoint may forward the same event.
    const repeated = events[0]!;
    duplicate = await load(
      `${label} duplicated event`,
      companions[0]!.url,
      {
        ...webhookRequest(companions[0]!),
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': repeated.signature },
        body: repeated.body,
      },
      { connections, ...options.duplicates },
    );
    const last = await statsOf(companions.slice(0, 1));
    cpuPerDuplicate = (last.cpuMicros - first.cpuMicros) / duplicate.requests;
    duplicateWindow = { from: first.monotonicMicros, to: last.monotonicMicros };
    const after = (await statsOf(companions)).fulfilled - before.fulfilled;
    if (after !== events.length)
      throw new HarnessError(`${label}: a duplicated event fulfilled again (${after} fulfilments)`);
  }
  return {
    label,
    instances: companions.length,
    unique,
    duplicate,
    peakRss: Math.max(...companions.map((companion) => companion.peakRss())),
    cpuPerEvent: (afterUnique.cpuMicros - before.cpuMicros) / events.length,
    window: { from: before.monotonicMicros, to: afterUnique.monotonicMicros },
    cpuPerDuplicate,
    duplicateWindow,
  };
}
