import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@checkout-element/emulator';
import { companionErrorBodySchema } from '@checkout-element/protocol';
import express from 'express';
import { createCheckoutLogger, createStripeClient } from '../src/index.js';
import { checkoutRouter } from '../src/express.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { type Child, spawnTs } from './support/child.js';
import { rawRequest } from './support/raw.js';
import { signedDelivery } from './support/signing.js';
import { PRICES, PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET } from './support/stack.js';

/**
 * The hostile-input corpus (issue 12): every case must get a 4xx JSON error of the protocol (naming the field where
 * there is one), no stack trace, no secret, and leave the server healthy. It runs against the standalone
 * `checkout-server` (a child process, so its stderr is checked too) and against `checkoutRouter` mounted in a host
 * app. Each case is raw HTTP bytes, so nothing is normalised away by a client library.
 */

const ORIGIN = 'http://localhost:5173';
const stackTrace = /\n\s+at |node:internal|\/work\/|\/home\/|[A-Z]:\\|URIError|RangeError|TypeError/;

export interface HostileCase {
  readonly name: string;
  /** The request bytes, for routes mounted at `prefix`. */
  readonly request: (prefix: string) => string | Buffer;
  /** Expected status (default: any 4xx). */
  readonly status?: number;
  readonly field?: string;
  readonly code?: string;
  /** Refused by Node's HTTP parser before any app code: only the standalone server (which owns the socket) answers it. */
  readonly parser?: boolean;
  /** A path outside the checkout routes: in a host app it belongs to the host, so only the standalone checks it. */
  readonly notOurs?: boolean;
}

const crlf = '\r\n';
function http(
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
  body?: string | Buffer,
): (prefix: string) => string | Buffer {
  return (prefix) => {
    const lines = [`${method} ${prefix}${path} HTTP/1.1`, 'Host: shop.example', 'Connection: close'];
    for (const [name, value] of Object.entries(headers)) {
      for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
    }
    const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    if (bytes && !Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name)))
      lines.push(`Content-Length: ${bytes.byteLength}`);
    const head = Buffer.from(lines.join(crlf) + crlf + crlf);
    return bytes ? Buffer.concat([head, bytes]) : head;
  };
}

const json = { 'Content-Type': 'application/json', Origin: ORIGIN };
const session = (body: string | Buffer, headers: Record<string, string | string[]> = json) =>
  http('POST', '/sessions', headers, body);
const item = (fields: Record<string, unknown>) =>
  JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1, ...fields }] });
const status = (id: string, method = 'GET', headers: Record<string, string> = {}) =>
  http(method, `/sessions/${id}`, headers);
const now = () => Math.floor(Date.now() / 1000);
const event = (fields: Record<string, unknown>) =>
  JSON.stringify({
    id: 'evt_hostile',
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: { id: 'cs_test_hostile', status: 'complete', payment_status: 'paid' } },
    ...fields,
  });
const webhook = (
  body: string | Buffer,
  signature: string | undefined | string[],
  extra: Record<string, string> = {},
) =>
  http(
    'POST',
    '/webhook',
    {
      'Content-Type': 'application/json',
      ...(signature === undefined ? {} : { 'Stripe-Signature': signature }),
      ...extra,
    },
    body,
  );
const signed = (body: string, t = now()) => signedDelivery(body, WEBHOOK_SECRET, t);

