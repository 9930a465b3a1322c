import { createPrivateKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SIMULATED_CITIZENS } from '../../core/bridge/protocol';
import { fromHex } from '../cards/apdu';
import { createTestCa, randomCn } from './jpki-like-ca';
import type { SimulatedCitizen } from './simulated-readers';
import { VirtualJpkiCard } from './virtual-jpki-card';
import { VirtualServiceCard } from './virtual-service-card';

/** The simulated citizen's PIN, printed in the bridge's banner. */
export const SIMULATED_PIN = '1234';

interface StoredSimulatedCitizens {
  caCertificate: string;
  /** PKCS#8, base64: the virtual cards' auth key (one for all), made here, never committed. */
  authKey: string;
  citizens: Array<{ authCertificate: string; serviceCardIdm: string }>;
}

/**
 * The virtual My Number cards and service cards of simulation mode, one pair per simulated
 * citizen. They are made once (a JPKI-like CA, certificates with random CNs and serials) and kept
 * in the bridge's data folder, so each simulated citizen keeps their My Key ID across restarts.
 * (An older data folder's single simulated card is replaced: simulated-cards.json is not read.)
 */
async function storedSimulatedCitizens(dataDir: string): Promise<StoredSimulatedCitizens> {
  const file = join(dataDir, 'simulated-citizens.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as StoredSimulatedCitizens;
    if (stored.citizens.length === SIMULATED_CITIZENS) return stored;
  } catch {
    // Not made yet (or unreadable): made below.
  }
  const made = await makeSimulatedCitizens();
  // The bridge's data folder (pairing tokens, these keys) is for its own user only.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600 });
  return made;
}

/**
 * The simulated cards' CA as a PEM file beside them, for a development platform to trust
 * (`npm start` does); a production platform trusts only the real JPKI CAs.
 */
export async function simulatedCaPemFile(dataDir: string): Promise<string> {
  const stored = await storedSimulatedCitizens(dataDir);
  const file = join(dataDir, 'simulated-jpki-ca.pem');
  const body = stored.caCertificate.match(/.{1,64}/g)?.join('\n') ?? '';
  await writeFile(file, `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`, {
    mode: 0o600,
  });
  return file;
}

/** Every simulated citizen's cards, citizen 1 first. */
export async function loadSimulatedCitizens(dataDir: string): Promise<SimulatedCitizen[]> {
  const stored = await storedSimulatedCitizens(dataDir);
  const authKey = createPrivateKey({
    key: Buffer.from(stored.authKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  return stored.citizens.map((citizen) => ({
    mynumber: new VirtualJpkiCard({
      authCertificate: Buffer.from(citizen.authCertificate, 'base64'),
      authCaCertificate: Buffer.from(stored.caCertificate, 'base64'),
      authKey,
      pin: SIMULATED_PIN,
    }),
    service: new VirtualServiceCard(fromHex(citizen.serviceCardIdm), 'FeliCa'),
  }));
}

async function makeSimulatedCitizens(): Promise<StoredSimulatedCitizens> {
  const ca = await createTestCa();
  const citizens: StoredSimulatedCitizens['citizens'] = [];
  for (let n = 0; n < SIMULATED_CITIZENS; n += 1) {
    const issued = await ca.issue({ cn: randomCn() });
    citizens.push({
      authCertificate: issued.base64,
      // FeliCa IDm: 8 bytes, the first two name the manufacturer.
      serviceCardIdm: `0114${Buffer.from(crypto.getRandomValues(new Uint8Array(6)))
        .toString('hex')
        .toUpperCase()}`,
    });
  }
  const key = await crypto.subtle.exportKey('pkcs8', ca.holderKeys.privateKey);
  return {
    caCertificate: Buffer.from(ca.certificate.rawData).toString('base64'),
    authKey: Buffer.from(key).toString('base64'),
    citizens,
  };
}
