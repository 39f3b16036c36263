import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import type { Ledger } from '../src/index.js';
import { beginStatement, finishStatement } from '../src/ledger/postgres-batch.js';
import { createPostgresLedger } from '../src/postgres.js';
import { ownedPool } from '../src/ledger/postgres.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { postgresSkipReason, temporaryPostgresSchema } from './support/postgres.js';
import { sessionEvent, signedDelivery } from './support/signing.js';
import { startStack, WEBHOOK_SECRET } from './support/stack.js';
import { waitFor } from './support/wait.js';

const directory = mkdtempSync(join(tmpdir(), 'checkout-group-commit-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const postgres = temporaryPostgresSchema();
const skip = postgresSkipReason;

let counter = 0;
const sessionId = () => `cs_test_group_${process.pid}_${counter++}`;
const completed = (id: string, eventId = `evt_${id}_${counter++}`) => ({
  eventId,
  type: 'checkout.session.completed',
  sessionId: id,
});
const fulfil = (id: string) => ({ key: { sessionId: id, kind: 'fulfil' as const }, leaseMs: 60_000 });

async function withLedger(open: () => Ledger, run: (ledger: Ledger) => Promise<void>) {
  const ledger = open();
  try {
    await ledger.init();
    await run(ledger);
  } finally {
    await ledger.close();
  }
}

describe('PostgreSQL group commit: concurrent webhook steps share one statement, each gets its own answer', () => {
  const open = () => createPostgresLedger(postgres.url, { schema: postgres.schema });

  it('many deliveries for one session in one burst (one event id repeated, others new): one claim', {
    skip,
  }, async () => {
    await withLedger(open, async (ledger) => {
      const id = sessionId();
      const repeated = completed(id);
      const calls = Array.from({ length: 40 }, (_, i) =>
        ledger.beginEvent(i % 4 === 0 ? repeated : completed(id), fulfil(id)),
      );
      const starts = await Promise.all(calls);
      assert.equal(starts.filter((start) => start.claim).length, 1, 'exactly one delivery holds the claim');
      assert.equal(
        starts.filter((start) => !start.claim && start.state !== 'done').length,
        39,
        'every other one sees the task in progress',
      );
      assert.equal(starts.filter((start) => start.processed).length, 0);
    });
  });

  it('a batch mixing processed, new, done-session and task-less events answers each as if it ran alone', {
    skip,
  }, async () => {
    await withLedger(open, async (ledger) => {
      const [processedId, doneId, newId, plainId] = [sessionId(), sessionId(), sessionId(), sessionId()];
      const processed = completed(processedId);
      const start = await ledger.beginEvent(processed, fulfil(processedId));
      assert.ok(await ledger.finishEvent(processed, start.claim!, '{}'));
      const doneFirst = completed(doneId);
      const doneStart = await ledger.beginEvent(doneFirst, fulfil(doneId));
      assert.ok(await ledger.finishEvent(doneFirst, doneStart.claim!, '{}'));

      const [again, doneAgain, fresh, plain] = await Promise.all([
        ledger.beginEvent(processed, fulfil(processedId)),
        ledger.beginEvent(completed(doneId), fulfil(doneId)),
        ledger.beginEvent(completed(newId), fulfil(newId)),
        ledger.beginEvent(completed(plainId), undefined),
      ]);
      assert.deepEqual(again, { processed: true, claim: null, state: undefined });
      assert.deepEqual({ ...doneAgain }, { processed: false, claim: null, state: 'done' });
      assert.equal(fresh.claim?.sessionId, newId);
      assert.equal(fresh.claim?.attempts, 1);
      assert.deepEqual(plain, { processed: false, claim: null, state: undefined });

      // Finishing in one burst too: the holder's claim is kept, a stale token is not, a claim-less finish is.
      const [kept, stale, recorded] = await Promise.all([
        ledger.finishEvent(completed(newId), fresh.claim!, '{"amountTotal":1}'),
        ledger.finishEvent(completed(doneId), { ...fresh.claim!, sessionId: doneId, token: 'not-the-token' }),
        ledger.finishEvent(completed(plainId), undefined),
      ]);
      assert.deepEqual([kept, stale, recorded], [true, false, true]);
      assert.equal((await ledger.task({ sessionId: newId, kind: 'fulfil' }))?.state, 'done');
      assert.equal((await ledger.task({ sessionId: newId, kind: 'fulfil' }))?.payload, '{"amountTotal":1}');
    });
  });

  it('a row the database refuses fails only its own call; the rest of its batch is recorded', {
    skip,
  }, async () => {
    await withLedger(open, async (ledger) => {
      const ids = [sessionId(), sessionId(), sessionId()];
      // PostgreSQL text cannot hold U+0000: the statement carrying it is refused (SQLSTATE 22P05).
      const poisoned = completed(sessionId(), `evt_nul_\u0000_${counter++}`);
      const outcomes = await Promise.allSettled([
        ...ids.map((id) => ledger.beginEvent(completed(id), fulfil(id))),
        ledger.beginEvent(poisoned, undefined),
      ]);
      assert.equal(outcomes[3]!.status, 'rejected', 'the poisoned call fails');
      for (const [index, id] of ids.entries()) {
        const outcome = outcomes[index]!;
        assert.equal(outcome.status, 'fulfilled', `${id} was answered`);
        assert.equal((outcome as PromiseFulfilledResult<{ claim: unknown }>).value.claim !== null, true);
        assert.equal((await ledger.task({ sessionId: id, kind: 'fulfil' }))?.state, 'claimed');
      }
    });
  });

  it('two instances bursting the same sessions at each other: one claim per session', { skip }, async () => {
    const a = open();
    const b = open();
    try {
      await Promise.all([a.init(), b.init()]);
      const ids = Array.from({ length: 10 }, sessionId);
      const starts = await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const id = ids[i % ids.length]!;
          return (i % 2 ? a : b).beginEvent(completed(id), fulfil(id));
        }),
      );
      for (const id of ids) {
        assert.equal(starts.filter((start) => start.claim?.sessionId === id).length, 1, id);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('group commit, both stores: one failing call in a burst fails alone', () => {
  const cases = [
    { name: 'SQLite', skip: undefined, open: () => createSqliteLedger(join(directory, 'burst.sqlite')) },
    {
      name: 'PostgreSQL',
      skip,
      open: () => createPostgresLedger(postgres.url, { schema: postgres.schema }),
    },
  ];
  for (const store of cases) {
    it(`${store.name}: a call the database refuses (NOT NULL violated) rejects; the others commit`, {
      skip: store.skip,
    }, async () => {
      await withLedger(store.open, async (ledger) => {
        const ids = [sessionId(), sessionId(), sessionId()];
        const outcomes = await Promise.allSettled([
          ledger.beginEvent(completed(ids[0]!), fulfil(ids[0]!)),
          // No time: received_at is NOT NULL in both stores.
          ledger.beginEvent(completed(sessionId()), undefined, Number.NaN),
          ledger.beginEvent(completed(ids[1]!), fulfil(ids[1]!)),
          ledger.beginEvent(completed(ids[2]!), fulfil(ids[2]!)),
        ]);
        assert.deepEqual(
          outcomes.map((outcome) => outcome.status),
          ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
        );
        for (const id of ids) {
          assert.equal((await ledger.task({ sessionId: id, kind: 'fulfil' }))?.state, 'claimed', id);
        }
      });
    });
  }
});

describe('PostgreSQL group commit: the batch statements look rows up by index, whatever the ledger holds', () => {
  it('no sequential scan of the ledger tables in either statement, on a ledger grown without ANALYZE', {
    skip,
  }, async () => {
    const schema = `${postgres.schema}_plans`;
    const ledger = createPostgresLedger(postgres.url, { schema });
    await ledger.init();
    await ledger.close();
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      // A few thousand rows written since the tables were created and never analysed: the size at which the
      // planner, taking json_to_recordset for 100 rows, preferred a hash join over a scan of the whole table.
      await client.query(
        `INSERT INTO "${schema}".checkout_events (event_id, type, session_id, received_at, processed_at)
         SELECT 'evt_plan_' || n, 'checkout.session.completed', 'cs_test_plan_' || n, n, n FROM generate_series(1, 6000) n`,
      );
      await client.query(
        `INSERT INTO "${schema}".checkout_tasks (session_id, kind, state, available_at, attempts, updated_at, created_at)
         SELECT 'cs_test_plan_' || n, 'fulfil', 'done', n, 1, n, n FROM generate_series(1, 6000) n`,
      );
      const begin = JSON.stringify(
        [1, 2, 3].map((n) => ({
          ord: n - 1,
          event_id: `evt_new_${n}`,
          type: 'checkout.session.completed',
          event_session: `cs_test_new_${n}`,
          now: 1,
          task_session: `cs_test_new_${n}`,
          kind: 'fulfil',
          token: `token_${n}`,
          lease_until: 2,
        })),
      );
      const finish = JSON.stringify(
        [1, 2, 3].map((n) => ({
          ord: n - 1,
          payload: null,
          now: 1,
          session_id: `cs_test_plan_${n}`,
          kind: 'fulfil',
          token: `token_${n}`,
          event_id: `evt_plan_${n}`,
          type: 'checkout.session.completed',
          event_session: `cs_test_plan_${n}`,
        })),
      );
      const explain = async (name: string, sql: string, values: unknown[]) => {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(sql, values);
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        assert.doesNotMatch(plan, /Seq Scan on checkout_(events|tasks)/, `${name}:\n${plan}`);
        assert.match(plan, /Index Scan|Index Only Scan/, `${name} looks rows up by index:\n${plan}`);
      };
      for (const [name, text, input] of [
        ['begin', beginStatement(schema), begin],
        ['finish', finishStatement(schema), finish],
      ] as const) {
        await explain(name, `EXPLAIN ${text}`, [input]);
        // The generic plan the ledger's own pool uses (plan_cache_mode=force_generic_plan), made without the input.
        await client.query('SET plan_cache_mode = force_generic_plan');
        await client.query(`PREPARE generic_${name}(json) AS ${text}`);
        await explain(
          `${name} (generic plan)`,
          `EXPLAIN EXECUTE generic_${name}(${client.escapeLiteral(input)})`,
          [],
        );
        await client.query('RESET plan_cache_mode');
      }
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});

describe('PostgreSQL planning: a ledger that grows from empty under load keeps finding rows by index', () => {
  it('the webhook statements, planned on the first delivery to an empty ledger, never scan a whole table', {
    skip,
  }, async () => {
    // The plan each connection caches is made on the first delivery, when the tables are empty and a scan is the
    // cheapest plan; autovacuum's next ANALYZE (which would re-plan) is a minute away, while a flash sale adds
    // thousands of rows. Before the ledger's sessions ruled scans out, the finish statement scanned the whole task
    // table on every batch (777 scans reading 3.0 M rows for 8,000 events).
    const schema = `${postgres.schema}_growth`;
    const ledger = createPostgresLedger(postgres.url, { schema });
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    // Rows read by sequential scans (the migrations' scans of the empty tables read none).
    const scanned = async () => {
      const { rows } = await client.query<{ relname: string; seq_tup_read: string }>(
        `SELECT relname, seq_tup_read FROM pg_stat_user_tables
         WHERE schemaname = $1 AND relname IN ('checkout_events', 'checkout_tasks') ORDER BY relname`,
        [schema],
      );
      return rows.map((row) => `${row.relname}: ${row.seq_tup_read} rows read by scans`);
    };
    try {
      await ledger.init();
      const events = 1500;
      let next = 0;
      const deliver = async () => {
        while (next < events) {
          const id = `cs_test_growth_${next}`;
          const event = completed(id, `evt_growth_${next++}`);
          const start = await ledger.beginEvent(event, fulfil(id));
          assert.ok(start.claim, `the first delivery of ${event.eventId} claims its session`);
          assert.equal(await ledger.finishEvent(event, start.claim, '{}'), true);
        }
      };
      await Promise.all(Array.from({ length: 10 }, deliver));
      // A backend reports its table statistics when it goes idle or exits: close the pool, then wait until the
      // statistics count every row inserted, so the scans below are those of the whole run.
      await ledger.close();
      await waitFor(
        async () => {
          const { rows } = await client.query<{ n: string }>(
            `SELECT n_tup_ins AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'checkout_tasks'`,
            [schema],
          );
          return Number(rows[0]?.n) >= events;
        },
        { timeoutMs: 10_000, what: 'the table statistics of the run' },
      );
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}".checkout_tasks`,
      );
      assert.equal(Number(rows[0]?.n), events);
      assert.deepEqual(
        await scanned(),
        ['checkout_events: 0 rows read by scans', 'checkout_tasks: 0 rows read by scans'],
        'no statement of the webhook path scanned a ledger table',
      );
    } finally {
      await ledger.close().catch(() => {});
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  it('the orders listing still reads the whole table the cheap way, with the newest first', {
    skip,
  }, async () => {
    const schema = `${postgres.schema}_listing`;
    await withLedger(
      () => createPostgresLedger(postgres.url, { schema }),
      async (ledger) => {
        for (let i = 0; i < 5; i++) {
          const id = `cs_test_listing_${i}`;
          const event = completed(id, `evt_listing_${i}`);
          const start = await ledger.beginEvent(event, fulfil(id), 1000 + i);
          await ledger.finishEvent(event, start.claim ?? undefined, '{}', 2000 + i);
        }
        assert.deepEqual(
          (await ledger.tasks(2)).map((task) => task.sessionId),
          ['cs_test_listing_4', 'cs_test_listing_3'],
        );
      },
    );
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
});

describe('PostgreSQL planning: the pool the ledger owns plans the batched statements once per connection', () => {
  it('a named batch statement run again and again uses a generic plan, never re-planned per execution', {
    skip,
  }, async () => {
    const schema = `${postgres.schema}_generic`;
    const ledger = createPostgresLedger(postgres.url, { schema });
    await ledger.init();
    await ledger.close();
    const pool = ownedPool(postgres.url);
    // Not a startup `options` parameter: PgBouncer-based poolers refuse a connection that sends one.
    assert.equal((pool.options as { options?: unknown }).options, undefined);
    const client = await pool.connect();
    try {
      const name = `generic_check_${process.pid}`;
      for (let i = 0; i < 8; i++) {
        const input = JSON.stringify([
          {
            ord: 0,
            event_id: `evt_generic_${i}`,
            type: 'checkout.session.completed',
            event_session: `cs_test_generic_${i}`,
            now: 1,
            task_session: `cs_test_generic_${i}`,
            kind: 'fulfil',
            token: `token_${i}`,
            lease_until: 2,
          },
        ]);
        const { rows } = await client.query({ name, text: beginStatement(schema), values: [input] });
        assert.equal(rows.length, 1);
      }
      // PostgreSQL's own default (auto) re-planned this statement on every execution: 8 custom plans, 0 generic.
      const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>(
        'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
        [name],
      );
      assert.deepEqual(rows, [{ generic_plans: '8', custom_plans: '0' }]);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      client.release();
      await pool.end();
    }
  });
});

describe('durability: the ledgers report the commit settings of their own connection', () => {
  it('SQLite: WAL with synchronous=FULL (a commit is fsynced before it returns)', async () => {
    await withLedger(
      () => createSqliteLedger(join(directory, 'durable.sqlite')),
      async (ledger) => {
        assert.deepEqual(await ledger.durability?.(), {
          settings: 'journal_mode=wal synchronous=FULL',
          durable: true,
        });
      },
    );
  });

  it('PostgreSQL: synchronous_commit on; a pool whose sessions turned it off is reported not durable', {
    skip,
  }, async () => {
    await withLedger(
      () => createPostgresLedger(postgres.url, { schema: postgres.schema }),
      async (ledger) => {
        const durability = await ledger.durability?.();
        assert.match(
          durability?.settings ?? '',
          /^synchronous_commit=(on|local|remote_write|remote_apply) fsync=on$/,
        );
        assert.equal(durability?.durable, true);
      },
    );
    const lax = new pg.Pool({ connectionString: postgres.url, options: '-c synchronous_commit=off' });
    try {
      await withLedger(
        () => createPostgresLedger(lax, { schema: postgres.schema }),
        async (ledger) => {
          assert.deepEqual(await ledger.durability?.(), {
            settings: 'synchronous_commit=off fsync=on',
            durable: false,
          });
        },
      );
    } finally {
      await lax.end();
    }
  });
});

describe('settled facts: repeats this instance has seen settled are answered without the database', () => {
  it('a repeated delivery, and a new event for a fulfilled session, are answered while the ledger is locked', {
    skip,
  }, async () => {
    const schema = `${postgres.schema}_settled`;
    const applicationName = `checkout_settled_${process.pid}`;
    const stack = await startStack({
      ledger: createPostgresLedger(`${postgres.url}?application_name=${applicationName}`, { schema }),
      deliverWebhooks: false,
    });
    const blocker = new pg.Client({ connectionString: postgres.url });
    await blocker.connect();
    const deliver = (payload: string) =>
      fetch(`${stack.base}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signedDelivery(payload, WEBHOOK_SECRET),
        },
        body: payload,
      });
    try {
      const id = sessionId();
      const session = { id, status: 'complete', payment_status: 'paid' };
      const first = sessionEvent('checkout.session.completed', session);
      assert.equal((await deliver(first)).status, 200);
      assert.deepEqual(stack.calls.fulfil, [id]);
      // Nothing can write or read the ledger's tables now: an answer can only come from what the instance knows.
      await blocker.query('BEGIN');
      await blocker.query(
        `LOCK TABLE "${schema}".checkout_events, "${schema}".checkout_tasks IN ACCESS EXCLUSIVE MODE`,
      );
      const repeat = await deliver(first);
      assert.equal(repeat.status, 200);
      assert.deepEqual(await repeat.json(), { received: true, duplicate: true });
      const another = await deliver(sessionEvent('checkout.session.async_payment_succeeded', session));
      assert.equal(another.status, 200);
      assert.deepEqual(await another.json(), { received: true });
      // An event the instance has not seen settled still waits for the ledger, which stays the authority.
      const unseenId = sessionId();
      let unseenAnswered = false;
      const unseen = deliver(
        sessionEvent('checkout.session.completed', {
          id: unseenId,
          status: 'complete',
          payment_status: 'paid',
        }),
      ).then((response) => {
        unseenAnswered = true;
        return response;
      });
      await waitFor(
        async () =>
          (
            await blocker.query<{ waiting: number }>(
              "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
              [applicationName],
            )
          ).rows[0]!.waiting > 0,
        { what: 'the unseen event to wait on the locked ledger' },
      );
      assert.equal(unseenAnswered, false, 'an unseen event is not answered from memory');
      await blocker.query('ROLLBACK');
      assert.equal((await unseen).status, 200);
      await waitFor(() => stack.calls.fulfil.length === 2, { what: 'the unseen session to be fulfilled' });
      assert.deepEqual(stack.calls.fulfil, [id, unseenId], 'each session fulfilled once');
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
      await stack.close();
    }
  });
});
