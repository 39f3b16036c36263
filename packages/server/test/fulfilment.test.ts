import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import { createCheckoutLogger, type Ledger } from '../src/index.js';
import { checkoutRouter } from '../src/express.js';
import { sessionEvent, signedDelivery } from './support/signing.js';
import {
  type Capture,
  createdSession,
  PRICES,
  pay,
  PUBLISHABLE_KEY,
  SHOP_ORIGIN,
  type Stack,
  startCapture,
  startStack,
  WEBHOOK_SECRET,
} from './support/stack.js';
import { stores } from './support/stores.js';
import { waitFor } from './support/wait.js';

const count = (list: string[], id: string) => list.filter((entry) => entry === id).length;

async function capturedEvent(capture: Capture, type: string, sessionId: string): Promise<string> {
  let found: string | undefined;
  await waitFor(
    () => {
      found = capture.bodies.find((body) => {
        const event = JSON.parse(body) as { type: string; data: { object: { id: string } } };
        return event.type === type && event.data.object.id === sessionId;
      });
      return found !== undefined;
    },
    { what: `${type} for ${sessionId}` },
  );
  return found!;
}

const deliver = (base: string, payload: string) =>
  fetch(`${base}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signedDelivery(payload, WEBHOOK_SECRET),
    },
    body: payload,
  });

/** A second server instance over the same storage, as behind a load balancer. */
async function secondInstance(stack: Stack, ledger: Ledger, onFulfil: (id: string) => void) {
  const app = express();
  app.use(
    checkoutRouter({
      stripe: stack.stripe,
      publishableKey: PUBLISHABLE_KEY,
      catalog: [PRICES.tshirt],
      returnUrl: `${SHOP_ORIGIN}/thanks?session_id={CHECKOUT_SESSION_ID}`,
      allowedOrigins: [SHOP_ORIGIN],
      webhookSecret: WEBHOOK_SECRET,
      ledger,
      logger: createCheckoutLogger({ level: 'silent' }),
      onFulfil: (session) => onFulfil(session.id),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ledger.close();
    },
  };
}

for (const store of stores()) {
  describe(`exactly-once fulfilment (${store.name} ledger)`, () => {
    it('runs onFulfil once for 200 concurrent deliveries plus 200 return-page lookups over two instances', {
      skip: store.skip,
    }, async () => {
      const capture = await startCapture();
      const storage = store.fresh();
      const stack = await startStack({
        ledger: storage.open(),
        deliverWebhooks: false,
        extraEndpoints: [capture.url],
      });
      const other = await secondInstance(stack, storage.open(), (id) => stack.calls.fulfil.push(id));
      try {
        const { sessionId } = await createdSession(stack);
        await pay(stack, sessionId);
        const payload = await capturedEvent(capture, 'checkout.session.completed', sessionId);
        const webhooks = Array.from({ length: 200 }, (_, i) =>
          deliver(i % 2 ? stack.base : other.base, payload),
        );
        const lookups = Array.from({ length: 200 }, (_, i) =>
          fetch(`${i % 2 ? other.base : stack.base}/sessions/${sessionId}`),
        );
        const answers = await Promise.all([...webhooks, ...lookups]);
        for (const answer of answers.slice(0, 200))
          assert.ok([200, 503].includes(answer.status), `webhook answered ${answer.status}`);
        for (const answer of answers.slice(200)) assert.equal(answer.status, 200);
        await Promise.all(answers.map((answer) => answer.arrayBuffer()));
        assert.equal(count(stack.calls.fulfil, sessionId), 1, 'onFulfil ran exactly once');
        // Whatever was refused as in-progress is acknowledged on the retry, still without a second run.
        const retry = await deliver(stack.base, payload);
        assert.equal(retry.status, 200);
        assert.equal(count(stack.calls.fulfil, sessionId), 1);
      } finally {
        await other.close();
        await stack.close();
        await capture.close();
      }
    });

    it('answers 500 when onFulfil throws, and fulfils once on the retried delivery', {
      skip: store.skip,
    }, async () => {
      let attempts = 0;
      const fulfilled: string[] = [];
      const stack = await startStack({
        ledger: store.fresh().open(),
        overrides: {
          onFulfil: (session) => {
            attempts++;
            if (attempts <= 2) throw new Error('warehouse API is down');
            fulfilled.push(session.id);
          },
        },
      });
      try {
        const { sessionId } = await createdSession(stack);
        await pay(stack, sessionId);
        await waitFor(() => fulfilled.includes(sessionId), { what: 'fulfilment after retries' });
        await stack.emulator.webhooks.waitForIdle();
        const completed = stack.emulator.webhooks
          .deliveries()
          .find((delivery) => delivery.eventType === 'checkout.session.completed');
        assert.deepEqual(
          completed?.attempts.map((attempt) => attempt.status),
          [500, 500, 200],
        );
        const status = (await (await fetch(`${stack.base}/sessions/${sessionId}`)).json()) as {
          fulfilled: boolean;
        };
        assert.equal(status.fulfilled, true);
        assert.equal(attempts, 3);
        assert.deepEqual(fulfilled, [sessionId]);
      } finally {
        await stack.close();
      }
    });

    it('calls onExpired once for an expired session, even when the event is delivered again', {
      skip: store.skip,
    }, async () => {
      const capture = await startCapture();
      const stack = await startStack({ ledger: store.fresh().open(), extraEndpoints: [capture.url] });
      try {
        const { sessionId } = await createdSession(stack);
        await stack.emulator.buyer.expire(sessionId);
        await waitFor(() => stack.calls.expired.includes(sessionId), { what: 'onExpired' });
        const payload = await capturedEvent(capture, 'checkout.session.expired', sessionId);
        assert.equal((await deliver(stack.base, payload)).status, 200);
        assert.equal(count(stack.calls.expired, sessionId), 1);
        assert.equal(count(stack.calls.fulfil, sessionId), 0);
      } finally {
        await stack.close();
        await capture.close();
      }
    });

    it('fulfils a delayed payment only on async_payment_succeeded, and calls onPaymentFailed once when it fails', {
      skip: store.skip,
    }, async () => {
      const capture = await startCapture();
      const stack = await startStack({ ledger: store.fresh().open(), extraEndpoints: [capture.url] });
      try {
        const succeeding = (await createdSession(stack)).sessionId;
        const failing = (await createdSession(stack)).sessionId;
        for (const id of [succeeding, failing]) await pay(stack, id, { outcome: 'delayed' });
        await capturedEvent(capture, 'checkout.session.completed', failing);
        await stack.emulator.webhooks.waitForIdle();
        const pending = (await (await fetch(`${stack.base}/sessions/${succeeding}`)).json()) as {
          paymentStatus: string;
          fulfilled: boolean;
        };
        assert.equal(pending.paymentStatus, 'unpaid');
        assert.equal(pending.fulfilled, false);
        assert.deepEqual(stack.calls.fulfil, [], 'nothing is fulfilled while the payment is pending');

        await stack.emulator.buyer.settleAsyncPayment(succeeding, 'succeeded');
        await stack.emulator.buyer.settleAsyncPayment(failing, 'failed');
        await waitFor(() => stack.calls.fulfil.includes(succeeding) && stack.calls.failed.includes(failing), {
          what: 'async hooks',
        });
        const replay = await capturedEvent(capture, 'checkout.session.async_payment_failed', failing);
        assert.equal((await deliver(stack.base, replay)).status, 200);
        assert.deepEqual(stack.calls.fulfil, [succeeding]);
        assert.deepEqual(stack.calls.failed, [failing]);
      } finally {
        await stack.close();
        await capture.close();
      }
    });

    it('decides from the signed event itself: fulfils what it says is paid, once, and ignores an older unpaid copy', {
      skip: store.skip,
    }, async () => {
      const fulfilled: { id: string; reference: string | null; lineItems: unknown }[] = [];
      const stack = await startStack({
        ledger: store.fresh().open(),
        overrides: {
          onFulfil: (session) => {
            fulfilled.push({
              id: session.id,
              reference: session.client_reference_id,
              lineItems: session.line_items,
            });
          },
        },
      });
      try {
        // A verified signature is the authority (forged ones are refused: see the webhook tests), so the event's
        // session is used as delivered, without asking Stripe again; the emulator has never heard of this id.
        const id = 'cs_test_signed_only';
        const paid = { id, status: 'complete', payment_status: 'paid', client_reference_id: 'cart_7' };
        assert.equal(
          (await deliver(stack.base, sessionEvent('checkout.session.completed', paid))).status,
          200,
        );
        assert.deepEqual(fulfilled, [{ id, reference: 'cart_7', lineItems: undefined }]);
        // Delivered late and out of order: the completion of a delayed payment, still unpaid at the time.
        const older = sessionEvent('checkout.session.completed', { ...paid, payment_status: 'unpaid' });
        assert.equal((await deliver(stack.base, older)).status, 200);
        // A second, different event for the same paid session.
        const again = sessionEvent('checkout.session.async_payment_succeeded', paid);
        assert.equal((await deliver(stack.base, again)).status, 200);
        assert.equal(fulfilled.length, 1);
        const status = (await (await fetch(`${stack.base}/sessions/${id}`)).json()) as { error?: unknown };
        assert.ok(status.error, 'the return page still asks Stripe, which does not know this session');
        assert.equal(fulfilled.length, 1);
      } finally {
        await stack.close();
      }
    });

    it('hands onFulfil the line items from Stripe when fulfilWithLineItems is set', {
      skip: store.skip,
    }, async () => {
      const lineItems: unknown[] = [];
      const stack = await startStack({
        ledger: store.fresh().open(),
        overrides: {
          fulfilWithLineItems: true,
          onFulfil: (session) => {
            lineItems.push(session.line_items?.data.map((item) => [item.price?.id, item.quantity]));
          },
        },
      });
      try {
        const { sessionId } = await createdSession(stack);
        await pay(stack, sessionId);
        await waitFor(() => lineItems.length > 0, { what: 'onFulfil' });
        assert.deepEqual(lineItems, [[[PRICES.tshirt, 1]]]);
      } finally {
        await stack.close();
      }
    });
  });
}
