// What the companion adds to a Stripe call: POST /sessions and GET /sessions/:id through it, against the same
// Stripe calls made directly, with no injected latency (pure overhead) and with a realistic Stripe round trip.
import { randomUUID } from 'node:crypto';
import type { RunningChild } from '../processes.js';
import { type Table, ratio, verdict } from '../report.js';
import { type EmulatorClient, pool } from './emulator-http.js';
import { type LoadResult, type LoadShape, load } from './load.js';
import { PRICE, sessionForm } from './setup.js';

export interface OverheadFigures {
  table: Table;
  /** Worst call's p50 difference (ms) at 0 ms injected latency, with the full number of connections. */
  worstAddedMsAtZero: number;
  /** The same with one connection: one call's own cost, without queueing behind the others for the CPU. */
  worstAddedMsAtZeroSingle: number;
  /** Worst call's p50 overhead (fraction) at the realistic latency. */
  worstFractionAtLatency: number;
  latency: number;
}

/**
 * How many sessions the like-for-like status row cycles through. The companion keeps a lookup's answer for a second
 * and at most 10,000 answers, dropping the oldest (packages/server/src/status-cache.ts, `MAX_ENTRIES`): cycling
 * through more sessions than it keeps, in order, each lookup finds its session's answer dropped, so every companion
 * lookup is one Stripe call like the direct one, at any rate (a time-based margin was not: 6,000 lookups/s on a
 * quiet machine came back to a session within the second).
 */
export const DISTINCT_LOOKUPS = 12_000;

/** `count` open sessions made at the emulator, for lookups that each find a different one. */
export async function sessionsToLook(stripe: EmulatorClient, count: number): Promise<string[]> {
  const sessions = await pool(
    count,
    8,
    async () => (await stripe.createSession(sessionForm())) as { id: string },
  );
  return sessions.map((session) => session.id);
}

export const OVERHEAD_TARGET_MS = 3;
export const OVERHEAD_TARGET_FRACTION = 0.02;

export async function sessionCalls(
  shape: LoadShape,
  latencies: readonly number[],
  stripe: EmulatorClient,
  companion: RunningChild,
): Promise<OverheadFigures> {
  const open = (await stripe.createSession(sessionForm())) as { id: string };
  const ids = await sessionsToLook(stripe, shape.amount ? shape.amount * 2 : DISTINCT_LOOKUPS);
  const cycle = () => {
    let next = 0;
    return () => ids[next++ % ids.length]!;
  };
  const rows: string[][] = [];
  let worstAddedMsAtZero = Number.NEGATIVE_INFINITY;
  let worstAddedMsAtZeroSingle = Number.NEGATIVE_INFINITY;
  let worstFractionAtLatency = Number.NEGATIVE_INFINITY;
  // At 0 ms latency once with one connection too: with ten, three processes saturate two cores and p50 is mostly
  // queueing for the CPU, not what one call costs.
  const runs = latencies.flatMap((latency) =>
    latency === 0 && shape.connections > 1
      ? [
          { latency, shape: { ...shape, connections: 1 } },
          { latency, shape },
        ]
      : [{ latency, shape }],
  );
  for (const { latency, shape } of runs) {
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
      shape,
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
      shape,
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
      shape,
    );
    const companionRetrieve = await load(
      'companion GET /sessions/:id',
      companion.url,
      { method: 'GET', path: `/api/checkout/sessions/${open.id}`, headers: { Origin: 'http://127.0.0.1' } },
      shape,
    );
    pairs.push(['session status, one session polled (cached ≤ 1 s)', directRetrieve, companionRetrieve]);
    const directId = cycle();
    const directLookup = await load(
      'direct GET /v1/checkout/sessions/:id, a new session each call',
      stripe.origin,
      {
        method: 'GET',
        path: `/v1/checkout/sessions/${open.id}?expand[]=line_items`,
        headers: stripe.authorization,
        next: () => ({ path: `/v1/checkout/sessions/${directId()}?expand[]=line_items` }),
      },
      shape,
    );
    const companionId = cycle();
    const companionLookup = await load(
      'companion GET /sessions/:id, a new session each call',
      companion.url,
      {
        method: 'GET',
        path: `/api/checkout/sessions/${open.id}`,
        headers: { Origin: 'http://127.0.0.1' },
        next: () => ({ path: `/api/checkout/sessions/${companionId()}` }),
      },
      shape,
    );
    pairs.push(['session status, a new session each call', directLookup, companionLookup]);
    for (const [call, direct, through] of pairs) {
      const added = through.p50 - direct.p50;
      const overhead = added / direct.p50;
      const pass = latency === 0 ? added <= OVERHEAD_TARGET_MS : overhead <= OVERHEAD_TARGET_FRACTION;
      if (latency === 0 && shape.connections === 1)
        worstAddedMsAtZeroSingle = Math.max(worstAddedMsAtZeroSingle, added);
      else if (latency === 0) worstAddedMsAtZero = Math.max(worstAddedMsAtZero, added);
      else worstFractionAtLatency = Math.max(worstFractionAtLatency, overhead);
      rows.push([
        call,
        `${latency} ms`,
        String(shape.connections),
        `${Math.round(direct.rps)} / ${Math.round(through.rps)}`,
        `${direct.p50.toFixed(1)} / ${through.p50.toFixed(1)} ms`,
        `${direct.p99.toFixed(1)} / ${through.p99.toFixed(1)} ms`,
        ratio(through.p50 / direct.p50),
        `${(overhead * 100).toFixed(0)} % (${added >= 0 ? '+' : '−'}${Math.abs(added).toFixed(1)} ms)`,
        `${latency === 0 ? `≤ +${OVERHEAD_TARGET_MS} ms` : `≤ ${OVERHEAD_TARGET_FRACTION * 100} %`}: ${verdict(pass)}`,
      ]);
    }
  }
  await stripe.clearFaults();
  return {
    table: {
      title: `5a. Companion overhead (${shape.amount ? `${shape.amount} requests` : `${shape.duration} s`} each, loopback)`,
      columns: [
        'call',
        'injected Stripe latency',
        'connections',
        'req/s direct / companion',
        'p50 direct / companion',
        'p99 direct / companion',
        'p50 ratio',
        'overhead at p50',
        'target',
      ],
      rows,
      notes: [
        "Session status: polling one session is answered from the companion's one-second cache (what a return page polling its session gets); with a new session each call every lookup is one Stripe call through the companion, the like-for-like overhead.",
        `With ${shape.connections} connections kept busy, p50 includes queueing: at 0 ms injected latency the companion and the emulator share two cores with the load generator, so each extra CPU microsecond per call shows up as latency, multiplied by the calls waiting; one connection shows what a call itself costs.`,
      ],
    },
    worstAddedMsAtZero,
    worstAddedMsAtZeroSingle,
    worstFractionAtLatency,
    latency: latencies.find((value) => value > 0) ?? 0,
  };
}
