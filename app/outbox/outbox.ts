import type { LinkProof } from '../../core/api/links';
import type { AwardPoints } from '../../core/api/points';
import type { Operation, OperationResult } from '../../core/api/sync';
import { maskIdentifier } from '../../core/mask';
import type { QueuedOperation, ReceptionDb, RejectedOperation } from '../storage/reception-db';
import { Sealer } from './sealing';

export interface LinkRegistration {
  myKeyId: string;
  serviceCode: string;
  serviceId: string;
  /** The holder's PIN proof, when the service asks for one; its nonce is the operation's id. */
  proof?: LinkProof | undefined;
  /** Made when the proof was (the card signed it); a new one otherwise. */
  operationId?: string | undefined;
}

/**
 * 付与 taken at the counter, to be sent with the registrations: with the tapped card's
 * certificate and when it was read (the platform checks the card as it was then), and the card's
 * My Key ID for the queue screen (masked; the platform takes the holder from the card).
 */
export type PointsAward = Pick<
  AwardPoints,
  'certificate' | 'madeAt' | 'programmeCode' | 'award'
> & {
  myKeyId: string;
};

/**
 * What staff may see of a waiting operation: its queued record without the sealed IDs (masked
 * ones only) and without its place in the queue.
 */
type Shown<Record> = Record extends unknown ? Omit<Record, 'seq' | 'sealed'> : never;
export type WaitingOperation = Shown<QueuedOperation>;

/** How many waiting registrations the queue screen lists (the count says how many in all). */
export const WAITING_SHOWN = 50;

export interface OutboxStatus {
  pending: number;
  oldestCreatedAt: number | undefined;
  lastSyncAt: number | undefined;
  /** The oldest WAITING_SHOWN waiting registrations, oldest first. */
  waiting: WaitingOperation[];
  rejected: RejectedOperation[];
}

export interface OutboxBatchItem {
  seq: number;
  operation: Operation;
}

const LAST_SYNC = 'last-sync-at';

/**
 * The terminal's queue of registrations and awards (offline first): one is accepted once it is
 * here, durably, and leaves only when the platform has answered for it. Operation ids are made
 * here; the platform applies each id once, so sending again is always safe.
 */
export class Outbox {
  private constructor(
    private readonly db: ReceptionDb,
    private readonly sealer: Sealer,
  ) {}

  static async open(db: ReceptionDb): Promise<Outbox> {
    return new Outbox(db, await Sealer.open(db));
  }

  /**
   * One strict-durability transaction, no network inside: when this resolves, the registration
   * survives a crash, a reload or a power cut, and the app may say it was accepted.
   */
  async enqueue(registration: LinkRegistration, now = Date.now()): Promise<string> {
    const operationId = registration.operationId ?? crypto.randomUUID();
    // Sealing is asynchronous crypto, which would end an open IndexedDB transaction: seal first.
    // The proof carries the card's certificate: personal, so sealed with the IDs.
    const sealed = await this.sealer.seal({
      myKeyId: registration.myKeyId,
      serviceId: registration.serviceId,
      ...(registration.proof === undefined ? {} : { proof: registration.proof }),
    });
    await this.add({
      operationId,
      kind: 'registerLink',
      serviceCode: registration.serviceCode,
      sealed,
      masked: {
        myKeyId: maskIdentifier(registration.myKeyId),
        serviceId: maskIdentifier(registration.serviceId),
      },
      createdAt: now,
    });
    return operationId;
  }

  /**
   * An award, with the same durability as a registration. `operationId` is the one the counter
   * may already have sent online: if that request did reach the platform, the queued copy gets
   * the same answer and awards nothing twice.
   */
  async enqueueAward(
    award: PointsAward,
    operationId: string = crypto.randomUUID(),
    now = Date.now(),
  ): Promise<string> {
    // The card's certificate names its holder (issuer and serial): sealed, as a link proof is.
    const sealed = await this.sealer.seal({
      myKeyId: award.myKeyId,
      certificate: award.certificate,
      madeAt: award.madeAt,
    });
    await this.add({
      operationId,
      kind: 'awardPoints',
      programmeCode: award.programmeCode,
      award: award.award,
      sealed,
      masked: { myKeyId: maskIdentifier(award.myKeyId) },
      createdAt: now,
    });
    return operationId;
  }

