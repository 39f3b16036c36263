import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createPostgresLedger } from '../src/postgres.js';
import { createSqliteLedger } from '../src/sqlite.js';
import { ledgerContract } from './ledger-contract.js';
import { postgresSkipReason, temporaryPostgresSchema } from './support/postgres.js';

const directory = mkdtempSync(join(tmpdir(), 'checkout-ledger-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const sqlitePath = join(directory, 'ledger.sqlite');
ledgerContract('SQLite', () => createSqliteLedger(sqlitePath));

const postgres = temporaryPostgresSchema();
ledgerContract(
  'PostgreSQL',
  () => createPostgresLedger(postgres.url, { schema: postgres.schema }),
  postgresSkipReason,
);
