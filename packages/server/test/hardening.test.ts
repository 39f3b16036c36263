import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { companionErrorBodySchema } from '@checkout-element/protocol';
import express from 'express';
import { createCheckoutLogger, createFulfilmentForwarder } from '../src/index.js';
import { checkoutRouter } from '../src/express.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { rawRequest } from './support/raw.js';
import { sessionEvent, signedDelivery } from './support/signing.js';
import { createdSession, pay, SHOP_ORIGIN, type Stack, startStack, WEBHOOK_SECRET } from './support/stack.js';
import { startStandalone } from './support/standalone.js';
import { waitFor } from './support/wait.js';

/** Issue 12's defects, each reproduced first (see the report for the runs against the earlier code). */

const stackTrace = /\n\s+at |node:internal|\/work\/|[A-Z]:\\|URIError|SyntaxError: Unexpected/;

async function jsonError(answer: { status: number; headers: Record<string, string>; body: string }) {
  assert.match(
    answer.headers['content-type'] ?? '',
    /^application\/json/,
    `JSON, not ${answer.body.slice(0, 80)}`,
  );
  assert.doesNotMatch(answer.body, stackTrace);
  return companionErrorBodySchema.parse(JSON.parse(answer.body)).error;
}

const deliver = (base: string, payload: string, signature = signedDelivery(payload, WEBHOOK_SECRET)) =>
  fetch(`${base}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });

describe('issue 12: defects found by the hostile-input and chaos run', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      deliverWebhooks: false,
      overrides: { fulfilWithLineItems: true },
    });
  });
  after(() => stack.close());

  it('1. bad percent-encoding in GET /sessions/:id answers a JSON 400 naming the id, never an HTML stack trace', async () => {
    for (const environment of ['development', 'production']) {
      const app = express();
      app.set('env', environment);
      app.use(
        checkoutRouter({
          stripe: stack.stripe,
          publishableKey: 'pk_test_hardening',
          catalog: ['price_demo_tshirt'],
          returnUrl: `${SHOP_ORIGIN}/thanks?session_id={CHECKOUT_SESSION_ID}`,
          allowedOrigins: [SHOP_ORIGIN],
          webhookSecret: WEBHOOK_SECRET,
          ledger: createSqliteLedger(':memory:'),
          logger: createCheckoutLogger({ level: 'silent' }),
        }),
      );
      const server = app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        for (const path of ['%E0%A4%A', '%', '%zz', '%ff', '%C0%AE%C0%AE']) {
          const answer = await rawRequest(
            base,
            `GET /sessions/${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          );
          assert.equal(answer.status, 400, `${path} (${environment})`);
          const error = await jsonError(answer);
          assert.equal(error.code, 'invalid_request');
          assert.equal(error.field, 'id');
        }
      } finally {
        server.close();
      }
    }
  });

  it('2. a body of 4,000 nested arrays (8 KB) answers 400, not 500', async () => {
    for (const body of [
      '['.repeat(4_000) + ']'.repeat(4_000),
      `{"items":${'['.repeat(3_000)}${']'.repeat(3_000)}}`,
    ]) {
      const response = await stack.createSession(body);
      assert.equal(response.status, 400);
      const error = companionErrorBodySchema.parse(await response.json()).error;
      assert.match(error.message, /nested more than 32 levels/);
    }
  });

  it('3. correctly signed webhooks whose data is null or whose id is an object answer 400 invalid_event', async () => {
    const odd = [
      { id: 'evt_null_data', type: 'checkout.session.completed', data: null },
      { id: { nested: true }, type: 'checkout.session.completed', data: { object: { id: 'cs_test_x' } } },
      { id: 'evt_no_object', type: 'checkout.session.completed', data: {} },
      { id: 'evt_bad_session', type: 'checkout.session.completed', data: { object: { id: 42 } } },
      {
        id: 'evt_bad_status',
        type: 'checkout.session.completed',
        data: { object: { id: 'cs_test_y', payment_status: 'maybe' } },
      },
      'not an object',
      [1, 2, 3],
    ];
    for (const event of odd) {
      const payload = JSON.stringify(event);
      const response = await deliver(stack.base, payload);
      assert.equal(response.status, 400, payload);
      const error = companionErrorBodySchema.parse(await response.json()).error;
      assert.equal(error.code, 'invalid_event');
      assert.equal(error.retryable, false);
    }
    const notJson = await deliver(stack.base, 'this is signed, but not JSON');
    assert.equal(notJson.status, 400);
    assert.equal(companionErrorBodySchema.parse(await notJson.json()).error.code, 'invalid_event');
    assert.equal(stack.calls.fulfil.length, 0);
    assert.equal(
      stack.logs.some((line) => line.includes('"level":50')),
      false,
      'nothing was logged as an unexpected error',
    );
  });

  it('4. a session Stripe does not know is acknowledged (2xx, logged); a temporary lookup failure is 503', async () => {
    // fulfilWithLineItems makes the webhook ask Stripe for the line items; the emulator (like Stripe) answers 404.
    const unknown = sessionEvent('checkout.session.completed', {
      id: 'cs_test_from_another_account',
      status: 'complete',
      payment_status: 'paid',
    });
    const first = await deliver(stack.base, unknown);
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { received: true, ignored: true });
    assert.ok(stack.logs.some((line) => line.includes('session Stripe does not know')));
    const again = await deliver(stack.base, unknown);
    assert.equal(again.status, 200, 'a redelivery is acknowledged too');
    assert.equal(stack.calls.fulfil.length, 0);

    const { sessionId } = await createdSession(stack);
    await pay(stack, sessionId);
    const paid = sessionEvent('checkout.session.completed', {
      id: sessionId,
      status: 'complete',
      payment_status: 'paid',
    });
    await stack.emulator.faults.inject({ route: 'GET /v1/checkout/sessions/*', kind: '500', count: 10 });
    try {
      const busy = await deliver(stack.base, paid);
      assert.equal(busy.status, 503);
      assert.equal(companionErrorBodySchema.parse(await busy.json()).error.code, 'stripe_unavailable');
    } finally {
      await stack.emulator.faults.clear();
    }
    assert.equal((await deliver(stack.base, paid)).status, 200, 'the retry succeeds once Stripe answers');
    assert.deepEqual(stack.calls.fulfil, [sessionId]);
  });

  it('5. after a 413 the connection is closed, so the next request on a keep-alive agent is not reset', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const outgoing = request(
          `${stack.base}/sessions`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN } },
          (response: IncomingMessage) => {
            response.resume();
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
            );
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    try {
      const tooLarge = await send(JSON.stringify({ items: [], padding: 'x'.repeat(200_000) }));
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.connection, 'close');
      const next = await send(JSON.stringify({ items: [{ price: 'price_demo_tshirt', quantity: 1 }] }));
      assert.equal(next.status, 200);
    } finally {
      agent.destroy();
    }
  });

  it('6. status lookups: a burst costs Stripe one call per session per second, a final answer none, and a client is rate limited', async () => {
    const lookups: string[] = [];
    const count = (event: { method: string; path: string }) => {
      if (event.method === 'GET' && event.path.startsWith('/v1/checkout/sessions/cs_'))
        lookups.push(event.path);
    };
    stack.stripe.on('request', count);
    try {
      const { sessionId } = await createdSession(stack);
      const burst = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${stack.base}/sessions/${sessionId}`)),
      );
      for (const answer of burst) assert.equal(answer.status, 200);
      assert.equal(lookups.length, 1, '50 concurrent lookups of an open session cost one Stripe call');
      await pay(stack, sessionId);
      // Until a second has passed the open answer is reused; then one more call sees it paid and fulfils it.
      await waitFor(
        async () =>
          ((await (await fetch(`${stack.base}/sessions/${sessionId}`)).json()) as { fulfilled: boolean })
            .fulfilled,
        { intervalMs: 100, what: 'the paid session to be seen' },
      );
      const calls = lookups.length;
      await Promise.all(Array.from({ length: 50 }, () => fetch(`${stack.base}/sessions/${sessionId}`)));
      assert.equal(lookups.length, calls, 'a fulfilled session is answered without asking Stripe again');
    } finally {
      stack.stripe.off('request', count);
    }

    const limited = await startStack({
      ledger: createSqliteLedger(':memory:'),
      deliverWebhooks: false,
      overrides: { lookupRateLimit: { windowMs: 60_000, limit: 3 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await fetch(`${limited.base}/sessions/cs_test_unknown_${i}`)).status);
      assert.deepEqual(statuses, [404, 404, 404, 429]);
      const answer = await fetch(`${limited.base}/sessions/cs_test_unknown_9`);
      const error = companionErrorBodySchema.parse(await answer.json()).error;
      assert.equal(error.code, 'rate_limited');
      assert.equal(error.retryable, true);
    } finally {
      await limited.close();
    }
  });

  it('7. /healthz and the standalone 404 carry the security headers and Cache-Control: no-store', async () => {
    const standalone = await startStandalone({});
    try {
      for (const path of ['/healthz', '/nowhere', '/sessions/cs_test_x/extra']) {
        const response = await fetch(`${standalone.base}${path}`);
        assert.equal(response.headers.get('cache-control'), 'no-store', path);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
        assert.match(response.headers.get('content-security-policy') ?? '', /default-src/, path);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/, path);
        if (path !== '/healthz')
          assert.equal(companionErrorBodySchema.parse(await response.json()).error.code, 'not_found');
      }
    } finally {
      await standalone.close();
    }
  });

  it('8. a client aborting mid-body is logged as an aborted request, not as an unexpected error', async () => {
    const before = stack.logs.length;
    for (const path of ['/sessions', '/webhook']) {
      const socket = connect(Number(new URL(stack.base).port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: ${SHOP_ORIGIN}\r\nStripe-Signature: t=1,v1=00\r\nContent-Length: 5000\r\n\r\n{"items":[`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the server start reading the body
      socket.destroy();
    }
    await waitFor(() => stack.logs.slice(before).filter((line) => line.includes('aborted')).length >= 2, {
      what: 'two aborted-request log lines',
    });
    const lines = stack.logs.slice(before);
    assert.equal(
      lines.some((line) => line.includes('unexpected error')),
      false,
    );
    for (const line of lines.filter((found) => found.includes('aborted'))) assert.match(line, /"level":30/);
  });

  it('9. a signature timestamped in the future is accepted, as Stripe’s own verification accepts it (decided, documented)', async () => {
    const payload = sessionEvent('checkout.session.expired', { id: 'cs_test_future', status: 'expired' });
    const future = signedDelivery(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) + 3_600);
    assert.equal((await deliver(stack.base, payload, future)).status, 200);
    const stale = signedDelivery(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301);
    assert.equal((await deliver(stack.base, payload, stale)).status, 400, 'old ones are still refused');
  });

  it('10. the outbox’s first retry follows FULFILMENT_RETRY_BASE_MS, not the poll interval', async () => {
    let answered = 0;
    const receiver = createServer((req, res) => {
      req.resume();
      answered++;
      res.statusCode = answered === 1 ? 503 : 200;
      res.end();
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const ledger = createSqliteLedger(':memory:');
    const forwarder = createFulfilmentForwarder({
      ledger,
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/orders`,
      secret: 'fulfilment-secret-0123456789',
      logger: createCheckoutLogger({ level: 'silent' }),
      retryBaseMs: 20,
      // A poll an hour away: only the scheduled retry can deliver within the wait below.
      pollMs: 3_600_000,
    });
    try {
      forwarder.start();
      await forwarder.enqueue({
        id: 'cs_test_retry_timing',
        status: 'complete',
        payment_status: 'paid',
      } as Parameters<typeof forwarder.enqueue>[0]);
      await waitFor(
        async () =>
          (await ledger.task({ sessionId: 'cs_test_retry_timing', kind: 'forward' }))?.state === 'done',
        { timeoutMs: 20_000, what: 'the retried delivery' },
      );
      assert.equal(answered, 2);
    } finally {
      await forwarder.stop();
      await ledger.close();
      receiver.close();
    }
  });
});
