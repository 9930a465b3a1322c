import { execFileSync } from 'node:child_process';
import { KeyObject } from 'node:crypto';
import type { PCSCLite } from 'pcsclite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../../bridge/cards/apdu';
import { CardChannel } from '../../bridge/cards/card-channel';
import { readAuthCertificate } from '../../bridge/cards/jpki';
import { openPcsc, waitForCard } from '../../bridge/pcsc/pcsc-card';
import { VirtualJpkiCard } from '../../bridge/simulate/virtual-jpki-card';
import { VpcdConnection } from '../../bridge/simulate/vpcd-connection';
import { createTestCa, randomCn, type TestAuthCertificate } from '../support/test-ca';

function pcscdRunning(): boolean {
  try {
    execFileSync('pgrep', ['-x', 'pcscd']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The real stack: Debian's pcscd with the vsmartcard vpcd reader, a virtual My Number card in
 * TypeScript speaking the vpcd protocol, and the bridge's card code over the `pcsclite` addon.
 * .ci/run installs and starts pcscd; without it this suite fails and says why.
 */
describe('reading a My Number card through pcscd and vpcd', () => {
  let cert: TestAuthCertificate;
  let card: VirtualJpkiCard;
  let vpcd: VpcdConnection;
  let pcsc: PCSCLite | undefined;

  beforeAll(async () => {
    if (!pcscdRunning()) {
      throw new Error(
        'pcscd is not running: sudo apt-get install pcscd libpcsclite-dev vsmartcard-vpcd && sudo pcscd',
      );
    }
    const ca = await createTestCa();
    cert = await ca.issue({ cn: randomCn() });
    card = new VirtualJpkiCard({
      authCertificate: new Uint8Array(cert.certificate.rawData),
      authCaCertificate: new Uint8Array(ca.certificate.rawData),
      authKey: KeyObject.from(cert.privateKey),
      pin: '1234',
    });
    vpcd = new VpcdConnection(
      Object.assign(card, { atr: Uint8Array.from([0x3b, 0x80, 0x80, 0x01, 0x01]) }),
    );
    await vpcd.insert();
  });
  afterAll(async () => {
    await vpcd?.remove();
    pcsc?.close();
  });

  it('reads the auth certificate exactly, in 2 + ⌈length/256⌉ APDUs, never selecting a My Number AP', async () => {
    // Opened after the card is in: readers are announced once, as soon as PC/SC is opened.
    pcsc = openPcsc();
    pcsc.on('error', () => {});
    const connected = await waitForCard(pcsc, 'Virtual PCD', 10_000);
    const channel = new CardChannel(connected.transmit);
    const der = await readAuthCertificate(channel);
    expect(hex(der)).toBe(hex(new Uint8Array(cert.certificate.rawData)));
    expect(channel.sent).toBe(2 + Math.ceil(der.length / 256));
    expect(card.forbiddenSelections).toEqual([]);
    await connected.disconnect();
  });
});
