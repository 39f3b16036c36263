// The webhook's two ledger steps (`beginEvent`, `finishEvent`) for PostgreSQL, batched: every call waiting in
// the batcher goes in ONE statement whose only parameter is a JSON array of the calls (`json_to_recordset`), so a
// burst of deliveries costs one round trip and one durable commit per batch instead of one per delivery. The
// statements are named (prepared once per connection; the JSON parameter keeps one plan for any batch size).
import type pg from 'pg';
import { createBatcher, isStatementError } from './batch.js';
import type { EventRecord, EventStart, TaskClaim, TaskKey, TaskState } from './ledger.js';
import { newClaimToken } from './ledger.js';

export interface BeginCall {
  readonly event: EventRecord;
  readonly task: { readonly key: TaskKey; readonly leaseMs: number } | undefined;
  readonly now: number;
}

export interface FinishCall {
  readonly event: EventRecord;
  readonly claim: TaskClaim | undefined;
  readonly payload: string | undefined;
  readonly now: number;
}

/** Short, stable per-schema suffix: a statement name is per connection, and a shared pool may serve two schemas. */
function tag(schema: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) hash = Math.imul(hash ^ schema.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

export function beginStatement(schema: string): string {
  const events = `"${schema}".checkout_events`;
  const tasks = `"${schema}".checkout_tasks`;
  // Rows are written in key order (ORDER BY), so two batches touching the same rows lock them in the same order
  // instead of deadlocking (PostgreSQL would break a deadlock after deadlock_timeout, and the batcher retry alone).
  // All parts see the snapshot taken when the statement starts, as the single-call statement did: `prior` does not
  // see events inserted by this statement (not processed), and `existing` is the task's state before the claim.
  // Concurrent claims of one task (another batch, another instance) wait on its row lock and re-check the WHERE.
  // Rows are looked up with `= ANY (ARRAY(SELECT … FROM input))`, an index condition, never joined to `input`
  // alone: the planner takes json_to_recordset for 100 rows, so against a table of a few thousand rows it chose a
  // hash join over a sequential scan of the whole table, a cost that grew with the ledger (measured: 6,000 rows
  // scanned three times per event, ~0.5 ms each; a 1,000,000-row ledger was faster than an empty one because
  // there the index won). The test in ledger.test.ts holds the plans to index scans.
  return `WITH input AS (
      SELECT * FROM json_to_recordset($1::json) AS i(
        ord int, event_id text, type text, event_session text, now bigint,
        task_session text, kind text, token text, lease_until bigint)),
    inserted AS (
      INSERT INTO ${events} (event_id, type, session_id, received_at)
      SELECT event_id, type, event_session, now FROM input ORDER BY event_id
      ON CONFLICT (event_id) DO NOTHING RETURNING event_id),
    prior AS (
      SELECT e.event_id, e.processed_at FROM ${events} e
      WHERE e.event_id = ANY (ARRAY(SELECT event_id FROM input))),
    claimed AS (
      INSERT INTO ${tasks} AS t (session_id, kind, state, token, available_at, attempts, updated_at, created_at)
      SELECT i.task_session, i.kind, 'claimed', i.token, i.lease_until, 1, i.now, i.now FROM input i
      WHERE i.task_session IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM prior p WHERE p.event_id = i.event_id AND p.processed_at IS NOT NULL)
      ORDER BY i.task_session, i.kind
      ON CONFLICT (session_id, kind) DO UPDATE SET
        state = 'claimed', token = EXCLUDED.token, available_at = EXCLUDED.available_at,
        attempts = t.attempts + 1, updated_at = EXCLUDED.updated_at
      WHERE t.state <> 'done' AND t.available_at <= EXCLUDED.updated_at
      RETURNING session_id, kind, attempts, payload),
    existing AS (
      SELECT t.session_id, t.kind, t.state FROM ${tasks} t
      JOIN input i ON t.session_id = i.task_session AND t.kind = i.kind
      WHERE t.session_id = ANY (ARRAY(SELECT task_session FROM input WHERE task_session IS NOT NULL)))
    SELECT i.ord, p.processed_at, c.attempts, c.payload, x.state
    FROM input i
    LEFT JOIN prior p ON p.event_id = i.event_id
    LEFT JOIN claimed c ON c.session_id = i.task_session AND c.kind = i.kind
    LEFT JOIN existing x ON x.session_id = i.task_session AND x.kind = i.kind`;
}

export function finishStatement(schema: string): string {
  const events = `"${schema}".checkout_events`;
  const tasks = `"${schema}".checkout_tasks`;
  return `WITH input AS (
      SELECT * FROM json_to_recordset($1::json) AS i(
        ord int, payload text, now bigint, session_id text, kind text, token text,
        event_id text, type text, event_session text)),
    completed AS (
      UPDATE ${tasks} t SET state = 'done', token = NULL, last_error = NULL,
        payload = COALESCE(i.payload, t.payload), updated_at = i.now
      FROM input i WHERE t.session_id = i.session_id AND t.kind = i.kind AND t.token = i.token
        AND t.session_id = ANY (ARRAY(SELECT session_id FROM input WHERE session_id IS NOT NULL))
      RETURNING i.ord),
    marked AS (
      INSERT INTO ${events} AS e (event_id, type, session_id, received_at, processed_at)
      SELECT event_id, type, event_session, now, now FROM input ORDER BY event_id
      ON CONFLICT (event_id) DO UPDATE SET processed_at = COALESCE(e.processed_at, EXCLUDED.processed_at))
    SELECT ord FROM completed`;
}

// One statement can neither update a row twice nor tell two calls for one row apart: such calls wait a batch.
const beginKeys = (call: BeginCall) => [
  `e:${call.event.eventId}`,
  ...(call.task ? [`t:${call.task.key.kind}:${call.task.key.sessionId}`] : []),
];
const finishKeys = (call: FinishCall) => [
  `e:${call.event.eventId}`,
  ...(call.claim ? [`t:${call.claim.kind}:${call.claim.sessionId}`] : []),
];

export interface PostgresBatches {
  beginEvent(call: BeginCall): Promise<EventStart>;
  finishEvent(call: FinishCall): Promise<boolean>;
}

export function createPostgresBatches(
  schema: string,
  query: <Row extends pg.QueryResultRow>(config: pg.QueryConfig) => Promise<pg.QueryResult<Row>>,
): PostgresBatches {
  const names = { begin: `checkout_begin_${tag(schema)}`, finish: `checkout_finish_${tag(schema)}` };
  const texts = { begin: beginStatement(schema), finish: finishStatement(schema) };
  const shape = { maxInFlight: 2, maxBatch: 500, retryAlone: isStatementError };

  const begin = createBatcher<BeginCall, EventStart>(
    async (calls) => {
      const tokens = calls.map(() => newClaimToken());
      const input = calls.map((call, ord) => ({
        ord,
        event_id: call.event.eventId,
        type: call.event.type,
        event_session: call.event.sessionId,
        now: call.now,
        task_session: call.task?.key.sessionId ?? null,
        kind: call.task?.key.kind ?? null,
        token: tokens[ord],
        lease_until: call.now + (call.task?.leaseMs ?? 0),
      }));
      const result = await query<{
        ord: number;
        processed_at: string | null;
        attempts: number | null;
        payload: string | null;
        state: TaskState | null;
      }>({ name: names.begin, text: texts.begin, values: [JSON.stringify(input)] });
      const rows = new Map(result.rows.map((row) => [row.ord, row]));
      return calls.map((call, ord): EventStart => {
        const row = rows.get(ord);
        if (row?.processed_at != null) return { processed: true, claim: null, state: undefined };
        if (!call.task) return { processed: false, claim: null, state: undefined };
        if (row?.attempts != null) {
          const claim = {
            ...call.task.key,
            token: tokens[ord]!,
            attempts: row.attempts,
            payload: row.payload,
          };
          return { processed: false, claim, state: undefined };
        }
        return { processed: false, claim: null, state: row?.state ?? undefined };
      });
    },
    { ...shape, keysOf: beginKeys },
  );

  const finish = createBatcher<FinishCall, boolean>(
    async (calls) => {
      const input = calls.map((call, ord) => ({
        ord,
        payload: call.payload ?? null,
        now: call.now,
        session_id: call.claim?.sessionId ?? null,
        kind: call.claim?.kind ?? null,
        token: call.claim?.token ?? null,
        event_id: call.event.eventId,
        type: call.event.type,
        event_session: call.event.sessionId,
      }));
      const result = await query<{ ord: number }>({
        name: names.finish,
        text: texts.finish,
        values: [JSON.stringify(input)],
      });
      const kept = new Set(result.rows.map((row) => row.ord));
      return calls.map((call, ord) => (call.claim ? kept.has(ord) : true));
    },
    { ...shape, keysOf: finishKeys },
  );

  return { beginEvent: begin, finishEvent: finish };
}
