import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyKeyId } from '../../core/mykey-id';
import { renewCertificate } from '../../platform/domain/mykeys';
import type { Database, Queryable } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';

const OLD = { issuer: 'CN=Test JPKI CA', serial: '0A' };
const NEW = {
  issuer: 'CN=Test JPKI CA',
  serial: '0B',
  cn: { myKeyId: 'NEWDEFAULT0001' as MyKeyId, issuingDeskCode: 'ABCDEFGHJ' },
};

/** The same database, but the statement matching `failOn` fails, as a lost connection would. */
function failingOn(db: Database, failOn: RegExp): Database {
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) =>
      failOn.test(sql) ? Promise.reject(new Error('connection lost')) : q.query(sql, params),
    exec: (sql) => q.exec(sql),
  });
  return { ...db, transaction: (work) => db.transaction((tx) => work(wrap(tx))) };
}

describe.each(databaseKinds())('a renewal is all or nothing for its person, on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.exec(`
      INSERT INTO municipalities VALUES ('A', 'A市');
      INSERT INTO providers VALUES ('a1', 'A', '商店街');
      INSERT INTO services VALUES ('A-a1-0001', 'a1', 'ポイント'), ('A-a1-0002', 'a1', '図書館');
      INSERT INTO my_keys VALUES ('OLDDEFAULT0001', 'default', 'CN=Test JPKI CA', '0A');
      INSERT INTO links VALUES ('OLDDEFAULT0001', 'A-a1-0001', 'PT-1'), ('OLDDEFAULT0001', 'A-a1-0002', 'LB-1');
    `);
  });
  afterAll(() => db.close());

  const state = () =>
    db.query<{ my_key_id: string; certificate_serial: string; links: string[] }>(
      `SELECT k.my_key_id, k.certificate_serial,
         array(SELECT service_id FROM links l WHERE l.my_key_id = k.my_key_id ORDER BY 1) AS links
       FROM my_keys k`,
    );

  it('a failure after the ID moved, before the reservation follows, leaves the person as they were', async () => {
    const before = await state();
    expect(before).toEqual([
      { my_key_id: 'OLDDEFAULT0001', certificate_serial: '0A', links: ['LB-1', 'PT-1'] },
    ]);
    await expect(
      renewCertificate(failingOn(db, /UPDATE custom_reservations/), OLD, NEW),
    ).rejects.toThrow('connection lost');
    expect(await state()).toEqual(before);
    // Once the fault is gone, the same renewal applies whole.
    const applied = await renewCertificate(db, OLD, NEW);
    expect(applied).toMatchObject({
      ok: true,
      value: { outcome: 'moved', myKeyId: 'NEWDEFAULT0001' },
    });
    expect(await state()).toEqual([
      { my_key_id: 'NEWDEFAULT0001', certificate_serial: '0B', links: ['LB-1', 'PT-1'] },
    ]);
  });
});
