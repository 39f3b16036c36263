import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FaultKind } from '@checkout-element/emulator';
import {
  companionErrorBodySchema,
  sessionCreatedSchema,
  sessionStatusSchema,
} from '@checkout-element/protocol';
import { createCheckoutHandler, createCheckoutLogger } from '../src/index.js';
import { createSqliteLedger } from '../src/sqlite.js';
import {
  createdSession,
  handlerDefaults,
  pay,
  PRICES,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  SHOP_ORIGIN,
  type Stack,
  startStack,
  WEBHOOK_SECRET,
} from './support/stack.js';
import { waitFor } from './support/wait.js';

interface ErrorAnswer {
  error: { code: string; message: string; field?: string };
}

const sessionCount = async (stack: Stack) => {
  let count = 0;
  for await (const _ of stack.stripe.checkout.sessions.list({ limit: 100 })) count++;
  return count;
};

describe('POST /sessions and GET /sessions/:id against the emulator', () => {
  let stack: Stack;
  const clientSecrets: string[] = [];
  before(async () => {
    stack = await startStack({ ledger: createSqliteLedger(':memory:') });
  });
  after(async () => {
    // Secrets never leave the server: not in any log line, whatever happened during the suite.
    const logs = stack.logs.join('');
    assert.ok(logs.length > 0, 'the suite produced logs to inspect');
    for (const secret of [SECRET_KEY, WEBHOOK_SECRET, ...clientSecrets]) {
      assert.equal(logs.includes(secret), false, `a secret leaked into the logs: ${secret.slice(0, 12)}…`);
    }
    await stack.close();
  });

  it('creates a payment session with ui_mode elements and the return URL, then fulfils it once', async () => {
    const response = await stack.createSession({
      items: [{ price: PRICES.tshirt, quantity: 2 }],
      email: 'jenny@example.com',
      clientReferenceId: 'cart_42',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    // The answer is the protocol's, checked with its own schema (docs/companion-protocol.md).
    const body = sessionCreatedSchema.parse(await response.json());
    assert.equal(body.uiMode, 'elements');
    clientSecrets.push(body.clientSecret);
    assert.match(body.sessionId, /^cs_test_/);
    assert.ok(body.clientSecret.startsWith(`${body.sessionId}_secret_`));
    assert.equal(body.publishableKey, PUBLISHABLE_KEY);
    assert.ok(body.expiresAt > Date.now() / 1000, 'expiresAt is in the future (Unix seconds)');
    // The email is prefilled and nothing else is asked: no Contact Details Element to load.
    assert.equal(body.collects?.contactDetails, false);

    const created = await stack.stripe.checkout.sessions.retrieve(body.sessionId, { expand: ['line_items'] });
    assert.equal(created.ui_mode, 'elements');
    assert.equal(created.mode, 'payment');
    assert.equal(created.return_url, `${SHOP_ORIGIN}/thanks?session_id={CHECKOUT_SESSION_ID}`);
    assert.equal(created.client_reference_id, 'cart_42');
    assert.equal(created.line_items?.data[0]?.quantity, 2);

    await pay(stack, body.sessionId);
    const status = await fetch(`${stack.base}/sessions/${body.sessionId}`, {
      headers: { origin: SHOP_ORIGIN },
    });
    assert.equal(status.status, 200);
    const text = await status.text();
    assert.equal(text.includes('_secret_'), false, 'the return page answer carries no client secret');
    const outcome = sessionStatusSchema.parse(JSON.parse(text));
    assert.equal(outcome.mode, 'payment');
    assert.equal(outcome.status, 'complete');
    assert.equal(outcome.paymentStatus, 'paid');
    assert.equal(outcome.amountTotal, 5000);
    assert.equal(outcome.currency, 'usd');
    assert.equal(outcome.fulfilled, true);
    assert.deepEqual(
      outcome.lineItems.map((item) => [item.price, item.quantity]),
      [[PRICES.tshirt, 2]],
    );
    await stack.emulator.webhooks.waitForIdle();
    await waitFor(() => stack.calls.fulfil.includes(body.sessionId));
    assert.deepEqual(
      stack.calls.fulfil.filter((id) => id === body.sessionId),
      [body.sessionId],
      'onFulfil ran once',
    );
  });

  it('returns the same session for a retried click carrying the same Idempotency-Key', async () => {
    const before = await sessionCount(stack);
    const key = 'b9a4e2c0-5d7f-4b43-9a0e-1f1f8c2d9e01';
    const first = (await (await stack.createSession(undefined, { 'idempotency-key': key })).json()) as {
      sessionId: string;
    };
    const second = (await (await stack.createSession(undefined, { 'idempotency-key': key })).json()) as {
      sessionId: string;
    };
    assert.equal(second.sessionId, first.sessionId);
    assert.equal(await sessionCount(stack), before + 1);
    const bad = await stack.createSession(undefined, { 'idempotency-key': 'short' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as ErrorAnswer).error.field, 'Idempotency-Key');
  });

  describe('refuses bad input with a 4xx naming the field, and never calls Stripe', () => {
    const cases: [string, { body: unknown; headers?: Record<string, string> }, number, RegExp, string?][] = [
      ['malformed JSON', { body: '{"items": [' }, 400, /not valid JSON/, 'body'],
      ['a JSON array', { body: '[]' }, 400, /must be a JSON object/, 'body'],
      ['no items', { body: {} }, 400, /items: is required/, 'items'],
      ['empty items', { body: { items: [] } }, 400, /at least one item/, 'items'],
      [
        'items of the wrong type',
        { body: { items: 'price_demo_tshirt' } },
        400,
        /items: must be an array/,
        'items',
      ],
      [
        'a string quantity',
        { body: { items: [{ price: PRICES.tshirt, quantity: '1' }] } },
        400,
        /must be a number/,
        'items[0].quantity',
      ],
      [
        'a fractional quantity',
        { body: { items: [{ price: PRICES.tshirt, quantity: 1.5 }] } },
        400,
        /whole number/,
        'items[0].quantity',
      ],
      [
        'quantity zero',
        { body: { items: [{ price: PRICES.tshirt, quantity: 0 }] } },
        400,
        /between 1 and 99/,
        'items[0].quantity',
      ],
      [
        'quantity above the bound',
        { body: { items: [{ price: PRICES.mug, quantity: 6 }] } },
        400,
        /between 1 and 5/,
        'items[0].quantity',
      ],
      [
        'a price outside the catalog',
        { body: { items: [{ price: PRICES.membership, quantity: 1 }] } },
        400,
        /is not for sale/,
        'items[0].price',
      ],
      [
        'a client-set amount',
        { body: { items: [{ price: PRICES.tshirt, quantity: 1, unit_amount: 1 }] } },
        400,
        /unknown field/,
        'items[0].unit_amount',
      ],
      [
        'price_data',
        { body: { items: [{ price_data: { currency: 'usd', unit_amount: 1 }, quantity: 1 }] } },
        400,
        /unknown field/,
      ],
      [
        'an extra top-level field',
        { body: { items: [{ price: PRICES.tshirt, quantity: 1 }], currency: 'usd' } },
        400,
        /unknown field/,
        'currency',
      ],
      [
        'a __proto__ key',
        { body: `{"items":[{"price":"${PRICES.tshirt}","quantity":1}],"__proto__":{"admin":true}}` },
        400,
        /"__proto__" is not allowed/,
        '__proto__',
      ],
      [
        'a nested constructor key',
        { body: `{"items":[{"price":"${PRICES.tshirt}","quantity":1,"constructor":{"prototype":{}}}]}` },
        400,
        /"constructor" is not allowed/,
        'items[0].constructor',
      ],
      [
        'a duplicate price',
        {
          body: {
            items: [
              { price: PRICES.tshirt, quantity: 1 },
              { price: PRICES.tshirt, quantity: 1 },
            ],
          },
        },
        400,
        /listed twice/,
        'items[1].price',
      ],
      [
        'a bad email',
        { body: { items: [{ price: PRICES.tshirt, quantity: 1 }], email: 'not-an-email' } },
        400,
        /email/,
        'email',
      ],
      [
        'a body over the size limit',
        { body: { items: [{ price: PRICES.tshirt, quantity: 1 }], clientReferenceId: 'x'.repeat(9_000) } },
        413,
        /larger than 8192 bytes/,
        'body',
      ],
      [
        'a form-encoded body',
        { body: 'items=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        /Content-Type: application\/json/,
        'content-type',
      ],
      [
        'a text/plain body',
        { body: '{}', headers: { 'content-type': 'text/plain' } },
        415,
        /application\/json/,
      ],
      [
        'a disallowed origin',
        {
          body: { items: [{ price: PRICES.tshirt, quantity: 1 }] },
          headers: { origin: 'https://evil.example' },
        },
        403,
        /Origin https:\/\/evil.example may not/,
      ],
    ];
    for (const [name, request, status, message, field] of cases) {
      it(name, async () => {
        const before = await sessionCount(stack);
        const response = await stack.createSession(request.body, request.headers);
        assert.equal(response.status, status);
        const answer = companionErrorBodySchema.parse(await response.json());
        assert.equal(answer.error.retryable, false, 'a bad request is final');
        assert.match(answer.error.message, message);
        if (field) assert.equal(answer.error.field, field);
        assert.equal(await sessionCount(stack), before, 'no session was created');
      });
    }
  });

  it('answers CORS preflight for allowed origins only, without a wildcard', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.base}/sessions`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight(SHOP_ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/);
    const refused = await preflight('https://evil.example');
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });

  it('answers a preflight with no body and no Content-Length (RFC 9110 §8.6), through the router', async () => {
    // Read off the socket: fetch would hide a stray Content-Length or body on a 204.
    const { hostname, port } = new URL(stack.base);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.end(
          `OPTIONS /sessions HTTP/1.1\r\nHost: ${hostname}\r\nOrigin: ${SHOP_ORIGIN}\r\nConnection: close\r\n\r\n`,
        );
      });
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n');
    assert.match(head ?? '', /^HTTP\/1\.1 204 /);
    assert.match(head ?? '', /\r\naccess-control-allow-methods: POST\r\n/i);
    assert.doesNotMatch(head ?? '', /content-length|transfer-encoding/i);
    assert.equal(body, '');
  });

  it('validates the session id of GET /sessions/:id', async () => {
    const bad = await fetch(`${stack.base}/sessions/pi_123`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as ErrorAnswer).error.message, /Checkout Session id like "cs_test_/);
    const secret = await fetch(`${stack.base}/sessions/cs_test_abc_secret_def`);
    assert.equal(secret.status, 400);
    assert.match(((await secret.json()) as ErrorAnswer).error.message, /not the client secret/);
    const missing = await fetch(`${stack.base}/sessions/cs_test_doesnotexist`);
    assert.equal(missing.status, 404);
  });

  describe('emulator faults on session creation end in one session or a clear error', () => {
    const fault = (kind: FaultKind, count: number) =>
      stack.emulator.faults.inject({ route: 'POST /v1/checkout/sessions', kind, count });
    after(() => stack.emulator.faults.clear());

    it('a 500 is retried by the SDK with the same idempotency key: one session', async () => {
      const before = await sessionCount(stack);
      await fault('500', 1);
      const response = await stack.createSession();
      assert.equal(response.status, 200);
      assert.equal(await sessionCount(stack), before + 1);
    });

    it('a 429 ends in one session (retried) or a clear 503, never two', async () => {
      const before = await sessionCount(stack);
      await fault('429', 1);
      const response = await stack.createSession();
      const after = await sessionCount(stack);
      if (response.status === 200) assert.equal(after, before + 1);
      else {
        assert.equal(response.status, 503);
        assert.equal(((await response.json()) as ErrorAnswer).error.code, 'stripe_busy');
        assert.equal(after, before);
      }
    });

    it('a request that hangs times out and is retried: one session', async () => {
      const before = await sessionCount(stack);
      await fault('hang', 1);
      const response = await stack.createSession();
      assert.equal(response.status, 200);
      assert.equal(await sessionCount(stack), before + 1);
    });

    it('persistent failures give a clear, safe error', async () => {
      const before = await sessionCount(stack);
      await fault('500', 10);
      const response = await stack.createSession();
      assert.equal(response.status, 502);
      const text = await response.text();
      assert.match(text, /Stripe answered with an error; try again/);
      assert.equal(text.includes(SECRET_KEY), false);
      assert.equal(await sessionCount(stack), before);
    });
  });
});

describe('other modes, API versions and limits', () => {
  it('creates and fulfils a subscription session', async () => {
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { mode: 'subscription', catalog: [PRICES.membership] },
    });
    try {
      const { sessionId } = await createdSession(stack, {
        items: [{ price: PRICES.membership, quantity: 1 }],
      });
      const created = await stack.stripe.checkout.sessions.retrieve(sessionId);
      assert.equal(created.mode, 'subscription');
      await pay(stack, sessionId);
      await waitFor(() => stack.calls.fulfil.includes(sessionId));
      const status = (await (await fetch(`${stack.base}/sessions/${sessionId}`)).json()) as {
        status: string;
        fulfilled: boolean;
      };
      assert.equal(status.status, 'complete');
      assert.equal(status.fulfilled, true);
      assert.equal(stack.calls.fulfil.length, 1);
    } finally {
      await stack.close();
    }
  });

  it('creates a setup session without items and fulfils it once complete', async () => {
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { mode: 'setup', catalog: undefined, sessionDefaults: { currency: 'usd' } },
    });
    try {
      const extra = await stack.createSession({ items: [{ price: PRICES.tshirt, quantity: 1 }] });
      assert.equal(extra.status, 400, 'setup mode takes no items');
      assert.match(
        ((await extra.json()) as { error: { message: string } }).error.message,
        /^items: must be empty/,
      );
      // …but the element's empty cart is fine.
      const emptyCart = await stack.createSession({ items: [], email: 'saver@example.com' });
      assert.equal(emptyCart.status, 200);
      const { sessionId } = await createdSession(stack, { email: 'saver@example.com' });
      assert.equal((await stack.stripe.checkout.sessions.retrieve(sessionId)).mode, 'setup');
      await pay(stack, sessionId);
      await waitFor(() => stack.calls.fulfil.includes(sessionId));
      const status = (await (await fetch(`${stack.base}/sessions/${sessionId}`)).json()) as {
        paymentStatus: string;
      };
      assert.equal(status.paymentStatus, 'no_payment_required');
      assert.equal(stack.calls.fulfil.length, 1);
    } finally {
      await stack.close();
    }
  });

  it('uses ui_mode custom for an API version before 2026-03-25.dahlia', async () => {
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { apiVersion: '2025-09-30.clover' },
    });
    try {
      const response = await stack.createSession();
      const { sessionId, uiMode } = sessionCreatedSchema.parse(await response.json());
      assert.equal(uiMode, 'custom', 'the answer tells the element to load the /clover/ release');
      const created = await stack.stripe.checkout.sessions.retrieve(
        sessionId,
        {},
        { apiVersion: '2025-09-30.clover' },
      );
      assert.equal(created.ui_mode, 'custom');
    } finally {
      await stack.close();
    }
  });

  it('turns a Stripe 4xx (a catalog price Stripe does not know) into a 502 naming the code, without Stripe’s raw message', async () => {
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { catalog: ['price_not_in_stripe'] },
    });
    try {
      const response = await stack.createSession({ items: [{ price: 'price_not_in_stripe', quantity: 1 }] });
      assert.equal(response.status, 502);
      const answer = (await response.json()) as ErrorAnswer;
      assert.equal(answer.error.code, 'stripe_rejected');
      assert.match(answer.error.message, /Stripe rejected the request \(resource_missing/);
      assert.match(answer.error.message, /catalog or settings need fixing/);
    } finally {
      await stack.close();
    }
  });

  it('rate-limits session creation per client', async () => {
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { rateLimit: { windowMs: 60_000, limit: 2 } },
    });
    try {
      assert.equal((await stack.createSession()).status, 200);
      assert.equal((await stack.createSession()).status, 200);
      const limited = await stack.createSession();
      assert.equal(limited.status, 429);
      assert.match(((await limited.json()) as ErrorAnswer).error.message, /Too many checkout attempts/);
    } finally {
      await stack.close();
    }
  });

  it('serves the same routes through the Fetch core under a basePath, for other frameworks', async () => {
    const stack = await startStack({ ledger: createSqliteLedger(':memory:') });
    try {
      const fulfilled: string[] = [];
      const handler = createCheckoutHandler({
        stripe: stack.stripe,
        ...handlerDefaults(),
        basePath: '/api/checkout',
        onFulfil: (session) => void fulfilled.push(session.id),
      });
      const created = await handler(
        new Request(`${SHOP_ORIGIN}/api/checkout/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
          body: JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }] }),
        }),
      );
      assert.equal(created.status, 200);
      const { sessionId } = (await created.json()) as { sessionId: string };
      await pay(stack, sessionId);
      const status = await handler(new Request(`${SHOP_ORIGIN}/api/checkout/sessions/${sessionId}`));
      assert.equal(((await status.json()) as { status: string }).status, 'complete');
      assert.deepEqual(fulfilled, [sessionId]);
      assert.equal((await handler(new Request(`${SHOP_ORIGIN}/sessions`, { method: 'POST' }))).status, 404);
      assert.equal((await handler(new Request(`${SHOP_ORIGIN}/api/checkout/other`))).status, 404);
    } finally {
      await stack.close();
    }
  });

  it('hands the lineItems resolver the call as a Fetch Request, its body already read, in both adapters', async () => {
    type Seen = { method: string; url: string; header: string | null; bodyUsed: boolean };
    const seen: Seen[] = [];
    const lineItems = ({ request }: { request: Request }) => {
      seen.push({
        method: request.method,
        url: request.url,
        header: request.headers.get('x-shop-cart'),
        bodyUsed: request.bodyUsed,
      });
      return [{ price: PRICES.tshirt, quantity: 1 }];
    };
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: { catalog: undefined, lineItems },
    });
    try {
      // The router reads Node's request itself and builds the Request only for the resolver.
      const routed = await stack.createSession({ items: 'starter-kit' }, { 'x-shop-cart': 'cart_9' });
      assert.equal(routed.status, 200);
      const handler = createCheckoutHandler({
        stripe: stack.stripe,
        publishableKey: PUBLISHABLE_KEY,
        lineItems,
        returnUrl: `${SHOP_ORIGIN}/thanks?session_id={CHECKOUT_SESSION_ID}`,
        allowedOrigins: [SHOP_ORIGIN],
        webhookSecret: WEBHOOK_SECRET,
        ledger: createSqliteLedger(':memory:'),
        logger: createCheckoutLogger({ level: 'silent' }),
      });
      const fetched = await handler(
        new Request(`${SHOP_ORIGIN}/sessions?from=fetch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, 'x-shop-cart': 'cart_9' },
          body: JSON.stringify({ items: 'starter-kit' }),
        }),
      );
      assert.equal(fetched.status, 200);
      assert.deepEqual(seen, [
        { method: 'POST', url: `${stack.base}/sessions`, header: 'cart_9', bodyUsed: true },
        { method: 'POST', url: `${SHOP_ORIGIN}/sessions?from=fetch`, header: 'cart_9', bodyUsed: true },
      ]);
    } finally {
      await stack.close();
    }
  });

  it('resolves a dynamic cart through lineItems, refusing what the resolver refuses', async () => {
    const { CheckoutInputError } = await import('../src/index.js');
    const stack = await startStack({
      ledger: createSqliteLedger(':memory:'),
      overrides: {
        catalog: undefined,
        lineItems: ({ items }) => {
          if (items !== 'starter-kit') throw new CheckoutInputError('items: unknown bundle', 'items');
          return [
            { price: PRICES.tshirt, quantity: 1 },
            { price: PRICES.mug, quantity: 2 },
          ];
        },
      },
    });
    try {
      const refused = await stack.createSession({ items: 'deluxe' });
      assert.equal(refused.status, 400);
      assert.equal(((await refused.json()) as ErrorAnswer).error.field, 'items');
      const { sessionId } = await createdSession(stack, { items: 'starter-kit' });
      const created = await stack.stripe.checkout.sessions.retrieve(sessionId);
      assert.equal(created.amount_total, 2500 + 2 * 1200);
    } finally {
      await stack.close();
    }
  });
});