  private async add(record: QueuedOperation): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite', { durability: 'strict' });
    await tx.store.add(record);
    await tx.done;
  }

  /**
   * The oldest `limit` operations after `afterSeq` (all, by default), in the order they were
   * accepted, ready to send.
   */
  async nextBatch(limit: number, afterSeq?: number): Promise<OutboxBatchItem[]> {
    const records: QueuedOperation[] = [];
    const range = afterSeq === undefined ? undefined : IDBKeyRange.lowerBound(afterSeq, true);
    let cursor = await this.db.transaction('outbox').store.openCursor(range);
    while (cursor !== null && records.length < limit) {
      records.push(cursor.value);
      cursor = await cursor.continue();
    }
    const read = await Promise.all(
      records.map(async (record) => ({ record, operation: await this.operationOf(record) })),
    );
    const unsendable = read.filter((r) => r.operation === undefined).map((r) => r.record);
    if (unsendable.length > 0) {
      await this.refuseHere(unsendable, 'POINTS_TAP_TOO_OLD');
      // Those left the queue: read again, so a batch of them does not look like an empty queue.
      if (unsendable.length === records.length) return this.nextBatch(limit, afterSeq);
    }
    return read.flatMap(({ record, operation }) =>
      operation === undefined ? [] : [{ seq: record.seq as number, operation }],
    );
  }

  /**
   * An award queued by an earlier version of the app, before awards carried the tapped card: the
   * platform would refuse the whole batch over it, so it goes to the rejected list here, with the
   * sentence that asks staff to read the card again and award again.
   */
  private async refuseHere(records: QueuedOperation[], code: string): Promise<void> {
    const tx = this.db.transaction(['outbox', 'rejected'], 'readwrite', { durability: 'strict' });
    for (const { seq, sealed: _, ...shown } of records) {
      await tx.objectStore('rejected').put({ ...shown, code, rejectedAt: Date.now() });
      await tx.objectStore('outbox').delete(seq as number);
    }
    await tx.done;
  }

  private async operationOf(record: QueuedOperation): Promise<Operation | undefined> {
    if (record.kind === 'awardPoints') {
      const { certificate, madeAt } = await this.sealer.open<{
        certificate?: string;
        madeAt?: string;
      }>(record.sealed);
      if (certificate === undefined || madeAt === undefined) return undefined;
      return {
        kind: 'awardPoints',
        operationId: record.operationId,
        certificate,
        madeAt,
        programmeCode: record.programmeCode,
        award: record.award,
      };
    }
    const { myKeyId, serviceId, proof } = await this.sealer.open<{
      myKeyId: string;
      serviceId: string;
      proof?: LinkProof;
    }>(record.sealed);
    return {
      kind: 'registerLink',
      operationId: record.operationId,
      myKeyId,
      serviceCode: record.serviceCode,
      serviceId,
      ...(proof === undefined ? {} : { proof }),
    };
  }

  /**
   * Records the platform's answers for a batch in one transaction: answered operations leave the
   * queue with their personal data; refused ones move to the rejected list, masked, for staff.
   * An operation the answer does not mention stays queued and is sent again.
   */
  async settle(
    batch: OutboxBatchItem[],
    results: OperationResult[],
    now = Date.now(),
  ): Promise<void> {
    const seqById = new Map(batch.map((item) => [item.operation.operationId, item.seq]));
    const tx = this.db.transaction(['outbox', 'rejected', 'meta'], 'readwrite', {
      durability: 'strict',
    });
    const outbox = tx.objectStore('outbox');
    for (const result of results) {
      const seq = seqById.get(result.operationId);
      if (seq === undefined) continue;
      const queued = await outbox.get(seq);
      if (queued === undefined) continue;
      if (result.status === 'rejected') {
        const { seq: _, sealed: __, ...shown } = queued;
        await tx
          .objectStore('rejected')
          .put({ ...shown, code: result.error.code, rejectedAt: now });
      }
      await outbox.delete(seq);
    }
    await tx.objectStore('meta').put(now, LAST_SYNC);
    await tx.done;
  }

  async status(): Promise<OutboxStatus> {
    const tx = this.db.transaction(['outbox', 'rejected', 'meta']);
    const outbox = tx.objectStore('outbox');
    const [pending, first, lastSyncAt, rejected] = await Promise.all([
      outbox.count(),
      outbox.getAll(undefined, WAITING_SHOWN),
      tx.objectStore('meta').get(LAST_SYNC) as Promise<number | undefined>,
      tx.objectStore('rejected').getAll(),
    ]);
    return {
      pending,
      oldestCreatedAt: first[0]?.createdAt,
      lastSyncAt,
      waiting: first.map(({ seq: _, sealed: __, ...shown }) => shown),
      rejected: rejected.sort((a, b) => a.rejectedAt - b.rejectedAt),
    };
  }

  /** Staff have seen a refusal: it leaves the list. */
  async acknowledge(operationId: string): Promise<void> {
    await this.db.delete('rejected', operationId);
  }
}
