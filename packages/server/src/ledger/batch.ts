/**
 * Group commit for a ledger whose database is across a socket (PostgreSQL): calls that arrive while earlier ones
 * are in flight wait, then go together as one statement — one round trip and one durable commit shared by all of
 * them. Each caller's promise settles only from that statement's own result, after its commit returned, so
 * nothing is acknowledged before it is durable; the database's row locks still decide every claim, exactly as
 * they do between server instances.
 */
export interface BatcherOptions<Op> {
  /** Statements in flight at once; more calls wait and join the next batch. */
  readonly maxInFlight: number;
  /** Largest batch (bounds the parameter's size). */
  readonly maxBatch: number;
  /**
   * Keys an op must not share with another op of the same batch (one statement cannot update one row twice);
   * an op whose key is taken waits for the next batch.
   */
  readonly keysOf: (op: Op) => readonly string[];
  /**
   * Whether a failed batch may be retried one op at a time: true when the database refused the statement (it
   * rolled back, so nothing of it happened), so one bad row does not fail the others; false when the outcome is
   * unknown (connection lost), where every caller gets the error.
   */
  readonly retryAlone: (error: unknown) => boolean;
}

interface Pending<Op, Result> {
  readonly op: Op;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

export function createBatcher<Op, Result>(
  run: (ops: readonly Op[]) => Promise<readonly Result[]>,
  options: BatcherOptions<Op>,
): (op: Op) => Promise<Result> {
  let queue: Pending<Op, Result>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = async (batch: readonly Pending<Op, Result>[]) => {
    try {
      const results = await run(batch.map((pending) => pending.op));
      for (const [index, pending] of batch.entries()) pending.resolve(results[index] as Result);
    } catch (error) {
      if (batch.length === 1 || !options.retryAlone(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      await Promise.all(
        batch.map(async (pending) => {
          try {
            pending.resolve((await run([pending.op]))[0] as Result);
          } catch (alone) {
            pending.reject(alone);
          }
        }),
      );
    }
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch: Pending<Op, Result>[] = [];
      const rest: Pending<Op, Result>[] = [];
      const taken = new Set<string>();
      for (const pending of queue) {
        const keys = options.keysOf(pending.op);
        if (batch.length < options.maxBatch && keys.every((key) => !taken.has(key))) {
          for (const key of keys) taken.add(key);
          batch.push(pending);
        } else {
          rest.push(pending);
        }
      }
      queue = rest;
      inFlight += 1;
      void settle(batch).finally(() => {
        inFlight -= 1;
        schedule();
      });
    }
  };

  // One event-loop turn before sending: deliveries that arrived together (their bodies read and verified over a
  // few callbacks) reach the batch together.
  const schedule = () => {
    if (scheduled || queue.length === 0 || inFlight >= options.maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  };

  return (op: Op) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ op, resolve, reject });
      schedule();
    });
}

/** A PostgreSQL error the server raised for the statement (SQLSTATE), as opposed to a broken connection. */
export function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Class 08 (connection exception) and 57P (operator intervention: the backend went away) leave the outcome unknown.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P)/.test(code);
}
