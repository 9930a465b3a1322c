import type { BridgeEvent } from '../../core/bridge/protocol';
import { forgetLookup, lookUp } from '../counter/lookup';
import {
  readMyNumberCard,
  readServiceCard,
  showRegistrationResults,
  startOver,
} from '../counter/registration';
import { watchLoopbackPermission } from '../devices/loopback-permission';
import { refreshQueue, sendNow } from '../outbox/queue-state';
import { forgetPointsCustomer } from '../points/points-customer';
import { loadServices } from '../setup/setup-state';
import { patch, type Screen, store } from '../store/store';
import { openTerminal, reconnectBridge } from '../terminal/terminal-state';
import { registerServiceWorker } from './service-worker';

const SEND_INTERVAL_MS = 60_000;
/** Opening storage normally takes milliseconds; this long means something is wrong. */
const STORAGE_SLOW_MS = 8000;

/**
 * Who hears that a card landed or left: the reception screens read it for the current step, the
 * kiosk drives its session, the window reads only when staff press 【読取】.
 */
export type CardListener = (present: boolean, reader: string) => void;

/** Another screen: 照会's result is forgotten, and a finished registration gives way. */
export function showScreen(screen: Screen): void {
  forgetLookup();
  // The points screen forgets its customer too: the next person starts clean.
  if (screen !== 'points') forgetPointsCustomer();
  if (store.getState().registration.step === 'done') startOver();
  patch({ screen });
}
/**
 * The points screen's actions, in their own chunk: asked for only while that screen is up or has
 * an award waiting, when the chunk is already loaded (a terminal without points never fetches it).
 */
const pointsFeature = () => import('../points/points-state');
const pointsCard = () => import('../points/points-balance');

let cardListener: CardListener = () => {};
export function listenForCards(listener: CardListener): void {
  cardListener = listener;
}

/** The reception screens: a card landing reads it for the step on screen, as 【読取】 would. */
export const receptionCardListener: CardListener = (present, reader) => {
  const { screen, registration, lookup } = store.getState();
  // The customer took the card off the reader: the points screen forgets them (their certificate
  // goes with the card), so nothing done next can reach the previous customer's points.
  if (!present) {
    if (screen === 'points') void pointsCard().then((p) => p.forgetRemovedCard(reader));
    return;
  }
  if (screen === 'register' && !registration.busy) {
    // The next customer's card: the finished registration gives way at once.
    if (registration.step === 'done') startOver();
    // While the PIN pad is up it belongs to the card read: another card is not read over it (the
    // bridge refuses to send the PIN to it, CARD_CHANGED).
    const now = store.getState().registration;
    if (now.step === 1 && now.pin === undefined) void readMyNumberCard();
    else if (registration.step === 2) void readServiceCard();
  }
  if (screen === 'lookup' && !lookup.busy) void lookUp();
  if (screen === 'points')
    void pointsCard().then((p) => {
      // Asked again once the chunk answers: two cards in one moment make one read.
      if (!store.getState().points.busy) void p.readCardForPoints();
    });
};

function onBridgeEvent(event: BridgeEvent): void {
  if (event.event === 'readers') {
    patch({ readers: event.readers });
    return;
  }
  // The line on every screen shows a card on the reader before anyone presses 【読取】.
  patch({
    readers: store
      .getState()
      .readers.map((r) =>
        r.name === event.reader
          ? { name: r.name, card: event.state === 'present' ? 'present' : 'absent' }
          : r,
      ),
  });
  cardListener(event.state === 'present', event.reader);
}

/** How long the start waits for the browser's answer about a permission before going on. */
const BROWSER_ANSWER_MS = 2_000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the terminal for any mode: storage, the bridge, the queue's triggers, the worker. */
export async function startApp(bridgePortFromUrl: number | undefined): Promise<void> {
  registerServiceWorker(() => patch({ updateReady: true }));
  // Read before the bridge is dialled, so a blocked bridge is explained from the first screen.
  // The browser answers at once as a rule; the start never waits long on it (the answer still
  // lands when it comes).
  const permission = watchLoopbackPermission((state) => {
    patch({ bridgePermission: state });
    // Allowed again in the site settings: dial at once rather than at the next retry.
    if (state === 'granted') reconnectBridge();
  });
  void permission.then((state) => patch({ bridgePermission: state }));
  await Promise.race([permission, delay(BROWSER_ANSWER_MS)]);
  const slow = setTimeout(() => patch({ storage: 'slow' }), STORAGE_SLOW_MS);
  const opened = await openTerminal(bridgePortFromUrl, {
    onSenderState: (state) => {
      patch({ sender: state });
      void refreshQueue();
    },
    onResults: (results) => {
      showRegistrationResults(results);
      // Only the points screen queues an award, so its chunk is loaded when one waits.
      if (store.getState().points.queuedAward !== undefined)
        void pointsFeature().then((p) => p.showQueuedAwardResults(results));
    },
    onBridgeState: (state) => patch({ bridge: state }),
    onPlatformReach: (reachable) => patch({ platform: reachable ? 'reachable' : 'unreachable' }),
    onBridgeEvent,
  }).catch(() => undefined);
  clearTimeout(slow);
  if (opened === undefined) return patch({ storage: 'failed' });
  patch({ storage: 'open' });
  const { db, identity, link, bridgePort, readerRoles } = opened;
  patch({ bridgePort, readerRoles });
  const serviceCode = (await db.get('meta', 'service-code')) as string | undefined;
  // A terminal not set up yet opens on 端末設定, unless staff already went to another screen while
  // the app was starting (the browser's answers can take seconds): never pull them away from it.
  const untouched = store.getState().screen === 'register';
  patch({
    ...(identity !== undefined
      ? { terminalId: identity.terminalId }
      : untouched
        ? { screen: 'setup' as const }
        : {}),
    ...(serviceCode !== undefined ? { serviceCode } : {}),
  });
  link.connect();

  // Every moment the queue might leave: now, back online, back in view, on a timer, and when the
  // service worker's background sync fires.
  window.addEventListener('online', () => {
    patch({ online: true });
    void sendNow();
  });
  window.addEventListener('offline', () => patch({ online: false }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sendNow();
  });
  setInterval(() => void sendNow(), SEND_INTERVAL_MS);
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if ((event.data as { type?: string } | null)?.type === 'mykey-sync') void sendNow();
  });
  // Chromium may take its time to decide: say "not kept" until it answers, then what it said.
  const asked = navigator.storage?.persist?.().catch(() => false) ?? Promise.resolve(false);
  void asked.then((persisted) => patch({ persisted: persisted === true }));
  if ((await Promise.race([asked.then(() => 'answered'), delay(BROWSER_ANSWER_MS)])) !== 'answered')
    patch({ persisted: false });
  if (identity !== undefined) void loadServices();
  await refreshQueue();
  void sendNow();
}
