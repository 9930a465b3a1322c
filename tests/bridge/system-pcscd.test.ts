import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeClient } from '../../bridge/client/bridge-client';
import { PcscReaders } from '../../bridge/pcsc/pcsc-readers';
import { VpcdConnection } from '../../bridge/simulate/vpcd-connection';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import {
  expectExactCertificateRead,
  makeTestMyNumberCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

function pcscdRunning(): boolean {
  try {
    execFileSync('pgrep', ['-x', 'pcscd']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bridge on the machine's own pcscd, configured as Debian installs it (socket in /run/pcscd,
 * vpcd on port 35963): what a shop PC runs. .ci/run starts that pcscd; without it this suite
 * fails and says why. The fault suites use pcscd instances of their own (real-stack.test.ts).
 */
describe("the bridge on the machine's own pcscd", () => {
  let card: TestMyNumberCard;
  let vpcd: VpcdConnection;
  let readers: PcscReaders;
  let bridge: TestBridge;
  let client: BridgeClient;

  beforeAll(async () => {
    if (!pcscdRunning()) {
      throw new Error(
        'pcscd is not running: sudo apt-get install pcscd libpcsclite-dev vsmartcard-vpcd && sudo pcscd',
      );
    }
    card = await makeTestMyNumberCard();
    readers = new PcscReaders();
    bridge = await startTestBridge(readers);
    client = await bridge.pairedClient();
  });
  afterAll(async () => {
    await vpcd?.remove();
    await bridge?.close();
    await readers?.close();
  });

  it('reports the card landing and reads its certificate exactly, never selecting a My Number AP', async () => {
    const landed = client.nextEvent((e) => e.event === 'card' && e.state === 'present');
    vpcd = new VpcdConnection(card.card);
    await vpcd.insert();
    expect(await landed).toMatchObject({ reader: 'Virtual PCD 00 00', technology: 'ISO14443-4' });
    const read = await client.request('mynumber.read', { waitMs: 5000 });
    expectExactCertificateRead(read, card);
  });
});
