import { after } from 'node:test';
import pg from 'pg';

const url = process.env.DATABASE_URL;

/** Printed by the test runner for every PostgreSQL test it skips, so a green run without PostgreSQL is visible. */
export const postgresSkipReason =
  url && /^postgres(ql)?:\/\//.test(url)
    ? undefined
    : 'SKIPPED: PostgreSQL ledger tests — set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema unique to this test file's run, dropped when the file finishes, so concurrent runs (two CI jobs, a
 * developer and CI) never see each other's rows.
 */
export function temporaryPostgresSchema(): { url: string; schema: string } {
  const schema = `checkout_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  if (!postgresSkipReason) {
    after(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // Tests may derive further schemas from this name (`<schema>_chaos`); drop them all.
        const found = await client.query<{ nspname: string }>(
          'SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $2',
          [schema, `${schema}\\_%`],
        );
        for (const { nspname } of found.rows)
          await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
      } finally {
        await client.end();
      }
    });
  }
  return { url: url ?? '', schema };
}
