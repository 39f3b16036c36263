/**
 * What the ledger remembers, per Checkout Session, so that each side effect runs exactly once.
 *
 * A task is one side effect for one session (`fulfil`, `expired`, `payment_failed`, `forward`). A worker runs it
 * only while it holds a claim: a random token plus a lease. Claims are taken by one conditional statement in the
 * database, so two processes (or two requests in one) can never both win; a claim whose holder died is
 * re-claimable once its lease has passed.
 */
export type TaskKind = 'fulfil' | 'expired' | 'payment_failed' | 'forward';

export type TaskState = 'pending' | 'claimed' | 'failed' | 'done';

export interface TaskKey {
  readonly sessionId: string;
  readonly kind: TaskKind;
}

export interface TaskClaim extends TaskKey {
  readonly token: string;
  /** How many times the task has been claimed, this claim included. */
  readonly attempts: number;
  /** What was stored with the task (outbox payload), if anything. */
  readonly payload: string | null;
}

export interface TaskRecord extends TaskKey {
  readonly state: TaskState;
  readonly attempts: number;
  /** For a claimed task: when its lease ends. For a failed or pending one: when it may run next (ms epoch). */
  readonly availableAt: number;
  readonly lastError: string | null;
  readonly payload: string | null;
  readonly updatedAt: number;
  /** When the ledger first recorded the task (ms epoch). */
  readonly createdAt: number;
}

export interface EventRecord {
  readonly eventId: string;
  readonly type: string;
  readonly sessionId: string | null;
}

export interface EventStart {
  /** The event had already been fully processed: nothing was claimed. */
  readonly processed: boolean;
  readonly claim: TaskClaim | null;
  /** The task's state when it exists and was not claimed (`done` → already ran; otherwise in progress). */
  readonly state: TaskState | undefined;
}

/** How the store commits, read from the ledger's own connection (what a benchmark or a health check reports). */
export interface LedgerDurability {
  /** The settings that decide it, e.g. `journal_mode=wal synchronous=FULL` or `synchronous_commit=on fsync=on`. */
  readonly settings: string;
  /** Whether a commit that returned survives a power loss or an OS crash. */
  readonly durable: boolean;
}

export interface Ledger {
  /**
   * Brings the tables to the current schema version (creating them, or running the migrations a database made by
   * an older release still needs). Idempotent and safe to call from several processes at once.
   */
  init(): Promise<void>;
  /**
   * A webhook's first step in one transaction: records the event id and, unless that event was already fully
   * processed, claims `task` (as `claim` does). `state` is the task's state when the claim was not granted.
   */
  beginEvent(
    event: EventRecord,
    task: { readonly key: TaskKey; readonly leaseMs: number } | undefined,
    now?: number,
  ): Promise<EventStart>;
  /**
   * A webhook's last step in one transaction: marks `claim` done (as `complete` does) and the event processed
   * (recording it if it was not yet). Resolves whether the claim was still held (true without a claim).
   */
  finishEvent(
    event: EventRecord,
    claim: TaskClaim | undefined,
    payload?: string,
    now?: number,
  ): Promise<boolean>;
  /**
   * Atomically claims a task (creating it if new) unless it is done or another live claim holds it.
   * Resolves `null` when the claim was not granted.
   */
  claim(key: TaskKey, leaseMs: number, now?: number): Promise<TaskClaim | null>;
  /** Claims up to `limit` tasks of `kind` that are due (pending or failed, retry time reached, or lease lapsed). */
  claimDue(kind: TaskKind, leaseMs: number, limit: number, now?: number): Promise<TaskClaim[]>;
  /** Marks the task done; false if the claim had already been lost (lease lapsed and someone else took it). */
  complete(claim: TaskClaim, payload?: string, now?: number): Promise<boolean>;
  /** Gives the claim up after a failure; the task becomes claimable again at `retryAt` (default: now). */
  release(claim: TaskClaim, error: string, retryAt?: number, now?: number): Promise<void>;
  /** Inserts a pending task with a payload unless it already exists (an outbox entry). True if inserted. */
  enqueue(key: TaskKey, payload: string, now?: number): Promise<boolean>;
  task(key: TaskKey): Promise<TaskRecord | undefined>;
  /** Every task, newest first (for `checkout-server orders`). */
  tasks(limit?: number): Promise<TaskRecord[]>;
  /** The commit settings in force on the ledger's connection (optional for ledgers written elsewhere). */
  durability?(): Promise<LedgerDurability>;
  close(): Promise<void>;
}

/** The ledger schema this release writes; `init()` migrates older databases up to it and refuses newer ones. */
export const LEDGER_SCHEMA_VERSION = 3;

export function newClaimToken(): string {
  // The global Web Crypto, not node:crypto: the core runs in any runtime with the Fetch API.
  return crypto.randomUUID();
}

/** A database written by a newer release of this package: refuse it rather than write rows it cannot read. */
export function newerSchemaError(found: number): Error {
  return new Error(
    `the ledger database is at schema version ${found}, newer than this release of @checkout-element/server knows (${LEDGER_SCHEMA_VERSION}); upgrade the package on every instance before starting this one`,
  );
}
