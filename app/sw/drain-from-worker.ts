import { createSender } from '../outbox/create-sender';
import { Outbox } from '../outbox/outbox';
import { SENDER_LOCK } from '../outbox/sender';
import { openReceptionDb } from '../storage/reception-db';
import { platformClient } from '../terminal/platform-client';
import { loadIdentity, webCryptoSigner } from '../terminal/terminal-identity';
import { drainUntilSent } from './drain-until-sent';

export const OUTBOX_SYNC_TAG = 'mykey-outbox';

/** The same sender the page runs, from the worker: same queue, same lock, same platform. */
export async function drainOutboxFromWorker(): Promise<void> {
  const db = await openReceptionDb();
  try {
    const identity = await loadIdentity(db);
    if (identity === undefined) return;
    const signer = webCryptoSigner(identity);
    const platform = platformClient({ kind: 'terminal', signer: () => signer });
    // No timer of its own: the worker may be stopped at any time; drainUntilSent retries
    // inside the sync event, and the browser fires the event again if that was not enough.
    const sender = createSender(await Outbox.open(db), platform, { schedule: () => () => {} });
    await drainUntilSent({
      drain: () => sender.drain(),
      lockFreed: async () => {
        await navigator.locks.request(SENDER_LOCK, () => undefined);
      },
      wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  } finally {
    db.close();
  }
}
