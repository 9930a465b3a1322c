import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { onceKey, resendResult, sameRequest } from '../../platform/domain/exactly-once';
import { OperationMacs } from '../../platform/domain/operation-macs';
import { databaseKinds, openTestDatabase } from '../support/databases';
import { streetLedger } from '../support/ledger';

/**
 * Exactly once has one definition (platform/domain/exactly-once.ts). The database functions that
 * apply points operations and conversions take their ids' locks in SQL; they must lock the very
 * keys the TypeScript paths lock, or the same operation id sent by a batch and by a points call at
 * once would be applied twice. Held to it on real PostgreSQL: a session holds the TypeScript key,
 * and the SQL function for the same id must wait for it (and for another id must not).
 */
const TERMINAL = 'T-once';
const LOCK_NOT_AVAILABLE = '55P03';

describe('a resend is answered from the record', () => {
  const macs = OperationMacs.ephemeral();
  const mac = macs.ofContent({ kind: 'x', points: 1 });

  it('with the result it got, when the content is the same', () => {
    expect(resendResult(macs, { result: 'first', mac }, mac)).toBe('first');
  });

  it('with OPERATION_ID_REUSED, when the content differs', () => {
    const other = macs.ofContent({ kind: 'x', points: 2 });
    expect(resendResult(macs, { result: 'first', mac }, other)).toEqual({
      status: 'rejected',
      code: 'OPERATION_ID_REUSED',
    });
  });

  it('trusted when the record was made under another key, unless its answer is made again from the key', () => {
    const earlierKey = OperationMacs.ephemeral().ofContent({ kind: 'x', points: 1 });
    expect(sameRequest(macs, earlierKey, mac)).toBe(true);
    expect(sameRequest(macs, null, mac)).toBe(true);
    expect(sameRequest(macs, earlierKey, mac, { rederivable: true })).toBe(false);
    expect(sameRequest(macs, mac, mac, { rederivable: true })).toBe(true);
  });

  it('an operation id is one key whatever its letters’ case', () => {
    const id = randomUUID();
    expect(onceKey.operation(TERMINAL, id.toUpperCase())).toBe(onceKey.operation(TERMINAL, id));
  });
});

describe.each(databaseKinds().filter((kind) => kind === 'postgres'))(
  'the SQL functions lock the keys exactly-once.ts defines, on %s',
  (kind) => {
    /** Runs `call` in a second session while the first holds `key`: 'waited' or 'answered'. */
    async function whileHeld(
      url: string,
      key: string,
      call: (client: pg.Client) => Promise<unknown>,
    ): Promise<'waited' | 'answered'> {
      const holder = new pg.Client({ connectionString: url });
      const caller = new pg.Client({ connectionString: url });
      try {
        await holder.connect();
        await caller.connect();
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
        await caller.query("SET lock_timeout = '300ms'");
        try {
          await call(caller);
          return 'answered';
        } catch (error) {
          if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return 'waited';
          throw error;
        }
      } finally {
        await holder.query('ROLLBACK').catch(() => {});
        await Promise.all([holder.end(), caller.end()]);
      }
    }

    it('point_operation_once waits for onceKey.operation of its terminal and id, and only for it', async () => {
      const db = await openTestDatabase(kind);
      try {
        await streetLedger(db);
        await db.query(
          `INSERT INTO terminals (id, provider_code, name) VALUES ($1, 's1', 'レジ')`,
          [TERMINAL],
        );
        const cancel = (operationId: string) => (client: pg.Client) =>
          client.query(
            `SELECT point_operation_once($1, $2::uuid, 'mac', 'cancelPoints', NULL, NULL, NULL,
               NULL, NULL, 'no-such-movement', 's1', '2027-01-10'::date, ARRAY[]::text[])`,
            [TERMINAL, operationId],
          );
        const held = randomUUID();
        // The terminal's app spells ids as it likes; the key is the same.
        const key = onceKey.operation(TERMINAL, held.toUpperCase());
        expect(await whileHeld(db.url ?? '', key, cancel(held))).toBe('waited');
        expect(await whileHeld(db.url ?? '', key, cancel(randomUUID()))).toBe('answered');
      } finally {
        await db.close();
      }
    });

    it('point_convert waits for onceKey.conversion of its partner and transaction, and only for it', async () => {
      const db = await openTestDatabase(kind);
      try {
        await streetLedger(db);
        const convert = (transactionId: string) => (client: pg.Client) =>
          client.query(
            `SELECT point_convert('partner-x', $1, 'mac', 'customer-1', 100, '2027-01-10'::date)`,
            [transactionId],
          );
        const key = onceKey.conversion('partner-x', 'tx-1');
        expect(await whileHeld(db.url ?? '', key, convert('tx-1'))).toBe('waited');
        expect(await whileHeld(db.url ?? '', key, convert('tx-2'))).toBe('answered');
      } finally {
        await db.close();
      }
    });
  },
);
