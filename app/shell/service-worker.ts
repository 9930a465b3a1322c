import { Workbox } from 'workbox-window';

let workbox: Workbox | undefined;

/**
 * Registers the service worker. A waiting new version is announced through `onUpdateReady`; it
 * is installed only when `applyUpdate` is called (staff press 更新, see state/updates.ts).
 */
export function registerServiceWorker(onUpdateReady: () => void): void {
  if (!('serviceWorker' in navigator)) return;
  workbox = new Workbox('/sw.js', { type: 'module' });
  workbox.addEventListener('waiting', onUpdateReady);
  workbox.addEventListener('controlling', () => window.location.reload());
  void workbox.register();
}

/** The waiting version takes over; the page reloads when it controls it. */
export function applyUpdate(): void {
  workbox?.messageSkipWaiting();
}

/** Asks for a Background Sync when the queue could not be sent (Chrome); elsewhere the timers do. */
export async function requestBackgroundSync(): Promise<void> {
  const registration = await navigator.serviceWorker?.ready.catch(() => undefined);
  const sync = (registration as { sync?: { register(tag: string): Promise<void> } } | undefined)
    ?.sync;
  await sync?.register('mykey-outbox').catch(() => undefined);
}
