import type { BridgeRequest } from '../../core/bridge/protocol';
import { BridgeFailure, type CardWait } from '../card-service';
import type { SimulatedReaders } from '../simulate/simulated-readers';
import { cancelWaits } from './card-waits';
import type { Connection } from './connection';
import { readerInfos } from './reader-events';
import type { BridgeServerOptions } from './server-options';

/** The requests only a paired page may send: readers, cards, 【取消】 and the simulator. */
export type PairedRequest = Exclude<
  BridgeRequest,
  { type: 'hello' } | { type: 'pair.begin' } | { type: 'pair.confirm' }
>;

/**
 * Answers a paired page's request. `signal` ends a card request's wait for a card (cancel, a
 * closed page, a removed pairing); the card logic and its APDU allowlist sit in `cards`.
 */
export async function answerPaired(
  connection: Connection,
  request: PairedRequest,
  options: BridgeServerOptions,
  signal: AbortSignal,
): Promise<unknown> {
  const { backend, cards } = options;
  switch (request.type) {
    case 'status':
      return { pcsc: backend.state(), readers: readerInfos(backend), simulated: backend.simulated };
    case 'mynumber.read':
      return cards.readMyNumberCard(waitFor(request, signal));
    case 'mynumber.pinTriesLeft':
      return cards.pinTriesLeft(waitFor(request, signal));
    case 'mynumber.sign':
      return cards.signChallenge(
        request.challenge,
        request.pin,
        waitFor(request, signal),
        request.certificate,
      );
    case 'service.read':
      return cards.readServiceCard(request.profile, waitFor(request, signal));
    case 'cancel':
      return { cancelled: cancelWaits(connection.waiting, request.target) };
    case 'simulate.place':
      return placeSimulatedCard(request, requireSimulator(options));
    case 'simulate.remove':
      requireSimulator(options).remove();
      return {};
  }
}

const waitFor = (
  request: { waitMs: number; reader?: string | undefined },
  signal: AbortSignal,
): CardWait => ({ waitMs: request.waitMs, reader: request.reader, signal });

function placeSimulatedCard(
  request: Extract<BridgeRequest, { type: 'simulate.place' }>,
  simulator: SimulatedReaders,
): unknown {
  const citizen = request.citizen ?? 1;
  if (citizen > simulator.citizenCount)
    throw new BridgeFailure('VALIDATION_FAILED', `no simulated citizen ${citizen}`);
  simulator.place(request.card, citizen);
  return { card: request.card, citizen };
}

function requireSimulator(options: BridgeServerOptions): SimulatedReaders {
  if (options.simulator === undefined)
    throw new BridgeFailure('SIMULATION_ONLY', 'the bridge is reading real cards');
  return options.simulator;
}
