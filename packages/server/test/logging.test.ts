import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createCheckoutLogger } from '../src/index.js';

describe('the default logger', () => {
  it('redacts secret keys, webhook secrets, client secrets and signature headers wherever they appear', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createCheckoutLogger({ destination });
    // What a careless hook might log: the whole session, the options, a request.
    logger.info(
      {
        session: { id: 'cs_test_1', client_secret: 'cs_test_1_secret_leak' },
        clientSecret: 'cs_test_2_secret_leak',
        options: { secretKey: 'sk_test_leak', webhookSecret: 'whsec_leak' },
        headers: { authorization: 'Bearer sk_test_leak2', 'stripe-signature': 't=1,v1=leak' },
      },
      'hook ran',
    );
    const output = lines.join('');
    assert.match(output, /cs_test_1"/, 'the session id is kept');
    for (const secret of [
      'cs_test_1_secret_leak',
      'cs_test_2_secret_leak',
      'sk_test_leak',
      'whsec_leak',
      'v1=leak',
    ]) {
      assert.equal(output.includes(secret), false, `${secret} was logged`);
    }
    assert.match(output, /\[redacted\]/);
  });

  it('censors secrets at any depth, in arrays and in any header case, without changing the logged object', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createCheckoutLogger({ destination });
    const logged = {
      req: { headers: { Authorization: 'Bearer sk_live_case', 'Stripe-Signature': 't=1,v1=case' } },
      sessions: [{ id: 'cs_test_a', client_secret: 'cs_test_a_secret_array' }],
      event: { data: { object: { client_secret: 'cs_test_b_secret_deep' } } },
    };
    const before = JSON.stringify(logged);
    logger.info(logged, 'nested');
    const output = lines.join('');
    for (const secret of ['sk_live_case', 'v1=case', 'cs_test_a_secret_array', 'cs_test_b_secret_deep']) {
      assert.equal(output.includes(secret), false, `${secret} was logged`);
    }
    assert.match(output, /"id":"cs_test_a"/, 'what is not secret is kept');
    assert.equal(JSON.stringify(logged), before, "the caller's object is not modified");
  });
});
