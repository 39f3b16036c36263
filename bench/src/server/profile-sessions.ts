// `pnpm --filter @checkout-element/bench profile:sessions [--call create|status] [--connections N] [--seconds S]
// [--no-profile]`: where the companion's CPU goes on POST /sessions (or GET /sessions/:id of a new session each
// call, so that every lookup is a Stripe call, not the companion's one-second cache), the calls of bench section 5a. Loads the companion (the bench's Express app, started with `node --cpu-prof` unless --no-profile) with
// the same request as 5a, then prints the companion's CPU per call (user + system, from the process itself), the
// same call made directly to the emulator for scale, and the profile's self time by area and hottest functions
// inside the load's window. The .cpuprofile stays in a temporary directory for Chrome DevTools.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { type CompanionStats, startChild } from '../processes.js';
import { HarnessError } from '../report.js';
import { type Profile, summarise } from './cpu-profile.js';
import { EmulatorClient } from './emulator-http.js';
import { type LoadRequest, load } from './load.js';
import { DISTINCT_LOOKUPS, sessionsToLook } from './overhead.js';
import { COMPANION_NODE_FLAGS, PRICE, SECRET_KEY, sessionForm, startCompanion } from './setup.js';

const { values } = parseArgs({
  options: {
    call: { type: 'string', default: 'create' },
    connections: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '5' },
    /** Measure without the profiler (its sampling costs CPU): figures only. */
    'no-profile': { type: 'boolean', default: false },
  },
});
if (values.call !== 'create' && values.call !== 'status')
  throw new HarnessError(`--call is create or status (got ${values.call})`);
const shape = { connections: Number(values.connections), duration: Number(values.seconds) };
if (!(shape.connections >= 1 && shape.duration > 0))
  throw new HarnessError('--connections and --seconds take positive numbers');
const profiling = !values['no-profile'];

const scratch = await mkdtemp(join(tmpdir(), 'checkout-profile-'));
const emulator = await startChild(new URL('./emulator-process.ts', import.meta.url), {});
try {
  const stripe = new EmulatorClient(emulator.url, SECRET_KEY, Stripe.API_VERSION);
  // Sessions to look up, more than the companion's status cache keeps, as in 5a's like-for-like status row.
  const ids = values.call === 'status' ? await sessionsToLook(stripe, DISTINCT_LOOKUPS) : [];
  const cycle = () => {
    let next = 0;
    return () => ids[next++ % ids.length]!;
  };
  const directId = cycle();
  const companionId = cycle();
  const companion = await startCompanion(emulator, { kind: 'sqlite', path: join(scratch, 'ledger.sqlite') }, [
    ...COMPANION_NODE_FLAGS,
    ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${scratch}`] : []),
  ]);
  // The same requests as bench section 5a (overhead.ts).
  const direct: LoadRequest =
    values.call === 'create'
      ? {
          method: 'POST',
          path: '/v1/checkout/sessions',
          headers: { ...stripe.authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: sessionForm(),
          next: () => ({ headers: { 'Idempotency-Key': randomUUID() } }),
        }
      : {
          method: 'GET',
          path: '/v1/checkout/sessions',
          headers: stripe.authorization,
          next: () => ({ path: `/v1/checkout/sessions/${directId()}?expand[]=line_items` }),
        };
  const through: LoadRequest =
    values.call === 'create'
      ? {
          method: 'POST',
          path: '/api/checkout/sessions',
          headers: { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1' },
          body: JSON.stringify({ items: [{ price: PRICE, quantity: 1 }] }),
          next: () => ({ headers: { 'Idempotency-Key': randomUUID() } }),
        }
      : {
          method: 'GET',
          path: '/api/checkout/sessions',
          headers: { Origin: 'http://127.0.0.1' },
          next: () => ({ path: `/api/checkout/sessions/${companionId()}` }),
        };
  let window: { from: number; to: number };
  try {
    // A short warm-up, so that the profile and the CPU figure are of the steady state (JIT-compiled code).
    await load('warm-up', companion.url, through, { connections: shape.connections, duration: 1 });
    const directRun = await load('direct', stripe.origin, direct, shape);
    const before = await companion.request<CompanionStats>('stats');
    const run = await load('companion', companion.url, through, shape);
    const after = await companion.request<CompanionStats>('stats');
    window = { from: before.monotonicMicros, to: after.monotonicMicros };
    const cpuPerCall = (after.cpuMicros - before.cpuMicros) / run.requests;
    console.log(
      `${values.call}, ${shape.connections} connection(s), ${shape.duration} s: direct ${Math.round(directRun.rps)} req/s p50 ${directRun.p50.toFixed(2)} ms; ` +
        `companion ${Math.round(run.rps)} req/s p50 ${run.p50.toFixed(2)} ms (+${(run.p50 - directRun.p50).toFixed(2)} ms); ` +
        `companion CPU ${cpuPerCall.toFixed(0)} µs per call (user + system)${profiling ? ' (with the profiler)' : ''}`,
    );
  } finally {
    await companion.stop();
  }
  if (profiling) {
    const file = (await readdir(scratch)).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new HarnessError('the companion wrote no .cpuprofile');
    const profile = JSON.parse(await readFile(join(scratch, file), 'utf8')) as Profile;
    console.log(`\n${summarise(profile, window, 40)}`);
    console.log(`\nprofile: ${join(scratch, file)} (open in Chrome DevTools → Performance)`);
  }
} finally {
  await emulator.stop();
  if (!profiling) await rm(scratch, { recursive: true, force: true });
}
