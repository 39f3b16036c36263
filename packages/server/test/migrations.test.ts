import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { LEDGER_SCHEMA_VERSION } from '../src/index.js';
import { createPostgresLedger } from '../src/postgres.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { postgresSkipReason, temporaryPostgresSchema } from './support/postgres.js';

const directory = mkdtempSync(join(tmpdir(), 'checkout-migrations-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** The tables exactly as release 0.0.0 (round 1) created them: no version recorded, no `created_at`. */
const round1Sqlite = `
CREATE TABLE IF NOT EXISTS checkout_events (event_id TEXT PRIMARY KEY, type TEXT NOT NULL, session_id TEXT,
  received_at INTEGER NOT NULL, processed_at INTEGER);
CREATE TABLE IF NOT EXISTS checkout_tasks (session_id TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,
  token TEXT, available_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, payload TEXT,
  updated_at INTEGER NOT NULL, PRIMARY KEY (session_id, kind));
CREATE INDEX IF NOT EXISTS checkout_tasks_due ON checkout_tasks (kind, state, available_at);
INSERT INTO checkout_events VALUES ('evt_old', 'checkout.session.completed', 'cs_test_old', 1000, 2000);
INSERT INTO checkout_tasks VALUES ('cs_test_old', 'fulfil', 'done', NULL, 1000, 1, NULL, '{"amountTotal":500}', 2000);
INSERT INTO checkout_tasks VALUES ('cs_test_old', 'forward', 'failed', NULL, 5000, 2, 'receiver answered 503', '{}', 3000);
`;

describe('ledger schema migrations (SQLite)', () => {
  it('adopts a round-1 database, migrates it to the current version, and keeps every row working', async () => {
    const path = join(directory, 'round1.sqlite');
    const before = new Database(path);
    before.exec(round1Sqlite);
    assert.equal(before.pragma('user_version', { simple: true }), 0);
    before.close();

    const ledger = createSqliteLedger(path);
    try {
      await ledger.init();
      const fulfil = await ledger.task({ sessionId: 'cs_test_old', kind: 'fulfil' });
      assert.equal(fulfil?.state, 'done');
      assert.equal(fulfil?.payload, '{"amountTotal":500}');
      assert.equal(fulfil?.createdAt, 2000, 'created_at is backfilled from updated_at');
      // The old event is still known as processed, and the old outbox entry is still due for delivery.
      const replay = await ledger.beginEvent(
        { eventId: 'evt_old', type: 'checkout.session.completed', sessionId: 'cs_test_old' },
        { key: { sessionId: 'cs_test_old', kind: 'fulfil' }, leaseMs: 1_000 },
      );
      assert.equal(replay.processed, true);
      const [due] = await ledger.claimDue('forward', 1_000, 10, 6_000);
      assert.equal(due?.sessionId, 'cs_test_old');
      assert.equal(due?.attempts, 3);
      const fresh = await ledger.claim({ sessionId: 'cs_test_new', kind: 'fulfil' }, 1_000, 7_000);
      assert.ok(fresh);
      assert.equal((await ledger.task({ sessionId: 'cs_test_new', kind: 'fulfil' }))?.createdAt, 7_000);
    } finally {
      await ledger.close();
    }
    const after = new Database(path);
    assert.equal(after.pragma('user_version', { simple: true }), LEDGER_SCHEMA_VERSION);
    after.close();
    // Opening again runs nothing twice (ALTER TABLE ADD COLUMN would fail if it did).
    const again = createSqliteLedger(path);
    await again.init();
    await again.close();
  });

  it('refuses a database written by a newer release, naming the fix', async () => {
    const path = join(directory, 'newer.sqlite');
    const newer = new Database(path);
    newer.pragma(`user_version = ${LEDGER_SCHEMA_VERSION + 1}`);
    newer.close();
    const ledger = createSqliteLedger(path);
    await assert.rejects(
      ledger.init(),
      new RegExp(
        `schema version ${LEDGER_SCHEMA_VERSION + 1}, newer than this release .* upgrade the package`,
      ),
    );
    await ledger.close();
  });
});

describe('ledger schema migrations (PostgreSQL)', () => {
  const postgres = temporaryPostgresSchema();
  it('adopts a round-1 schema (no version table), migrates it, and keeps every row working', {
    skip: postgresSkipReason,
  }, async () => {
    const schema = postgres.schema;
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE "${schema}".checkout_events (event_id TEXT PRIMARY KEY, type TEXT NOT NULL,
        session_id TEXT, received_at BIGINT NOT NULL, processed_at BIGINT)`);
      await client.query(`CREATE TABLE "${schema}".checkout_tasks (session_id TEXT NOT NULL, kind TEXT NOT NULL,
        state TEXT NOT NULL, token TEXT, available_at BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT, payload TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (session_id, kind))`);
      await client.query(
        `INSERT INTO "${schema}".checkout_tasks VALUES ('cs_test_old', 'fulfil', 'done', NULL, 1000, 1, NULL, '{}', 2000)`,
      );
      await client.query(
        `INSERT INTO "${schema}".checkout_events VALUES ('evt_old', 'checkout.session.completed', 'cs_test_old', 1000, 2000)`,
      );
    } finally {
      await client.end();
    }
    // Two instances starting at once: the advisory lock lets one migrate, the other then finds it done.
    const ledgers = [0, 1].map(() => createPostgresLedger(postgres.url, { schema }));
    try {
      await Promise.all(ledgers.map((ledger) => ledger.init()));
      const [ledger] = ledgers;
      const task = await ledger!.task({ sessionId: 'cs_test_old', kind: 'fulfil' });
      assert.equal(task?.state, 'done');
      assert.equal(task?.createdAt, 2000);
      const replay = await ledger!.beginEvent(
        { eventId: 'evt_old', type: 'checkout.session.completed', sessionId: 'cs_test_old' },
        undefined,
      );
      assert.equal(replay.processed, true);
    } finally {
      await Promise.all(ledgers.map((ledger) => ledger.close()));
    }
    const check = new pg.Client({ connectionString: postgres.url });
    await check.connect();
    try {
      const versions = await check.query<{ version: number }>(
        `SELECT version FROM "${schema}".checkout_schema_version ORDER BY version`,
      );
      assert.deepEqual(
        versions.rows.map((row) => row.version),
        Array.from({ length: LEDGER_SCHEMA_VERSION }, (_, i) => i + 1),
        'each migration ran once',
      );
      await check.query(`INSERT INTO "${schema}".checkout_schema_version VALUES ($1)`, [
        LEDGER_SCHEMA_VERSION + 1,
      ]);
    } finally {
      await check.end();
    }
    const newer = createPostgresLedger(postgres.url, { schema });
    await assert.rejects(newer.init(), /newer than this release/);
    await newer.close();
  });
});

describe('schema 3: the due-task lookup reads only the tasks not done', () => {
  // 5,000 orders forwarded long ago and one waiting: a drain of the order forwarder must not read the 5,000.
  const seedDone = `SELECT 'cs_test_done_' || n, 'forward', 'done', n, 1, n, n FROM generate_series(1, 5000) n`;

  it('SQLite: the drain query uses the partial index of open tasks', async () => {
    const path = join(directory, 'open-tasks.sqlite');
    const ledger = createSqliteLedger(path);
    await ledger.init();
    await ledger.enqueue({ sessionId: 'cs_test_waiting', kind: 'forward' }, '{}', 10);
    await ledger.close();
    const db = new Database(path);
    try {
      const indexes = db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'checkout_tasks' AND sql IS NOT NULL`,
        )
        .all() as { name: string }[];
      assert.deepEqual(
        indexes.map((index) => index.name),
        ['checkout_tasks_open'],
      );
      // The text of the `due` statement in src/ledger/sqlite.ts.
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT session_id FROM checkout_tasks WHERE kind = ? AND state <> 'done' AND available_at <= ?
           ORDER BY available_at LIMIT ?`,
        )
        .all('forward', 100, 20) as { detail: string }[];
      assert.match(plan.map((row) => row.detail).join('\n'), /USING INDEX checkout_tasks_open/);
    } finally {
      db.close();
    }
    const reopened = createSqliteLedger(path);
    try {
      const claims = await reopened.claimDue('forward', 1000, 20, 100);
      assert.deepEqual(
        claims.map((claim) => claim.sessionId),
        ['cs_test_waiting'],
      );
    } finally {
      await reopened.close();
    }
  });

  it('PostgreSQL: claimDue reads the one open task, not the 5,000 done ones', {
    skip: postgresSkipReason,
  }, async () => {
    const postgres = temporaryPostgresSchema();
    const schema = `${postgres.schema}_open`;
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const ledger = createPostgresLedger(postgres.url, { schema });
    try {
      await ledger.init();
      await client.query(
        `INSERT INTO "${schema}".checkout_tasks (session_id, kind, state, available_at, attempts, updated_at, created_at)
         ${seedDone}`,
      );
      await client.query(`ANALYZE "${schema}".checkout_tasks`);
      await ledger.enqueue({ sessionId: 'cs_test_waiting', kind: 'forward' }, '{}', 10);
      // Later than every done task's time, as a drain in production is.
      const claims = await ledger.claimDue('forward', 1000, 20, 1_000_000);
      assert.deepEqual(
        claims.map((claim) => claim.sessionId),
        ['cs_test_waiting'],
      );
      // A backend reports its statistics when it goes idle or exits: close the pool, then read them.
      await ledger.close();
      const read = async () => {
        const { rows } = await client.query<{ indexrelname: string; idx_tup_read: string }>(
          `SELECT indexrelname, idx_tup_read FROM pg_stat_user_indexes WHERE schemaname = $1 AND relname = 'checkout_tasks'`,
          [schema],
        );
        return rows;
      };
      let rows = await read();
      for (let i = 0; i < 100 && !rows.some((row) => Number(row.idx_tup_read) > 0); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        rows = await read();
      }
      const open = rows.find((row) => row.indexrelname === 'checkout_tasks_open');
      assert.ok(
        open && Number(open.idx_tup_read) >= 1,
        `the open-task index served the drain: ${JSON.stringify(rows)}`,
      );
      const total = rows.reduce((sum, row) => sum + Number(row.idx_tup_read), 0);
      assert.ok(total < 100, `index entries read in all: ${total} (${JSON.stringify(rows)})`);
      assert.equal(
        rows.some((row) => row.indexrelname === 'checkout_tasks_due'),
        false,
      );
    } finally {
      await ledger.close().catch(() => {});
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
