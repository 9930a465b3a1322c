import { mkdir } from 'node:fs/promises';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** PostgreSQL when a connection string is given, otherwise PGlite under `dataDir`. */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}): Promise<Database> {
  let db: Database;
  if (options.databaseUrl) {
    db = await openPostgres(options.databaseUrl);
  } else {
    if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
    db = await openPglite(options.dataDir);
  }
  await migrate(db);
  return db;
}
