import pg from 'pg';
import { checkParams, type Database, type Queryable } from './database';
import { listenOnPostgres } from './notifications';

/**
 * Statements with parameters go by name, so that each connection parses and plans one once, not on
 * every call: PostgreSQL's own CPU per lookup was more than the platform's (BENCHMARKS.md,
 * links-scale). The texts are this code's, never a client's; the bound only keeps a future caller
 * that builds texts from data from growing the map (its statements then go unnamed).
 */
const MAX_NAMED_STATEMENTS = 1_000;
const statementNames = new Map<string, string>();

function statement(sql: string, params: readonly unknown[]): pg.QueryConfig {
  const values = params as unknown[];
  if (params.length === 0) return { text: sql, values };
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `mykey_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name === undefined ? { text: sql, values } : { name, text: sql, values };
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      checkParams(params);
      const result = await client.query(statement(sql, params));
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
      // pg-pool listens for a client's errors only while it is idle: a checked-out client whose
      // server goes away between two statements (a restart ends every connection) would emit
      // 'error' with no listener and end the process. Keep it, and release the client as broken.
      let lost: Error | undefined;
      const onLoss = (error: Error) => {
        lost = error;
      };
      client.on('error', onLoss);
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        // A lost client keeps a listener while the pool ends it: more errors may follow the first.
        if (lost === undefined) client.removeListener('error', onLoss);
        client.release(lost);
      }
    },
    listen: (channel, handler) => listenOnPostgres(connectionString, channel, handler),
    close: async () => {
      await Promise.all([pool.end(), unsyncedPool.end()]);
    },
  };
}
