import pg from 'pg';
import { checkParams, type Database, type Queryable } from './database';
import { listenOnPostgres } from './notifications';

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      checkParams(params);
      const result = await client.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client losing its connection must not crash the server; the pool replaces it.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const unsyncedPool = new pg.Pool({
    connectionString,
    max: Math.max(2, Math.ceil(poolSize / 2)),
    options: '-c synchronous_commit=off',
  });
  unsyncedPool.on('error', () => {});
  return {
    kind: 'postgres',
    ...queryable(pool),
    unsynced: queryable(unsyncedPool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, handler) => listenOnPostgres(connectionString, channel, handler),
    close: async () => {
      await Promise.all([pool.end(), unsyncedPool.end()]);
    },
  };
}
