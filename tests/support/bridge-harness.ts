import { CardService } from '../../bridge/card-service';
import { BridgeClient } from '../../bridge/client/bridge-client';
import { BUILT_IN_CARD_PROFILES } from '../../bridge/config';
import type { ReaderBackend } from '../../bridge/readers/reader-backend';
import {
  type RunningBridgeServer,
  startBridgeServer,
  WEBSOCKET_PATH,
} from '../../bridge/server/bridge-server';
import { PairingRateLimit, PairingStore } from '../../bridge/server/pairings';
import type { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import type { CardProfiles } from '../../core/bridge/card-profiles';

export const APP_ORIGIN = 'http://127.0.0.1:8787';

export interface TestBridge {
  server: RunningBridgeServer;
  url: string;
  /** The bridge's own pairings (kept in `pairingsFile` when one was given). */
  pairings: PairingStore;
  /** The last pairing code the bridge showed. */
  lastCode(): string | undefined;
  /** How many pairing codes the bridge has shown: a new pairing waits for this to grow. */
  codesShown(): number;
  /** A connection from the app's origin, already paired. */
  pairedClient(): Promise<BridgeClient>;
  close(): Promise<void>;
}

/** The bridge's server in this process, on a free port, over the given readers. */
export async function startTestBridge(
  backend: ReaderBackend,
  options: {
    simulator?: SimulatedReaders;
    profiles?: CardProfiles;
    origins?: string[];
    /** The shipped limit (5 codes a minute) when true; tests pair often, so 1,000 otherwise. */
    shippedPairingLimit?: boolean;
    /** Keep the pairings in this file, as a running bridge does (in memory when not given). */
    pairingsFile?: string;
    /** false: the bridge is not told when the file changes (as on a file system that says nothing). */
    watchPairings?: boolean;
  } = {},
): Promise<TestBridge> {
  let code: string | undefined;
  let shownCount = 0;
  const clients: BridgeClient[] = [];
  const pairings = await PairingStore.open(options.pairingsFile, {
    ...(options.watchPairings !== undefined ? { watch: options.watchPairings } : {}),
  });
  const server = await startBridgeServer({
    port: 0,
    allowedOrigins: options.origins ?? [APP_ORIGIN],
    backend,
    cards: new CardService(backend, { ...BUILT_IN_CARD_PROFILES, ...options.profiles }),
    pairings,
    showPairingCode: (_origin, shown) => {
      code = shown;
      shownCount += 1;
    },
    pairingRateLimit: options.shippedPairingLimit
      ? new PairingRateLimit()
      : new PairingRateLimit(1000),
    ...(options.simulator !== undefined ? { simulator: options.simulator } : {}),
  });
  const url = `ws://127.0.0.1:${server.port}${WEBSOCKET_PATH}`;
  return {
    server,
    url,
    pairings,
    lastCode: () => code,
    codesShown: () => shownCount,
    pairedClient: async () => {
      const client = await BridgeClient.connect(url, APP_ORIGIN);
      clients.push(client);
      await client.pair(() => code);
      return client;
    },
    close: async () => {
      for (const client of clients) client.close();
      await server.close();
    },
  };
}

/**
 * Holds every card conversation at its first APDU until `release`: a conversation under way, or
 * queued for the reader behind one. `connects` counts conversations that reached the card.
 */
export function slowCard(readers: SimulatedReaders) {
  const connect = readers.connect.bind(readers);
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { connects: 0, release, restore: () => {} };
  readers.connect = async (name) => {
    state.connects += 1;
    const connection = await connect(name);
    return {
      ...connection,
      transmit: async (apdu) => {
        await gate;
        return connection.transmit(apdu);
      },
    };
  };
  state.restore = () => {
    readers.connect = connect;
  };
  return state;
}
