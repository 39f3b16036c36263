// The 1,240-line create-params schema is generated; regenerating it from the vendored reference must give the
// committed file, so nobody edits it by hand and a new reference is one command away.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generate, TARGET } from '../scripts/generate-create-schema.js';

test('src/api/checkout-session-create-schema.ts is what scripts/generate-create-schema.ts produces', () => {
  assert.equal(
    readFileSync(TARGET, 'utf8'),
    generate(),
    'the committed schema differs from the generator output: run `node --import tsx scripts/generate-create-schema.ts`',
  );
});
