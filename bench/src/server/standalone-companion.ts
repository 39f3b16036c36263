// The product's own standalone server as a benchmark companion: `checkout-server`, the package's `bin`, exactly as
// the README's CLI runs it (configured by its environment, logging JSON lines to stdout), in its own process.
// It has no benchmark hooks, so what the harness needs is read from outside, as an operator would: the listening
// line and each 'order paid' line from its stdout, its commit settings from its 'ledger ready' line, and its CPU
// time from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
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
  const child = spawn(process.execPath, [...nodeFlags, cliPath()], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid ?? 0;
  let fulfilled = 0;
  let durability: { settings: string; durable: boolean } = { settings: 'not reported', durable: false };
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new HarnessError('checkout-server did not start within 30 s')),
      30_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new HarnessError(`checkout-server exited with code ${code} before listening`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      // The log's JSON lines; 'order paid' is the standalone server's onFulfil (no FULFILMENT_URL set).
      if (line.includes('"msg":"order paid"')) fulfilled += 1;
      else if (line.startsWith('listening on ')) {
        clearTimeout(timer);
        resolve(line.slice('listening on '.length));
      } else if (line.includes('"msg":"ledger ready')) {
        const parsed = JSON.parse(line) as { ledger: string; durable: boolean };
        durability = { settings: parsed.ledger, durable: parsed.durable };
      }
    });
  });
  const url = await ready;
  return {
    url,
    // checkout-server serves its routes at `/`.
    detail: { webhookPath: '/webhook' },
    pid,
    peakRss: () => peakRssOf(pid),
    async request<T>(type: string): Promise<T> {
      if (type === 'durability') return durability as T;
      if (type !== 'stats') throw new HarnessError(`checkout-server cannot answer ${type}`);
      // Lines already written may still be in the pipe: wait until the count has settled.
      let seen = -1;
      while (seen !== fulfilled) {
        seen = fulfilled;
        await new Promise((resolve) => setTimeout(resolve, 50));
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
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        // What a process manager sends: checkout-server finishes in-flight requests and closes its ledger.
        child.kill('SIGTERM');
      });
    },
  };
}
