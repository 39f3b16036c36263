// Bundles the Stripe.js stand-in (src/browser/client, TypeScript for the browser) into plain scripts:
// one `stripe-<train>.js` per release train and the iframes' `frame.js`. `pnpm build` writes them to
// dist/browser/stand-in/, where the published package serves them from; nothing bundles at run time.
//
//   node --import tsx scripts/build-stand-in.ts [--out <dir>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { STAND_IN_SCRIPTS, type StandInScript } from '../src/browser/stand-in-scripts.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientSources = join(packageRoot, 'src', 'browser', 'client');

/** One stand-in script, bundled for the browser. */
export async function bundleStandIn(script: StandInScript): Promise<string> {
  const result = await build({
    entryPoints: [join(clientSources, script.entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: false,
    legalComments: 'none',
    define: script.train ? { __STRIPE_TRAIN__: JSON.stringify(script.train) } : {},
    logLevel: 'silent',
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`esbuild produced no output for ${script.file}.`);
  return output.text;
}

/** Writes every stand-in script into `outDir`. */
export async function buildStandIn(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const script of STAND_IN_SCRIPTS)
    writeFileSync(join(outDir, script.file), await bundleStandIn(script));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const outDir =
    at > 0 ? resolve(process.argv[at + 1] ?? '') : join(packageRoot, 'dist', 'browser', 'stand-in');
  await buildStandIn(outDir);
  process.stdout.write(`wrote the Stripe.js stand-in to ${outDir}\n`);
}