export const hostileCases: HostileCase[] = [
  // POST /sessions: malformed bodies
  ...[
    '{',
    '{"items": [',
    'nul',
    "{'items': []}",
    '{"items":[],}',
    `${item({})}garbage`,
    '',
    '   ',
    '\u0000',
    '\uFEFF{"items":',
  ].map(
    (body, index): HostileCase => ({
      name: `malformed JSON #${index + 1}`,
      request: session(body),
      field: 'body',
      status: 400,
    }),
  ),
  ...['1', '"items"', 'null', 'true', '[]', '[{"price":"price_demo_tshirt","quantity":1}]'].map(
    (body): HostileCase => ({
      name: `a non-object body ${body.slice(0, 12)}`,
      request: session(body),
      field: 'body',
      status: 400,
    }),
  ),
  // wrong types
  ...(
    [
      [{ items: 'price_demo_tshirt' }, 'items'],
      [{ items: 42 }, 'items'],
      [{ items: { price: PRICES.tshirt } }, 'items'],
      [{ items: null }, 'items'],
      [{ items: [] }, 'items'],
      [{ items: [null] }, 'items[0]'],
      [{ items: ['price_demo_tshirt'] }, 'items[0]'],
      [{ items: [{ price: PRICES.tshirt, quantity: '1' }] }, 'items[0].quantity'],
      [{ items: [{ price: PRICES.tshirt, quantity: 1.5 }] }, 'items[0].quantity'],
      [{ items: [{ price: PRICES.tshirt, quantity: -1 }] }, 'items[0].quantity'],
      [{ items: [{ price: PRICES.tshirt, quantity: 0 }] }, 'items[0].quantity'],
      [{ items: [{ price: PRICES.tshirt, quantity: 1e308 }] }, 'items[0].quantity'],
      [{ items: [{ price: PRICES.tshirt, quantity: 2 ** 53 + 2 }] }, 'items[0].quantity'],
      [{ items: [{ price: PRICES.mug, quantity: 4 }] }, 'items[0].quantity'],
      [{ items: [{ price: 42, quantity: 1 }] }, 'items[0].price'],
      [{ items: [{ price: '', quantity: 1 }] }, 'items[0].price'],
      [{ items: [{ price: 'p'.repeat(300), quantity: 1 }] }, 'items[0].price'],
      [{ items: [{ price: { $ne: null }, quantity: 1 }] }, 'items[0].price'],
      [{ items: [{ price: 'price_not_for_sale', quantity: 1 }] }, 'items[0].price'],
      [
        {
          items: [
            { price: PRICES.tshirt, quantity: 1 },
            { price: PRICES.tshirt, quantity: 1 },
          ],
        },
        'items[1].price',
      ],
      [{ items: [{ quantity: 1 }] }, 'items[0].price'],
      [{ items: Array.from({ length: 51 }, (_, i) => ({ price: `price_${i}`, quantity: 1 })) }, 'items'],
      [{ items: [{ price: PRICES.tshirt, quantity: 1 }], email: 'not-an-email' }, 'email'],
      [{ items: [{ price: PRICES.tshirt, quantity: 1 }], email: 42 }, 'email'],
      [{ items: [{ price: PRICES.tshirt, quantity: 1 }], email: `${'a'.repeat(600)}@example.com` }, 'email'],
      [
        { items: [{ price: PRICES.tshirt, quantity: 1 }], clientReferenceId: 'has spaces' },
        'clientReferenceId',
      ],
      [
        { items: [{ price: PRICES.tshirt, quantity: 1 }], clientReferenceId: 'x'.repeat(201) },
        'clientReferenceId',
      ],
      [{ items: [{ price: PRICES.tshirt, quantity: 1 }], clientReferenceId: ['a'] }, 'clientReferenceId'],
    ] as const
  ).map(
    ([body, field], index): HostileCase => ({
      name: `wrong type or value #${index + 1} (${field})`,
      request: session(JSON.stringify(body)),
      field,
      status: 400,
    }),
  ),
  // smuggled fields: a browser never sets an amount, a currency or a Stripe parameter
  ...(
    [
      [item({ unit_amount: 1 }), 'items[0].unit_amount'],
      [item({ amount: 1 }), 'items[0].amount'],
      [item({ currency: 'usd' }), 'items[0].currency'],
      [
        JSON.stringify({ items: [{ price_data: { currency: 'usd', unit_amount: 1 }, quantity: 1 }] }),
        'items[0].price_data',
      ],
      [JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }], mode: 'setup' }), 'mode'],
      [
        JSON.stringify({
          items: [{ price: PRICES.tshirt, quantity: 1 }],
          success_url: 'https://evil.example',
        }),
        'success_url',
      ],
      [
        JSON.stringify({
          items: [{ price: PRICES.tshirt, quantity: 1 }],
          return_url: 'https://evil.example',
        }),
        'return_url',
      ],
      [JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }], line_items: [] }), 'line_items'],
      [
        JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }], discounts: [{ coupon: 'FREE' }] }),
        'discounts',
      ],
      [
        JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }], metadata: { admin: true } }),
        'metadata',
      ],
      [`{"items":[{"price":"${PRICES.tshirt}","quantity":1}],"__proto__":{"admin":true}}`, '__proto__'],
      [`{"items":[{"price":"${PRICES.tshirt}","quantity":1,"__proto__":{"x":1}}]}`, 'items[0].__proto__'],
      [
        `{"items":[{"price":"${PRICES.tshirt}","quantity":1}],"constructor":{"prototype":{"x":1}}}`,
        'constructor',
      ],
      [`{"items":[{"price":"${PRICES.tshirt}","quantity":1}],"email":{"prototype":1}}`, 'email.prototype'],
    ] as const
  ).map(
    ([body, field], index): HostileCase => ({
      name: `smuggled field #${index + 1} (${field})`,
      request: session(body),
      field,
      status: 400,
    }),
  ),
  // nesting and size
  { name: '4,000 nested arrays', request: session('['.repeat(4_000) + ']'.repeat(4_000)), status: 400 },
  {
    name: 'nested objects in items',
    request: session(`{"items":${'{"a":'.repeat(1_200)}1${'}'.repeat(1_200)}}`),
    status: 400,
  },
  {
    name: 'a body over 8 KiB',
    request: session(item({ padding: 'x'.repeat(9_000) })),
    status: 413,
    field: 'body',
  },
  {
    name: 'a declared length over the limit',
    request: session('{}', { ...json, 'Content-Length': '100000' }),
    status: 413,
  },
  {
    name: 'invalid UTF-8 in a price',
    request: session(
      Buffer.concat([
        Buffer.from('{"items":[{"price":"price_'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('","quantity":1}]}'),
      ]),
    ),
    field: 'items[0].price',
    status: 400,
  },
  {
    name: 'a chunked body over the limit',
    request: session(`2710\r\n${'x'.repeat(10_000)}\r\n0\r\n\r\n`, {
      ...json,
      'Transfer-Encoding': 'chunked',
    }),
    status: 413,
  },
  // content types
  ...[
    undefined,
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonx',
    'application/json-patch+json',
    'application/xml',
    'json',
  ].map(
    (type): HostileCase => ({
      name: `Content-Type ${type ?? 'missing'}`,
      request: session(
        item({}).replace(',"quantity":1', ',"quantity":1'),
        type === undefined ? { Origin: ORIGIN } : { 'Content-Type': type, Origin: ORIGIN },
      ),
      status: 415,
      field: 'content-type',
    }),
  ),
  // headers
  ...[
    'short',
    'has spaces in it........',
    'x'.repeat(300),
    'ключ-ключ-ключ-ключ',
    'a;b=c,d<e>f"g"hijklmno',
  ].map(
    (key): HostileCase => ({
      name: `Idempotency-Key ${key.slice(0, 10)}`,
      request: session(item({}), { ...json, 'Idempotency-Key': key }),
      status: 400,
      field: 'Idempotency-Key',
    }),
  ),
  ...[
    'https://evil.example',
    'null',
    'http://localhost:5173.evil.example',
    'http://localhost:5173/path',
    `https://${'a'.repeat(5_000)}.example`,
  ].map(
    (origin): HostileCase => ({
      name: `Origin ${origin.slice(0, 40)}`,
      request: session(item({}), { 'Content-Type': 'application/json', Origin: origin }),
      status: 403,
      code: 'origin_not_allowed',
    }),
  ),
  {
    name: 'two Content-Type headers',
    request: session(item({}), { 'Content-Type': ['text/plain', 'application/json'], Origin: ORIGIN }),
    status: 415,
  },
  {
    name: 'a header over 16 KiB',
    request: session(item({}), { ...json, 'X-Padding': 'x'.repeat(20_000) }),
    parser: true,
  },
  {
    name: 'Content-Length and Transfer-Encoding together',
    request: session('0\r\n\r\n', { ...json, 'Content-Length': '5', 'Transfer-Encoding': 'chunked' }),
    parser: true,
  },
  {
    name: 'a broken chunked encoding',
    request: session('zz\r\n{}\r\n0\r\n\r\n', { ...json, 'Transfer-Encoding': 'chunked' }),
    parser: true,
  },
  {
    name: 'a header name with a space',
    request: () =>
      Buffer.from(`POST /sessions HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\nConnection: close\r\n\r\n`),
    parser: true,
  },
  // GET /sessions/:id
  ...['%E0%A4%A', '%', '%zz', '%ff', '%C0%AE%C0%AE', '%00', 'cs_test_%E0%A4'].map(
    (id): HostileCase => ({
      name: `bad percent-encoding ${id}`,
      request: status(id),
      status: 400,
      field: 'id',
    }),
  ),
  ...[
    'pi_123',
    'cs_',
    'cs_test-abc',
    `cs_test_${'a'.repeat(300)}`,
    'cs_test_abc_secret_def',
    'cs_test_a%2F..%2F..%2Fetc',
    'cs_t%C3%A9st',
    'cs_test_%3Cscript%3E',
    'cs_test%20x',
    '..%2F..%2Fetc%2Fpasswd',
    'cs_test_abc%00',
  ].map(
    (id): HostileCase => ({
      name: `a session id like ${id.slice(0, 30)}`,
      request: status(id),
      status: 400,
      field: 'id',
    }),
  ),
  {
    name: 'a session Stripe does not know',
    request: status('cs_test_unknown_hostile'),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a session id with a query',
    request: status('cs_test_unknown_q?expand[]=line_items&__proto__[x]=1'),
    status: 404,
  },
  ...['POST', 'PUT', 'DELETE', 'PATCH'].map(
    (method): HostileCase => ({
      name: `${method} /sessions/:id`,
      request: status('cs_test_x', method),
      status: 405,
      code: 'method_not_allowed',
    }),
  ),
  ...['GET', 'PUT', 'DELETE'].map(
    (method): HostileCase => ({
      name: `${method} /sessions`,
      request: http(method, '/sessions', { Origin: ORIGIN }),
      status: 405,
    }),
  ),
  {
    name: 'a preflight from a foreign origin',
    request: status('cs_test_x', 'OPTIONS', {
      Origin: 'https://evil.example',
      'Access-Control-Request-Method': 'GET',
    }),
    status: 403,
  },
  // POST /webhook
  {
    name: 'a webhook without a signature',
    request: webhook(event({}), undefined),
    status: 400,
    code: 'webhook_signature_invalid',
  },
  ...[
    '',
    'garbage',
    't=,v1=',
    'v1=abc',
    `t=${now()}`,
    't=abc,v1=00',
    `t=${now()},v0=00`,
    `t=${now()},v1=${'0'.repeat(64)}`,
    `t=${now()},v1=zz`,
    `t=${now()},${'v1=00,'.repeat(500)}`,
  ].map(
    (signature, index): HostileCase => ({
      name: `a bad Stripe-Signature #${index + 1}`,
      request: webhook(event({}), signature),
      status: 400,
      code: 'webhook_signature_invalid',
    }),
  ),
  {
    name: 'a signature made with another secret',
    request: webhook(event({}), signedDelivery(event({}), 'whsec_attacker')),
    status: 400,
  },
  {
    name: 'a stale signature (a replay)',
    request: webhook(event({}), signed(event({}), now() - 400)),
    status: 400,
  },
  {
    name: 'a body tampered after signing',
    request: webhook(event({ id: 'evt_other' }), signed(event({}))),
    status: 400,
  },
  { name: 'an empty signed body', request: webhook('', signed('')), status: 400 },
  {
    name: 'a webhook over 1 MiB',
    request: webhook(JSON.stringify({ padding: 'x'.repeat(1_100_000) }), signed('x')),
    status: 413,
    code: 'body_too_large',
  },
  {
    name: 'a signed body that is not JSON',
    request: webhook('<xml/>', signed('<xml/>')),
    status: 400,
    code: 'invalid_event',
  },
  ...[
    { data: null },
    { id: { $gt: '' } },
    { type: 42 },
    { data: { object: null } },
    { data: { object: { id: 'not_a_session', status: 'complete', payment_status: 'paid' } } },
    {
      data: { object: { id: 'cs_test_x', status: 'complete', payment_status: 'paid', __proto__: null } },
      id: '',
    },
  ].map((fields, index): HostileCase => {
    const body = event(fields);
    return {
      name: `a signed, malformed event #${index + 1}`,
      request: webhook(body, signed(body)),
      status: 400,
      code: 'invalid_event',
    };
  }),
  {
    name: 'two Stripe-Signature headers, one forged',
    request: webhook(event({}), [`t=${now()},v1=${'0'.repeat(64)}`, 'garbage']),
    status: 400,
  },
  ...['GET', 'PUT', 'DELETE'].map(
    (method): HostileCase => ({ name: `${method} /webhook`, request: http(method, '/webhook'), status: 405 }),
  ),
  // paths and the rest
  ...[
    '/',
    '/admin',
    '/.env',
    '/sessions/',
    '/sessions/cs_test_a/extra',
    '/webhook/',
    '/healthz/../.env',
    '/SESSIONS',
  ].map(
    (path): HostileCase => ({ name: `GET ${path}`, request: http('GET', path), status: 404, notOurs: true }),
  ),
  { name: 'POST /healthz', request: http('POST', '/healthz', {}, '{}'), status: 404, notOurs: true },
  {
    name: 'an 8 KiB URL',
    request: http('GET', `/sessions/cs_test_${'a'.repeat(8_000)}`),
    status: 400,
    field: 'id',
  },
  {
    name: 'an absolute-form request target',
    request: () =>
      Buffer.from(
        `GET http://evil.example/sessions/%zz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
      ),
    status: 400,
    notOurs: true,
  },
  {
    name: 'a request without Host',
    request: () => Buffer.from(`GET /sessions/%zz HTTP/1.1\r\nConnection: close\r\n\r\n`),
    parser: true,
  },
  {
    name: 'a method Node does not know',
    request: () => Buffer.from(`BREW /sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    parser: true,
  },
];

interface Target {
  readonly base: string;
  readonly prefix: string;
  readonly standalone: boolean;
  readonly output: () => string;
}

/** Runs the corpus; returns how many requests were tried and how many 5xx came back. */
async function runCorpus(target: Target): Promise<{ tried: number; serverErrors: number }> {
  let tried = 0;
  let serverErrors = 0;
  const failures: string[] = [];
  for (const hostile of hostileCases) {
    if (!target.standalone && (hostile.parser || hostile.notOurs)) continue;
    tried++;
    const answer = await rawRequest(target.base, hostile.request(target.prefix));
    if (answer.status >= 500) serverErrors++;
    try {
      const label = `${answer.status} ${answer.body.slice(0, 160)}`;
      assert.ok(answer.status >= 400 && answer.status < 500, label);
      if (hostile.status !== undefined && !hostile.parser) assert.equal(answer.status, hostile.status, label);
      assert.match(answer.headers['content-type'] ?? '', /^application\/json/, label);
      assert.doesNotMatch(answer.raw, stackTrace, label);
      for (const secret of [SECRET_KEY, WEBHOOK_SECRET])
        assert.equal(answer.raw.includes(secret), false, label);
      const error = companionErrorBodySchema.parse(JSON.parse(answer.body)).error;
      if (hostile.field) assert.equal(error.field, hostile.field, label);
      if (hostile.code) assert.equal(error.code, hostile.code, label);
    } catch (error) {
      failures.push(
        `${hostile.name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
  assert.deepEqual(failures, [], 'every hostile case is answered as the protocol says');
  // Still healthy: a real checkout goes through on a fresh connection.
  const created = await fetch(`${target.base}${target.prefix}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }] }),
  });
  assert.equal(created.status, 200, await created.clone().text());
  assert.doesNotMatch(target.output(), /\n\s+at .*\(|node:internal/, 'no stack trace reached the output');
  for (const secret of [SECRET_KEY, WEBHOOK_SECRET]) assert.equal(target.output().includes(secret), false);
  return { tried, serverErrors };
}

