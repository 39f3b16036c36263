import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { companionErrorBodySchema } from '@checkout-element/protocol';
import pg from 'pg';
import { createPostgresLedger } from '../src/postgres.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { packageRoot } from './support/child.js';
import { postgresSkipReason, temporaryPostgresSchema } from './support/postgres.js';
import { sessionEvent, signedDelivery } from './support/signing.js';
import { startStack, WEBHOOK_SECRET } from './support/stack.js';
import { waitFor } from './support/wait.js';

const directory = mkdtempSync(join(tmpdir(), 'checkout-faults-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const deliver = (base: string, payload: string) =>
  fetch(`${base}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signedDelivery(payload, WEBHOOK_SECRET),
    },
    body: payload,
  });

const paidEvent = (id: string) =>
  sessionEvent('checkout.session.completed', { id, status: 'complete', payment_status: 'paid' });

describe('database faults: the server answers 503 to what it could not record, recovers by itself, and loses or doubles nothing', () => {
  const postgres = temporaryPostgresSchema();

  it('PostgreSQL: connections terminated mid-request (pg_terminate_backend) → 503 ledger_unavailable, then reconnects', {
    skip: postgresSkipReason,
  }, async () => {
    const applicationName = `checkout_fault_${process.pid}`;
    const schema = `${postgres.schema}_fault`;
    const stack = await startStack({
      ledger: createPostgresLedger(`${postgres.url}?application_name=${applicationName}`, { schema }),
      deliverWebhooks: false,
    });
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      assert.equal((await deliver(stack.base, paidEvent('cs_test_fault_warmup'))).status, 200);
      // Hold the events table so the server's next statements wait on it, then terminate them while they wait:
      // a connection dropped in the middle of a request, deterministically.
      const blocker = new pg.Client({ connectionString: postgres.url });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE "${schema}".checkout_events IN ACCESS EXCLUSIVE MODE`);
      const payloads = ['cs_test_fault_a', 'cs_test_fault_b', 'cs_test_fault_c'].map(paidEvent);
      const answers = payloads.map((payload) => deliver(stack.base, payload));
      await waitFor(
        async () =>
          (
            (
              await admin.query(
                "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
                [applicationName],
              )
            ).rows[0] as { waiting: number }
          ).waiting > 0,
        { what: 'the server to wait on the locked table' },
      );
      const terminated = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      assert.ok((terminated.rowCount ?? 0) > 0);
      await blocker.query('ROLLBACK');
      await blocker.end();
      const statuses: number[] = [];
      for (const answer of await Promise.all(answers)) {
        statuses.push(answer.status);
        if (answer.status !== 200) {
          const error = companionErrorBodySchema.parse(await answer.json()).error;
          assert.equal(error.code, 'ledger_unavailable');
          assert.equal(error.retryable, true);
        }
      }
      assert.ok(statuses.includes(503), `some delivery met the dropped connection: ${statuses.join(', ')}`);
      // Stripe retries what got a 503; the pool has reconnected by itself.
      for (const payload of payloads) assert.equal((await deliver(stack.base, payload)).status, 200);
      for (const payload of payloads) {
        const again = await deliver(stack.base, payload);
        assert.deepEqual(await again.json(), { received: true, duplicate: true });
      }
      assert.deepEqual(
        [...stack.calls.fulfil].sort(),
        ['cs_test_fault_a', 'cs_test_fault_b', 'cs_test_fault_c', 'cs_test_fault_warmup'],
        'each session fulfilled once: nothing lost, nothing doubled',
      );
    } finally {
      await admin.end();
      await stack.close();
    }
  });

  it('SQLite: another process holding the write lock → 503 ledger_unavailable, then 200 once it lets go', async () => {
    const path = join(directory, 'busy.sqlite');
    const stack = await startStack({
      ledger: createSqliteLedger(path, { busyTimeoutMs: 200 }),
      deliverWebhooks: false,
    });
    try {
      assert.equal((await deliver(stack.base, paidEvent('cs_test_busy_warmup'))).status, 200);
      // A second process (say, a backup or a second server) takes SQLite's write lock and keeps it.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const Database = require('better-sqlite3');
           const db = new Database(${JSON.stringify(path)});
           db.exec('BEGIN IMMEDIATE');
           db.exec("INSERT INTO checkout_events (event_id, type, session_id, received_at) VALUES ('evt_holder', 'x', NULL, 0)");
           process.stdout.write('locked\\n');
           setInterval(() => {}, 1000);`,
        ],
        { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let holderOutput = '';
      holder.stdout!.on('data', (chunk: Buffer) => {
        holderOutput += chunk.toString('utf8');
      });
      await waitFor(() => holderOutput.includes('locked'), { what: 'the other process to hold the lock' });
      const payloads = ['cs_test_busy_a', 'cs_test_busy_b'].map(paidEvent);
      for (const payload of payloads) {
        const answer = await deliver(stack.base, payload);
        assert.equal(answer.status, 503);
        const error = companionErrorBodySchema.parse(await answer.json()).error;
        assert.equal(error.code, 'ledger_unavailable');
        assert.equal(answer.headers.get('retry-after'), '1');
      }
      assert.deepEqual(stack.calls.fulfil, ['cs_test_busy_warmup'], 'nothing ran while the ledger was busy');
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
      for (const payload of payloads) assert.equal((await deliver(stack.base, payload)).status, 200);
      for (const payload of payloads) assert.equal((await deliver(stack.base, payload)).status, 200);
      assert.deepEqual(
        [...stack.calls.fulfil].sort(),
        ['cs_test_busy_a', 'cs_test_busy_b', 'cs_test_busy_warmup'],
        'each session fulfilled once: nothing lost, nothing doubled',
      );
    } finally {
      await stack.close();
    }
  });
});
