// requestSession against a companion server over real HTTP: it retries only what the protocol says can succeed.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { companionErrorBodySchema, sessionCreatedSchema } from '@checkout-element/protocol';
import { CheckoutError } from '../../src/internal/checkout-error.js';
import { requestSession, SESSION_REFUSED_MESSAGE } from '../../src/internal/session-endpoint.js';

type Answer = { status: number; body: unknown; onContract: boolean };
const script: Answer[] = [];
const seen: Array<{ key: string | undefined; body: unknown }> = [];

const created = {
  clientSecret: 'cs_test_a1b2C3_secret_fidnandhYHdWcXxpYCc%2FJ2FgY2RwaXEnKSdwbEhqYWAnPydmcHZxamgneCUl',
  sessionId: 'cs_test_a1b2C3',
  expiresAt: 1_764_500_000,
  publishableKey: 'pk_test_51Abc',
  uiMode: 'elements',
};
const error = (status: number, code: string, retryable: boolean) => ({
  status,
  body: { error: { code, message: `${code} happened`, retryable } },
  onContract: true,
});

const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
  let text = '';
  for await (const chunk of request) text += chunk;
  seen.push({ key: request.headers['idempotency-key'] as string | undefined, body: JSON.parse(text) });
  const next = script.shift() ?? { status: 200, body: created, onContract: true };
  if (next.onContract) {
    // The scripted answers are held to the contract too, so the test proves behaviour against real answers.
    const schema = next.status === 200 ? sessionCreatedSchema : companionErrorBodySchema;
    schema.parse(next.body);
  }
  response.writeHead(next.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(next.body));
});
let endpoint = '';
before(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sessions`;
});
after(() => server.close());

function request() {
  seen.length = 0;
  return requestSession({
    endpoint,
    items: [{ price: 'price_1', quantity: 2 }],
    email: 'buyer@example.com',
    idempotencyKey: 'attempt-0123456789abcdef',
    signal: new AbortController().signal,
    backoff: [1, 1],
  });
}

async function refusal(): Promise<CheckoutError> {
  const logged: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => logged.push(args.join(' '));
  try {
    await request();
  } catch (failure) {
    assert.ok(failure instanceof CheckoutError);
    return Object.assign(failure, { logged });
  } finally {
    console.error = consoleError;
  }
  assert.fail('the request succeeded');
}

test('posts the cart with the attempt’s Idempotency-Key and returns the answer as sent', async () => {
  assert.deepEqual(await request(), created);
  assert.deepEqual(seen, [
    {
      key: 'attempt-0123456789abcdef',
      body: { items: [{ price: 'price_1', quantity: 2 }], email: 'buyer@example.com' },
    },
  ]);
});

test('retries retryable errors with the same key, then succeeds', async () => {
  script.push(error(503, 'ledger_unavailable', true), error(429, 'rate_limited', true));
  assert.deepEqual(await request(), created);
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen.map((entry) => entry.key)).size, 1);
});

test('a non-retryable error ends at once: a buyer message, and the owner’s fix in the console', async () => {
  script.push(error(502, 'stripe_rejected', false));
  const failure = (await refusal()) as CheckoutError & { logged: string[] };
  assert.equal(seen.length, 1);
  assert.deepEqual(failure.detail, {
    code: 'session_endpoint_failed',
    message: SESSION_REFUSED_MESSAGE,
    recoverable: false,
  });
  assert.equal(failure.logged.length, 1);
  assert.match(failure.logged[0] ?? '', /answered 502 \(stripe_rejected happened\) \[stripe_rejected\]/);
});

test('`field` is named in the console message', async () => {
  script.push({
    status: 400,
    body: {
      error: { code: 'invalid_request', message: 'not for sale', field: 'items[0].price', retryable: false },
    },
    onContract: true,
  });
  const failure = (await refusal()) as CheckoutError & { logged: string[] };
  assert.match(failure.logged[0] ?? '', /\[invalid_request items\[0\]\.price\]/);
});

test('a server without `retryable` is judged by status', async () => {
  script.push({ status: 500, body: { error: { message: 'boom' } }, onContract: false });
  assert.deepEqual(await request(), created);
  assert.equal(seen.length, 2);
  script.push({ status: 404, body: { error: 'Not found' }, onContract: false });
  await refusal();
  assert.equal(seen.length, 1);
});

test('three retryable failures end in a recoverable error naming the last answer', async () => {
  script.push(...[1, 2, 3].map(() => error(503, 'stripe_busy', true)));
  const failure = await refusal();
  assert.equal(seen.length, 3);
  assert.deepEqual(failure.detail, {
    code: 'session_endpoint_failed',
    message:
      'Could not start checkout: the session endpoint answered 503 (stripe_busy happened). Please try again.',
    recoverable: true,
  });
});

test('an answer without clientSecret is final', async () => {
  script.push({ status: 200, body: { sessionId: 'cs_test_1' }, onContract: false });
  const failure = await refusal();
  assert.equal(failure.recoverable, false);
  assert.match(failure.message, /must answer \{ clientSecret \}/);
});
