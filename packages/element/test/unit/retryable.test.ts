// The element's copy of the protocol's retry rule (it imports the protocol as types only) must not drift from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { companionErrors, isRetryable as protocolIsRetryable } from '@checkout-element/protocol';
import { isRetryable } from '../../src/internal/retryable.js';

test('every protocol error code, and every status without the field, gets the protocol’s answer', () => {
  for (const [code, { status, retryable }] of Object.entries(companionErrors)) {
    const body = { error: { code, message: code, retryable } };
    assert.equal(isRetryable(status, retryable), protocolIsRetryable(status, body), code);
    assert.equal(isRetryable(status, retryable), retryable, code);
  }
  for (const status of [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503, 504]) {
    assert.equal(
      isRetryable(status, undefined),
      protocolIsRetryable(status, { error: { message: 'x' } }),
      `${status}`,
    );
  }
  assert.equal(isRetryable(503, false), false, 'the field wins over the status');
  assert.equal(isRetryable(400, true), true, 'the field wins over the status');
});
