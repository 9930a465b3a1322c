import type { WebSocket } from 'ws';
import {
  BRIDGE_PROTOCOL_VERSION,
  type BridgeEvent,
  type BridgeMessage,
} from '../../core/bridge/protocol';
import { errorMessage } from '../../core/error-messages';
import type { BridgeErrorCode } from '../../core/errors';
import { BridgeFailure } from '../card-service';
import { endWaits, type Wait } from './card-waits';
import { type FrameCount, noFramesYet } from './frame-bounds';
import type { PairingCode } from './pairing-codes';
import type { Pairing, PairingStore } from './pairings';

/** One page's WebSocket, and what the bridge knows of it. */
export interface Connection {
  socket: WebSocket;
  origin: string;
  /** The pairing this connection presented (hello) or made (pair.confirm); none until then. */
  pairing: Pairing | undefined;
  /** Its pairing was removed while it was connected: it hears PAIRING_REMOVED until it pairs again. */
  pairingRemoved: boolean;
  pairingCode: PairingCode | undefined;
  /**
   * This connection's card requests unanswered (a reused id counts again): at most
   * MAX_WAITS_PER_CONNECTION. 【取消】, a closed socket and a removed pairing end their waits.
   */
  waiting: Set<Wait>;
  frameCount: FrameCount;
}

export const newConnection = (socket: WebSocket, origin: string): Connection => ({
  socket,
  origin,
  pairing: undefined,
  pairingRemoved: false,
  pairingCode: undefined,
  waiting: new Set(),
  frameCount: noFramesYet(),
});

export function send(connection: Connection, message: BridgeMessage): void {
  const { socket } = connection;
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

export const sendEvent = (connection: Connection, event: BridgeEvent) =>
  send(connection, { v: BRIDGE_PROTOCOL_VERSION, type: 'event', data: event });

/** An error answer; the request is never echoed back in it (it may carry a PIN). */
export function errorFrame(
  id: string | null,
  code: BridgeErrorCode,
  triesLeft?: number,
): BridgeMessage {
  return {
    v: BRIDGE_PROTOCOL_VERSION,
    type: 'error',
    id,
    error: { code, message: errorMessage(code), ...(triesLeft !== undefined ? { triesLeft } : {}) },
  };
}

/**
 * The site's pairing is gone: the page is told (so it can offer pairing again), its waiting reads
 * end with PAIRING_REMOVED, and it gets no more events or card data.
 */
export function unpair(connection: Connection): void {
  connection.pairing = undefined;
  connection.pairingRemoved = true;
  send(connection, { v: BRIDGE_PROTOCOL_VERSION, type: 'unpaired', reason: 'removed' });
  endWaits(
    connection.waiting,
    new BridgeFailure('PAIRING_REMOVED', "the site's pairing was removed"),
  );
}

/** Whether the connection may have readers and cards: it is paired, and its pairing still stands. */
export function trusted(connection: Connection, pairings: PairingStore): boolean {
  if (connection.pairing !== undefined && !pairings.holds(connection.pairing)) unpair(connection);
  return connection.pairing !== undefined;
}

/** Why an untrusted connection is refused: a page whose pairing went is told so, not "pair first". */
export const notTrusted = (connection: Connection) =>
  connection.pairingRemoved
    ? new BridgeFailure('PAIRING_REMOVED', "the site's pairing was removed")
    : new BridgeFailure('NOT_PAIRED', 'pair this page first');
