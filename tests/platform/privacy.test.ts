import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestCa, randomCn, randomString } from '../../bridge/simulate/jpki-like-ca';
import { databaseKinds } from '../support/databases';
import {
  holderProof,
  linkProof,
  registerDefault,
  startTestPlatform,
  type TestPlatform,
} from '../support/platform-harness';
import { dumpTables } from '../support/table-dump';

describe.each(databaseKinds())('the platform stores links, not histories, on %s', (kind) => {
  let platform: TestPlatform;
  const myKeyIds: string[] = [];
  /** Their cards' certificates, for lookups (a tap sends the certificate). */
  const certificates: string[] = [];
  const serviceIds: string[] = [];
  /** IDs sent in requests the platform refused: they must leave no trace at all. */
  const refusedIds: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    const ca = await createTestCa();
    platform.trustCa(ca);
    const shop = await platform.terminal('a1');
    const library = await platform.terminal('beta1');
    for (let i = 0; i < 4; i += 1) {
      const cert = await ca.issue({ cn: randomCn() });
      const { myKeyId } = (await registerDefault<{ myKeyId: string }>(shop, cert)).body;
      myKeyIds.push(myKeyId);
      certificates.push(cert.base64);
      const pointCard = `PT${randomString(10)}`;
      const libraryCard = `LB${randomString(10)}`;
      serviceIds.push(pointCard, libraryCard);
      const refusedLibraryCard = `LB${randomString(10)}`;
      const unregistered = randomString(14);
      refusedIds.push(refusedLibraryCard, unregistered);
      await shop.post('/v1/terminal/links', {
        myKeyId,
        serviceCode: 'A-a1-0001',
        serviceId: pointCard,
      });
      // The library asks for the PIN: each registration carries the card's proof.
      const [first, second] = [randomUUID(), randomUUID()];
      await library.post('/v1/terminal/sync', {
        operations: [
          {
            operationId: first,
            kind: 'registerLink',
            myKeyId,
            serviceCode: 'A-beta1-0001',
            serviceId: libraryCard,
            proof: await linkProof(library, cert, 'A-beta1-0001', { nonce: first }),
          },
          // Rejections (taken, already linked) must leave no trace of the IDs either.
          {
            operationId: second,
            kind: 'registerLink',
            myKeyId,
            serviceCode: 'A-beta1-0001',
            serviceId: refusedLibraryCard,
            proof: await linkProof(library, cert, 'A-beta1-0001', { nonce: second }),
          },
        ],
      });
      await shop.post('/v1/terminal/links', {
        myKeyId: unregistered,
        serviceCode: 'A-a1-0001',
        serviceId: pointCard,
      });
      // Points: an award online and one in a batch, a redemption, and an award the platform refuses
      // (a card whose default ID was never registered). Each sends the tapped card's certificate.
      const unregisteredCard = (await ca.issue({ cn: `${unregistered}${randomString(9)}` })).base64;
      const award = (card: string) => ({
        operationId: randomUUID(),
        kind: 'awardPoints',
        certificate: card,
        madeAt: new Date().toISOString(),
        programmeCode: 'A-P002',
        award: { by: 'purchase', yen: 1000 },
      });
      await shop.post('/v1/terminal/points/award', award(cert.base64));
      await shop.post('/v1/terminal/sync', {
        operations: [award(cert.base64), award(unregisteredCard)],
      });
      await shop.post('/v1/terminal/points/redeem', {
        operationId: randomUUID(),
        kind: 'redeemPoints',
        certificate: cert.base64,
        programmeCode: 'A-P002',
        points: 3,
      });
      await shop.post('/v1/terminal/points/award', award(unregisteredCard));
      await shop.post('/v1/terminal/points/balance', { certificate: unregisteredCard });
      await shop.post('/v1/terminal/lookup', {
        certificate: cert.base64,
        serviceCode: 'A-a1-0001',
      });
      await library.post('/v1/terminal/lookup', {
        certificate: cert.base64,
        serviceCode: 'A-beta1-0001',
      });
    }
    const custom = randomString(14);
    myKeyIds.push(custom);
    const reserving = await ca.issue({ cn: randomCn() });
    await shop.post('/v1/terminal/mykeys/custom-reservations', {
      certificate: reserving.base64,
      proof: await holderProof(shop, reserving.privateKey),
      myKeyId: custom,
    });
  });
  afterAll(() => platform.close());

  it('My Key IDs appear only in my_keys, custom_reservations, links and point accounts; service IDs only in links', async () => {
    const dump = await dumpTables(platform);
    const tablesHolding = (id: string) =>
      [...dump].filter(([, rows]) => rows.some((r) => r.includes(id))).map(([t]) => t);
    for (const id of myKeyIds.slice(0, 4))
      expect(tablesHolding(id)).toEqual(['links', 'my_keys', 'point_accounts']);
    expect(tablesHolding(myKeyIds[4] ?? '')).toEqual(['custom_reservations']);
    for (const id of serviceIds) expect(tablesHolding(id)).toEqual(['links']);
    expect(refusedIds).toHaveLength(8);
    for (const id of refusedIds) expect(tablesHolding(id), id).toEqual([]);
  });

  it('the points ledger names no terminal and keeps nothing finer than the day', async () => {
    const columns = await platform.db.query<{
      table_name: string;
      column_name: string;
      data_type: string;
    }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name LIKE 'point\\_%' ORDER BY table_name, column_name`,
    );
    expect(columns.length).toBeGreaterThan(20);
    expect(columns.filter((c) => /terminal|item|product|receipt/.test(c.column_name))).toEqual([]);
    expect(columns.filter((c) => /time|interval/.test(c.data_type))).toEqual([]);
    const movements = await platform.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM point_movements',
    );
    expect(movements[0]?.n).toBeGreaterThanOrEqual(12);
  });

  it('tables about people have no column for a terminal, a time of use or a counter', async () => {
    const columns = await platform.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name IN ('my_keys', 'links', 'custom_reservations')
       ORDER BY table_name, ordinal_position`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual([
      'custom_reservations.my_key_id',
      'custom_reservations.certificate_issuer',
      'custom_reservations.certificate_serial',
      'custom_reservations.expires_at',
      'links.my_key_id',
      'links.service_code',
      'links.service_id',
      'my_keys.my_key_id',
      'my_keys.kind',
      'my_keys.certificate_issuer',
      'my_keys.certificate_serial',
    ]);
  });

  it('a lookup changes nothing in the database but its signature’s nonce, which names no person', async () => {
    const before = await dumpTables(platform);
    const library = await platform.terminal('beta1');
    const afterEnrol = await dumpTables(platform);
    for (const certificate of certificates) {
      const answer = await library.post('/v1/terminal/lookup', {
        certificate,
        serviceCode: 'A-beta1-0001',
      });
      expect(answer.status).toBe(200);
    }
    const after = await dumpTables(platform);
    const nonces = (dump: Map<string, string[]>) => dump.get('seen_nonces') ?? [];
    const withoutNonces = (dump: Map<string, string[]>) =>
      new Map([...dump].filter(([table]) => table !== 'seen_nonces'));
    expect(withoutNonces(after)).toEqual(withoutNonces(afterEnrol));
    expect(afterEnrol.get('links')).toEqual(before.get('links'));
    // The replay guard's rows: one per signed request, the terminal, a nonce and an expiry only.
    const added = nonces(after).filter((row) => !nonces(afterEnrol).includes(row));
    expect(added).toHaveLength(4);
    for (const row of added) {
      expect(Object.keys(JSON.parse(row)).sort()).toEqual(['expires_at', 'nonce', 'terminal_id']);
      for (const id of [...myKeyIds, ...serviceIds]) expect(row).not.toContain(id);
    }
  });

  it('no log line carries a My Key ID or a service ID', () => {
    expect(platform.logs.length).toBeGreaterThan(20);
    const logs = platform.logs.join('\n');
    for (const id of [...myKeyIds, ...serviceIds, ...refusedIds]) expect(logs).not.toContain(id);
  });

  if (kind === 'postgres') {
    it('the PostgreSQL server log carries none either', () => {
      const serverLog = readFileSync(inject('postgresLogFile'), 'utf8');
      expect(serverLog).toContain('database system is ready');
      for (const id of [...myKeyIds, ...serviceIds, ...refusedIds])
        expect(serverLog).not.toContain(id);
    });
  }
});
