// `@checkout-element/server/sqlite`: the SQLite ledger store (needs the optional peer `better-sqlite3`).
export { createSqliteLedger, type SqliteLedgerOptions } from './ledger/sqlite.js';
