import { Workbox } from 'workbox-window';
import { patch, store } from './state/store';

let workbox: Workbox | undefined;

/**
 * Registers the service worker. A new version is announced to staff and installed only when
 * they press 更新 with nothing in the queue and no registration in progress: never forced.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  workbox = new Workbox('/sw.js', { type: 'module' });
  workbox.addEventListener('waiting', () => patch({ updateReady: true }));
  workbox.addEventListener('controlling', () => window.location.reload());
  void workbox.register();
}

export function canUpdateNow(): boolean {
  const { queue, registration } = store.getState();
  return (
    queue.pending === 0 &&
    (registration.step === 1 || registration.step === 'done') &&
    !registration.busy
  );
}

export function updateNow(): void {
  if (!canUpdateNow()) return;
  workbox?.messageSkipWaiting();
}

/** Asks for a Background Sync when the queue could not be sent (Chrome); elsewhere the timers do. */
export async function requestBackgroundSync(): Promise<void> {
  const registration = await navigator.serviceWorker?.ready.catch(() => undefined);
  const sync = (registration as { sync?: { register(tag: string): Promise<void> } } | undefined)
    ?.sync;
  await sync?.register('mykey-outbox').catch(() => undefined);
}
