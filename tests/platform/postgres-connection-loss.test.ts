import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openPostgres } from '../../platform/store/postgres';
import { isDatabaseUnavailable } from '../../platform/store/unavailable';
import { createDatabase, postgresMissingMessage } from '../support/postgres-server';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A restart of PostgreSQL ends every connection, also one a transaction holds between two
 * statements. pg-pool listens for errors only on idle clients, so without a listener of the
 * store's own that connection's 'error' ends the process (in CI: a fleet worker died mid-outage
 * and a terminal's request got "other side closed" instead of 503).
 */
describe('a transaction whose connection is ended between two statements', () => {
  it('fails as database unavailable, takes nothing down, and the next transaction works', async () => {
    const adminUrl = inject('postgresAdminUrl');
    if (adminUrl === '') throw new Error(postgresMissingMessage());
    const url = await createDatabase(adminUrl, `loss_${randomUUID().replaceAll('-', '')}`);
    const db = await openPostgres(url, 2);
    const killer = new pg.Client({ connectionString: url });
    await killer.connect();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = db.transaction(async (tx) => {
        const [me] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await killer.query('SELECT pg_terminate_backend($1)', [me?.pid]);
        // No statement is running now: the loss arrives as the client's own 'error' event.
        await wait(300);
        return tx.query('SELECT 1');
      });
      const failure = await attempt.then(
        () => undefined,
        (error: unknown) => error,
      );
      // Answered 503 with Retry-After, as any other outage.
      expect(isDatabaseUnavailable(failure)).toBe(true);
      expect(uncaught).toEqual([]);
      // The broken client was not put back: the pool's next transaction gets a live one.
      for (let i = 0; i < 3; i += 1) {
        expect(await db.transaction((tx) => tx.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
      }
    } finally {
      process.off('uncaughtException', onUncaught);
      await killer.end();
      await db.close();
    }
  });
});
