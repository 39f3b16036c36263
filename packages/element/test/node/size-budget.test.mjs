// The size budgets of issue 5: gzip (level 9) of the minified files the build produced. An ESM entry is measured
// together with the chunks it imports statically (lit and @stripe/stripe-js stay external: an app bundles them once).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const dist = new URL('../../dist/', import.meta.url);

/** The entry and every relative module it imports, concatenated as a bundler would ship them. */
function withStaticImports(file, seen = new Set()) {
  if (seen.has(file)) return '';
  seen.add(file);
  const url = new URL(file, dist);
  if (!existsSync(url))
    assert.fail(`dist/${file} is missing: run \`pnpm --filter @checkout-element/element build\``);
  const code = readFileSync(url, 'utf8');
  const imports = [...code.matchAll(/(?:import|from)\s*["'](\.\.?\/[^"']+)["']/g)].map((match) =>
    new URL(match[1], url).href.slice(dist.href.length),
  );
  return code + imports.map((dependency) => withStaticImports(dependency, seen)).join('');
}

const budgets = [
  {
    file: 'stripe-checkout.js',
    what: 'standalone bundle (both tags, lit + stripe-js inlined)',
    limit: 16 * KB,
  },
  { file: 'index.js', what: 'ESM entry <stripe-checkout> (lit, @stripe/stripe-js external)', limit: 8 * KB },
  { file: 'status.js', what: 'ESM entry <stripe-checkout-status>', limit: 3 * KB },
];

for (const { file, what, limit } of budgets) {
  test(`${what} stays within ${limit / KB} KB min+gzip`, (t) => {
    const code = Buffer.from(withStaticImports(file));
    const gzipped = gzipSync(code, { level: 9 }).length;
    t.diagnostic(`dist/${file}: ${code.length} B minified, ${gzipped} B gzipped (budget ${limit} B)`);
    assert.ok(gzipped <= limit, `dist/${file} is ${gzipped} B gzipped, over its ${limit} B budget`);
  });
}

test('both ESM entries together, for the record', (t) => {
  const seen = new Set();
  const code = Buffer.from(withStaticImports('index.js', seen) + withStaticImports('status.js', seen));
  const gzipped = gzipSync(code, { level: 9 }).length;
  t.diagnostic(`index.js + status.js: ${code.length} B minified, ${gzipped} B gzipped`);
  assert.ok(gzipped > 0);
});
