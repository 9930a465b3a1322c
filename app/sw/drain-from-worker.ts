import { createSender } from '../outbox/create-sender';
import { Outbox } from '../outbox/outbox';
import { openReceptionDb } from '../storage/reception-db';
import { platformClient } from '../terminal/platform-client';
import { loadIdentity, webCryptoSigner } from '../terminal/terminal-identity';

export const OUTBOX_SYNC_TAG = 'mykey-outbox';

/** The same sender the page runs, from the worker: same queue, same lock, same platform. */
export async function drainOutboxFromWorker(): Promise<void> {
  const db = await openReceptionDb();
  const identity = await loadIdentity(db);
  if (identity === undefined) return;
  const signer = webCryptoSigner(identity);
  const platform = platformClient({ kind: 'terminal', signer: () => signer });
  // No timer of its own: the worker may be stopped at any time; the browser syncs it again.
  const sender = createSender(await Outbox.open(db), platform, { schedule: () => () => {} });
  await sender.drain();
  db.close();
}
