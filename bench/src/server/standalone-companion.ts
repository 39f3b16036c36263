// The product's own standalone server as a benchmark companion: `checkout-server`, the package's `bin`, exactly as
// the README's CLI runs it (configured by its environment, logging JSON lines to stdout), in its own process.
// It has no benchmark hooks, so what the harness needs is read from outside, as an operator would: the listening
// line and each 'order paid' line from its stdout, its commit settings from its 'ledger ready' line, and its CPU
// time from /proc. Its stdout goes to a file, read only when the harness asks (start, and stats before and after a
// load), never during the load: read through a pipe, its three log lines per webhook woke the harness — the
// process that also generates the load, on the same two cores — for ~20 µs of CPU per event (132–136 µs of harness
// CPU per event against 114–115 µs for the router row, whose log goes to /dev/null: measured, bench/README.md),
// a handicap the router row did not carry. A file is also how many deployments keep a server's stdout.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CompanionStats, LedgerConfig, RunningChild } from '../processes.js';
import { HarnessError } from '../report.js';
import {
  COMPANION_NODE_FLAGS,
  PRICE,
  PUBLISHABLE_KEY,
  RETURN_URL,
  SECRET_KEY,
  WEBHOOK_SECRET,
} from './setup.js';

/** The `checkout-server` bin of the installed package (its built `dist/cli.js`). */
function cliPath(): string {
  const manifestPath = createRequire(import.meta.url).resolve('@checkout-element/server/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  const bin = manifest.bin['checkout-server'];
  if (!bin) throw new HarnessError('@checkout-element/server has no checkout-server bin');
  return join(dirname(manifestPath), bin);
}

/** user + system CPU time of a process so far (µs), from /proc/<pid>/stat (clock ticks, 100 per second on Linux). */
function cpuMicrosOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") "; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function peakRssOf(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

export async function startStandaloneCompanion(
  emulator: RunningChild,
  ledger: LedgerConfig,
  nodeFlags: readonly string[] = COMPANION_NODE_FLAGS,
): Promise<RunningChild> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    STRIPE_SECRET_KEY: SECRET_KEY,
    STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: emulator.url,
    CHECKOUT_PRICES: PRICE,
    CHECKOUT_RETURN_URL: RETURN_URL,
    DATABASE_URL: ledger.kind === 'sqlite' ? ledger.path : ledger.url,
    ...(ledger.kind === 'postgres' ? { DATABASE_SCHEMA: ledger.schema } : {}),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    // A load test from one address is exactly what the limiters exist to stop.
    CHECKOUT_RATE_LIMIT: '0',
    CHECKOUT_LOOKUP_RATE_LIMIT: '0',
  };
  const directory = mkdtempSync(join(tmpdir(), 'checkout-server-log-'));
  const logPath = join(directory, 'stdout.log');
  const out = openSync(logPath, 'w');
  const child = spawn(process.execPath, [...nodeFlags, cliPath()], {
    env,
    stdio: ['ignore', out, 'inherit'],
  });
  // The child has its own copy of the descriptor.
  closeSync(out);
  const pid = child.pid ?? 0;
  let fulfilled = 0;
  let url: string | undefined;
  let durability: { settings: string; durable: boolean } = { settings: 'not reported', durable: false };
  // What the log has grown by since the last read, whole lines only (a line still being written waits).
  const reader = openSync(logPath, 'r');
  let offset = 0;
  let partial = '';
  const chunk = Buffer.alloc(1 << 20);
  const readLog = () => {
    for (;;) {
      const read = readSync(reader, chunk, 0, chunk.length, offset);
      if (read === 0) break;
      offset += read;
      const lines = (partial + chunk.toString('utf8', 0, read)).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        // The log's JSON lines; 'order paid' is the standalone server's onFulfil (no FULFILMENT_URL set).
        if (line.includes('"msg":"order paid"')) fulfilled += 1;
        else if (line.startsWith('listening on ')) url = line.slice('listening on '.length);
        else if (line.includes('"msg":"ledger ready')) {
          const parsed = JSON.parse(line) as { ledger: string; durable: boolean };
          durability = { settings: parsed.ledger, durable: parsed.durable };
        }
      }
    }
  };
  let cleaned = false;
  const cleanUp = () => {
    if (cleaned) return;
    cleaned = true;
    closeSync(reader);
    rmSync(directory, { recursive: true, force: true });
  };
  const startedAt = performance.now();
  while (url === undefined) {
    if (child.exitCode !== null) {
      cleanUp();
      throw new HarnessError(`checkout-server exited with code ${child.exitCode} before listening`);
    }
    if (performance.now() - startedAt > 30_000) {
      child.kill('SIGKILL');
      cleanUp();
      throw new HarnessError('checkout-server did not start within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    readLog();
  }
  return {
    url,
    // checkout-server serves its routes at `/`.
    detail: { webhookPath: '/webhook' },
    pid,
    peakRss: () => peakRssOf(pid),
    async request<T>(type: string): Promise<T> {
      if (type === 'durability') return durability as T;
      if (type !== 'stats') throw new HarnessError(`checkout-server cannot answer ${type}`);
      // pino writes each line before the response that follows it; still, wait until the count has settled.
      readLog();
      let seen = -1;
      while (seen !== fulfilled) {
        seen = fulfilled;
        await new Promise((resolve) => setTimeout(resolve, 50));
        readLog();
      }
      return {
        type: 'stats',
        fulfilled,
        cpuMicros: cpuMicrosOf(pid),
        // CLOCK_MONOTONIC is one clock for every process on Linux.
        monotonicMicros: Number(process.hrtime.bigint() / 1000n),
      } satisfies CompanionStats as T;
    },
    stop() {
      if (child.exitCode !== null) {
        cleanUp();
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          cleanUp();
          resolve();
        });
        // What a process manager sends: checkout-server finishes in-flight requests and closes its ledger.
        child.kill('SIGTERM');
      });
    },
  };
}
