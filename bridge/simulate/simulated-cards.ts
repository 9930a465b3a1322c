import { createPrivateKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHex } from '../cards/apdu';
import { createTestCa, randomCn } from './jpki-like-ca';
import type { SimulatedCardKind } from './simulated-readers';
import { VirtualJpkiCard } from './virtual-jpki-card';
import { VirtualServiceCard } from './virtual-service-card';
import type { VirtualCard } from './vpcd-connection';

/** The simulated citizen's PIN, printed in the bridge's banner. */
export const SIMULATED_PIN = '1234';

interface StoredSimulatedCard {
  caCertificate: string;
  authCertificate: string;
  /** PKCS#8, base64: the virtual card's auth key, made on this machine, never committed. */
  authKey: string;
  serviceCardIdm: string;
}

/**
 * The virtual My Number card and service card of simulation mode. They are made once (a
 * JPKI-like CA, a certificate with a random CN) and kept in the bridge's data folder, so the
 * simulated citizen keeps the same My Key ID across restarts.
 */
async function storedSimulatedCards(dataDir: string): Promise<StoredSimulatedCard> {
  const file = join(dataDir, 'simulated-cards.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredSimulatedCard;
  } catch {
    const stored = await makeSimulatedCards();
    // The bridge's data folder (pairing tokens, these keys) is for its own user only.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    return stored;
  }
}

/**
 * The simulated cards' CA as a PEM file beside them, for a development platform to trust
 * (`npm start` does); a production platform trusts only the real JPKI CAs.
 */
export async function simulatedCaPemFile(dataDir: string): Promise<string> {
  const stored = await storedSimulatedCards(dataDir);
  const file = join(dataDir, 'simulated-jpki-ca.pem');
  const body = stored.caCertificate.match(/.{1,64}/g)?.join('\n') ?? '';
  await writeFile(file, `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`, {
    mode: 0o600,
  });
  return file;
}

export async function loadSimulatedCards(
  dataDir: string,
): Promise<Record<SimulatedCardKind, VirtualCard>> {
  const stored = await storedSimulatedCards(dataDir);
  return {
    mynumber: new VirtualJpkiCard({
      authCertificate: Buffer.from(stored.authCertificate, 'base64'),
      authCaCertificate: Buffer.from(stored.caCertificate, 'base64'),
      authKey: createPrivateKey({
        key: Buffer.from(stored.authKey, 'base64'),
        format: 'der',
        type: 'pkcs8',
      }),
      pin: SIMULATED_PIN,
    }),
    service: new VirtualServiceCard(fromHex(stored.serviceCardIdm), 'FeliCa'),
  };
}

async function makeSimulatedCards(): Promise<StoredSimulatedCard> {
  const ca = await createTestCa();
  const issued = await ca.issue({ cn: randomCn() });
  const key = await crypto.subtle.exportKey('pkcs8', ca.holderKeys.privateKey);
  return {
    caCertificate: Buffer.from(ca.certificate.rawData).toString('base64'),
    authCertificate: issued.base64,
    authKey: Buffer.from(key).toString('base64'),
    // FeliCa IDm: 8 bytes, the first two name the manufacturer.
    serviceCardIdm: `0114${Buffer.from(crypto.getRandomValues(new Uint8Array(6)))
      .toString('hex')
      .toUpperCase()}`,
  };
}
