import { TERMINAL_API } from '../../core/api/routes';
import type { OperationResult } from '../../core/api/sync';
import type { BridgeEvent } from '../../core/bridge/protocol';
import { BridgeLink, type BridgeRequester } from '../devices/bridge-link';
import { bridgeCardSource, type ServiceCardSource } from '../devices/card-source';
import { createSender } from '../outbox/create-sender';
import { Outbox } from '../outbox/outbox';
import { openReceptionDb, type ReceptionDb } from '../outbox/reception-db';
import type { OutboxSender } from '../outbox/sender';
import { requestBackgroundSync } from '../service-worker';
import { platformClient } from '../terminal/platform-client';
import {
  enrolTerminal,
  loadIdentity,
  type TerminalIdentity,
  webCryptoSigner,
} from '../terminal/terminal-identity';
import {
  initialRegistration,
  type Notice,
  patch,
  patchLookup,
  patchRegistration,
  store,
} from './store';

/** How long a read waits for a card to land after 【読取】 or a step change. */
const CARD_WAIT_MS = 30_000;
const SEND_INTERVAL_MS = 60_000;

let db: ReceptionDb;
let outbox: Outbox;
let sender: OutboxSender;
let link: BridgeLink;
let identity: TerminalIdentity | undefined;

const signer = () => {
  if (identity === undefined) throw new Error('this terminal is not enrolled');
  return webCryptoSigner(identity);
};
/** The platform, signed as this terminal (once it is enrolled). */
export const platform = platformClient({ kind: 'terminal', signer });

export async function refreshQueue(): Promise<void> {
  patch({ queue: await outbox.status() });
}

/** Sends the outbox now, if this terminal is enrolled; called by every trigger. */
export async function sendNow(): Promise<void> {
  if (identity === undefined) return;
  await sender.drain();
  await refreshQueue();
}

async function loadServices(): Promise<void> {
  const answer = await platform.call(TERMINAL_API.services, {});
  if (answer.ok) patch({ services: answer.value.services });
}

function onResults(results: OperationResult[]): void {
  const waiting = store.getState().registration.operationId;
  const mine = results.find((r) => r.operationId === waiting);
  if (mine === undefined) return;
  const notice: Notice =
    mine.status === 'applied'
      ? {
          tone: 'ok',
          text: mine.outcome === 'registered' ? 'registered' : 'alreadyRegistered',
        }
      : { tone: 'error', text: mine.error.code };
  patchRegistration({ notice });
}

/** Kiosk mode takes the card events instead of the reception screens. */
let kioskCardListener: ((present: boolean) => void) | undefined;
export function onKioskCard(listener: (present: boolean) => void): void {
  kioskCardListener = listener;
}

/** The kiosk's access to the bridge and the platform (signed as this terminal). */
export const bridgeRequest: BridgeRequester = (type, fields) => link.request(type, fields);

function onBridgeEvent(event: BridgeEvent): void {
  if (event.event === 'readers') {
    patch({ readers: event.readers });
    return;
  }
  if (kioskCardListener !== undefined) {
    kioskCardListener(event.state === 'present');
    return;
  }
  if (event.state !== 'present') return;
  // A card landed: the current step reads it, as if 【読取】 had been pressed.
  const { screen, registration, lookup } = store.getState();
  if (screen === 'register' && !registration.busy) {
    if (registration.step === 1) void readMyNumberCard();
    else if (registration.step === 2) void readServiceCard();
  }
  if (screen === 'lookup' && !lookup.busy) void lookUp();
}

/** Opening storage normally takes milliseconds; this long means something is wrong. */
const STORAGE_SLOW_MS = 8000;

/** Opens the app's storage and what it keeps; the screen learns if that is slow or impossible. */
async function openStorage(): Promise<boolean> {
  const slow = setTimeout(() => patch({ storage: 'slow' }), STORAGE_SLOW_MS);
  try {
    db = await openReceptionDb();
    outbox = await Outbox.open(db);
    identity = await loadIdentity(db);
    patch({ storage: 'open' });
    return true;
  } catch {
    patch({ storage: 'failed' });
    return false;
  } finally {
    clearTimeout(slow);
  }
}

