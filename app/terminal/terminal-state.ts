import type { OperationResult } from '../../core/api/sync';
import { BRIDGE_WEBSOCKET_PATH, type BridgeEvent } from '../../core/bridge/protocol';
import {
  BridgeLink,
  type BridgeLinkState,
  type BridgeRequester,
  type ReaderRoles,
} from '../devices/bridge-link';
import { createSender } from '../outbox/create-sender';
import { Outbox } from '../outbox/outbox';
import type { OutboxSender, SenderState } from '../outbox/sender';
import { openReceptionDb, type ReceptionDb } from '../storage/reception-db';
import { type PlatformClient, platformClient } from './platform-client';
import { loadIdentity, type TerminalIdentity, webCryptoSigner } from './terminal-identity';

/**
 * The terminal's services, built once when the app starts: its storage and queue, its identity
 * and signed platform client, the sender, and the link to the card bridge. Every mode (reception,
 * kiosk, window) uses the same ones; each screen module asks `terminal()` for what it needs.
 */
export interface Terminal {
  db: ReceptionDb;
  outbox: Outbox;
  sender: OutboxSender;
  link: BridgeLink;
  /** The platform, signed as this terminal (calls fail until it is enrolled). */
  platform: PlatformClient;
  identity: TerminalIdentity | undefined;
  /** The port the card bridge is dialled on (loopback). */
  bridgePort: number;
  /** Which reader serves which card, as staff chose in 端末設定 (kept with the terminal). */
  readerRoles: ReaderRoles;
}

export interface TerminalHooks {
  /** After every call to the platform: whether an answer came at all. */
  onPlatformReach(reachable: boolean): void;
  onSenderState(state: SenderState): void;
  onResults(results: OperationResult[]): void;
  onBridgeState(state: BridgeLinkState): void;
  onBridgeEvent(event: BridgeEvent): void;
}

let current: Terminal | undefined;

/** The running terminal; the screens only act after start, so it is always there for them. */
export function terminal(): Terminal {
  if (current === undefined) throw new Error('the terminal has not started');
  return current;
}

/** Where the bridge listens unless this terminal was told otherwise. */
export const DEFAULT_BRIDGE_PORT = 8789;
const BRIDGE_PORT = 'bridge-port';

export const bridgeUrlFor = (port: number) => `ws://127.0.0.1:${port}${BRIDGE_WEBSOCKET_PATH}`;

/** A TCP port as staff or a URL give it, or undefined when it is not one. */
export function parseBridgePort(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^\d{1,5}$/.test(text.trim())) return undefined;
  const port = Number(text.trim());
  return port >= 1 && port <= 65_535 ? port : undefined;
}

/** The bridge's port: `?bridge=` when given (and kept from then on), else the kept one, else 8789. */
async function bridgePortOf(db: ReceptionDb, fromUrl: number | undefined): Promise<number> {
  if (fromUrl !== undefined) {
    await db.put('meta', fromUrl, BRIDGE_PORT);
    return fromUrl;
  }
  const kept = (await db.get('meta', BRIDGE_PORT)) as number | undefined;
  return kept ?? DEFAULT_BRIDGE_PORT;
}

/** Staff set the bridge's port in 端末設定: kept with the terminal, dialled at once. */
export async function changeBridgePort(port: number): Promise<void> {
  const running = terminal();
  await running.db.put('meta', port, BRIDGE_PORT);
  running.bridgePort = port;
  running.link.retarget(bridgeUrlFor(port));
}

const READER_ROLES = 'reader-roles';

/** Staff chose which reader serves which card: kept with the terminal, used from the next read. */
export async function changeReaderRoles(roles: ReaderRoles): Promise<void> {
  const running = terminal();
  const kept: ReaderRoles = {
    ...(roles.mynumber ? { mynumber: roles.mynumber } : {}),
    ...(roles.service ? { service: roles.service } : {}),
  };
  await running.db.put('meta', kept, READER_ROLES);
  running.readerRoles = kept;
  running.link.setReaderRoles(kept);
}

/** 【取消】: a read waiting for a card ends now. */
export const cancelReads = () => current?.link.cancelReads();

/**
 * Dials the bridge again now: after the browser's Local Network Access permission was allowed, or
 * when staff press 【カードブリッジに接続】 (the moment the browser's prompt is expected).
 */
export function reconnectBridge(): void {
  if (current === undefined) return;
  current.link.retarget(bridgeUrlFor(current.bridgePort));
}

/** Opens storage and builds the services; rejects if the browser's storage will not open. */
export async function openTerminal(
  bridgePortFromUrl: number | undefined,
  hooks: TerminalHooks,
): Promise<Terminal> {
  const db = await openReceptionDb();
  const outbox = await Outbox.open(db);
  const identity = await loadIdentity(db);
  const bridgePort = await bridgePortOf(db, bridgePortFromUrl);
  const bridgeUrl = bridgeUrlFor(bridgePort);
  const signer = () => {
    const enrolled = current?.identity;
    if (enrolled === undefined) throw new Error('this terminal is not enrolled');
    return webCryptoSigner(enrolled);
  };
  const signed = platformClient({ kind: 'terminal', signer });
  const platform: PlatformClient = {
    call: async (route, request) => {
      const answer = await signed.call(route, request);
      hooks.onPlatformReach(answer.ok || answer.code !== 'NETWORK_UNREACHABLE');
      return answer;
    },
  };
  const link = new BridgeLink(
    bridgeUrl,
    {
      get: async () => (await db.get('meta', 'bridge-token')) as string | undefined,
      set: async (token) => {
        await db.put('meta', token, 'bridge-token');
      },
    },
    hooks.onBridgeState,
    hooks.onBridgeEvent,
  );
  const sender = createSender(outbox, platform, {
    onState: hooks.onSenderState,
    onResults: hooks.onResults,
  });
  const readerRoles = ((await db.get('meta', READER_ROLES)) as ReaderRoles | undefined) ?? {};
  link.setReaderRoles(readerRoles);
  current = { db, outbox, sender, link, platform, identity, bridgePort, readerRoles };
  return current;
}

/** The bridge, for the kiosk and the window, which read cards their own way. */
export const bridgeRequest: BridgeRequester = (type, fields) =>
  terminal().link.request(type, fields);

/** In simulation: puts one of a simulated citizen's cards on the bridge's simulated reader. */
export const simulatePlace = (card: 'mynumber' | 'service', citizen = 1) =>
  terminal().link.request('simulate.place', { card, citizen });

/** The terminal's platform client, looked up at each call (for what is built before start ends). */
export const terminalPlatform: PlatformClient = {
  call: (route, request) => terminal().platform.call(route, request),
};
