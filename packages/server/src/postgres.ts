// `@checkout-element/server/postgres`: the PostgreSQL ledger store (needs the optional peer `pg`).
export { createPostgresLedger, type PostgresLedgerOptions } from './ledger/postgres.js';
