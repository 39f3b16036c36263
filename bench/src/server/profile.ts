// `pnpm --filter @checkout-element/bench profile:webhooks [--ledger sqlite|postgres] [--events N] [--duplicates S]`:
// where a webhook request's CPU time goes in the companion process. Runs the unique-event load (or, with
// `--duplicates S`, S seconds of one already-processed event delivered over and over) against a companion started with
// `node --cpu-prof`, then prints self time by area (Express, pino, stripe-node, zod, the ledger driver, Node's HTTP
// and GC) and the hottest functions. The .cpuprofile stays in a temporary directory for Chrome DevTools.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import Stripe from 'stripe';
import { type LedgerConfig, startChild } from '../processes.js';
import { HarnessError } from '../report.js';
import { type Profile, summarise } from './cpu-profile.js';
import { EmulatorClient } from './emulator-http.js';
import { COMPANION_NODE_FLAGS, SECRET_KEY, WEBHOOK_SECRET, sessionForm, startCompanion } from './setup.js';
import { startStandaloneCompanion } from './standalone-companion.js';
import { paidSessions, signedEvents, webhookRun } from './webhooks.js';

const { values } = parseArgs({
  options: {
    ledger: { type: 'string', default: 'sqlite' },
    events: { type: 'string', default: '4000' },
    /** Profile S seconds of repeated deliveries of an event already processed (Stripe's retries) instead. */
    duplicates: { type: 'string' },
    /** `router` (the router in the bench's Express app, default) or `checkout-server` (the package's CLI). */
    server: { type: 'string', default: 'router' },
    /** Measure without the profiler (its sampling costs CPU and memory): figures only. */
    'no-profile': { type: 'boolean', default: false },
  },
});
const kind = values.ledger === 'postgres' ? 'postgres' : 'sqlite';
const duplicateSeconds = values.duplicates === undefined ? undefined : Number(values.duplicates);
if (duplicateSeconds !== undefined && !(duplicateSeconds > 0))
  throw new HarnessError(`--duplicates takes a number of seconds (got ${values.duplicates})`);
const count = Number(values.events);
const databaseUrl = process.env.DATABASE_URL;
if (kind === 'postgres' && !databaseUrl) throw new HarnessError('--ledger postgres needs DATABASE_URL');

const scratch = await mkdtemp(join(tmpdir(), 'checkout-profile-'));
const emulator = await startChild(new URL('./emulator-process.ts', import.meta.url), {});
const schema = `profile_${process.pid}`;
try {
  const stripe = new EmulatorClient(emulator.url, SECRET_KEY, Stripe.API_VERSION);
  const sessions = await paidSessions(stripe, count, sessionForm());
  const ledger: LedgerConfig =
    kind === 'sqlite'
      ? { kind, path: join(scratch, 'ledger.sqlite') }
      : { kind, url: databaseUrl as string, schema };
  const profiling = !values['no-profile'];
  const start = values.server === 'checkout-server' ? startStandaloneCompanion : startCompanion;
  const companion = await start(emulator, ledger, [
    ...COMPANION_NODE_FLAGS,
    ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${scratch}`] : []),
  ]);
  let run: Awaited<ReturnType<typeof webhookRun>>;
  try {
    const events = signedEvents(sessions, stripe.apiVersion, WEBHOOK_SECRET);
    run = await webhookRun({
      label: kind,
      events,
      companions: [companion],
      connections: 10,
      ...(duplicateSeconds ? { duplicates: { duration: duplicateSeconds } } : {}),
    });
  } finally {
    await companion.stop();
  }
  console.log(
    `${kind}: ${Math.round(run.unique.rps)} unique events/s, p50 ${run.unique.p50.toFixed(1)} ms; ` +
      `companion CPU ${run.cpuPerEvent.toFixed(0)} µs per event (user + system), peak RSS ${(run.peakRss / 1024 ** 2).toFixed(0)} MB${profiling ? ' (with the profiler)' : ''}`,
  );
  if (run.duplicate) {
    console.log(
      `${kind}: ${Math.round(run.duplicate.rps)} duplicate deliveries/s, p50 ${run.duplicate.p50.toFixed(1)} ms; ` +
        `companion CPU ${run.cpuPerDuplicate?.toFixed(0)} µs per duplicate`,
    );
  }
  console.log('');
  if (profiling) {
    const file = (await readdir(scratch)).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new HarnessError('the companion wrote no .cpuprofile');
    const profile = JSON.parse(await readFile(join(scratch, file), 'utf8')) as Profile;
    console.log(summarise(profile, run.duplicateWindow ?? run.window));
    console.log(`\nprofile: ${join(scratch, file)} (open in Chrome DevTools → Performance)`);
  }
} finally {
  await emulator.stop();
  if (kind === 'postgres' && databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
