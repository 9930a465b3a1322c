import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { checkParams, type Database, type Queryable } from './database';

function queryable(db: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      checkParams(params);
      const result = await db.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/**
 * PGlite unpacks its first database with the modes of its archive (0666, 0755) whatever the
 * umask; the files hold link pairs, so they are closed to other users once it has opened.
 */
async function closeToOthers(path: string): Promise<void> {
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) await chmod(path, info.mode & 0o700);
  if (info.isDirectory())
    for (const name of await readdir(path)) await closeToOthers(join(path, name));
}

/** `dataDir` undefined keeps the database in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  if (dataDir !== undefined) await closeToOthers(dataDir);
  return {
    kind: 'pglite',
    ...queryable(db),
    // One process, one connection: nothing to gain from a second one.
    unsynced: queryable(db),
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    listen(channel, handler) {
      // One process: nothing is ever missed, so there is no gap to report.
      const unlisten = db.listen(channel, handler.onMessage);
      return async () => (await unlisten)();
    },
    close: () => db.close(),
  };
}
