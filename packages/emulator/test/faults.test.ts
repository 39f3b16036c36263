import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { startEmulator } from '../src/index.js';
import { elementsSession, expectStripeError, useEmulator } from './helpers.js';

// biome-ignore lint/correctness/useHookAtTopLevel: useEmulator registers node:test hooks; it is not a React hook.
const env = useEmulator();

async function control(path: string, body?: unknown, method = 'POST'): Promise<Response> {
  return fetch(`${env.emulator.url}/_emulator${path}`, {
    method,
    headers: { Authorization: `Bearer ${env.emulator.secretKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('fault injection', () => {
  it('answers the next N matching calls with 500, then recovers', async () => {
    env.emulator.faults.inject({ route: 'POST /v1/checkout/sessions', kind: '500', count: 2 });
    await expectStripeError(elementsSession(env.stripe), { status: 500, type: 'StripeAPIError' });
    await expectStripeError(elementsSession(env.stripe), { status: 500 });
    const session = await elementsSession(env.stripe);
    assert.equal(session.status, 'open');
  });

  it('answers 429 with Retry-After, then lets the retry through', async () => {
    env.emulator.faults.inject({ route: 'GET /v1/checkout/sessions/*', kind: '429' });
    const session = await elementsSession(env.stripe);
    const rateLimited = await expectStripeError(env.stripe.checkout.sessions.retrieve(session.id), {
      status: 429,
      type: 'StripeRateLimitError',
      code: 'rate_limit',
    });
    assert.equal(rateLimited.headers?.['retry-after'], '1');
    assert.equal((await env.stripe.checkout.sessions.retrieve(session.id)).id, session.id);
  });

  it('hangs past the client timeout, and drops the connection', async () => {
    const impatient = new Stripe(env.emulator.secretKey, {
      ...env.emulator.stripeConfig,
      maxNetworkRetries: 0,
      timeout: 300,
    });
    env.emulator.faults.inject({ route: 'GET /v1/checkout/sessions', kind: 'hang' });
    await expectStripeError(impatient.checkout.sessions.list(), { type: 'StripeConnectionError' });
    // stripe-node retries a dropped connection once on its own, so drop two in a row.
    env.emulator.faults.inject({ route: 'GET /v1/checkout/sessions', kind: 'drop', count: 2 });
    await expectStripeError(env.stripe.checkout.sessions.list(), { type: 'StripeConnectionError' });
    env.emulator.faults.inject({ route: 'GET /v1/checkout/sessions', kind: 'drop' });
    await assert.rejects(
      fetch(`${env.emulator.url}/v1/checkout/sessions`, {
        headers: { Authorization: `Bearer ${env.emulator.secretKey}` },
      }),
      /fetch failed/,
    );
    assert.ok(Array.isArray((await env.stripe.checkout.sessions.list()).data));
  });

  it('adds latency per route, including the stand-in script, until cleared', async () => {
    env.emulator.faults.latency('GET /endive/stripe.js', 1500);
    const finished: string[] = [];
    const script = fetch(`${env.emulator.url}/endive/stripe.js`).then((response) => {
      finished.push('delayed script');
      return response;
    });
    await env.stripe.checkout.sessions.list({ limit: 1 }).then(() => finished.push('API call'));
    assert.equal((await script).status, 200);
    assert.deepEqual(finished, ['API call', 'delayed script']);
    env.emulator.faults.clear();
    env.emulator.faults.inject({ route: 'GET /endive/stripe.js', kind: '500' });
    assert.equal((await fetch(`${env.emulator.url}/endive/stripe.js`)).status, 500);
  });

  it('is controllable over HTTP under /_emulator/, with the secret key only', async () => {
    assert.equal((await fetch(`${env.emulator.url}/_emulator/clock`)).status, 401);
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
    await expectStripeError(elementsSession(env.stripe), { type: 'StripeConnectionError' });
    assert.equal((await control('/latency', { route: 'GET /v1/checkout/sessions', ms: 5 })).status, 200);
    assert.equal((await control('/faults', undefined, 'DELETE')).status, 200);
    const before = ((await (await control('/clock', undefined, 'GET')).json()) as { now: number }).now;
    const advanced = (await (await control('/clock/advance', { seconds: 3600 })).json()) as { now: number };
    assert.ok(advanced.now >= before + 3600);
  });

  it('names a busy port and the fix', async () => {
    await assert.rejects(startEmulator({ port: env.emulator.port }), /already in use: .*pass another port/);
  });

  it('rejects a terms of service URL that is not http(s) and an unknown preview, naming the known ones', async () => {
    await assert.rejects(
      startEmulator({ termsOfServiceUrl: 'terms.html' }),
      /termsOfServiceUrl must be an http\(s\) URL or null/,
    );
    await assert.rejects(
      startEmulator({ previews: ['optional_items'] as never }),
      /Unknown preview 'optional_items'\. Known previews: elements_optional_items\./,
    );
  });

  it('rejects a misspelt option with a suggestion', async () => {
    await assert.rejects(
      startEmulator({ prot: 1 } as never),
      /Unknown startEmulator\(\) option 'prot'\. Did you mean 'port'\?/,
    );
  });
});
