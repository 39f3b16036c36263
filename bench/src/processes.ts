import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { HarnessError } from './report.js';

export type LedgerConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema: string };

export interface CompanionConfig {
  apiBase: string;
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  price: string;
  ledger: LedgerConfig;
}

/** What the companion process answers to `stats`. */
export interface CompanionStats {
  type: 'stats';
  /** onFulfil calls so far. */
  fulfilled: number;
  /** process.cpuUsage() user + system, µs. */
  cpuMicros: number;
  /** process.hrtime in µs: the clock `--cpu-prof` stamps its samples with. */
  monotonicMicros: number;
}

export interface ChildReady {
  type: 'ready';
  url: string;
  /** Anything else the child wants its parent to know (e.g. the emulator URL behind a site). */
  detail?: Record<string, string>;
}

export interface RunningChild {
  url: string;
  detail: Record<string, string>;
  pid: number;
  /** Peak resident set size so far (Linux VmHWM), in bytes; NaN where /proc is missing. */
  peakRss(): number;
  /** Sends `{ type, ...payload }` and resolves with the child's first answer of the same type. */
  request<T>(type: string, payload?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

function peakRssOf(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts one of the `*-process.ts` files (through tsx) or a compiled `.mjs` (plain Node) as a child process and
 * waits for it to listen; `nodeFlags` go to that Node process (V8 heap sizes, `--cpu-prof`).
 */
export async function startChild(
  file: URL,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<RunningChild> {
  const child: ChildProcess = fork(file, [], {
    execArgv: file.pathname.endsWith('.mjs') ? [...nodeFlags] : [...nodeFlags, '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ChildReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HarnessError(`${file} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new HarnessError(`${file} exited with code ${code} before listening`));
    });
    child.on('message', (message: ChildReady) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message);
    });
  });
  const pid = child.pid ?? 0;
  return {
    url: ready.url,
    detail: ready.detail ?? {},
    pid,
    peakRss: () => peakRssOf(pid),
    request<T>(type: string, payload: Record<string, unknown> = {}) {
      return new Promise<T>((resolve) => {
        const listen = (message: { type?: string }) => {
          if (message.type !== type) return;
          child.off('message', listen);
          resolve(message as T);
        };
        child.on('message', listen);
        child.send({ ...payload, type });
      });
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop' });
      });
    },
  };
}
