import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/** A registration waiting for the platform. The personal data inside is sealed (AES-GCM). */
export interface QueuedOperation {
  /** The queue's order: operations are sent in the order they were accepted. */
  seq?: number;
  operationId: string;
  kind: 'registerLink';
  serviceCode: string;
  sealed: { iv: Uint8Array; data: ArrayBuffer };
  /** What staff see in the queue: masked, never the IDs themselves. */
  masked: { myKeyId: string; serviceId: string };
  createdAt: number;
}

/** An operation the platform refused for good, kept (without its IDs) until staff acknowledge it. */
export interface RejectedOperation {
  operationId: string;
  serviceCode: string;
  code: string;
  masked: { myKeyId: string; serviceId: string };
  createdAt: number;
  rejectedAt: number;
}

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
