import { KeyObject } from 'node:crypto';
import { expect } from 'vitest';
import { fromHex } from '../../bridge/cards/apdu';
import type { BridgeAnswer } from '../../bridge/client/bridge-client';
import {
  createTestCa,
  randomString,
  type TestAuthCertificate,
  type TestCa,
} from '../../bridge/simulate/jpki-like-ca';
import { VirtualJpkiCard } from '../../bridge/simulate/virtual-jpki-card';
import { VirtualServiceCard } from '../../bridge/simulate/virtual-service-card';

export interface TestMyNumberCard {
  card: VirtualJpkiCard;
  ca: TestCa;
  issued: TestAuthCertificate;
  myKeyId: string;
  pin: string;
}

/** A virtual My Number card with a certificate from a fresh JPKI-like test CA. */
export async function makeTestMyNumberCard(pin = '1234'): Promise<TestMyNumberCard> {
  const ca = await createTestCa();
  const myKeyId = randomString(14);
  const issued = await ca.issue({ cn: `${myKeyId}${randomString(9)}` });
  const card = new VirtualJpkiCard({
    authCertificate: new Uint8Array(issued.certificate.rawData),
    authCaCertificate: new Uint8Array(ca.certificate.rawData),
    authKey: KeyObject.from(issued.privateKey),
    pin,
  });
  return { card, ca, issued, myKeyId, pin };
}

export const makeTestServiceCard = (idm = '0114A1B2C3D4E5F6') =>
  new VirtualServiceCard(fromHex(idm), 'FeliCa');

/**
 * A whole, exact certificate read: the card's own certificate and default My Key ID, in the
 * fewest APDUs (select AP, select EF, ⌈length/256⌉ reads), with no My Number AP ever selected.
 */
export function expectExactCertificateRead(read: BridgeAnswer, myNumber: TestMyNumberCard): void {
  expect(read).toMatchObject({
    ok: true,
    result: { certificate: myNumber.issued.base64, myKeyId: myNumber.myKeyId },
  });
  const length = myNumber.issued.certificate.rawData.byteLength;
  expect(read.ok && read.result.apdus).toBe(2 + Math.ceil(length / 256));
  expect(myNumber.card.forbiddenSelections).toEqual([]);
}
