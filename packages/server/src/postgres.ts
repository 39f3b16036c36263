// `@checkout-element/server/postgres`: the PostgreSQL ledger store (needs the optional peer `pg`).
export {
  createPostgresLedger,
  LEDGER_SESSION_SETTINGS,
  type PostgresLedgerOptions,
} from './ledger/postgres.js';
