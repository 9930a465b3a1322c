import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/**
 * PostgreSQL when a connection string is given, otherwise PGlite in `<dataDir>/pglite` (its own
 * folder, so operators can back it up apart from the admin token and the lock).
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}): Promise<Database> {
  let db: Database;
  if (options.databaseUrl) {
    db = await openPostgres(options.databaseUrl);
  } else {
    const pgliteDir = options.dataDir === undefined ? undefined : join(options.dataDir, 'pglite');
    if (pgliteDir !== undefined) await mkdir(pgliteDir, { recursive: true });
    db = await openPglite(pgliteDir);
  }
  await migrate(db);
  return db;
}
