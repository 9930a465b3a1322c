import type { BridgeRequest } from '../../core/bridge/protocol';
import { BridgeFailure } from '../card-service';
import { BRIDGE_VERSION } from './bridge-identity';
import { type Connection, sendEvent, trusted } from './connection';
import { PAIRING_CODE_TTL_MS, PairingCode } from './pairing-codes';
import { readersEvent } from './reader-events';
import type { BridgeServerOptions } from './server-options';

type HelloRequest = Extract<BridgeRequest, { type: 'hello' }>;
type ConfirmRequest = Extract<BridgeRequest, { type: 'pair.confirm' }>;

/**
 * A page that is paired hears the readers at once, without asking. Queued as a microtask: it goes
 * out once this request's handling has settled the connection's pairing.
 */
function pushReadersAfterAnswer(connection: Connection, options: BridgeServerOptions): void {
  queueMicrotask(() => sendEvent(connection, readersEvent(options.backend)));
}

/** `hello`: a page presents the token it was given, if any; a token that stands pairs it again. */
export function hello(
  connection: Connection,
  request: HelloRequest,
  options: BridgeServerOptions,
): unknown {
  const { backend, pairings } = options;
  if (!trusted(connection, pairings)) {
    const pairing = pairings.pairingOf(connection.origin, request.token);
    if (pairing !== undefined) {
      connection.pairing = pairing;
      connection.pairingRemoved = false;
    }
  }
  const paired = connection.pairing !== undefined;
  if (paired) pushReadersAfterAnswer(connection, options);
  return { paired, simulated: backend.simulated, bridgeVersion: BRIDGE_VERSION };
}

/** `pair.begin`: a new code is shown to the person at this PC (this connection's earlier one ends). */
export function beginPairing(connection: Connection, options: BridgeServerOptions): unknown {
  if (options.pairingRateLimit?.allow() === false)
    throw new BridgeFailure('PAIRING_RATE_LIMITED', 'too many pairing codes this minute');
  connection.pairingCode = new PairingCode();
  options.showPairingCode(connection.origin, connection.pairingCode.code);
  return { expiresInSeconds: PAIRING_CODE_TTL_MS / 1000 };
}

/** `pair.confirm`: the code typed in the app; the right one pairs the site and answers its token. */
export async function confirmPairing(
  connection: Connection,
  request: ConfirmRequest,
  options: BridgeServerOptions,
): Promise<unknown> {
  const verdict = connection.pairingCode?.check(request.code) ?? 'expired';
  if (verdict === 'expired') {
    connection.pairingCode = undefined;
    throw new BridgeFailure('PAIRING_NOT_STARTED', 'no active pairing code');
  }
  if (verdict === 'wrong') throw new BridgeFailure('PAIRING_CODE_WRONG', 'wrong code');
  connection.pairingCode = undefined;
  const token = await options.pairings.pair(connection.origin);
  connection.pairing = options.pairings.pairingOf(connection.origin, token);
  connection.pairingRemoved = false;
  pushReadersAfterAnswer(connection, options);
  return { token };
}
