import type { Ledger } from './ledger.js';
import { createPostgresLedger } from './postgres.js';
import { createSqliteLedger } from './sqlite.js';

/** `postgres://…` → PostgreSQL; anything else is a SQLite file path (`sqlite:` / `file:` prefixes allowed). */
export function openLedger(databaseUrl: string, options: { schema?: string } = {}): Ledger {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return createPostgresLedger(databaseUrl, options);
  return createSqliteLedger(databaseUrl.replace(/^(sqlite|file):(\/\/)?/, ''));
}
