import pg from 'pg';
import type { EventStart, Ledger, TaskClaim, TaskKey, TaskKind, TaskRecord, TaskState } from './ledger.js';
import { LEDGER_SCHEMA_VERSION, newClaimToken, newerSchemaError } from './ledger.js';
import { createPostgresBatches } from './postgres-batch.js';

export interface PostgresLedgerOptions {
  /** Schema holding the ledger tables (created if missing). Default `public`. */
  readonly schema?: string;
  /** Called when an idle pooled connection fails (e.g. the server terminated it); the pool replaces it. */
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * Ordered migrations for a schema name; `checkout_schema_version` records how many have run. Never edit one that
 * has shipped: add the next. Version 1 is the round-1 schema, written with IF NOT EXISTS so that databases created
 * before versioning (no version table, tables present) are adopted as they are.
 */
export function postgresMigrations(schema: string): readonly string[] {
  const tasks = `"${schema}".checkout_tasks`;
  return [
    `CREATE TABLE IF NOT EXISTS "${schema}".checkout_events (
       event_id TEXT PRIMARY KEY, type TEXT NOT NULL, session_id TEXT,
       received_at BIGINT NOT NULL, processed_at BIGINT);
     CREATE TABLE IF NOT EXISTS ${tasks} (
       session_id TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, token TEXT,
       available_at BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, payload TEXT,
       updated_at BIGINT NOT NULL, PRIMARY KEY (session_id, kind));
     CREATE INDEX IF NOT EXISTS checkout_tasks_due ON ${tasks} (kind, state, available_at);`,
    // 2: when each task was first recorded (the orders listing shows when an order was paid, not last touched).
    `ALTER TABLE ${tasks} ADD COLUMN IF NOT EXISTS created_at BIGINT;
     UPDATE ${tasks} SET created_at = updated_at WHERE created_at IS NULL;`,
    // 3: `claimDue` reads only the open tasks (sqliteMigrations says why). Built inside the migration's transaction,
    // so writes to the task table wait while it is built: one scan of the table (0.13 s for a million tasks here).
    `CREATE INDEX IF NOT EXISTS checkout_tasks_open ON ${tasks} (kind, available_at) WHERE state <> 'done';
     DROP INDEX IF EXISTS "${schema}".checkout_tasks_due;`,
  ];
}

interface TaskRow {
  session_id: string;
  kind: TaskKind;
  state: TaskState;
  attempts: number;
  available_at: string;
  last_error: string | null;
  payload: string | null;
  updated_at: string;
  created_at: string | null;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Settings of every session of the pool the ledger owns, each applied as the connection opens.
 *
 * `plan_cache_mode=force_generic_plan`: parameterised statements use one generic plan per connection. Measured on
 * the webhook's two batched statements (several CTEs over `json_to_recordset`), 10 concurrent deliveries, database
 * backends' CPU per event: 130–143 µs with PostgreSQL's default (`auto`, and the same with `force_custom_plan`)
 * against 90–102 µs forced generic, on one connection as on ten (bench/README.md). That is CPU the database takes
 * from the two cores it shares with the server. (`auto` already switches to the generic plan after five
 * executions per connection, as `pg_prepared_statements` shows; it is the weighing on every execution and
 * re-planning when the growing tables' statistics change that cost, as far as we could tell, not the plan.)
 *
 * `enable_seqscan=off`: every ledger statement finds its rows by key or by index, and a sequential scan of a
 * ledger table is never what it wants; but a plan made while the tables are empty or small rightly prefers one,
 * and a cached plan is kept until autovacuum next analyses the table (a minute or more away). Measured: the
 * finish statement's generic plan, made on the first webhook of a fresh ledger, scanned the whole task table on
 * every batch while a flash sale grew it (8,000 events from an empty ledger: 777 scans reading 3.0 M rows; 161–169
 * µs of database CPU per event against 86–91 µs with the setting; in the companion benchmark the scans of a
 * 14,000-row ledger took about 0.9 ms of database CPU per event). Custom plans did not help: they estimate
 * `json_to_recordset` at 100 rows, so against a table of a few hundred pages a hash join over a scan still wins.
 * With the setting a scan is only taken when no index can serve a statement, which none of the per-event
 * statements is; `init()` (migrations) and `tasks()` (the orders listing, which reads the whole table by
 * `updated_at`) turn it back on for their own transaction. The test in group-commit.test.ts grows a ledger from
 * empty through its own pool and counts the scans.
 *
 * Set with `set_config` as each connection opens, not as a startup `options` parameter: PgBouncer (and the poolers
 * of hosted PostgreSQL built on it) refuses a connection whose startup packet carries a setting it does not track
 * ("unsupported startup parameter in options", pgbouncer/pgbouncer#875 and #907, prisma/orm#10841), and a pooled
 * connection string must keep working. One statement each: a server that does not know `plan_cache_mode`
 * (PostgreSQL < 12) answers an error that is ignored, and its plans are then PostgreSQL's default, only slower.
 * Two round trips per new connection. A pool passed in is left as its owner set it up.
 */
export const LEDGER_SESSION_SETTINGS: readonly string[] = [
  "SELECT set_config('plan_cache_mode', 'force_generic_plan', false)",
  "SELECT set_config('enable_seqscan', 'off', false)",
];

/** The pool a ledger opened from a connection string owns. */
export function ownedPool(connectionString: string): pg.Pool {
  return new pg.Pool({
    connectionString,
    max: 10,
    // pg-pool awaits `onConnect` before it hands a new client out (not the 'connect' event: a query issued there
    // overlaps the caller's, which pg 8 deprecates and pg 9 refuses). An older pg-pool without the
    // option ignores it: default plans, only slower.
    onConnect: async (client) => {
      for (const setting of LEDGER_SESSION_SETTINGS) await client.query(setting).catch(() => {});
    },
  });
}

/**
 * The ledger for several server instances behind a load balancer. Claims are one `INSERT … ON CONFLICT DO
 * UPDATE … WHERE … RETURNING` statement, which PostgreSQL runs atomically under the row lock of the unique key.
 * Pass a connection string (the ledger owns and closes its pool) or your own `pg.Pool` (left open on close).
 */
export function createPostgresLedger(
  connection: string | pg.Pool,
  options: PostgresLedgerOptions = {},
): Ledger {
  const schema = options.schema ?? 'public';
  if (!identifier.test(schema)) {
    throw new TypeError(
      `createPostgresLedger: schema must match ${identifier} (got ${JSON.stringify(schema)})`,
    );
  }
  const ownsPool = typeof connection === 'string';
  const pool = typeof connection === 'string' ? ownedPool(connection) : connection;
  // An idle client whose backend dies (pg_terminate_backend, a failover, a restart) is reported here; without a
  // listener the pool's 'error' event would crash the process. The pool drops that client and opens a new one.
  const onConnectionError = (error: Error) => options.onConnectionError?.(error);
  if (ownsPool) pool.on('error', onConnectionError);
  const tasksTable = `"${schema}".checkout_tasks`;
  const versions = `"${schema}".checkout_schema_version`;
  const migrations = postgresMigrations(schema);
  let ready: Promise<void> | undefined;

  /**
   * `work` in one transaction on one pooled connection, with sequential scans allowed: migrations may rewrite whole
   * tables and the orders listing reads the whole task table, where a scan is right (LEDGER_SESSION_SETTINGS turns
   * scans off for the per-event statements). A connection that cannot roll back is dropped from the pool, not handed
   * to the next caller.
   */
  const scanningTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = on');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: Error) => {
        broken = rollback;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  };

  const init = (): Promise<void> => {
    ready ??= scanningTransaction(async (client) => {
      // Concurrent CREATE … IF NOT EXISTS can still collide in the catalog; serialise setup and migrations.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`checkout-ledger:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${versions} (version INTEGER NOT NULL)`);
      const found = await client.query<{ version: number }>(
        `SELECT max(version) AS version FROM ${versions}`,
      );
      const current = found.rows[0]?.version ?? 0;
      if (current > LEDGER_SCHEMA_VERSION) throw newerSchemaError(current);
      for (let version = current; version < migrations.length; version++) {
        await client.query(migrations[version]!);
        await client.query(`INSERT INTO ${versions} (version) VALUES ($1)`, [version + 1]);
      }
    }).catch((error: unknown) => {
      // The next call tries again (the database may be back).
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const query = async <Row extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    await init();
    return pool.query<Row>(text, values);
  };

  const batches = createPostgresBatches(
    schema,
    async <Row extends pg.QueryResultRow>(config: pg.QueryConfig) => {
      await init();
      return pool.query<Row>(config);
    },
  );

  const toRecord = (row: TaskRow): TaskRecord => ({
    sessionId: row.session_id,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    availableAt: Number(row.available_at),
    lastError: row.last_error,
    payload: row.payload,
    updatedAt: Number(row.updated_at),
    createdAt: Number(row.created_at ?? row.updated_at),
  });

  return {
    init,
    // The webhook's two steps go through the group commit (postgres-batch.ts): concurrent deliveries share one
    // statement and one durable commit; each call still gets exactly the answer its own row produced.
    beginEvent(event, task, now = Date.now()): Promise<EventStart> {
      return batches.beginEvent({ event, task, now });
    },
    finishEvent(event, claim, payload, now = Date.now()) {
      return batches.finishEvent({ event, claim, payload, now });
    },
    async claim(key: TaskKey, leaseMs: number, now = Date.now()) {
      const token = newClaimToken();
      const result = await query<{ attempts: number; payload: string | null }>(
        `INSERT INTO ${tasksTable} AS t (session_id, kind, state, token, available_at, attempts, updated_at, created_at)
         VALUES ($1, $2, 'claimed', $3, $4, 1, $5, $5)
         ON CONFLICT (session_id, kind) DO UPDATE SET
           state = 'claimed', token = EXCLUDED.token, available_at = EXCLUDED.available_at,
           attempts = t.attempts + 1, updated_at = EXCLUDED.updated_at
         WHERE t.state <> 'done' AND t.available_at <= $5
         RETURNING attempts, payload`,
        [key.sessionId, key.kind, token, now + leaseMs, now],
      );
      const row = result.rows[0];
      if (!row) return null;
      return { ...key, token, attempts: row.attempts, payload: row.payload };
    },
    async claimDue(kind: TaskKind, leaseMs: number, limit: number, now = Date.now()) {
      // SKIP LOCKED lets several instances drain the outbox side by side without waiting on each other.
      const result = await query<{
        session_id: string;
        token: string;
        attempts: number;
        payload: string | null;
      }>(
        `UPDATE ${tasksTable} AS t SET state = 'claimed', token = gen_random_uuid()::text, available_at = $3,
           attempts = t.attempts + 1, updated_at = $4
         WHERE (t.session_id, t.kind) IN (
           SELECT session_id, kind FROM ${tasksTable}
           WHERE kind = $1 AND state <> 'done' AND available_at <= $4
           ORDER BY available_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         AND t.state <> 'done' AND t.available_at <= $4
         RETURNING session_id, token, attempts, payload`,
        [kind, limit, now + leaseMs, now],
      );
      return result.rows.map(
        (row): TaskClaim => ({
          sessionId: row.session_id,
          kind,
          token: row.token,
          attempts: row.attempts,
          payload: row.payload,
        }),
      );
    },
    async complete(claim: TaskClaim, payload?: string, now = Date.now()) {
      const result = await query(
        `UPDATE ${tasksTable} SET state = 'done', token = NULL, last_error = NULL,
           payload = COALESCE($1, payload), updated_at = $2
         WHERE session_id = $3 AND kind = $4 AND token = $5`,
        [payload ?? null, now, claim.sessionId, claim.kind, claim.token],
      );
      return result.rowCount === 1;
    },
    async release(claim: TaskClaim, error: string, retryAt?: number, now = Date.now()) {
      await query(
        `UPDATE ${tasksTable} SET state = 'failed', token = NULL, available_at = $1, last_error = $2, updated_at = $3
         WHERE session_id = $4 AND kind = $5 AND token = $6`,
        [retryAt ?? now, error, now, claim.sessionId, claim.kind, claim.token],
      );
    },
    async enqueue(key: TaskKey, payload: string, now = Date.now()) {
      const result = await query(
        `INSERT INTO ${tasksTable} (session_id, kind, state, available_at, attempts, payload, updated_at, created_at)
         VALUES ($1, $2, 'pending', $3, 0, $4, $3, $3) ON CONFLICT (session_id, kind) DO NOTHING`,
        [key.sessionId, key.kind, now, payload],
      );
      return result.rowCount === 1;
    },
    async task(key: TaskKey) {
      const result = await query<TaskRow>(`SELECT * FROM ${tasksTable} WHERE session_id = $1 AND kind = $2`, [
        key.sessionId,
        key.kind,
      ]);
      const row = result.rows[0];
      return row ? toRecord(row) : undefined;
    },
    async tasks(limit = 1000) {
      await init();
      // The newest tasks of the whole table, by a column no index holds: a sequential scan and a top-N sort are
      // the cheapest way, which the ledger's own sessions otherwise rule out (LEDGER_SESSION_SETTINGS).
      const result = await scanningTransaction((client) =>
        client.query<TaskRow>(`SELECT * FROM ${tasksTable} ORDER BY updated_at DESC, session_id LIMIT $1`, [
          limit,
        ]),
      );
      return result.rows.map(toRecord);
    },
    async durability() {
      const result = await query<{ synchronous_commit: string; fsync: string }>(
        `SELECT current_setting('synchronous_commit') AS synchronous_commit, current_setting('fsync') AS fsync`,
        [],
      );
      const { synchronous_commit: commit = 'unknown', fsync = 'unknown' } = result.rows[0] ?? {};
      // Every value but `off` waits for the local WAL flush (`local`, `on`, `remote_write`, `remote_apply`).
      return {
        settings: `synchronous_commit=${commit} fsync=${fsync}`,
        durable: commit !== 'off' && fsync === 'on',
      };
    },
    async close() {
      if (ownsPool) {
        await pool.end();
        pool.off('error', onConnectionError);
      }
    },
  };
}
