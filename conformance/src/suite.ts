import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  type CompanionErrorCode,
  companionErrorBodySchema,
  companionErrors,
  sessionCreatedSchema,
  sessionStatusSchema,
  webhookAnswerSchema,
} from '@checkout-element/protocol';
import type { z } from 'zod';
import { type Answer, type RequestOptions, send } from './http.js';
import type { CaseId, Target } from './target.js';
import { DELIVERABLE, describeUpdateRoutes } from './updates.js';

/** Validates an answer with one of the protocol's schemas; a mismatch names every field at fault. */
function parseWith<T>(schema: z.ZodType<T>, answer: Answer, what: string): T {
  const result = schema.safeParse(answer.json);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    assert.fail(
      `${what} does not match the protocol's schema: ${issues.join('; ')} (body ${answer.text.slice(0, 300)})`,
    );
  }
  return result.data;
}

/** The shape every answer must have, whatever the route (docs/companion-protocol.md, "Headers on every answer"). */
function expectProtocolHeaders(target: Target, answer: Answer, what: string): void {
  if (answer.status !== 204) {
    assert.match(
      answer.headers['content-type'] ?? '',
      /^application\/json; charset=utf-8$/i,
      `${what}: Content-Type`,
    );
    assert.notEqual(answer.json, undefined, `${what}: the body is JSON (got ${answer.text.slice(0, 200)})`);
  }
  assert.match(answer.headers['cache-control'] ?? '', /no-store/, `${what}: Cache-Control: no-store`);
  assert.equal(answer.headers['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`);
  assert.notEqual(
    answer.headers['access-control-allow-origin'],
    '*',
    `${what}: never Access-Control-Allow-Origin: *`,
  );
  for (const secret of target.secrets)
    assert.ok(!answer.text.includes(secret), `${what}: a secret appears in the answer`);
  assert.doesNotMatch(
    answer.text,
    /(Stack trace|Warning:|Notice:|Deprecated:|Fatal error|<br \/>|<html)/i,
    `${what}: no PHP output, trace or HTML`,
  );
}

/** An error answer: its status and `retryable` from the protocol's table, the error schema, the field if named. */
function expectError(
  target: Target,
  answer: Answer,
  code: CompanionErrorCode,
  field?: string,
): Record<string, unknown> {
  const what = `expected ${code}${field ? ` (${field})` : ''}`;
  assert.equal(
    answer.status,
    companionErrors[code].status,
    `${what}: status (body ${answer.text.slice(0, 300)})`,
  );
  expectProtocolHeaders(target, answer, what);
  const body = parseWith(companionErrorBodySchema, answer, what);
  assert.equal(body.error.code, code, `${what}: code (message: ${body.error.message})`);
  assert.equal(body.error.retryable, companionErrors[code].retryable, `${what}: retryable`);
  if (field !== undefined)
    assert.equal(body.error.field, field, `${what}: field (message: ${body.error.message})`);
  // The schema strips members it does not name (`failure`): read them from the body as sent.
  return (answer.json as { error: Record<string, unknown> }).error;
}

function json(body: unknown, headers: Record<string, string> = {}): RequestOptions {
  return { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
}

function sign(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}`;
}

/** The suite, against one implementation. */
export function runConformance(name: string, start: () => Promise<Target>): void {
  describe(`companion protocol conformance: ${name}`, () => {
    let target: Target;
    before(async () => {
      target = await start();
    });
    after(async () => {
      await target?.stop();
    });

    const url = (path: string) => `${target.base}${path}`;
    const stripeGet = async (path: string): Promise<Record<string, unknown>> => {
      const response = await fetch(`${target.emulator.url}${path}`, {
        headers: { Authorization: `Bearer ${target.emulator.secretKey}` },
      });
      return (await response.json()) as Record<string, unknown>;
    };
    /** A session exactly as `POST /sessions` answers it. */
    const createBareSession = async (
      items = [{ price: target.sellable, quantity: 1 }],
      headers: Record<string, string> = {},
    ) => {
      const answer = await send(
        url('/sessions'),
        'POST',
        json({ items, email: 'buyer@example.com' }, headers),
      );
      assert.equal(answer.status, 200, `POST /sessions: ${answer.text}`);
      return parseWith(sessionCreatedSchema, answer, 'POST /sessions answer');
    };
    /**
     * A session a buyer can pay. On a server that prices shipping (`server_only` sessions) only the server may set
     * the address, so the buyer's address goes through `POST /sessions/{id}/shipping` first, as the element does.
     */
    const createSession = async (
      items = [{ price: target.sellable, quantity: 1 }],
      headers: Record<string, string> = {},
    ) => {
      const created = await createBareSession(items, headers);
      const session = await stripeGet(`/v1/checkout/sessions/${created.sessionId}`);
      const permissions = session.permissions as { update_shipping_details?: string } | null;
      if (permissions?.update_shipping_details === 'server_only') {
        const shipped = await send(url(`/sessions/${created.sessionId}/shipping`), 'POST', json(DELIVERABLE));
        assert.equal(shipped.status, 200, `POST /sessions/{id}/shipping: ${shipped.text}`);
      }
      return created;
    };
    const sessionCount = async () =>
      ((await stripeGet('/v1/checkout/sessions?limit=100')).data as unknown[]).length;
    /** The events the emulator raised about a session, oldest first, as the raw bodies Stripe would send. */
    const eventsFor = (sessionId: string, type?: string) =>
      target.emulator
        .events()
        .filter(
          (event) =>
            (event.data.object as { id?: string }).id === sessionId && (!type || event.type === type),
        )
        .map((event) => JSON.stringify(event));
    const deliver = (
      payload: string,
      signature = sign(payload, target.webhookSecret),
      extra: Record<string, string> = {},
    ) =>
      send(url('/webhook'), 'POST', {
        body: payload,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signature,
          ...extra,
        },
      });
    const expectReceived = (answer: Answer, flags: { duplicate?: true; ignored?: true } = {}) => {
      assert.ok(
        answer.status >= 200 && answer.status < 300,
        `webhook answered ${answer.status}: ${answer.text}`,
      );
      expectProtocolHeaders(target, answer, 'webhook');
      const body = parseWith(webhookAnswerSchema, answer, 'webhook answer');
      assert.equal(body.duplicate, flags.duplicate, `duplicate flag in ${answer.text}`);
      assert.equal(body.ignored, flags.ignored, `ignored flag in ${answer.text}`);
    };
    const paidSession = async () => {
      const created = await createSession();
      await target.emulator.buyer.complete(created.sessionId, {
        card: '4242424242424242',
        email: 'buyer@example.com',
      });
      return created.sessionId;
    };
    const onlyWhereApplicable = (id: CaseId, title: string, body: () => Promise<void>) =>
      test(title, async (t) => {
        const reason = target.notApplicable[id];
        if (reason) {
          t.skip(`not applicable to ${target.name}: ${reason}`);
          return;
        }
        await body();
      });

    describe('POST /sessions', () => {
      test('creates a session for an allowlisted cart, with the cart, email and reference exactly as asked', async () => {
        const answer = await send(
          url('/sessions'),
          'POST',
          json({
            items: [
              { price: target.sellable, quantity: 2 },
              { price: target.otherSellable, quantity: 1 },
            ],
            email: 'buyer@example.com',
            clientReferenceId: 'cart_42',
          }),
        );
        assert.equal(answer.status, 200, answer.text);
        expectProtocolHeaders(target, answer, 'POST /sessions');
        const created = parseWith(sessionCreatedSchema, answer, 'POST /sessions answer');
        assert.equal(created.uiMode, 'elements');
        assert.ok(
          created.clientSecret.startsWith(`${created.sessionId}_secret_`),
          'the client secret belongs to the session',
        );
        const session = await stripeGet(`/v1/checkout/sessions/${created.sessionId}?expand[]=line_items`);
        assert.equal(session.mode, 'payment');
        assert.equal(session.ui_mode, 'elements');
        assert.equal(session.customer_email, 'buyer@example.com');
        assert.equal(session.client_reference_id, 'cart_42');
        assert.match(String(session.return_url), /\{CHECKOUT_SESSION_ID\}/);
        const lines = (session.line_items as { data: Array<{ price: { id: string }; quantity: number }> })
          .data;
        assert.deepEqual(
          lines.map((line) => [line.price.id, line.quantity]),
          [
            [target.sellable, 2],
            [target.otherSellable, 1],
          ],
        );
        assert.equal(session.expires_at, created.expiresAt);
        // `collects` is optional; when a server sends it, it must say what this session asks (the element loads
        // only the Elements it names): the email is prefilled and nothing else is collected here.
        if (created.collects) {
          const { contactDetails, taxId, terms } = created.collects;
          const asked = session as {
            phone_number_collection?: { enabled?: boolean };
            tax_id_collection?: { enabled?: boolean };
            consent_collection?: { terms_of_service?: string } | null;
          };
          assert.deepEqual(
            { contactDetails, taxId, terms },
            {
              contactDetails: asked.phone_number_collection?.enabled === true,
              taxId: asked.tax_id_collection?.enabled === true,
              terms: asked.consent_collection?.terms_of_service === 'required',
            },
            'collects agrees with the session',
          );
        }
      });

      test('the same Idempotency-Key returns the same session; with another cart it is a 409 naming the header', async () => {
        const key = randomUUID();
        const first = await createSession([{ price: target.sellable, quantity: 1 }], {
          'Idempotency-Key': key,
        });
        const again = await createSession([{ price: target.sellable, quantity: 1 }], {
          'Idempotency-Key': key,
        });
        assert.equal(again.sessionId, first.sessionId);
        const conflict = await send(
          url('/sessions'),
          'POST',
          json(
            { items: [{ price: target.sellable, quantity: 3 }], email: 'buyer@example.com' },
            { 'Idempotency-Key': key },
          ),
        );
        expectError(target, conflict, 'idempotency_conflict', 'Idempotency-Key');
      });

      for (const key of [
        'short',
        'has spaces in it, which are not allowed',
        'x'.repeat(256),
        'ümlaut-keys-are-not-allowed',
      ]) {
        test(`refuses the Idempotency-Key ${JSON.stringify(key.slice(0, 24))} naming the header`, async () => {
          const answer = await send(
            url('/sessions'),
            'POST',
            json({ items: [{ price: target.sellable, quantity: 1 }] }, { 'Idempotency-Key': key }),
          );
          expectError(target, answer, 'invalid_request', 'Idempotency-Key');
        });
      }

      const hostile: Array<[string, () => unknown, string | undefined]> = [
        [
          'an amount set by the browser',
          () => ({ items: [{ price: target.sellable, quantity: 1, unit_amount: 1 }] }),
          'items[0].unit_amount',
        ],
        [
          'inline price data',
          () => ({ items: [{ price: target.sellable, quantity: 1 }], price_data: { unit_amount: 1 } }),
          'price_data',
        ],
        [
          'a price that is not for sale here',
          () => ({ items: [{ price: target.notForSale, quantity: 1 }] }),
          'items[0].price',
        ],
        [
          'a price that does not exist',
          () => ({ items: [{ price: 'price_does_not_exist', quantity: 1 }] }),
          'items[0].price',
        ],
        [
          'the same price twice',
          () => ({
            items: [
              { price: target.sellable, quantity: 1 },
              { price: target.sellable, quantity: 1 },
            ],
          }),
          'items[1].price',
        ],
        ['quantity 0', () => ({ items: [{ price: target.sellable, quantity: 0 }] }), 'items[0].quantity'],
        [
          'a negative quantity',
          () => ({ items: [{ price: target.sellable, quantity: -2 }] }),
          'items[0].quantity',
        ],
        [
          "a quantity above the price's maximum",
          () => ({ items: [{ price: target.sellable, quantity: target.sellableMax + 1 }] }),
          'items[0].quantity',
        ],
        [
          'a fractional quantity',
          () => ({ items: [{ price: target.sellable, quantity: 1.5 }] }),
          'items[0].quantity',
        ],
        [
          'a quantity as a string',
          () => ({ items: [{ price: target.sellable, quantity: '2' }] }),
          'items[0].quantity',
        ],
        ['a price that is not a string', () => ({ items: [{ price: 42, quantity: 1 }] }), 'items[0].price'],
        ['items that are not an array', () => ({ items: { price: target.sellable, quantity: 1 } }), 'items'],
        [
          'a __proto__ key',
          () =>
            JSON.parse(`{"items":[{"price":"${target.sellable}","quantity":1}],"__proto__":{"admin":true}}`),
          '__proto__',
        ],
        [
          'an invalid email',
          () => ({ items: [{ price: target.sellable, quantity: 1 }], email: 'not an email' }),
          'email',
        ],
        [
          'a client reference with forbidden characters',
          () => ({ items: [{ price: target.sellable, quantity: 1 }], clientReferenceId: '<script>' }),
          'clientReferenceId',
        ],
      ];
      for (const [title, body, field] of hostile) {
        test(`refuses ${title} (400 naming ${field}) and creates nothing at Stripe`, async () => {
          const before = await sessionCount();
          const payload = body();
          const raw =
            title === 'a __proto__ key'
              ? `{"items":[{"price":"${target.sellable}","quantity":1}],"__proto__":{"admin":true}}`
              : JSON.stringify(payload);
          const answer = await send(url('/sessions'), 'POST', {
            body: raw,
            headers: { 'Content-Type': 'application/json' },
          });
          expectError(target, answer, 'invalid_request', field);
          assert.equal(await sessionCount(), before, 'no session was created at Stripe');
        });
      }

      for (const [title, raw] of [
        ['malformed JSON', '{"items":[{"price":'],
        ['a JSON array', '[]'],
        ['a JSON string', '"price_demo_tshirt"'],
        ['an empty body', ''],
      ] as const) {
        test(`refuses ${title} with a 400 JSON error`, async () => {
          const answer = await send(url('/sessions'), 'POST', {
            body: raw,
            headers: { 'Content-Type': 'application/json' },
          });
          expectError(target, answer, 'invalid_request');
        });
      }

      test('refuses a body that is not JSON with 415 naming content-type', async () => {
        const answer = await send(url('/sessions'), 'POST', {
          body: 'items=price_demo_tshirt',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        expectError(target, answer, 'unsupported_media_type', 'content-type');
      });

      test('refuses a body over 8 KiB with 413', async () => {
        const body = JSON.stringify({
          items: [{ price: target.sellable, quantity: 1 }],
          clientReferenceId: 'a'.repeat(9000),
        });
        const answer = await send(url('/sessions'), 'POST', {
          body,
          headers: { 'Content-Type': 'application/json' },
        });
        expectError(target, answer, 'body_too_large');
      });
    });

    describe('GET /sessions/{id}', () => {
      test('an open session: its status and items, not fulfilled', async () => {
        const created = await createBareSession([{ price: target.sellable, quantity: 2 }]);
        const answer = await send(url(`/sessions/${created.sessionId}`), 'GET');
        assert.equal(answer.status, 200, answer.text);
        expectProtocolHeaders(target, answer, 'GET /sessions/{id}');
        const status = parseWith(sessionStatusSchema, answer, 'GET /sessions/{id} answer');
        assert.equal(status.status, 'open');
        assert.equal(status.paymentStatus, 'unpaid');
        assert.equal(status.mode, 'payment');
        assert.equal(status.fulfilled, false);
        assert.deepEqual(
          status.lineItems.map((line) => [line.price, line.quantity]),
          [[target.sellable, 2]],
        );
        assert.equal(
          status.amountTotal,
          status.lineItems.reduce((sum, line) => sum + (line.amountTotal ?? 0), 0),
        );
      });

      test('a paid session before any webhook: complete, paid, fulfilled by the lookup, once', async () => {
        const sessionId = await paidSession();
        const answer = await send(url(`/sessions/${sessionId}`), 'GET');
        assert.equal(answer.status, 200, answer.text);
        const status = parseWith(sessionStatusSchema, answer, 'GET /sessions/{id} answer');
        assert.equal(status.status, 'complete');
        assert.equal(status.paymentStatus, 'paid');
        assert.equal(status.customerEmail, 'buyer@example.com');
        assert.equal(status.fulfilled, true);
        const again = parseWith(
          sessionStatusSchema,
          await send(url(`/sessions/${sessionId}`), 'GET'),
          'GET /sessions/{id} answer',
        );
        assert.equal(again.fulfilled, true);
        assert.equal(await target.fulfilments(sessionId), 1);
      });

      test('refuses a client secret in the URL (400 naming id)', async () => {
        const created = await createSession();
        const answer = await send(url(`/sessions/${encodeURIComponent(created.clientSecret)}`), 'GET');
        expectError(target, answer, 'invalid_request', 'id');
      });

      for (const [title, path] of [
        ['a path that does not percent-decode', '/sessions/cs_test_%zz'],
        ['an encoded slash inside the id', '/sessions/cs_test_a%2Fb'],
        ['an id that is not a Checkout Session id', '/sessions/pi_123'],
        ['an id with characters outside [A-Za-z0-9_]', `/sessions/${encodeURIComponent('cs_test_<script>')}`],
      ] as const) {
        test(`refuses ${title} (400 naming id)`, async () => {
          expectError(target, await send(url(path), 'GET'), 'invalid_request', 'id');
        });
      }

      test('a session Stripe does not know is 404 not_found', async () => {
        expectError(target, await send(url('/sessions/cs_test_doesnotexist123'), 'GET'), 'not_found');
      });
    });

    describe('routing', () => {
      test('an unknown path under the base is a JSON 404', async () => {
        expectError(target, await send(url('/no-such-route'), 'GET'), 'not_found');
      });

      test('framework query parameters do not change an answer (JSONP, envelopes, field filters, method overrides)', async () => {
        const status = await send(
          url('/sessions/cs_test_doesnotexist123?_jsonp=steal&_envelope=1&_fields=status&_method=DELETE'),
          'GET',
        );
        expectError(target, status, 'not_found');
        const created = await send(
          url('/sessions?_method=GET&_envelope=1'),
          'POST',
          json({ items: [{ price: target.sellable, quantity: 1 }] }, { 'X-HTTP-Method-Override': 'DELETE' }),
        );
        assert.equal(created.status, 200, created.text);
        parseWith(sessionCreatedSchema, created, 'POST /sessions answer');
      });

      for (const [method, path, allow] of [
        ['GET', '/webhook', 'POST'],
        ['DELETE', '/sessions', 'POST'],
        ['PUT', '/webhook', 'POST'],
      ] as const) {
        test(`${method} ${path} is a JSON 405 with Allow: ${allow}`, async () => {
          const answer = await send(url(path), method);
          expectError(target, answer, 'method_not_allowed');
          assert.match(answer.headers.allow ?? '', new RegExp(allow));
        });
      }
    });

    describe('POST /webhook: verification', () => {
      const anEvent = () =>
        JSON.stringify({
          id: `evt_${randomUUID().replaceAll('-', '')}`,
          object: 'event',
          type: 'customer.created',
          livemode: false,
          data: { object: { id: 'cus_123', object: 'customer' } },
        });

      test('a correctly signed event of a type it does not act on: 200 ignored', async () => {
        expectReceived(await deliver(anEvent()), { ignored: true });
      });

      test('refuses an event signed with another secret (forged): bad_signature', async () => {
        const payload = anEvent();
        const error = expectError(
          target,
          await deliver(payload, sign(payload, 'whsec_not_the_endpoint_secret')),
          'webhook_signature_invalid',
        );
        assert.equal(error.failure, 'bad_signature');
      });

      test('refuses a body changed after signing (tampered): bad_signature', async () => {
        const payload = anEvent();
        const error = expectError(
          target,
          await deliver(payload.replace('cus_123', 'cus_999'), sign(payload, target.webhookSecret)),
          'webhook_signature_invalid',
        );
        assert.equal(error.failure, 'bad_signature');
      });

      test('refuses a correctly signed event older than 300 s (replayed): stale_timestamp', async () => {
        const payload = anEvent();
        const error = expectError(
          target,
          await deliver(payload, sign(payload, target.webhookSecret, Math.floor(Date.now() / 1000) - 301)),
          'webhook_signature_invalid',
        );
        assert.equal(error.failure, 'stale_timestamp');
      });

      test('refuses a delivery without Stripe-Signature: missing_header', async () => {
        const answer = await send(url('/webhook'), 'POST', {
          body: anEvent(),
          headers: { 'Content-Type': 'application/json' },
        });
        const error = expectError(target, answer, 'webhook_signature_invalid');
        assert.equal(error.failure, 'missing_header');
      });

      test('refuses a Stripe-Signature without t or v1: malformed_header', async () => {
        const error = expectError(target, await deliver(anEvent(), 'garbage'), 'webhook_signature_invalid');
        assert.equal(error.failure, 'malformed_header');
      });

      test('accepts the event when any of several v1 signatures matches (a secret being rolled), in either order', async () => {
        const payload = anEvent();
        const timestamp = Math.floor(Date.now() / 1000);
        const right = sign(payload, target.webhookSecret, timestamp).split(',v1=')[1];
        const wrong = createHmac('sha256', 'whsec_the_old_secret')
          .update(`${timestamp}.${payload}`)
          .digest('hex');
        expectReceived(await deliver(payload, `t=${timestamp},v1=${wrong},v1=${right}`), { ignored: true });
        expectReceived(await deliver(payload, `t=${timestamp},v1=${right},v1=${wrong},v0=${wrong}`), {
          ignored: true,
        });
      });

      test('refuses a correctly signed body that is not an event: invalid_event', async () => {
        for (const payload of [
          '{"hello":"world"}',
          '{"id":"evt_1","type":"checkout.session.completed","data":{"object":"cs_x"}}',
          '[1,2,3]',
          'not json',
        ]) {
          expectError(target, await deliver(payload), 'invalid_event');
        }
      });

      test('refuses a webhook body over 1 MiB with 413', async () => {
        const payload = JSON.stringify({
          id: 'evt_big',
          type: 'customer.created',
          data: { object: { padding: 'x'.repeat(1024 * 1024 + 16) } },
        });
        expectError(target, await deliver(payload), 'body_too_large');
      });

      test('a paid-session event for a session Stripe does not know: 2xx (retrying cannot help), nothing fulfilled', async () => {
        const payload = JSON.stringify({
          id: `evt_${randomUUID().replaceAll('-', '')}`,
          object: 'event',
          type: 'checkout.session.completed',
          livemode: false,
          created: Math.floor(Date.now() / 1000),
          data: {
            object: {
              id: 'cs_test_unknown_to_stripe_1',
              object: 'checkout.session',
              status: 'complete',
              payment_status: 'paid',
              mode: 'payment',
              livemode: false,
            },
          },
        });
        const answer = await deliver(payload);
        assert.ok(answer.status >= 200 && answer.status < 300, `answered ${answer.status}: ${answer.text}`);
        assert.equal(await target.fulfilments('cs_test_unknown_to_stripe_1'), 0);
      });
    });

    describe('POST /webhook: exactly once', () => {
      test('the completed event: fulfilled once; the same event again (replayed) is a 200 duplicate', async () => {
        const sessionId = await paidSession();
        const [completed] = eventsFor(sessionId, 'checkout.session.completed');
        assert.ok(completed, 'the emulator raised checkout.session.completed');
        expectReceived(await deliver(completed));
        expectReceived(await deliver(completed), { duplicate: true });
        assert.equal(await target.fulfilments(sessionId), 1);
        const status = parseWith(
          sessionStatusSchema,
          await send(url(`/sessions/${sessionId}`), 'GET'),
          'GET /sessions/{id} answer',
        );
        assert.equal(status.fulfilled, true);
        assert.equal(
          await target.fulfilments(sessionId),
          1,
          'the return page after the webhook does not fulfil again',
        );
      });

      test('20 concurrent deliveries of the event and 10 concurrent return-page lookups: fulfilled exactly once', async () => {
        const sessionId = await paidSession();
        const [completed] = eventsFor(sessionId, 'checkout.session.completed');
        assert.ok(completed);
        const answers = await Promise.all([
          ...Array.from({ length: 20 }, () => deliver(completed)),
          ...Array.from({ length: 10 }, () => send(url(`/sessions/${sessionId}`), 'GET')),
        ]);
        for (const answer of answers) {
          if (answer.status === 503) {
            expectError(target, answer, 'in_progress'); // another worker holds the claim: Stripe retries
          } else {
            assert.equal(answer.status, 200, answer.text);
            expectProtocolHeaders(target, answer, 'concurrent answer');
          }
        }
        assert.equal(await target.fulfilments(sessionId), 1);
        const status = parseWith(
          sessionStatusSchema,
          await send(url(`/sessions/${sessionId}`), 'GET'),
          'GET /sessions/{id} answer',
        );
        assert.equal(status.fulfilled, true);
      });

      test('a delayed payment whose events arrive out of order (succeeded before completed): fulfilled once', async () => {
        const created = await createSession();
        await target.emulator.buyer.complete(created.sessionId, {
          card: '4242424242424242',
          outcome: 'delayed',
        });
        const unpaid = parseWith(
          sessionStatusSchema,
          await send(url(`/sessions/${created.sessionId}`), 'GET'),
          'GET /sessions/{id} answer',
        );
        assert.equal(unpaid.status, 'complete');
        assert.equal(unpaid.paymentStatus, 'unpaid');
        assert.equal(unpaid.fulfilled, false, 'not fulfilled while the payment is pending');
        await target.emulator.buyer.settleAsyncPayment(created.sessionId, 'succeeded');
        const [completed] = eventsFor(created.sessionId, 'checkout.session.completed');
        const [succeeded] = eventsFor(created.sessionId, 'checkout.session.async_payment_succeeded');
        assert.ok(completed && succeeded);
        expectReceived(await deliver(succeeded));
        const late = await deliver(completed);
        assert.equal(late.status, 200, late.text);
        expectReceived(await deliver(succeeded), { duplicate: true });
        assert.equal(await target.fulfilments(created.sessionId), 1);
      });

      test('a completed event while the payment is still pending fulfils nothing', async () => {
        const created = await createSession();
        await target.emulator.buyer.complete(created.sessionId, {
          card: '4242424242424242',
          outcome: 'delayed',
        });
        const [completed] = eventsFor(created.sessionId, 'checkout.session.completed');
        assert.ok(completed);
        expectReceived(await deliver(completed));
        assert.equal(await target.fulfilments(created.sessionId), 0);
      });

      test('expired and async_payment_failed events are acted on once; repeats are 200 duplicates', async () => {
        const expiring = await createSession();
        await target.emulator.buyer.expire(expiring.sessionId);
        const [expired] = eventsFor(expiring.sessionId, 'checkout.session.expired');
        assert.ok(expired);
        expectReceived(await deliver(expired));
        expectReceived(await deliver(expired), { duplicate: true });

        const failing = await createSession();
        await target.emulator.buyer.complete(failing.sessionId, {
          card: '4242424242424242',
          outcome: 'delayed',
        });
        await target.emulator.buyer.settleAsyncPayment(failing.sessionId, 'failed');
        const [failed] = eventsFor(failing.sessionId, 'checkout.session.async_payment_failed');
        assert.ok(failed);
        expectReceived(await deliver(failed));
        expectReceived(await deliver(failed), { duplicate: true });
        assert.equal(await target.fulfilments(failing.sessionId), 0);
      });

      onlyWhereApplicable(
        'hook-failure-retried',
        'a fulfilment hook that throws answers 500 hook_failed; the redelivery fulfils once',
        async () => {
          const sessionId = await paidSession();
          const [completed] = eventsFor(sessionId, 'checkout.session.completed');
          assert.ok(completed);
          target.refuseFulfilment(sessionId, 1);
          expectError(target, await deliver(completed), 'hook_failed');
          assert.equal(await target.fulfilments(sessionId), 0);
          expectReceived(await deliver(completed));
          assert.equal(await target.fulfilments(sessionId), 1);
        },
      );
    });

    describeUpdateRoutes({
      target: () => target,
      url,
      json,
      createSession: () => createBareSession(),
      paidSession,
      expectError: (answer, code, field) => expectError(target, answer, code, field),
      expectProtocolHeaders: (answer, what) => expectProtocolHeaders(target, answer, what),
      stripeGet,
    });

    describe('CORS', () => {
      test("a preflight from an allowed origin: 204 with the route's method, the two headers and Max-Age 600", async () => {
        const answer = await send(url('/sessions'), 'OPTIONS', {
          headers: {
            Origin: target.allowedOrigin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type,idempotency-key',
          },
        });
        assert.equal(answer.status, 204, answer.text);
        assert.equal(answer.headers['access-control-allow-origin'], target.allowedOrigin);
        assert.match(answer.headers['access-control-allow-methods'] ?? '', /POST/);
        assert.match(answer.headers['access-control-allow-headers'] ?? '', /content-type/i);
        assert.match(answer.headers['access-control-allow-headers'] ?? '', /idempotency-key/i);
        assert.equal(answer.headers['access-control-max-age'], '600');
        assert.match(answer.headers.vary ?? '', /origin/i);
      });

      test('a session request from an allowed origin carries Access-Control-Allow-Origin and Vary: Origin', async () => {
        const answer = await send(
          url('/sessions'),
          'POST',
          json({ items: [{ price: target.sellable, quantity: 1 }] }, { Origin: target.allowedOrigin }),
        );
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.headers['access-control-allow-origin'], target.allowedOrigin);
        assert.match(answer.headers.vary ?? '', /origin/i);
        assert.equal(answer.headers['access-control-allow-credentials'], undefined);
      });

      test('an error for an allowed origin is readable by it (CORS headers on errors too)', async () => {
        const answer = await send(
          url('/sessions'),
          'POST',
          json({ items: [{ price: target.notForSale, quantity: 1 }] }, { Origin: target.allowedOrigin }),
        );
        expectError(target, answer, 'invalid_request', 'items[0].price');
        assert.equal(answer.headers['access-control-allow-origin'], target.allowedOrigin);
      });

      for (const origin of ['https://evil.example', 'null', `${'https://shop.example'}.evil.example`]) {
        test(`requests from ${origin} are refused with 403 origin_not_allowed and no CORS grant`, async () => {
          const before = await sessionCount();
          const post = await send(
            url('/sessions'),
            'POST',
            json({ items: [{ price: target.sellable, quantity: 1 }] }, { Origin: origin }),
          );
          expectError(target, post, 'origin_not_allowed');
          assert.equal(post.headers['access-control-allow-origin'], undefined);
          assert.equal(await sessionCount(), before);
          const preflight = await send(url('/sessions'), 'OPTIONS', {
            headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
          });
          assert.equal(preflight.status, 403, preflight.text);
          assert.equal(preflight.headers['access-control-allow-origin'], undefined);
          const status = await send(url('/sessions/cs_test_doesnotexist123'), 'GET', {
            headers: { Origin: origin },
          });
          expectError(target, status, 'origin_not_allowed');
        });
      }

      test('/webhook has no CORS, whatever the Origin', async () => {
        const payload = JSON.stringify({
          id: 'evt_cors',
          object: 'event',
          type: 'customer.created',
          livemode: false,
          data: { object: { id: 'cus_1' } },
        });
        const answer = await deliver(payload, sign(payload, target.webhookSecret), {
          Origin: target.allowedOrigin,
        });
        expectReceived(answer, { ignored: true });
        assert.equal(answer.headers['access-control-allow-origin'], undefined);
      });
    });
  });
}
