import type { Ledger } from './ledger.js';

/** An optional peer dependency the chosen feature needs is not installed. */
export class MissingPeerError extends Error {
  override readonly name = 'MissingPeerError';
}

/**
 * Loads a module that imports an optional peer dependency, turning "Cannot find package 'pg'" into a message
 * naming the install command.
 */
export async function loadWithPeer<Module>(
  load: () => Promise<Module>,
  peer: string,
  purpose: string,
): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${peer}'`)) {
      throw new MissingPeerError(
        `${purpose} needs the \`${peer}\` package, an optional peer dependency of @checkout-element/server: run \`npm install ${peer}\` next to it`,
      );
    }
    throw error;
  }
}

export interface OpenLedgerOptions {
  readonly schema?: string | undefined;
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * `postgres://…` → PostgreSQL; anything else is a SQLite file path (`sqlite:` / `file:` prefixes allowed). Each
 * store is loaded only when chosen, so the CLI runs with only the driver it uses installed.
 */
export async function openLedger(databaseUrl: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { createPostgresLedger } = await loadWithPeer(
      () => import('./postgres.js'),
      'pg',
      'A PostgreSQL DATABASE_URL',
    );
    return createPostgresLedger(databaseUrl, {
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    });
  }
  const { createSqliteLedger } = await loadWithPeer(
    () => import('./sqlite.js'),
    'better-sqlite3',
    'A SQLite DATABASE_URL (a file path)',
  );
  return createSqliteLedger(databaseUrl.replace(/^(sqlite|file):(\/\/)?/, ''));
}
