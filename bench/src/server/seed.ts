// A ledger that already holds many paid, fulfilled sessions (a shop's history), to show that a webhook's cost does
// not grow with the ledger's size: every statement on the webhook path is a primary-key lookup or upsert.
import { createPostgresLedger } from '@checkout-element/server/postgres';
import { createSqliteLedger } from '@checkout-element/server/sqlite';
import Database from 'better-sqlite3';
import pg from 'pg';

/** Seeds `count` processed events and done fulfil tasks in the ledger's own tables (created by its `init`). */
export async function seedSqlite(path: string, count: number): Promise<void> {
  const ledger = createSqliteLedger(path);
  await ledger.init();
  await ledger.close();
  const db = new Database(path);
  try {
    // One transaction and two INSERT … SELECT over a recursive counter: SQLite writes the rows and their index
    // entries without a round trip per row (a few seconds for a million on two cores).
    const now = Date.now();
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO checkout_events (event_id, type, session_id, received_at, processed_at)
         SELECT 'evt_seed_' || i, 'checkout.session.completed', 'cs_test_seed_' || i, ? - i, ? - i FROM n`,
      ).run(count, now, now);
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO checkout_tasks (session_id, kind, state, available_at, attempts, payload, updated_at, created_at)
         SELECT 'cs_test_seed_' || i, 'fulfil', 'done', ? - i, 1, '{"amountTotal":2500,"currency":"eur"}', ? - i, ? - i
         FROM n`,
      ).run(count, now, now, now);
    })();
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

export async function seedPostgres(url: string, schema: string, count: number): Promise<void> {
  const ledger = createPostgresLedger(url, { schema });
  await ledger.init();
  await ledger.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // generate_series inside the server: one statement per table, no rows over the wire.
    const now = Date.now();
    await client.query(
      `INSERT INTO "${schema}".checkout_events (event_id, type, session_id, received_at, processed_at)
       SELECT 'evt_seed_' || i, 'checkout.session.completed', 'cs_test_seed_' || i, $2::bigint - i, $2::bigint - i
       FROM generate_series(1, $1::int) AS i`,
      [count, now],
    );
    await client.query(
      `INSERT INTO "${schema}".checkout_tasks (session_id, kind, state, available_at, attempts, payload, updated_at, created_at)
       SELECT 'cs_test_seed_' || i, 'fulfil', 'done', $2::bigint - i, 1, '{"amountTotal":2500,"currency":"eur"}',
              $2::bigint - i, $2::bigint - i
       FROM generate_series(1, $1::int) AS i`,
      [count, now],
    );
    await client.query(`ANALYZE "${schema}".checkout_events`);
    await client.query(`ANALYZE "${schema}".checkout_tasks`);
  } finally {
    await client.end();
  }
}

/** Rows in the ledger's tables, to report what the seeded run really held. */
export async function countSqlite(path: string): Promise<number> {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM checkout_tasks').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
