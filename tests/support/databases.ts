import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Database } from '../../platform/store/database';
import { migrate } from '../../platform/store/migrate';
import { openPglite } from '../../platform/store/pglite';
import { openPostgres } from '../../platform/store/postgres';
import { createDatabase } from './postgres-server';

export type DatabaseKind = 'pglite' | 'postgres';

/** Both kinds where PostgreSQL is available (always in CI: global-setup fails the run otherwise). */
export function databaseKinds(): DatabaseKind[] {
  return inject('postgresAdminUrl') === '' ? ['pglite'] : ['pglite', 'postgres'];
}

/** A fresh, migrated database: in-memory PGlite, or a new database on the run's server. */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database & { url?: string }> {
  if (kind === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return db;
  }
  const name = `mykey_test_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(inject('postgresAdminUrl'), name);
  const db = await openPostgres(url);
  await migrate(db);
  return Object.assign(db, { url });
}
