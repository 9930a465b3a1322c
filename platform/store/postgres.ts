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

// A request waits at most this long for a connection (a database that hangs rather than one that
// is down, which refuses at once); then it is answered 503, never left hanging.
const CONNECT_TIMEOUT_MS = 5_000;

export async function openPostgres(connectionString: string, poolSize = 10): Promise<Database> {
  // A request waits at most this long for a connection (a database that hangs, not one that is down,
  // which refuses at once): then it is answered 503, never left hanging.
  const CONNECT_TIMEOUT_MS = 5_000;

  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client losing its connection must not crash the server; the pool replaces it.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const unsyncedPool = new pg.Pool({
    connectionString,
    max: Math.max(2, Math.ceil(poolSize / 2)),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
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
