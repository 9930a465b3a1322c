import type { CardService } from '../card-service';
import type { ReaderBackend } from '../readers/reader-backend';
import type { SimulatedReaders } from '../simulate/simulated-readers';
import type { WaitsHeld } from './card-waits';
import type { PairingRateLimit } from './pairing-codes';
import type { PairingStore } from './pairings';

export interface BridgeServerOptions {
  port: number;
  /** Web origins allowed to connect at all (exact match, e.g. `http://127.0.0.1:8787`). */
  allowedOrigins: readonly string[];
  backend: ReaderBackend;
  cards: CardService;
  pairings: PairingStore;
  /** Shows a pairing code to the person at this PC (the bridge's console, a window...). */
  showPairingCode: (origin: string, code: string) => void;
  simulator?: SimulatedReaders;
  pairingRateLimit?: PairingRateLimit;
}

/** What every connection's requests share: the options, and the card requests held in all. */
export interface BridgeContext {
  options: BridgeServerOptions;
  waits: WaitsHeld;
}
