import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Ledger } from '../../src/index.js';
import { createPostgresLedger } from '../../src/postgres.js';
import { createSqliteLedger } from '../../src/sqlite.js';
import { postgresSkipReason, temporaryPostgresSchema } from './postgres.js';

export interface Store {
  readonly name: string;
  readonly skip: string | undefined;
  /** A fresh storage location (file or schema) for one test; `open` may be called again for a second instance. */
  fresh(): { open: () => Ledger; env: Record<string, string> };
}

let counter = 0;

/** The two ledger stores every exactly-once test runs against. */
export function stores(): Store[] {
  const directory = mkdtempSync(join(tmpdir(), 'checkout-server-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  const postgres = temporaryPostgresSchema();
  return [
    {
      name: 'SQLite',
      skip: undefined,
      fresh() {
        const path = join(directory, `ledger-${counter++}.sqlite`);
        return { open: () => createSqliteLedger(path), env: { LEDGER: path } };
      },
    },
    {
      name: 'PostgreSQL',
      skip: postgresSkipReason,
      fresh() {
        // One schema per file run (dropped after); tables are shared by its tests, sessions ids never collide.
        return {
          open: () => createPostgresLedger(postgres.url, { schema: postgres.schema }),
          env: { LEDGER: postgres.url, LEDGER_SCHEMA: postgres.schema },
        };
      },
    },
  ];
}
