import { readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { HarnessError, type SectionResult, type Table, kb, ratio, verdict } from '../report.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface Weight {
  label: string;
  minified: number;
  gzip: number;
  brotli: number;
}

export function weigh(label: string, code: Buffer): Weight {
  return {
    label,
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

/**
 * Bundles one entry the way the element's standalone build does (Vite, ES module, minified, production React),
 * everything inlined, and returns the emitted JavaScript. Stripe.js itself is never in a bundle: the loader
 * (`@stripe/stripe-js`) injects it from js.stripe.com at run time, so only the small loader is counted.
 */
export async function bundle(entry: string): Promise<Buffer> {
  const outDir = join(tmpdir(), `checkout-bench-${process.pid}-${Date.now()}`);
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      root: here,
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir,
        emptyOutDir: true,
        write: true,
        minify: true,
        sourcemap: false,
        target: 'es2022',
        modulePreload: false,
        rolldownOptions: { input: entry, output: { format: 'es', entryFileNames: 'bundle.js' } },
      },
    });
    const files = (await readdir(outDir)).filter((file) => file.endsWith('.js'));
    if (files.length !== 1)
      throw new HarnessError(`bundling ${entry}: expected one .js file, got ${files.join(', ')}`);
    return await readFile(join(outDir, files[0] as string));
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

function elementDist(file: string): string {
  return join(dirname(require.resolve('@checkout-element/element/package.json')), 'dist', file);
}

async function readBuilt(file: string): Promise<Buffer> {
  try {
    return await readFile(elementDist(file));
  } catch {
    throw new HarnessError(
      `packages/element/dist/${file} is missing: run \`pnpm --filter @checkout-element/element build\` (pnpm bench builds first)`,
    );
  }
}

export async function runWeight(): Promise<SectionResult> {
  const standalone = weigh(
    '`<stripe-checkout>` standalone (dist/stripe-checkout.js, as shipped)',
    await readBuilt('stripe-checkout.js'),
  );
  const returnPage = weigh(
    '`<stripe-checkout-status>` standalone for the return page (dist/stripe-checkout-status.js)',
    await readBuilt('stripe-checkout-status.js'),
  );
  const esmEntry = weigh(
    '`<stripe-checkout>` ESM entry (dist/index.js, own code only)',
    await readBuilt('index.js'),
  );
  const esmBundled = weigh(
    '`<stripe-checkout>` ESM entry bundled into an app (with Lit + loader)',
    await bundle(join(here, 'entries', 'element-esm.ts')),
  );
  const react = weigh(
    'React equivalent (react + react-dom + @stripe/react-stripe-js + loader)',
    await bundle(join(here, 'entries', 'react-checkout.ts')),
  );
  const all = [standalone, returnPage, esmEntry, esmBundled, react];
  for (const weight of all) {
    if (weight.gzip < 200)
      throw new HarnessError(`${weight.label}: ${weight.gzip} B gzip is too small to be a real bundle`);
  }
  const lighter = react.gzip / standalone.gzip;
  const lighterBundled = react.gzip / esmBundled.gzip;
  const sizes: Table = {
    title: '1. Weight (Stripe.js itself excluded everywhere)',
    columns: ['bundle', 'minified', 'gzip', 'brotli', 'React ÷ this (gzip)'],
    rows: all.map((weight) => [
      weight.label,
      kb(weight.minified),
      kb(weight.gzip),
      kb(weight.brotli),
      // The return page's file is no checkout: comparing it with the React checkout would flatter it.
      weight === returnPage ? '—' : ratio(react.gzip / weight.gzip),
    ]),
  };
  const targets: Table = {
    title: '1. Weight targets',
    columns: ['target', 'measured', 'result'],
    rows: [
      [
        // Issue 15: 14.5 KB for the features of 2026-11-23, plus at most 2 KB for what the element-surface issue added.
        'standalone ≤ 16.5 KB gzip (14.5 KB + 2 KB, issue 15)',
        kb(standalone.gzip),
        verdict(standalone.gzip <= 14_848 + 2_048),
      ],
      ['standalone ≥ 3× lighter than React (gzip)', ratio(lighter), verdict(lighter >= 3)],
      [
        'ESM bundled into an app ≥ 3× lighter than React (gzip)',
        ratio(lighterBundled),
        verdict(lighterBundled >= 3),
      ],
    ],
  };
  return {
    name: 'weight',
    tables: [sizes, targets],
    notes: [
      'Minified by Vite (Oxc) as ES modules targeting ES2022, React in production mode; gzip level 9, brotli quality 11.',
    ],
  };
}
