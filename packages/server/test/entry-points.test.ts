import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const source = (entry: string) => fileURLToPath(new URL(`../src/${entry}`, import.meta.url));

/** The node_modules packages an entry point's bundle pulls in, from esbuild's metafile. */
async function packagesOf(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [source(entry)],
    bundle: true,
    write: false,
    metafile: true,
    // Node's built-ins stay external; every package the entry imports is bundled and so listed in the metafile.
    platform: 'node',
    format: 'esm',
    conditions: ['source'],
    logLevel: 'silent',
  });
  const packages = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match) packages.add(match[1]!);
  }
  return packages;
}

describe('entry points', () => {
  it('the core (`.`) bundles without Express, helmet or a database driver', async () => {
    const packages = await packagesOf('index.ts');
    for (const excluded of [
      'express',
      'helmet',
      'express-rate-limit',
      'better-sqlite3',
      'pg',
      'body-parser',
    ]) {
      assert.equal(packages.has(excluded), false, `the core entry pulls in ${excluded}`);
    }
    assert.ok(packages.has('stripe'), 'the metafile lists node_modules inputs (the check above can fail)');
  });

  it('each store entry pulls in only its own driver', async () => {
    const sqlite = await packagesOf('sqlite.ts');
    assert.ok(sqlite.has('better-sqlite3'));
    assert.equal(sqlite.has('pg'), false);
    assert.equal(sqlite.has('express'), false);
    const postgres = await packagesOf('postgres.ts');
    assert.ok(postgres.has('pg'));
    assert.equal(postgres.has('better-sqlite3'), false);
    assert.equal(postgres.has('express'), false);
  });
});
