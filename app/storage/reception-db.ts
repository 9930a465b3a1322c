import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { AwardPoints } from '../../core/api/points';

/** How an award was asked for: a purchase's total, or a named activity (行政ポイント). */
export type AwardHow = AwardPoints['award'];

interface Queued {
  /** The queue's order: operations are sent in the order they were accepted. */
  seq?: number;
  operationId: string;
  /** The personal data (the IDs), sealed with AES-GCM. */
  sealed: { iv: Uint8Array; data: ArrayBuffer };
  createdAt: number;
}

/** A registration waiting for the platform; staff see its IDs masked, never the IDs themselves. */
export interface QueuedRegistration extends Queued {
  kind: 'registerLink';
  serviceCode: string;
  masked: { myKeyId: string; serviceId: string };
}

/** An award (付与) taken offline, waiting for the platform. */
export interface QueuedAward extends Queued {
  kind: 'awardPoints';
  programmeCode: string;
  award: AwardHow;
  masked: { myKeyId: string };
}

export type QueuedOperation = QueuedRegistration | QueuedAward;

interface Refused {
  operationId: string;
  code: string;
  createdAt: number;
  rejectedAt: number;
}

/**
 * An operation the platform refused for good, kept (without its IDs) until staff acknowledge it.
 * Records from before points have no kind: they are registrations.
 */
export type RejectedOperation =
  | (Refused & {
      kind?: 'registerLink';
      serviceCode: string;
      masked: { myKeyId: string; serviceId: string };
    })
  | (Refused & {
      kind: 'awardPoints';
      programmeCode: string;
      award: AwardHow;
      masked: { myKeyId: string };
    });

interface ReceptionSchema extends DBSchema {
  outbox: { key: number; value: QueuedOperation };
  rejected: { key: string; value: RejectedOperation };
  meta: { key: string; value: unknown };
}

export type ReceptionDb = IDBPDatabase<ReceptionSchema>;

export const RECEPTION_DB_NAME = 'mykey-reception';

/** The app's one IndexedDB database: the outbox, the rejected list, and small settings (keys). */
export function openReceptionDb(name = RECEPTION_DB_NAME): Promise<ReceptionDb> {
  return openDB<ReceptionSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('rejected', { keyPath: 'operationId' });
      db.createObjectStore('meta');
    },
  });
}
