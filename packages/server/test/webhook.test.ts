import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import express from 'express';
import { type CheckoutOptions, createCheckoutHandler, createCheckoutLogger } from '../src/index.js';
import { checkoutRouter } from '../src/express.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { leadingEventId } from '../src/webhook-signature.js';
import { sessionEvent, signedDelivery } from './support/signing.js';
import { WEBHOOK_SECRET as STANDALONE_SECRET } from './support/stack.js';
import { startStandalone } from './support/standalone.js';

const secret = 'whsec_unit_test_secret';

interface WebhookAnswer {
  received?: boolean;
  duplicate?: boolean;
  ignored?: boolean;
  error: { code: string; failure: string; message: string };
}

type Transport = 'core' | 'http';
const servers: { close: () => Promise<void> }[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

/** The same options served by the Fetch core directly, or by the Express router over real HTTP. */
async function setup(transport: Transport, overrides: Partial<CheckoutOptions> = {}) {
  const calls = { expired: [] as string[], failed: [] as string[] };
  const options: CheckoutOptions = {
    secretKey: 'sk_test_unused',
    apiBase: 'http://127.0.0.1:9', // never called by these tests: a call would fail loudly
    publishableKey: 'pk_test_unit',
    catalog: ['price_a'],
    returnUrl: 'https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}',
    allowedOrigins: ['https://shop.example'],
    webhookSecret: secret,
    ledger: createSqliteLedger(':memory:'),
    onExpired: (session) => void calls.expired.push(session.id),
    onPaymentFailed: (session) => void calls.failed.push(session.id),
    logger: createCheckoutLogger({ level: 'silent' }),
    ...overrides,
  };
  let send: (request: Request) => Promise<Response>;
  if (transport === 'core') {
    send = createCheckoutHandler(options);
  } else {
    const app = express();
    app.use(checkoutRouter(options));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push({ close: () => new Promise((resolve) => server.close(() => resolve())) });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    send = (request) =>
      fetch(`${base}${new URL(request.url).pathname}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        duplex: 'half',
      } as RequestInit);
  }
  const deliver = async (body: string, signature: string | undefined) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== undefined) headers['stripe-signature'] = signature;
    const response = await send(new Request('http://localhost/webhook', { method: 'POST', headers, body }));
    return { status: response.status, body: (await response.json()) as WebhookAnswer };
  };
  return { deliver, calls };
}

for (const transport of ['http', 'core'] as const) {
  describe(`POST /webhook verifies the Stripe-Signature over the raw body (${transport === 'http' ? 'Express router over HTTP' : 'Fetch core'})`, () => {
    const event = sessionEvent('checkout.session.expired', {
      id: 'cs_test_sig',
      status: 'expired',
      payment_status: 'unpaid',
    });

    it('accepts a correctly signed delivery', async () => {
      const { deliver, calls } = await setup(transport);
      const answer = await deliver(event, signedDelivery(event, secret));
      assert.equal(answer.status, 200);
      assert.deepEqual(calls.expired, ['cs_test_sig']);
    });

    it('refuses a delivery without the header, naming the cause', async () => {
      const { deliver, calls } = await setup(transport);
      const answer = await deliver(event, undefined);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.failure, 'missing_header');
      assert.match(answer.body.error.message, /no Stripe-Signature header/);
      assert.deepEqual(calls.expired, []);
    });

    it('refuses a forged signature (another secret) and a malformed header', async () => {
      const { deliver, calls } = await setup(transport);
      const forged = await deliver(event, signedDelivery(event, 'whsec_attacker'));
      assert.equal(forged.status, 400);
      assert.equal(forged.body.error.failure, 'bad_signature');
      assert.doesNotMatch(forged.body.error.message, /whsec_unit_test_secret/);
      const malformed = await deliver(event, 'sha256=deadbeef');
      assert.equal(malformed.body.error.failure, 'malformed_header');
      assert.deepEqual(calls.expired, []);
    });

    it('refuses a body tampered with after signing', async () => {
      const { deliver, calls } = await setup(transport);
      const signature = signedDelivery(event, secret);
      const tampered = event.replace('cs_test_sig', 'cs_test_other');
      const answer = await deliver(tampered, signature);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.failure, 'bad_signature');
      assert.deepEqual(calls.expired, []);
    });

    it('refuses a signature older than 300 seconds (a replay)', async () => {
      const { deliver, calls } = await setup(transport);
      const stale = signedDelivery(event, secret, Math.floor(Date.now() / 1000) - 301);
      const answer = await deliver(event, stale);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.failure, 'stale_timestamp');
      assert.match(answer.body.error.message, /more than 300 seconds old/);
      assert.deepEqual(calls.expired, []);
    });

    it('acknowledges a replayed event id without running its hook again', async () => {
      const { deliver, calls } = await setup(transport);
      const replayed = sessionEvent(
        'checkout.session.async_payment_failed',
        { id: 'cs_test_replay', status: 'complete', payment_status: 'unpaid' },
        'evt_test_replay',
      );
      assert.equal((await deliver(replayed, signedDelivery(replayed, secret))).status, 200);
      const second = await deliver(replayed, signedDelivery(replayed, secret));
      assert.equal(second.status, 200);
      assert.equal(second.body.duplicate, true);
      assert.deepEqual(calls.failed, ['cs_test_replay']);
    });

    it('checks the signature of a repeat before answering it from memory: forged and stale repeats are refused', async () => {
      const { deliver, calls } = await setup(transport);
      // Written the way Stripe writes events (pretty-printed, `id` first), which the repeat's answer reads.
      const processed = JSON.stringify(
        JSON.parse(
          sessionEvent(
            'checkout.session.async_payment_failed',
            { id: 'cs_test_repeat', status: 'complete', payment_status: 'unpaid' },
            'evt_test_repeat',
          ),
        ),
        null,
        2,
      );
      assert.equal((await deliver(processed, signedDelivery(processed, secret))).status, 200);
      const forged = await deliver(processed, signedDelivery(processed, 'whsec_attacker'));
      assert.equal(forged.status, 400);
      assert.equal(forged.body.error.failure, 'bad_signature');
      const stale = await deliver(
        processed,
        signedDelivery(processed, secret, Math.floor(Date.now() / 1000) - 301),
      );
      assert.equal(stale.body.error.failure, 'stale_timestamp');
      const unsigned = await deliver(processed, undefined);
      assert.equal(unsigned.body.error.failure, 'missing_header');
      const retry = await deliver(processed, signedDelivery(processed, secret));
      assert.equal(retry.status, 200);
      assert.equal(retry.body.duplicate, true);
      assert.deepEqual(calls.failed, ['cs_test_repeat']);
    });

    it('answers 2xx to event types it does not handle, and does nothing', async () => {
      const { deliver, calls } = await setup(transport);
      const other = JSON.stringify({
        id: 'evt_test_other',
        object: 'event',
        type: 'customer.created',
        data: { object: { id: 'cus_1' } },
      });
      const answer = await deliver(other, signedDelivery(other, secret));
      assert.equal(answer.status, 200);
      assert.equal(answer.body.ignored, true);
      assert.deepEqual(calls, { expired: [], failed: [] });
    });

    it('answers 5xx when a hook throws, then runs it again on the retry, once', async () => {
      let attempts = 0;
      const succeeded: string[] = [];
      const { deliver } = await setup(transport, {
        onExpired: (session) => {
          attempts++;
          if (attempts === 1) throw new Error('the CMS is down');
          succeeded.push(session.id);
        },
      });
      const first = await deliver(event, signedDelivery(event, secret));
      assert.equal(first.status, 500);
      assert.match(first.body.error.message, /onExpired threw/);
      const retry = await deliver(event, signedDelivery(event, secret));
      assert.equal(retry.status, 200);
      const again = await deliver(event, signedDelivery(event, secret));
      assert.equal(again.status, 200);
      assert.deepEqual(succeeded, ['cs_test_sig']);
      assert.equal(attempts, 2);
    });
  });
}

describe('the Express router and body parsers', () => {
  const options = (): CheckoutOptions => ({
    secretKey: 'sk_test_unused',
    apiBase: 'http://127.0.0.1:9',
    publishableKey: 'pk_test_unit',
    catalog: ['price_a'],
    returnUrl: 'https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}',
    allowedOrigins: ['https://shop.example'],
    webhookSecret: secret,
    ledger: createSqliteLedger(':memory:'),
  });
  const serve = async (app: express.Express) => {
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return { base: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
  };
  const event = sessionEvent('checkout.session.expired', { id: 'cs_test_router', status: 'expired' });

  it('verifies webhooks through the router when mounted before express.json()', async () => {
    const app = express();
    app.use('/checkout', checkoutRouter(options()));
    app.use(express.json());
    const { base, close } = await serve(app);
    try {
      const response = await fetch(`${base}/checkout/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signedDelivery(event, secret) },
        body: event,
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    } finally {
      await close();
    }
  });

  it('refuses a webhook body over 1 MiB with a JSON 413, and a tampered one still fails the signature', async () => {
    const app = express();
    app.use('/checkout', checkoutRouter(options()));
    const { base, close } = await serve(app);
    try {
      const huge = JSON.stringify({ padding: 'x'.repeat(1_048_577) });
      const tooLarge = await fetch(`${base}/checkout/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signedDelivery(huge, secret) },
        body: huge,
      });
      assert.equal(tooLarge.status, 413);
      assert.equal(((await tooLarge.json()) as { error: { code: string } }).error.code, 'body_too_large');
      const tampered = await fetch(`${base}/checkout/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signedDelivery(event, secret) },
        body: event.replace('expired', 'complete'),
      });
      assert.equal(tampered.status, 400);
      const body = (await tampered.json()) as { error: { failure: string } };
      assert.equal(body.error.failure, 'bad_signature');
    } finally {
      await close();
    }
  });

  it('refuses a chunked webhook body (no Content-Length) once it passes 1 MiB, with a JSON 413', async () => {
    const app = express();
    app.use('/checkout', checkoutRouter(options()));
    const { base, close } = await serve(app);
    try {
      const piece = new TextEncoder().encode('x'.repeat(65_536));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 1_048_576) return controller.close();
          sent += piece.byteLength;
          controller.enqueue(piece);
        },
      });
      const response = await fetch(`${base}/checkout/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signedDelivery(event, secret) },
        body,
        duplex: 'half',
      } as RequestInit);
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as WebhookAnswer).error.code, 'body_too_large');
    } finally {
      await close();
    }
  });

  it('verifies a gzip-encoded delivery over its inflated bytes, as express.raw() reads it', async () => {
    const app = express();
    app.use('/checkout', checkoutRouter(options()));
    const { base, close } = await serve(app);
    try {
      const response = await fetch(`${base}/checkout/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'stripe-signature': signedDelivery(event, secret),
        },
        body: gzipSync(event),
      });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as WebhookAnswer).received, true);
    } finally {
      await close();
    }
  });

  it('explains the mistake when a global express.json() already consumed the body', async () => {
    const app = express();
    app.use(express.json());
    app.use('/checkout', checkoutRouter(options()));
    const { base, close } = await serve(app);
    try {
      const response = await fetch(`${base}/checkout/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signedDelivery(event, secret) },
        body: event,
      });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { failure: string; message: string } };
      assert.equal(body.error.failure, 'parsed_body');
      assert.match(body.error.message, /Mount `checkoutRouter\(\)` before `app.use\(express.json\(\)\)`/);
    } finally {
      await close();
    }
  });

  it('imposes no page security policy on the host app unless securityHeaders is on', async () => {
    const app = express();
    app.use('/plain', checkoutRouter(options()));
    app.use('/secured', checkoutRouter({ ...options(), securityHeaders: true }));
    const { base, close } = await serve(app);
    try {
      const plain = await fetch(`${base}/plain/sessions/cs_test_x`, { method: 'DELETE' });
      assert.equal(plain.status, 405);
      assert.equal(plain.headers.get('content-security-policy'), null, 'helmet is off by default');
      assert.equal(
        plain.headers.get('x-content-type-options'),
        'nosniff',
        'the protocol headers are still sent',
      );
      assert.equal(plain.headers.get('cache-control'), 'no-store');
      const secured = await fetch(`${base}/secured/sessions/cs_test_x`, { method: 'DELETE' });
      assert.match(secured.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    } finally {
      await close();
    }
  });

  it("answers webhooks with helmet's headers, as helmet sets them on the other routes, when securityHeaders is on", async () => {
    const app = express();
    app.use('/checkout', checkoutRouter({ ...options(), securityHeaders: true }));
    const { base, close } = await serve(app);
    try {
      // What helmet itself sets, read from a route it ran on (helmet only on the other routes: the webhook sends
      // the headers recorded once).
      const reference = await fetch(`${base}/checkout/sessions/cs_test_x`, { method: 'DELETE' });
      const helmetNames = [
        'content-security-policy',
        'cross-origin-opener-policy',
        'cross-origin-resource-policy',
        'origin-agent-cluster',
        'referrer-policy',
        'strict-transport-security',
        'x-dns-prefetch-control',
        'x-download-options',
        'x-frame-options',
        'x-permitted-cross-domain-policies',
        'x-xss-protection',
      ];
      for (const name of helmetNames) assert.notEqual(reference.headers.get(name), null, name);
      const post = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${base}/checkout/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
      const ok = await post(event, { 'stripe-signature': signedDelivery(event, secret) });
      const forged = await post(event, { 'stripe-signature': signedDelivery(event, 'whsec_attacker') });
      const tooLarge = await post(JSON.stringify({ padding: 'x'.repeat(1_048_577) }));
      assert.deepEqual(
        [ok.status, forged.status, tooLarge.status],
        [200, 400, 413],
        'answered, refused, too large',
      );
      for (const answer of [ok, forged, tooLarge]) {
        for (const name of helmetNames)
          assert.equal(answer.headers.get(name), reference.headers.get(name), `${answer.status} ${name}`);
        assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', 'sent once, not twice');
        assert.equal(answer.headers.get('cache-control'), 'no-store');
      }
    } finally {
      await close();
    }
  });

  it('leaves routes it does not own to the rest of the app', async () => {
    const app = express();
    app.use(checkoutRouter({ ...options(), securityHeaders: true }));
    app.get('/hello', (_req, res) => {
      res.send('shop');
    });
    const { base, close } = await serve(app);
    try {
      const response = await fetch(`${base}/hello`);
      assert.equal(await response.text(), 'shop');
      assert.equal(response.headers.get('content-security-policy'), null, 'helmet never reaches host routes');
    } finally {
      await close();
    }
  });
});

describe("reading a repeat's event id without parsing the event", () => {
  it("reads the id only when it is the event's first member, exactly as JSON.parse would", () => {
    assert.equal(leadingEventId('{\n  "id": "evt_1Abc_2",\n  "object": "event"}'), 'evt_1Abc_2');
    assert.equal(leadingEventId('{"id":"evt_compact","object":"event"}'), 'evt_compact');
    // Anything else is parsed whole: a nested id first, an escaped character, an id that is not a string.
    assert.equal(leadingEventId('{"data":{"id":"evt_nested"},"id":"evt_real"}'), undefined);
    assert.equal(leadingEventId('{"id":"evt_\\u0041"}'), undefined);
    assert.equal(leadingEventId('{"id":123}'), undefined);
    assert.equal(leadingEventId('["id","evt_array"]'), undefined);
  });
});

describe('checkout-server reports how its ledger commits', () => {
  it('logs the commit settings read on the ledger connection once at start', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'checkout-durability-'));
    const standalone = await startStandalone({ DATABASE_URL: join(directory, 'ledger.sqlite') });
    try {
      const lines = standalone.logs.map(
        (line) => JSON.parse(line) as { msg: string; ledger?: string; durable?: boolean },
      );
      const ready = lines.filter((line) => line.msg === 'ledger ready');
      assert.equal(ready.length, 1);
      assert.equal(ready[0]!.ledger, 'journal_mode=wal synchronous=FULL');
      assert.equal(ready[0]!.durable, true);
    } finally {
      await standalone.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('checkout-server answers POST /webhook before Express dispatches it', () => {
  it('with the same headers and outcomes as the app: once, repeats from memory, forged refused, gzip through the app', async () => {
    const standalone = await startStandalone({});
    try {
      const event = sessionEvent('checkout.session.expired', { id: 'cs_test_standalone', status: 'expired' });
      const post = (body: string | Uint8Array, headers: Record<string, string>) =>
        fetch(`${standalone.base}/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
      const first = await post(event, { 'stripe-signature': signedDelivery(event, STANDALONE_SECRET) });
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('cache-control'), 'no-store');
      assert.equal(first.headers.get('x-content-type-options'), 'nosniff', 'sent once, not twice');
      assert.match(first.headers.get('content-security-policy') ?? '', /default-src/, "helmet's headers");
      assert.deepEqual(await first.json(), { received: true });
      const repeat = await post(event, { 'stripe-signature': signedDelivery(event, STANDALONE_SECRET) });
      assert.deepEqual(await repeat.json(), { received: true, duplicate: true });
      const forged = await post(event, { 'stripe-signature': signedDelivery(event, 'whsec_attacker') });
      assert.equal(forged.status, 400);
      assert.equal(((await forged.json()) as WebhookAnswer).error.failure, 'bad_signature');
      assert.match(forged.headers.get('content-security-policy') ?? '', /default-src/);
      const other = sessionEvent('checkout.session.expired', { id: 'cs_test_gzip', status: 'expired' });
      const gzipped = await post(gzipSync(other), {
        'content-encoding': 'gzip',
        'stripe-signature': signedDelivery(other, STANDALONE_SECRET),
      });
      assert.deepEqual(await gzipped.json(), { received: true });
    } finally {
      await standalone.close();
    }
  });
});