export async function startReception(bridgeUrl: string): Promise<void> {
  if (!(await openStorage())) return;
  const serviceCode = (await db.get('meta', 'service-code')) as string | undefined;
  patch({
    ...(identity !== undefined ? { terminalId: identity.terminalId } : { screen: 'setup' }),
    ...(serviceCode !== undefined ? { serviceCode } : {}),
  });
  sender = createSender(outbox, platform, {
    onState: (state) => {
      patch({ sender: state });
      void refreshQueue();
    },
    onResults,
  });
  link = new BridgeLink(
    bridgeUrl,
    {
      get: async () => (await db.get('meta', 'bridge-token')) as string | undefined,
      set: async (token) => {
        await db.put('meta', token, 'bridge-token');
      },
    },
    (state) => patch({ bridge: state }),
    onBridgeEvent,
  );
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
  const persisted = await navigator.storage?.persist?.().catch(() => false);
  patch({ persisted: persisted === true });
  if (identity !== undefined) void loadServices();
  await refreshQueue();
  void sendNow();
}

// —— Setup ——

export async function enrol(code: string): Promise<void> {
  const result = await enrolTerminal(db, code.trim());
  if (!result.ok) return patch({ setupNotice: { tone: 'error', text: result.code } });
  identity = result.identity;
  patch({ terminalId: identity.terminalId, setupNotice: { tone: 'ok', text: 'enrolled' } });
  await loadServices();
}

export async function chooseService(serviceCode: string): Promise<void> {
  await db.put('meta', serviceCode, 'service-code');
  patch({ serviceCode });
}

export const beginPairing = () => link.beginPairing();
export const confirmPairing = (code: string) => link.confirmPairing(code);

// —— Registration (サービスID登録) ——

export async function readMyNumberCard(): Promise<void> {
  patchRegistration({ busy: true, notice: { tone: 'info', text: 'step1' } });
  const answer = await link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!answer.ok)
    return patchRegistration({ busy: false, notice: { tone: 'error', text: answer.code } });
  patchRegistration({
    busy: false,
    step: 2,
    myKeyId: answer.result.myKeyId,
    notice: { tone: 'info', text: 'step2' },
  });
}

export async function readServiceCard(source?: ServiceCardSource): Promise<void> {
  patchRegistration({ busy: true });
  const reading = await (source ?? bridgeCardSource(link)).read({ waitMs: CARD_WAIT_MS });
  if (!reading.ok)
    return patchRegistration({ busy: false, notice: { tone: 'error', text: reading.code } });
  patchRegistration({
    busy: false,
    step: 3,
    serviceId: reading.serviceId,
    notice: { tone: 'info', text: 'step3' },
  });
}

/** 【登録】: into the outbox first (that is the acceptance), then sent at once if we can. */
export async function registerNow(): Promise<void> {
  const { registration, serviceCode, online } = store.getState();
  if (
    registration.myKeyId === undefined ||
    registration.serviceId === undefined ||
    serviceCode === undefined
  )
    return;
  const operationId = await outbox.enqueue({
    myKeyId: registration.myKeyId,
    serviceId: registration.serviceId,
    serviceCode,
  });
  patchRegistration({
    step: 'done',
    operationId,
    notice: { tone: 'info', text: online ? 'accepted' : 'queuedOffline' },
  });
  await refreshQueue();
  await sendNow();
  const after = store.getState();
  if (
    after.registration.operationId === operationId &&
    after.registration.notice?.text === 'accepted'
  )
    patchRegistration({ notice: { tone: 'info', text: 'queuedOffline' } });
  if (after.queue.pending > 0) void requestBackgroundSync();
}

export function startOver(): void {
  store.setState({ registration: initialRegistration });
}

// —— Lookup (照会) ——

export async function lookUp(): Promise<void> {
  const { serviceCode } = store.getState();
  if (serviceCode === undefined) return;
  patchLookup({ busy: true, notice: { tone: 'info', text: 'lookupPrompt' } });
  const card = await link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!card.ok) return patchLookup({ busy: false, notice: { tone: 'error', text: card.code } });
  const answer = await platform.call(TERMINAL_API.lookup, {
    myKeyId: card.result.myKeyId,
    serviceCode,
  });
  if (!answer.ok)
    return patchLookup({
      busy: false,
      notice: {
        tone: 'error',
        text: answer.code === 'NETWORK_UNREACHABLE' ? 'lookupOffline' : answer.code,
      },
    });
  patchLookup({
    busy: false,
    serviceId: answer.value.serviceId,
    notice: { tone: 'ok', text: 'lookupFound' },
  });
}

// —— Queue ——

export async function acknowledge(operationId: string): Promise<void> {
  await outbox.acknowledge(operationId);
  await refreshQueue();
}

export const simulatePlace = (card: 'mynumber' | 'service') =>
  link.request('simulate.place', { card });
