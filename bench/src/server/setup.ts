// What every server run shares: the emulator's keys, the session the shop sells, and how a companion starts.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY } from '@checkout-element/emulator';
import { build } from 'esbuild';
import { type LedgerConfig, type RunningChild, startChild } from '../processes.js';

// The emulator's own default keys: the emulator process is started with its defaults.
export const SECRET_KEY = DEFAULT_SECRET_KEY;
export const PUBLISHABLE_KEY = DEFAULT_PUBLISHABLE_KEY;
export const WEBHOOK_SECRET = 'whsec_bench_companion_signing_secret';
export const PRICE = 'price_demo_tshirt';
export const RETURN_URL = 'http://127.0.0.1/return?session_id={CHECKOUT_SESSION_ID}';

export function sessionForm(): string {
  return new URLSearchParams({
    mode: 'payment',
    ui_mode: 'elements',
    return_url: RETURN_URL,
    'line_items[0][price]': PRICE,
    'line_items[0][quantity]': '1',
  }).toString();
}

/**
 * V8 flags for the companion process, as a deployment on a small instance would set them (NODE_OPTIONS): young
 * generation capped at 8 MB (V8's default lets it grow to 3 × 16 MB under a burst of short-lived request objects,
 * memory the process then keeps) and the old generation at 96 MB. They trade a little throughput (more frequent
 * scavenges) for peak RSS; the README's server table says which figures were taken with them.
 */
export const COMPANION_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=96'] as const;

let compiled: Promise<URL> | undefined;

/**
 * companion-process.ts as plain JavaScript. The companion runs without tsx: a deployment runs the package's built
 * JavaScript, and tsx's loader (a second V8 isolate for its hooks) adds ~45 MB of resident memory that is the
 * harness's, not the server's. Written under bench/node_modules/.cache so that its imports resolve as the source's.
 */
function compiledCompanion(): Promise<URL> {
  compiled ??= (async () => {
    const source = fileURLToPath(new URL('./companion-process.ts', import.meta.url));
    const outfile = join(
      dirname(source),
      '..',
      '..',
      'node_modules',
      '.cache',
      'checkout-bench',
      'companion-process.mjs',
    );
    await mkdir(dirname(outfile), { recursive: true });
    await build({
      entryPoints: [source],
      outfile,
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    });
    return pathToFileURL(outfile);
  })();
  return compiled;
}

export async function startCompanion(
  emulator: RunningChild,
  ledger: LedgerConfig,
  nodeFlags: readonly string[] = COMPANION_NODE_FLAGS,
): Promise<RunningChild> {
  return startChild(
    await compiledCompanion(),
    {
      BENCH_COMPANION_CONFIG: JSON.stringify({
        apiBase: emulator.url,
        secretKey: SECRET_KEY,
        publishableKey: PUBLISHABLE_KEY,
        webhookSecret: WEBHOOK_SECRET,
        price: PRICE,
        ledger,
      }),
    },
    nodeFlags,
  );
}
