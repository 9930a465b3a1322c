import { Outbox } from '../app/outbox/outbox';
import { openReceptionDb } from '../app/outbox/reception-db';
import { type LockManagerLike, OutboxSender } from '../app/outbox/sender';
import { loadIdentity, signedFetch, webCryptoSigner } from '../app/platform/terminal-identity';

export const OUTBOX_SYNC_TAG = 'mykey-outbox';

/** The same sender the page runs, from the worker: same queue, same lock, same platform. */
export async function drainOutboxFromWorker(): Promise<void> {
  const db = await openReceptionDb();
  const identity = await loadIdentity(db);
  if (identity === undefined) return;
  const signer = webCryptoSigner(identity);
  const locks = (navigator as unknown as { locks?: LockManagerLike }).locks;
  const sender = new OutboxSender({
    outbox: await Outbox.open(db),
    transport: {
      send: (operations) => signedFetch(signer, 'POST', '/v1/terminal/sync', { operations }),
    },
    ...(locks !== undefined ? { locks } : {}),
    schedule: () => () => {},
  });
  await sender.drain();
  db.close();
}
