// The stand-in's scripts. The published package serves what `pnpm build` bundled into dist/browser/stand-in/
// (scripts/build-stand-in.ts); it needs neither esbuild nor src/ at run time. When the emulator runs from its
// TypeScript sources (this repository's tests, `--conditions=source`), there is no build output next to this
// file, so the same bundler runs once in memory instead.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { FRAME_SCRIPT, type StandInScript, scriptFor, type Train } from './stand-in-scripts.js';

export { TRAINS, type Train } from './stand-in-scripts.js';

const PREBUILT = new URL('./stand-in/', import.meta.url);
const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

const cache = new Map<string, Promise<string>>();

async function load(script: StandInScript): Promise<string> {
  const prebuilt = new URL(script.file, PREBUILT);
  if (existsSync(prebuilt)) return readFile(prebuilt, 'utf8');
  if (!RUNNING_FROM_SOURCE) {
    throw new Error(
      `The Stripe.js stand-in script ${script.file} is missing from ${PREBUILT.pathname}. ` +
        'Reinstall @checkout-element/emulator, or run `pnpm build` in a checkout of it.',
    );
  }
  // Source mode only: the repository's bundler script, loaded by URL so the build output never refers to it.
  const bundler = new URL('../../scripts/build-stand-in.ts', import.meta.url).href;
  const { bundleStandIn } = (await import(bundler)) as {
    bundleStandIn(script: StandInScript): Promise<string>;
  };
  return bundleStandIn(script);
}

function cached(script: StandInScript): Promise<string> {
  let pending = cache.get(script.file);
  if (!pending) {
    pending = load(script);
    // A failed load is not cached: the next request tries again.
    pending.catch(() => cache.delete(script.file));
    cache.set(script.file, pending);
  }
  return pending;
}

/** The script served at /<train>/stripe.js. */
export function stripeScript(train: Train): Promise<string> {
  return cached(scriptFor(train));
}

/** The script of every iframe page, /elements/frame.js. */
export function frameScript(): Promise<string> {
  return cached(FRAME_SCRIPT);
}
