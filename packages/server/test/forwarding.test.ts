import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import {
  type CheckoutSession,
  createCheckoutLogger,
  createFulfilmentForwarder,
  FULFILMENT_SIGNATURE_HEADER,
  signFulfilment,
  verifyFulfilmentSignature,
} from '../src/index.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { waitFor } from './support/wait.js';

const secret = 'fulfilment-secret-0123456789';

describe('FULFILMENT_URL signatures', () => {
  it('verifies its own signature and refuses a tampered body, another secret, or an old timestamp', () => {
    const body = '{"sessionId":"cs_test_1"}';
    const header = signFulfilment(body, secret);
    assert.equal(verifyFulfilmentSignature(body, header, secret), true);
    assert.equal(verifyFulfilmentSignature(body.replace('1', '2'), header, secret), false);
    assert.equal(verifyFulfilmentSignature(body, header, 'another-secret-0123456789'), false);
    const old = signFulfilment(body, secret, Math.floor(Date.now() / 1000) - 301);
    assert.equal(verifyFulfilmentSignature(body, old, secret), false);
    assert.equal(verifyFulfilmentSignature(body, undefined, secret), false);
    assert.equal(verifyFulfilmentSignature(body, 't=1,v1=zz', secret), false);
  });

  it('is Stripe’s scheme, verified by stripe-node: every v1 is tried, so a receiver can rotate its secret', () => {
    const body = '{"sessionId":"cs_test_rotation"}';
    const t = Math.floor(Date.now() / 1000);
    const old = signFulfilment(body, 'old-fulfilment-secret-0123', t);
    const current = signFulfilment(body, secret, t);
    const both = `${current},v1=${old.split('v1=')[1]}`;
    assert.equal(verifyFulfilmentSignature(body, both, secret), true);
    assert.equal(verifyFulfilmentSignature(body, both, 'old-fulfilment-secret-0123'), true);
    assert.equal(verifyFulfilmentSignature(body, both, 'a-third-secret-0123456789'), false);
    // A Stripe webhook verifier accepts it with the fulfilment secret as the endpoint secret.
    assert.equal(Stripe.webhooks.signature!.verifyHeader(body, current, secret), true);
  });
});

describe('the order outbox', () => {
  it('POSTs each order once, signed, retrying with backoff until the receiver answers 2xx', async () => {
    const received: { body: string; signature: string | undefined; key: string | undefined }[] = [];
    let failuresLeft = 2;
    const receiver = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers[FULFILMENT_SIGNATURE_HEADER.toLowerCase()] as string | undefined,
        key: req.headers['idempotency-key'] as string | undefined,
      });
      res.statusCode = failuresLeft-- > 0 ? 503 : 204;
      res.end();
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const ledger = createSqliteLedger(':memory:');
    const forwarder = createFulfilmentForwarder({
      ledger,
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/orders`,
      secret,
      logger: createCheckoutLogger({ level: 'silent' }),
      retryBaseMs: 20,
      pollMs: 10,
    });
    try {
      forwarder.start();
      const session = {
        id: 'cs_test_outbox',
        client_secret: 'cs_test_outbox_secret_never_forwarded',
        amount_total: 2500,
        currency: 'usd',
        customer_details: { email: 'buyer@example.com' },
        status: 'complete',
        payment_status: 'paid',
      } as unknown as CheckoutSession;
      await forwarder.enqueue(session);
      await forwarder.enqueue(session);
      await waitFor(
        async () => (await ledger.task({ sessionId: 'cs_test_outbox', kind: 'forward' }))?.state === 'done',
      );
      assert.equal(received.length, 3, 'two failures, then one success');
      for (const delivery of received) {
        assert.equal(delivery.key, 'cs_test_outbox');
        assert.equal(verifyFulfilmentSignature(delivery.body, delivery.signature, secret), true);
        assert.doesNotMatch(delivery.body, /secret/);
      }
      assert.deepEqual(JSON.parse(received[2]!.body).amountTotal, 2500);
      // Nothing more arrives once done.
      await forwarder.stop();
      assert.equal(received.length, 3);
    } finally {
      await forwarder.stop();
      await ledger.close();
      receiver.close();
    }
  });
});
