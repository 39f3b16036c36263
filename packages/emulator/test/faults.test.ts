import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { type Emulator, startEmulator } from '../src/index.js';
import { elementsSession, expectStripeError, sdk } from './helpers.js';

let emulator: Emulator;
let stripe: Stripe;
before(async () => {
  emulator = await startEmulator();
  stripe = sdk(emulator);
});
after(() => emulator.stop());

async function control(path: string, body?: unknown, method = 'POST'): Promise<Response> {
  return fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { Authorization: `Bearer ${emulator.secretKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('fault injection', () => {
  it('answers the next N matching calls with 500, then recovers', async () => {
    emulator.faults.inject({ route: 'POST /v1/checkout/sessions', kind: '500', count: 2 });
    await expectStripeError(elementsSession(stripe), { status: 500, type: 'StripeAPIError' });
    await expectStripeError(elementsSession(stripe), { status: 500 });
    const session = await elementsSession(stripe);
    assert.equal(session.status, 'open');
  });

  it('answers 429 with Retry-After, then lets the retry through', async () => {
    emulator.faults.inject({ route: 'GET /v1/checkout/sessions/*', kind: '429' });
    const session = await elementsSession(stripe);
    const rateLimited = await expectStripeError(stripe.checkout.sessions.retrieve(session.id), {
      status: 429,
      type: 'StripeRateLimitError',
      code: 'rate_limit',
    });
    assert.equal(rateLimited.headers?.['retry-after'], '1');
    assert.equal((await stripe.checkout.sessions.retrieve(session.id)).id, session.id);
  });

  it('hangs past the client timeout, and drops the connection', async () => {
    const impatient = new Stripe(emulator.secretKey, {
      ...emulator.stripeConfig,
      maxNetworkRetries: 0,
      timeout: 300,
    });
    emulator.faults.inject({ route: 'GET /v1/checkout/sessions', kind: 'hang' });
    await expectStripeError(impatient.checkout.sessions.list(), { type: 'StripeConnectionError' });
    // stripe-node retries a dropped connection once on its own, so drop two in a row.
    emulator.faults.inject({ route: 'GET /v1/checkout/sessions', kind: 'drop', count: 2 });
    await expectStripeError(stripe.checkout.sessions.list(), { type: 'StripeConnectionError' });
    emulator.faults.inject({ route: 'GET /v1/checkout/sessions', kind: 'drop' });
    await assert.rejects(
      fetch(`${emulator.url}/v1/checkout/sessions`, {
        headers: { Authorization: `Bearer ${emulator.secretKey}` },
      }),
      /fetch failed/,
    );
    assert.ok(Array.isArray((await stripe.checkout.sessions.list()).data));
  });

  it('adds latency per route, including the stand-in script, until cleared', async () => {
    emulator.faults.latency('GET /endive/stripe.js', 1500);
    const finished: string[] = [];
    const script = fetch(`${emulator.url}/endive/stripe.js`).then((response) => {
      finished.push('delayed script');
      return response;
    });
    await stripe.checkout.sessions.list({ limit: 1 }).then(() => finished.push('API call'));
    assert.equal((await script).status, 200);
    assert.deepEqual(finished, ['API call', 'delayed script']);
    emulator.faults.clear();
    emulator.faults.inject({ route: 'GET /endive/stripe.js', kind: '500' });
    assert.equal((await fetch(`${emulator.url}/endive/stripe.js`)).status, 500);
  });

  it('is controllable over HTTP under /_emulator/, with the secret key only', async () => {
    assert.equal((await fetch(`${emulator.url}/_emulator/clock`)).status, 401);
    const bad = await control('/faults', { route: 'checkout sessions', kind: '500' });
    assert.equal(bad.status, 400);
    assert.match(
      ((await bad.json()) as { error: { message: string } }).error.message,
      /route must look like/,
    );
    assert.equal(
      (await control('/faults', { route: 'POST /v1/checkout/sessions', kind: 'drop', count: 2 })).status,
      200,
    );
    await expectStripeError(elementsSession(stripe), { type: 'StripeConnectionError' });
    assert.equal((await control('/latency', { route: 'GET /v1/checkout/sessions', ms: 5 })).status, 200);
    assert.equal((await control('/faults', undefined, 'DELETE')).status, 200);
    const before = ((await (await control('/clock', undefined, 'GET')).json()) as { now: number }).now;
    const advanced = (await (await control('/clock/advance', { seconds: 3600 })).json()) as { now: number };
    assert.ok(advanced.now >= before + 3600);
  });

  it('names a busy port and the fix', async () => {
    await assert.rejects(startEmulator({ port: emulator.port }), /already in use: .*pass another port/);
  });

  it('rejects a misspelt option with a suggestion', async () => {
    await assert.rejects(
      startEmulator({ prot: 1 } as never),
      /Unknown startEmulator\(\) option 'prot'\. Did you mean 'port'\?/,
    );
  });
});
