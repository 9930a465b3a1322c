/// <reference lib="webworker" />
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { drainOutboxFromWorker, OUTBOX_SYNC_TAG } from './drain-from-worker';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// The app's files, precached at install: the app starts with no network at all.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every screen is index.html; the API (/v1/…) always goes to the network, never to a cache.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/v1\//] }),
);

// The barcode reader's WebAssembly (a megabyte) is not part of the install: it is fetched the
// first time the camera is used, and kept from then on, so the camera works offline after that.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.endsWith('.wasm'),
  new CacheFirst({ cacheName: 'mykey-wasm' }),
);

// A new version waits until staff choose to update (never in the middle of a registration).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync (where the browser has it): the connection is back. An open page sends the
// queue itself; with none open, the worker sends it.
self.addEventListener('sync', (event) => {
  const syncEvent = event as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (syncEvent.tag !== OUTBOX_SYNC_TAG) return;
  syncEvent.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((clients) => {
      if (clients.length === 0) return drainOutboxFromWorker();
      for (const client of clients) client.postMessage({ type: 'mykey-sync' });
      return undefined;
    }),
  );
});
