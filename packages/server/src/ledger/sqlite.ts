import Database from 'better-sqlite3';
import type {
  EventRecord,
  EventStart,
  Ledger,
  TaskClaim,
  TaskKey,
  TaskKind,
  TaskRecord,
  TaskState,
} from './ledger.js';
import { LEDGER_SCHEMA_VERSION, newClaimToken, newerSchemaError } from './ledger.js';

interface TaskRow {
  session_id: string;
  kind: TaskKind;
  state: TaskState;
  attempts: number;
  available_at: number;
  last_error: string | null;
  payload: string | null;
  updated_at: number;
  created_at: number | null;
}

/**
 * Ordered migrations; `PRAGMA user_version` records how many have run. Never edit one that has shipped: add the
 * next. Version 1 is the round-1 schema, written with IF NOT EXISTS so that databases created before versioning
 * (user_version 0, tables present) are adopted as they are.
 */
export const sqliteMigrations: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS checkout_events (
     event_id TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     session_id TEXT,
     received_at INTEGER NOT NULL,
     processed_at INTEGER
   );
   CREATE TABLE IF NOT EXISTS checkout_tasks (
     session_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     state TEXT NOT NULL,
     token TEXT,
     available_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     payload TEXT,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (session_id, kind)
   );
   CREATE INDEX IF NOT EXISTS checkout_tasks_due ON checkout_tasks (kind, state, available_at);`,
  // 2: when each task was first recorded (the orders listing shows when an order was paid, not last touched).
  `ALTER TABLE checkout_tasks ADD COLUMN created_at INTEGER;
   UPDATE checkout_tasks SET created_at = updated_at WHERE created_at IS NULL;`,
  // 3: the due-task lookup (`claimDue`, the order forwarder's drain) reads only the tasks not done. The index of
  // version 1, (kind, state, available_at), cannot be narrowed by `state <> 'done'`: each drain read every order ever
  // forwarded (on PostgreSQL, 200,000 done tasks: ~23 ms per drain). A partial index holds only the open tasks, and
  // one index fewer is written per webhook.
  `CREATE INDEX IF NOT EXISTS checkout_tasks_open ON checkout_tasks (kind, available_at) WHERE state <> 'done';
   DROP INDEX IF EXISTS checkout_tasks_due;`,
];

function migrate(db: Database.Database): void {
  // IMMEDIATE takes the write lock first, so two processes opening a fresh file cannot both run a migration.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > LEDGER_SCHEMA_VERSION) throw newerSchemaError(current);
    for (let version = current; version < sqliteMigrations.length; version++) {
      db.exec(sqliteMigrations[version]!);
    }
    if (current !== sqliteMigrations.length) db.pragma(`user_version = ${sqliteMigrations.length}`);
  }).immediate();
}

export interface SqliteLedgerOptions {
  /**
   * How long a statement waits for another connection's write lock before failing with SQLITE_BUSY (answered
   * 503 `ledger_unavailable`, so Stripe retries). better-sqlite3 waits synchronously. Default 5000.
   */
  readonly busyTimeoutMs?: number;
}

/**
 * The default ledger: one SQLite file (WAL mode), safe for several processes on one machine.
 * better-sqlite3 runs each statement (and each `db.transaction`) to completion under SQLite's write lock, so the
 * conditional upsert in `claim` is atomic across connections. Statements are prepared once per connection.
 */
export function createSqliteLedger(path: string, options: SqliteLedgerOptions = {}): Ledger {
  let current: ReturnType<typeof prepare> | undefined;
  const open = () => {
    if (current) return current;
    const opened = new Database(path);
    try {
      // Wait for another process's write lock instead of failing, even while switching to WAL below.
      opened.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
      opened.pragma('journal_mode = WAL');
      // FULL, not NORMAL: in WAL mode NORMAL survives a process crash but may lose the last commits on power loss or
      // an OS crash. The webhook answers 2xx once its event is recorded, and Stripe never redelivers after a 2xx; a
      // lost `done` could also let the return page run onFulfil a second time. Each webhook costs two commits.
      opened.pragma('synchronous = FULL');
      migrate(opened);
    } catch (error) {
      opened.close();
      throw error;
    }
    current = prepare(opened);
    return current;
  };

  const toRecord = (row: TaskRow): TaskRecord => ({
    sessionId: row.session_id,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    availableAt: row.available_at,
    lastError: row.last_error,
    payload: row.payload,
    updatedAt: row.updated_at,
    createdAt: row.created_at ?? row.updated_at,
  });

  const claimTask = (key: TaskKey, leaseMs: number, now: number): TaskClaim | null => {
    const token = newClaimToken();
    const row = open().claim.get({
      sessionId: key.sessionId,
      kind: key.kind,
      token,
      leaseUntil: now + leaseMs,
      now,
    }) as { attempts: number; payload: string | null } | undefined;
    if (!row) return null;
    return { ...key, token, attempts: row.attempts, payload: row.payload };
  };

  const completeTask = (claim: TaskClaim, payload: string | undefined, now: number): boolean =>
    open().complete.run(payload ?? null, now, claim.sessionId, claim.kind, claim.token).changes === 1;

  const recordEvent = (event: EventRecord, now: number): boolean => {
    const statements = open();
    statements.insertEvent.run(event.eventId, event.type, event.sessionId, now);
    const row = statements.eventProcessedAt.get(event.eventId) as { processed_at: number | null } | undefined;
    return row?.processed_at != null;
  };

  // Group commit for the webhook path. With synchronous = FULL every commit waits for an fsync (~1.5 ms here,
  // blocking the event loop, since better-sqlite3 is synchronous), which caps one-commit-per-call at a few
  // hundred a second. Calls made in the same event-loop turn share one IMMEDIATE transaction instead: each runs
  // in its own savepoint (a failure undoes only its own writes), and every caller's promise settles only after
  // the shared COMMIT has returned, so nothing is acknowledged before it is on disk.
  let batch: { run: () => unknown; resolve: (value: never) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const ops = batch;
    batch = [];
    if (ops.length === 0) return; // already flushed by close()
    const outcomes: BatchOutcome[] = [];
    try {
      open().applyBatch.immediate(ops, outcomes);
    } catch (error) {
      for (const op of ops) op.reject(error);
      return;
    }
    ops.forEach((op, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) op.resolve(outcome.value as never);
      else op.reject(outcome.error);
    });
  };
  // Two turns: a delivery's body is read and verified over a few callbacks, so deliveries that arrived together
  // reach the ledger a turn apart; waiting one more turn lets them share the commit.
  const batched = <T>(run: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (batch.length === 0) setImmediate(() => setImmediate(flush));
      batch.push({ run, resolve: resolve as (value: never) => void, reject });
    });

  return {
    async init() {
      open();
    },
    async beginEvent(event, task, now = Date.now()): Promise<EventStart> {
      const statements = open();
      // Stripe's retries of a processed event are the common repeat: answer them without taking the write lock.
      const seen = statements.eventProcessedAt.get(event.eventId) as
        | { processed_at: number | null }
        | undefined;
      if (seen?.processed_at != null) return { processed: true, claim: null, state: undefined };
      return batched((): EventStart => {
        if (recordEvent(event, now)) return { processed: true, claim: null, state: undefined };
        if (!task) return { processed: false, claim: null, state: undefined };
        const claim = claimTask(task.key, task.leaseMs, now);
        if (claim) return { processed: false, claim, state: undefined };
        const row = open().task.get(task.key.sessionId, task.key.kind) as TaskRow | undefined;
        return { processed: false, claim: null, state: row?.state };
      });
    },
    async finishEvent(event, claim, payload, now = Date.now()) {
      return batched((): boolean => {
        const kept = claim ? completeTask(claim, payload, now) : true;
        open().upsertProcessed.run({ ...event, now });
        return kept;
      });
    },
    async claim(key: TaskKey, leaseMs: number, now = Date.now()) {
      return claimTask(key, leaseMs, now);
    },
    async claimDue(kind: TaskKind, leaseMs: number, limit: number, now = Date.now()) {
      const statements = open();
      const due = statements.due.all(kind, now, limit) as { session_id: string }[];
      const claims: TaskClaim[] = [];
      for (const { session_id: sessionId } of due) {
        const token = newClaimToken();
        const row = statements.take.get({ token, leaseUntil: now + leaseMs, now, sessionId, kind }) as
          | { attempts: number; payload: string | null }
          | undefined;
        if (row) claims.push({ sessionId, kind, token, attempts: row.attempts, payload: row.payload });
      }
      return claims;
    },
    async complete(claim: TaskClaim, payload?: string, now = Date.now()) {
      return completeTask(claim, payload, now);
    },
    async release(claim: TaskClaim, error: string, retryAt?: number, now = Date.now()) {
      open().release.run(retryAt ?? now, error, now, claim.sessionId, claim.kind, claim.token);
    },
    async enqueue(key: TaskKey, payload: string, now = Date.now()) {
      return open().enqueue.run(key.sessionId, key.kind, now, payload, now, now).changes === 1;
    },
    async task(key: TaskKey) {
      const row = open().task.get(key.sessionId, key.kind) as TaskRow | undefined;
      return row ? toRecord(row) : undefined;
    },
    async tasks(limit = 1000) {
      return (open().tasks.all(limit) as TaskRow[]).map(toRecord);
    },
    async durability() {
      const { db } = open();
      const journal = String(db.pragma('journal_mode', { simple: true }));
      // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. Below FULL a WAL commit returns before its fsync
      // (https://www.sqlite.org/pragma.html#pragma_synchronous).
      const level = Number(db.pragma('synchronous', { simple: true }));
      const name = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level);
      return { settings: `journal_mode=${journal} synchronous=${name}`, durable: level >= 2 };
    },
    async close() {
      flush(); // settle what is queued before the connection goes
      current?.db.close();
      current = undefined;
    },
  };
}

type BatchOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function prepare(db: Database.Database) {
  const savepoint = db.prepare('SAVEPOINT checkout_ledger_op');
  const rollbackTo = db.prepare('ROLLBACK TO checkout_ledger_op');
  const releaseSavepoint = db.prepare('RELEASE checkout_ledger_op');
  return {
    db,
    insertEvent: db.prepare(
      'INSERT INTO checkout_events (event_id, type, session_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
    ),
    eventProcessedAt: db.prepare('SELECT processed_at FROM checkout_events WHERE event_id = ?'),
    upsertProcessed: db.prepare(
      `INSERT INTO checkout_events (event_id, type, session_id, received_at, processed_at) VALUES (@eventId, @type, @sessionId, @now, @now)
       ON CONFLICT (event_id) DO UPDATE SET processed_at = COALESCE(checkout_events.processed_at, excluded.processed_at)`,
    ),
    claim: db.prepare(
      `INSERT INTO checkout_tasks (session_id, kind, state, token, available_at, attempts, updated_at, created_at)
       VALUES (@sessionId, @kind, 'claimed', @token, @leaseUntil, 1, @now, @now)
       ON CONFLICT (session_id, kind) DO UPDATE SET
         state = 'claimed', token = excluded.token, available_at = excluded.available_at,
         attempts = checkout_tasks.attempts + 1, updated_at = excluded.updated_at
       WHERE checkout_tasks.state <> 'done' AND checkout_tasks.available_at <= @now
       RETURNING attempts, payload`,
    ),
    due: db.prepare(
      `SELECT session_id FROM checkout_tasks WHERE kind = ? AND state <> 'done' AND available_at <= ?
       ORDER BY available_at LIMIT ?`,
    ),
    take: db.prepare(
      `UPDATE checkout_tasks SET state = 'claimed', token = @token, available_at = @leaseUntil,
         attempts = attempts + 1, updated_at = @now
       WHERE session_id = @sessionId AND kind = @kind AND state <> 'done' AND available_at <= @now
       RETURNING attempts, payload`,
    ),
    complete: db.prepare(
      `UPDATE checkout_tasks SET state = 'done', token = NULL, last_error = NULL,
         payload = COALESCE(?, payload), updated_at = ?
       WHERE session_id = ? AND kind = ? AND token = ?`,
    ),
    release: db.prepare(
      `UPDATE checkout_tasks SET state = 'failed', token = NULL, available_at = ?, last_error = ?, updated_at = ?
       WHERE session_id = ? AND kind = ? AND token = ?`,
    ),
    enqueue: db.prepare(
      `INSERT INTO checkout_tasks (session_id, kind, state, available_at, attempts, payload, updated_at, created_at)
       VALUES (?, ?, 'pending', ?, 0, ?, ?, ?) ON CONFLICT (session_id, kind) DO NOTHING`,
    ),
    task: db.prepare('SELECT * FROM checkout_tasks WHERE session_id = ? AND kind = ?'),
    tasks: db.prepare('SELECT * FROM checkout_tasks ORDER BY updated_at DESC, session_id LIMIT ?'),
    // The group commit's transaction, made once per connection (better-sqlite3 builds a wrapper per call of
    // `transaction`): each op in its own savepoint, so a failure undoes only its own writes.
    applyBatch: db.transaction((ops: readonly { run: () => unknown }[], outcomes: BatchOutcome[]) => {
      for (const op of ops) {
        savepoint.run();
        try {
          outcomes.push({ ok: true, value: op.run() });
          releaseSavepoint.run();
        } catch (error) {
          rollbackTo.run();
          releaseSavepoint.run();
          outcomes.push({ ok: false, error });
        }
      }
    }),
  };
}
