import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import Stripe from 'stripe';
import { type Emulator, signWebhookPayload, startEmulator } from '../src/index.js';
import { elementsSession, expectStripeError, reference, sdk, startReceiver } from './helpers.js';

const SECRET = 'whsec_test_emulator_webhooks';
const verifier = new Stripe('sk_test_unused');
const started: { stop(): Promise<void> }[] = [];
after(async () => {
  for (const resource of started) await resource.stop();
});

async function setup(statuses: number[] = [], options: Parameters<typeof startEmulator>[0] = {}) {
  const receiver = await startReceiver(statuses);
  const emulator: Emulator = await startEmulator({
    ...options,
    webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
    webhooks: { retrySchedule: [20, 40, 80], ...options.webhooks },
  });
  started.push(emulator, { stop: receiver.close });
  return { emulator, receiver, stripe: sdk(emulator) };
}

describe('webhooks', () => {
  it('signs events so stripe.webhooks.constructEvent accepts them, in the event envelope', async () => {
    const { emulator, receiver, stripe } = await setup();
    const session = await elementsSession(stripe);
    await emulator.buyer.complete(session.id, { email: 'ada@example.com' });
    await receiver.waitFor(3);
    const events = receiver.received.map(({ body, signature }) =>
      verifier.webhooks.constructEvent(body, signature, SECRET),
    );
    // The PaymentIntent is created at confirmation (API 2022-08-01 on), then succeeds, then the session completes.
    assert.deepEqual(
      events.map((event) => event.type),
      ['payment_intent.created', 'payment_intent.succeeded', 'checkout.session.completed'],
    );
    const completed = events[2] as Stripe.CheckoutSessionCompletedEvent;
    assert.equal(completed.data.object.id, session.id);
    assert.equal(completed.data.object.payment_status, 'paid');
    assert.equal(completed.data.object.customer_details?.email, 'ada@example.com');
    const schema = reference<{ event: { required: string[] } }>('event_schema.json');
    for (const key of schema.event.required) assert.ok(key in completed, `event lacks required ${key}`);
    assert.equal(completed.object, 'event');
    assert.equal(completed.pending_webhooks, 1);
    const tampered = receiver.received[2]!.body.replace('"paid"', '"unpaid"');
    assert.throws(() => verifier.webhooks.constructEvent(tampered, receiver.received[2]!.signature, SECRET));
  });

  it('retries a failing endpoint with backoff until it answers 2xx, and logs every attempt', async () => {
    const { emulator, receiver, stripe } = await setup([500, 503]);
    const session = await elementsSession(stripe);
    await emulator.buyer.expire(session.id);
    await receiver.waitFor(3);
    await emulator.webhooks.waitForIdle();
    const [delivery] = emulator.webhooks.deliveries();
    assert.equal(delivery?.eventType, 'checkout.session.expired');
    assert.equal(delivery?.state, 'succeeded');
    const event = await stripe.events.retrieve(delivery!.eventId);
    assert.equal(event.pending_webhooks, 0, 'delivered, so no webhook is pending any more');
    assert.equal(event.request?.id, null, 'raised by the buyer simulation, not an API request');
    const viaApi = await elementsSession(stripe);
    const expired = await stripe.checkout.sessions.expire(viaApi.id, {}, { idempotencyKey: 'expire-1' });
    const [expiredEvent] = (await stripe.events.list({ type: 'checkout.session.expired', limit: 1 })).data;
    assert.equal(expiredEvent?.request?.id, expired.lastResponse.requestId);
    assert.equal(expiredEvent?.request?.idempotency_key, 'expire-1');
    assert.deepEqual(
      delivery?.attempts.map((attempt) => attempt.status),
      [500, 503, 200],
    );
  });

  it('retries when the endpoint does not answer within the timeout', async () => {
    let calls = 0;
    const slow = createServer((_req, res) => {
      calls += 1;
      // The first delivery is left hanging past the emulator's timeout; the retry is answered.
      if (calls > 1) res.end('ok');
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    started.push({
      stop: () =>
        new Promise<void>((resolve) => {
          slow.close(() => resolve());
          slow.closeAllConnections();
        }),
    });
    const emulator = await startEmulator({
      webhookEndpoints: [
        { url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, secret: SECRET },
      ],
      // Generous against a busy CI machine: only the first attempt is left hanging.
      webhooks: { retrySchedule: [20, 20, 20], timeoutMs: 1000 },
    });
    started.push(emulator);
    const session = await elementsSession(sdk(emulator));
    await emulator.buyer.expire(session.id);
    await emulator.webhooks.waitForIdle();
    const [delivery] = emulator.webhooks.deliveries();
    assert.equal(delivery?.state, 'succeeded');
    assert.match(delivery?.attempts[0]?.error ?? '', /timed out after 1000 ms/);
    assert.equal(delivery?.attempts.at(-1)?.status, 200);
  });

  it('gives up after the retry schedule and marks the delivery failed', async () => {
    const { emulator, stripe } = await setup([500, 500, 500, 500, 500]);
    const session = await elementsSession(stripe);
    await emulator.buyer.expire(session.id);
    await emulator.webhooks.waitForIdle();
    const [delivery] = emulator.webhooks.deliveries();
    assert.equal(delivery?.state, 'failed');
    assert.equal(delivery?.attempts.length, 4);
  });

  it('delivers duplicates and out of order when asked', async () => {
    const { emulator, receiver, stripe } = await setup([], { webhooks: { duplicates: 2, outOfOrder: true } });
    const session = await elementsSession(stripe);
    await emulator.buyer.complete(session.id);
    await receiver.waitFor(6);
    await emulator.webhooks.waitForIdle();
    const types = receiver.received.map(({ body }) => (JSON.parse(body) as Stripe.Event).type);
    assert.deepEqual(types.sort(), [
      'checkout.session.completed',
      'checkout.session.completed',
      'payment_intent.created',
      'payment_intent.created',
      'payment_intent.succeeded',
      'payment_intent.succeeded',
    ]);
    const order = receiver.received.map(({ body }) => (JSON.parse(body) as Stripe.Event).type);
    assert.equal(order[0], 'checkout.session.completed', 'the later event arrives first');
  });

  it('registers endpoints over /v1/webhook_endpoints, filtered by enabled_events, until deleted', async () => {
    const { emulator, stripe } = await setup();
    const receiver = await startReceiver();
    started.push({ stop: receiver.close });
    const endpoint = await stripe.webhookEndpoints.create({
      url: receiver.url,
      enabled_events: ['checkout.session.completed'],
    });
    assert.match(endpoint.secret ?? '', /^whsec_/);
    assert.equal((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret, undefined);
    const session = await elementsSession(stripe);
    await emulator.buyer.complete(session.id);
    await emulator.webhooks.waitForIdle();
    assert.equal(receiver.received.length, 1);
    const event = verifier.webhooks.constructEvent(
      receiver.received[0]!.body,
      receiver.received[0]!.signature,
      endpoint.secret!,
    );
    assert.equal(event.type, 'checkout.session.completed');
    assert.equal((await stripe.webhookEndpoints.del(endpoint.id)).deleted, true);
    await emulator.buyer.expire((await elementsSession(stripe)).id);
    await emulator.webhooks.waitForIdle();
    assert.equal(receiver.received.length, 1);
  });

  it('serves events over GET /v1/events and /v1/events/:id', async () => {
    const { emulator, stripe } = await setup();
    const session = await elementsSession(stripe);
    await emulator.buyer.complete(session.id, { outcome: 'delayed' });
    await emulator.buyer.settleAsyncPayment(session.id, 'failed');
    const list = await stripe.events.list({ type: 'checkout.session.*' });
    assert.deepEqual(
      list.data.map((event) => event.type),
      ['checkout.session.async_payment_failed', 'checkout.session.completed'],
    );
    const one = await stripe.events.retrieve(list.data[0]!.id);
    assert.equal((one.data.object as Stripe.Checkout.Session).payment_status, 'unpaid');
  });
});

describe('events follow each endpoint\u2019s api_version', () => {
  it('stamps and shapes events for the endpoint\u2019s version (option and REST), the account default otherwise', async () => {
    const receiver = await startReceiver();
    const pinned = await startReceiver();
    const viaApi = await startReceiver();
    started.push({ stop: receiver.close }, { stop: pinned.close }, { stop: viaApi.close });
    const emulator = await startEmulator({
      webhookEndpoints: [
        { url: receiver.url, secret: SECRET, events: ['checkout.session.completed'] },
        {
          url: pinned.url,
          secret: SECRET,
          events: ['checkout.session.completed'],
          apiVersion: '2025-09-30.clover',
        },
      ],
    });
    started.push(emulator);
    const stripe = sdk(emulator);
    const endpoint = await stripe.webhookEndpoints.create({
      url: viaApi.url,
      enabled_events: ['checkout.session.completed'],
      api_version: '2025-09-30.clover',
    });
    assert.equal(endpoint.api_version, '2025-09-30.clover');
    const session = await elementsSession(stripe);
    await emulator.buyer.complete(session.id);
    await emulator.webhooks.waitForIdle();
    const [latest] = receiver.received.map(({ body, signature }) =>
      verifier.webhooks.constructEvent(body, signature, SECRET),
    );
    const [old] = pinned.received.map(({ body, signature }) =>
      verifier.webhooks.constructEvent(body, signature, SECRET),
    );
    const [fromApi] = viaApi.received.map(({ body, signature }) =>
      verifier.webhooks.constructEvent(body, signature, endpoint.secret!),
    );
    assert.equal(latest?.api_version, '2026-10-28.endive');
    assert.equal((latest!.data.object as Stripe.Checkout.Session).ui_mode, 'elements');
    for (const event of [old, fromApi]) {
      assert.equal(event?.api_version, '2025-09-30.clover');
      assert.equal(
        (event!.data.object as Stripe.Checkout.Session).ui_mode,
        'custom',
        'rendered at the old names',
      );
      assert.equal(event?.id, latest?.id, 'one event, rendered per endpoint');
    }
    await assert.rejects(
      startEmulator({ webhookEndpoints: [{ url: receiver.url, secret: SECRET, apiVersion: 'last week' }] }),
      /apiVersion must look like 2026-10-28\.endive/,
    );
    await expectStripeError(
      stripe.webhookEndpoints.create({
        url: receiver.url,
        enabled_events: ['*'],
        api_version: 'soon' as never,
      }),
      { status: 400, param: 'api_version' },
    );
  });
});

describe('signWebhookPayload', () => {
  it('is stripe-node\u2019s signature: constructEvent accepts it, and the timestamp is the one given', () => {
    const payload = JSON.stringify({ id: 'evt_test', object: 'event', type: 'checkout.session.completed' });
    const now = Math.floor(Date.now() / 1000);
    const header = signWebhookPayload(payload, SECRET, now);
    assert.equal(
      header,
      Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: now }),
    );
    assert.match(header, new RegExp(`^t=${now},v1=[0-9a-f]{64}$`));
    assert.equal(verifier.webhooks.constructEvent(payload, header, SECRET).id, 'evt_test');
    assert.throws(() => verifier.webhooks.constructEvent(payload, header, 'whsec_other'));
  });
});
