import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const vendored = new URL('./stripe-reference/', import.meta.url);

/** The team's shared reference beside the repository (a worktree may sit one level deeper than a clone). */
function findShared(): URL {
  for (let up = '../../../../'; up.length < 40; up += '../') {
    const candidate = new URL(`${up}shared/stripe-reference/`, import.meta.url);
    if (existsSync(candidate)) return candidate;
  }
  return new URL('../../../../shared/stripe-reference/', import.meta.url);
}
const shared = findShared();

test('the vendored Stripe reference files are exact copies of the shared originals', (t) => {
  const names = readdirSync(vendored).filter((name) => name.endsWith('.json'));
  assert.ok(names.length >= 3, 'expected the vendored reference JSON files');
  if (!existsSync(shared)) {
    t.skip(`SKIPPED: no shared/stripe-reference beside this clone to compare with (${shared.pathname})`);
    return;
  }
  for (const name of names) {
    assert.equal(
      readFileSync(new URL(name, vendored), 'utf8'),
      readFileSync(new URL(name, shared), 'utf8'),
      `${name} differs from shared/stripe-reference/${name}: copy the shared one over it`,
    );
  }
});
