import Database from 'better-sqlite3';
import type { EventRecord, Ledger, TaskClaim, TaskKey, TaskKind, TaskRecord, TaskState } from './ledger.js';
import { newClaimToken } from './ledger.js';

interface TaskRow {
  session_id: string;
  kind: TaskKind;
  state: TaskState;
  attempts: number;
  available_at: number;
  last_error: string | null;
  payload: string | null;
  updated_at: number;
}

const schema = `
CREATE TABLE IF NOT EXISTS checkout_events (
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
CREATE INDEX IF NOT EXISTS checkout_tasks_due ON checkout_tasks (kind, state, available_at);
`;

/**
 * The default ledger: one SQLite file (WAL mode), safe for several processes on one machine.
 * better-sqlite3 runs each statement to completion under SQLite's write lock, so the conditional upsert in
 * `claim` is atomic across connections.
 */
export function createSqliteLedger(path: string): Ledger {
  let db: Database.Database | undefined;
  const open = (): Database.Database => {
    if (db) return db;
    const opened = new Database(path);
    // Wait for another process's write lock instead of failing, even while switching to WAL below.
    opened.pragma('busy_timeout = 5000');
    opened.pragma('journal_mode = WAL');
    // FULL: a commit survives power loss, so a `done` fulfilment can never roll back into a re-run.
    opened.pragma('synchronous = FULL');
    opened.exec(schema);
    db = opened;
    return opened;
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
  });

  return {
    async init() {
      open();
    },
    async recordEvent(event: EventRecord, now = Date.now()) {
      const conn = open();
      conn
        .prepare(
          'INSERT INTO checkout_events (event_id, type, session_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
        )
        .run(event.eventId, event.type, event.sessionId, now);
      const row = conn
        .prepare('SELECT processed_at FROM checkout_events WHERE event_id = ?')
        .get(event.eventId) as { processed_at: number | null } | undefined;
      return { processed: row?.processed_at != null };
    },
    async markEventProcessed(eventId: string, now = Date.now()) {
      open()
        .prepare('UPDATE checkout_events SET processed_at = ? WHERE event_id = ? AND processed_at IS NULL')
        .run(now, eventId);
    },
    async claim(key: TaskKey, leaseMs: number, now = Date.now()) {
      const token = newClaimToken();
      const row = open()
        .prepare(
          `INSERT INTO checkout_tasks (session_id, kind, state, token, available_at, attempts, updated_at)
           VALUES (@sessionId, @kind, 'claimed', @token, @leaseUntil, 1, @now)
           ON CONFLICT (session_id, kind) DO UPDATE SET
             state = 'claimed', token = excluded.token, available_at = excluded.available_at,
             attempts = checkout_tasks.attempts + 1, updated_at = excluded.updated_at
           WHERE checkout_tasks.state <> 'done' AND checkout_tasks.available_at <= @now
           RETURNING attempts, payload`,
        )
        .get({ sessionId: key.sessionId, kind: key.kind, token, leaseUntil: now + leaseMs, now }) as
        | { attempts: number; payload: string | null }
        | undefined;
      if (!row) return null;
      return { ...key, token, attempts: row.attempts, payload: row.payload };
    },
    async claimDue(kind: TaskKind, leaseMs: number, limit: number, now = Date.now()) {
      const conn = open();
      const due = conn
        .prepare(
          `SELECT session_id FROM checkout_tasks WHERE kind = ? AND state <> 'done' AND available_at <= ?
           ORDER BY available_at LIMIT ?`,
        )
        .all(kind, now, limit) as { session_id: string }[];
      const take = conn.prepare(
        `UPDATE checkout_tasks SET state = 'claimed', token = @token, available_at = @leaseUntil,
           attempts = attempts + 1, updated_at = @now
         WHERE session_id = @sessionId AND kind = @kind AND state <> 'done' AND available_at <= @now
         RETURNING attempts, payload`,
      );
      const claims: TaskClaim[] = [];
      for (const { session_id: sessionId } of due) {
        const token = newClaimToken();
        const row = take.get({ token, leaseUntil: now + leaseMs, now, sessionId, kind }) as
          | { attempts: number; payload: string | null }
          | undefined;
        if (row) claims.push({ sessionId, kind, token, attempts: row.attempts, payload: row.payload });
      }
      return claims;
    },
    async complete(claim: TaskClaim, payload?: string, now = Date.now()) {
      const result = open()
        .prepare(
          `UPDATE checkout_tasks SET state = 'done', token = NULL, last_error = NULL,
             payload = COALESCE(?, payload), updated_at = ?
           WHERE session_id = ? AND kind = ? AND token = ?`,
        )
        .run(payload ?? null, now, claim.sessionId, claim.kind, claim.token);
      return result.changes === 1;
    },
    async release(claim: TaskClaim, error: string, retryAt?: number, now = Date.now()) {
      open()
        .prepare(
          `UPDATE checkout_tasks SET state = 'failed', token = NULL, available_at = ?, last_error = ?, updated_at = ?
           WHERE session_id = ? AND kind = ? AND token = ?`,
        )
        .run(retryAt ?? now, error, now, claim.sessionId, claim.kind, claim.token);
    },
    async enqueue(key: TaskKey, payload: string, now = Date.now()) {
      const result = open()
        .prepare(
          `INSERT INTO checkout_tasks (session_id, kind, state, available_at, attempts, payload, updated_at)
           VALUES (?, ?, 'pending', ?, 0, ?, ?) ON CONFLICT (session_id, kind) DO NOTHING`,
        )
        .run(key.sessionId, key.kind, now, payload, now);
      return result.changes === 1;
    },
    async task(key: TaskKey) {
      const row = open()
        .prepare('SELECT * FROM checkout_tasks WHERE session_id = ? AND kind = ?')
        .get(key.sessionId, key.kind) as TaskRow | undefined;
      return row ? toRecord(row) : undefined;
    },
    async tasks(limit = 1000) {
      const rows = open()
        .prepare('SELECT * FROM checkout_tasks ORDER BY updated_at DESC, session_id LIMIT ?')
        .all(limit) as TaskRow[];
      return rows.map(toRecord);
    },
    async close() {
      db?.close();
      db = undefined;
    },
  };
}
