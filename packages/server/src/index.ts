export type {
  EventRecord,
  Ledger,
  TaskClaim,
  TaskKey,
  TaskKind,
  TaskRecord,
  TaskState,
} from './ledger/ledger.js';
export type { PostgresLedgerOptions } from './ledger/postgres.js';
export { createPostgresLedger } from './ledger/postgres.js';
export { createSqliteLedger } from './ledger/sqlite.js';
export {
  CheckoutInputError,
  CheckoutOptionsError,
  FulfilmentError,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from './errors.js';
