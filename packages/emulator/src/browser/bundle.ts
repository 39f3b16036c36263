// Bundles the stand-in's TypeScript (src/browser/client) with esbuild on first request and keeps the result in
// memory. The sources ship with the package ("files" lists src/browser/client) because tsc emits no browser
// bundle: from src/ (tests via tsx) they sit next to this file, from dist/ they are at ../../src/browser/client.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export type Train = 'clover' | 'dahlia' | 'endive' | 'v3';

export const TRAINS: readonly Train[] = ['clover', 'dahlia', 'endive', 'v3'];

export function locateClientSources(from = dirname(fileURLToPath(import.meta.url))): string {
  const candidates = [join(from, 'client'), join(from, '..', '..', 'src', 'browser', 'client')];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'stripe.ts')));
  if (!found) {
    throw new Error(
      `The Stripe.js stand-in sources were not found (looked in ${candidates.join(', ')}). ` +
        'Reinstall @checkout-element/emulator: its package must include src/browser/client.',
    );
  }
  return found;
}

const cache = new Map<string, Promise<string>>();

async function bundle(entry: 'stripe.ts' | 'frame.ts', define: Record<string, string>): Promise<string> {
  const result = await build({
    entryPoints: [join(locateClientSources(), entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: false,
    legalComments: 'none',
    define,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}.`);
  return output.text;
}

function cached(key: string, produce: () => Promise<string>): Promise<string> {
  let pending = cache.get(key);
  if (!pending) {
    pending = produce();
    // A failed build is not cached: the next request tries again.
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** The script served at /<train>/stripe.js. */
export function stripeScript(train: Train): Promise<string> {
  return cached(`stripe:${train}`, () => bundle('stripe.ts', { __STRIPE_TRAIN__: JSON.stringify(train) }));
}

/** The script of every iframe page, /elements/frame.js. */
export function frameScript(): Promise<string> {
  return cached('frame', () => bundle('frame.ts', {}));
}
