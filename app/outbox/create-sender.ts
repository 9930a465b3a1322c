import { COUNTER_API } from '../../core/api/routes/counter';
import type { PlatformClient } from '../terminal/platform-client';
import type { Outbox } from './outbox';
import { type LockManagerLike, OutboxSender, type SenderOptions } from './sender';

/**
 * The outbox's sender as the page and the service worker both build it: batches go to
 * COUNTER_API.sync through the terminal's client, and the Web Lock (where the browser has one)
 * makes it one sender across every tab and the worker.
 */
export function createSender(
  outbox: Outbox,
  platform: PlatformClient,
  options: Pick<SenderOptions, 'schedule' | 'onState' | 'onResults'> = {},
): OutboxSender {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return new OutboxSender({
    outbox,
    transport: { send: (operations) => platform.call(COUNTER_API.sync, { operations }) },
    ...(locks !== undefined ? { locks } : {}),
    ...options,
  });
}
