// FIDELITY.md is the register of what the emulator does not reproduce. Every feature the code refuses as
// "not emulated" must be listed there (in backticks), and the code may only say it through the one helper.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NOT_EMULATED_SUFFIX } from '../src/browser/not-emulated.js';
import { notEmulatedStripeMethods, type Train } from '../src/browser/client/stripe-surface.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const register = readFileSync(join(packageRoot, 'FIDELITY.md'), 'utf8');
const HELPER_FILES = new Set(['src/browser/not-emulated.ts', 'src/browser/client/not-emulated.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function listed(feature: string): boolean {
  return register.includes(`\`${feature}\``);
}

describe('FIDELITY.md lists every feature the code calls not emulated', () => {
  const files = sources(join(packageRoot, 'src')).map((path) => ({
    path: relative(packageRoot, path),
    text: readFileSync(path, 'utf8'),
  }));

  it('names each notEmulated(…) / notEmulatedMessage(…) feature of the code in backticks', () => {
    const calls = files.flatMap(({ path, text }) =>
      [...text.matchAll(/notEmulated(?:Message)?\(\s*(['`])([^'`]*)\1\s*\)/g)].map((match) => ({
        path,
        feature: match[2]!,
        literal: match[1] === "'",
      })),
    );
    // Three at least (basil, `stripe.<method>()`, clover's Payment Form Element): fewer means the scan is broken.
    assert.ok(calls.length >= 3, `found ${calls.length} calls; the scan is broken`);
    const dynamic = calls.filter((call) => !call.literal);
    // The one computed name is `stripe.<method>()` in stripe.ts, checked below method by method.
    assert.deepEqual(
      dynamic.map((call) => `${call.path}: ${call.feature}`),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder as it is written in stripe.ts
      ['src/browser/client/stripe.ts: stripe.${method}()'],
    );
    const missing = calls.filter((call) => call.literal && !listed(call.feature));
    assert.deepEqual(
      missing.map((call) => `${call.path}: ${call.feature}`),
      [],
      'add these features to FIDELITY.md',
    );
  });

  it('names every Stripe.js method each release throws "not emulated" for', () => {
    for (const train of ['clover', 'dahlia', 'endive', 'v3'] as Train[]) {
      const missing = notEmulatedStripeMethods(train).filter((method) => !listed(`stripe.${method}()`));
      assert.deepEqual(missing, [], `${train}: add these to FIDELITY.md`);
    }
  });

  it('says "not emulated" only through the helper, so nothing escapes the register', () => {
    const bypassing = files.filter(
      ({ path, text }) => !HELPER_FILES.has(path) && /not emulated by the Stripe emulator/i.test(text),
    );
    assert.deepEqual(
      bypassing.map(({ path }) => path),
      [],
      `use notEmulated()/notEmulatedMessage() (they append "${NOT_EMULATED_SUFFIX}")`,
    );
  });
});
