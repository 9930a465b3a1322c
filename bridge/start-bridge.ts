import { join } from 'node:path';
import { CardService } from './card-service';
import type { BridgeConfig } from './config';
import { PcscReaders } from './pcsc/pcsc-readers';
import type { ReaderBackend } from './readers/reader-backend';
import { type RunningBridgeServer, startBridgeServer } from './server/bridge-server';
import { PairingStore } from './server/pairings';
import { loadSimulatedCitizens } from './simulate/simulated-cards';
import { SimulatedReaders } from './simulate/simulated-readers';

export interface RunningBridge {
  server: RunningBridgeServer;
  backend: ReaderBackend;
  simulator: SimulatedReaders | undefined;
  close(): Promise<void>;
}

/** In auto mode, how long to give pcscd to announce its readers before falling back. */
const READER_DISCOVERY_MS = 1500;

async function pcscWithReaders(): Promise<PcscReaders | undefined> {
  let readers: PcscReaders;
  try {
    readers = new PcscReaders();
  } catch {
    return undefined; // the pcsclite addon is not installed (no libpcsclite-dev at install time)
  }
  const deadline = Date.now() + READER_DISCOVERY_MS;
  while (Date.now() < deadline && readers.readers().length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (readers.readers().length > 0) return readers;
  await readers.close();
  return undefined;
}

/** Chooses the readers (real or simulated), then serves the app. */
export async function startBridge(
  config: BridgeConfig,
  showPairingCode: (origin: string, code: string) => void,
  options: { pairingsInMemory?: boolean } = {},
): Promise<RunningBridge> {
  let backend: ReaderBackend | undefined;
  if (config.mode === 'pcsc') backend = new PcscReaders();
  if (config.mode === 'auto') backend = await pcscWithReaders();
  let simulator: SimulatedReaders | undefined;
  if (backend === undefined) {
    const [first, ...others] = await loadSimulatedCitizens(config.dataDir);
    if (first === undefined) throw new Error('no simulated citizens were made');
    simulator = new SimulatedReaders(first, others);
    backend = simulator;
  }
  const pairings = await PairingStore.open(
    options.pairingsInMemory ? undefined : join(config.dataDir, 'pairings.json'),
  );
  const server = await startBridgeServer({
    port: config.port,
    allowedOrigins: config.allowedOrigins,
    backend,
    cards: new CardService(backend, config.cardProfiles),
    pairings,
    showPairingCode,
    ...(simulator !== undefined ? { simulator } : {}),
  });
  const running = backend;
  return {
    server,
    backend,
    simulator,
    close: async () => {
      await server.close();
      await running.close();
    },
  };
}