const directory = mkdtempSync(join(tmpdir(), 'checkout-hostile-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe(`the hostile-input corpus (${hostileCases.length} cases)`, () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  before(async () => {
    emulator = await startEmulator({ port: 0, secretKey: SECRET_KEY });
  });
  after(() => emulator.stop());

  it('has at least 100 cases across POST /sessions, GET /sessions/:id, POST /webhook and the other routes', () => {
    assert.ok(hostileCases.length >= 100, `${hostileCases.length} cases`);
  });

  for (const nodeEnv of ['production', 'development']) {
    it(`against the standalone checkout-server (NODE_ENV=${nodeEnv}): 4xx JSON, no stack trace, no secret, still healthy`, async () => {
      const child: Child = spawnTs('src/cli.ts', [], {
        NODE_ENV: nodeEnv,
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: emulator.url,
        CHECKOUT_PRICES: `${PRICES.tshirt},${PRICES.mug}:1-3`,
        CHECKOUT_RETURN_URL: `${ORIGIN}/return?session_id={CHECKOUT_SESSION_ID}`,
        DATABASE_URL: join(directory, `hostile-${nodeEnv}.sqlite`),
        PORT: '0',
        CHECKOUT_RATE_LIMIT: '0',
        CHECKOUT_LOOKUP_RATE_LIMIT: '0',
        LOG_LEVEL: 'debug',
      });
      try {
        const [, base] = (await child.waitForOutput(
          /listening on (http:\/\/127\.0\.0\.1:\d+)/,
        )) as unknown as [string, string];
        const { tried, serverErrors } = await runCorpus({
          base,
          prefix: '',
          standalone: true,
          output: child.output,
        });
        assert.equal(serverErrors, 0);
        const health = await fetch(`${base}/healthz`);
        assert.deepEqual(await health.json(), { ok: true });
        process.stdout.write(
          `hostile corpus, standalone (${nodeEnv}): ${tried} requests, ${serverErrors} answered 5xx\n`,
        );
      } finally {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    });
  }

  it('against checkoutRouter mounted in a host app: the same answers for every case that reaches the router', async () => {
    const logs: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const app = express();
    app.get('/', (_req, res) => {
      res.send('the shop');
    });
    app.use(
      '/api/checkout',
      checkoutRouter({
        stripe: createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url }),
        publishableKey: PUBLISHABLE_KEY,
        catalog: [PRICES.tshirt, { price: PRICES.mug, maxQuantity: 3 }],
        returnUrl: `${ORIGIN}/return?session_id={CHECKOUT_SESSION_ID}`,
        allowedOrigins: [ORIGIN],
        webhookSecret: WEBHOOK_SECRET,
        ledger: createSqliteLedger(join(directory, 'hostile-router.sqlite')),
        logger: createCheckoutLogger({ level: 'debug', destination }),
        rateLimit: false,
        lookupRateLimit: false,
      }),
    );
    app.use(express.json()); // the host's own parser, after the router, as the README says
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { tried, serverErrors } = await runCorpus({
        base,
        prefix: '/api/checkout',
        standalone: false,
        output: () => logs.join(''),
      });
      assert.equal(serverErrors, 0);
      assert.equal(
        logs.some((line) => line.includes('"level":50')),
        false,
        'nothing logged as an unexpected error',
      );
      assert.equal(await (await fetch(`${base}/`)).text(), 'the shop', 'the host app is untouched');
      process.stdout.write(
        `hostile corpus, checkoutRouter in a host app: ${tried} requests, ${serverErrors} answered 5xx\n`,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
