import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { operationSchema } from '../../core/api/sync';
import { openReceptionDb } from '../storage/reception-db';
import { Outbox, type PointsAward } from './outbox';
import { Sealer } from './sealing';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** A card's certificate as the bridge hands it over (base64 DER; its bytes do not matter here). */
const CERTIFICATE = Buffer.from(`MIIcertificate-of-a-card-${'x'.repeat(200)}`).toString('base64');
const award: PointsAward = {
  myKeyId: 'MYKEY000000001',
  certificate: CERTIFICATE,
  madeAt: '2026-12-02T08:00:00.000Z',
  programmeCode: 'A-P002',
  award: { by: 'purchase', yen: 1980 },
};

describe('an award queued offline', () => {
  it('carries the tapped card’s certificate sealed (never in clear), and goes out with it and the time it was read', async () => {
    const db = await openReceptionDb('awards');
    const outbox = await Outbox.open(db);
    const operationId = await outbox.enqueueAward(award);
    const [raw] = await db.getAll('outbox');
    const clear = JSON.stringify(raw, (_key, value) =>
      value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? '[bytes]' : value,
    );
    expect(clear).not.toContain(CERTIFICATE.slice(0, 40));
    expect(clear).not.toContain('MYKEY000000001');
    expect(raw?.masked).toEqual({ myKeyId: 'MY**********01' });
    const [item] = await outbox.nextBatch(10);
    expect(item?.operation).toEqual({
      operationId,
      kind: 'awardPoints',
      certificate: CERTIFICATE,
      madeAt: award.madeAt,
      programmeCode: 'A-P002',
      award: { by: 'purchase', yen: 1980 },
    });
    // What goes out is what the platform's batch schema takes (strict: no My Key ID beside it).
    expect(operationSchema.safeParse(item?.operation).success).toBe(true);
  });

  it('queued by an earlier version without the card, it goes to the rejected list instead of stopping the queue', async () => {
    const db = await openReceptionDb('legacy');
    const outbox = await Outbox.open(db);
    const sealer = await Sealer.open(db);
    // As the app sealed an award before awards carried the card: the My Key ID only.
    await db.add('outbox', {
      operationId: crypto.randomUUID(),
      kind: 'awardPoints',
      programmeCode: 'A-P002',
      award: { by: 'purchase', yen: 500 },
      sealed: await sealer.seal({ myKeyId: 'MYKEY000000002' }),
      masked: { myKeyId: 'MY**********02' },
      createdAt: 1,
    });
    const registration = await outbox.enqueue({
      myKeyId: 'MYKEY000000003',
      serviceCode: 'A-a1-0001',
      serviceId: 'S3',
    });
    // A batch of one: the old award is not sent, and the queue goes on to the next.
    const batch = await outbox.nextBatch(1);
    expect(batch.map((item) => item.operation.operationId)).toEqual([registration]);
    const status = await outbox.status();
    expect(status.pending).toBe(1);
    expect(status.rejected).toMatchObject([
      { kind: 'awardPoints', code: 'POINTS_TAP_TOO_OLD', masked: { myKeyId: 'MY**********02' } },
    ]);
  });
});
