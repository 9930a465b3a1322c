import { verify, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../../bridge/cards/apdu';
import { BridgeClient } from '../../bridge/client/bridge-client';
import { PcscReaders } from '../../bridge/pcsc/pcsc-readers';
import { type VirtualCard, VpcdConnection } from '../../bridge/simulate/vpcd-connection';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { type PrivatePcscd, startPrivatePcscd } from '../support/private-pcscd';
import {
  expectExactCertificateRead,
  makeTestMyNumberCard,
  makeTestServiceCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

/**
 * The whole bridge on the real PC/SC stack: Debian's pcscd (one of this suite's own, so it can be
 * restarted and lose its reader) with the vsmartcard vpcd reader, virtual cards speaking the vpcd
 * protocol, the `pcsclite` addon, and the app's side of the WebSocket protocol.
 */
let pcscd: PrivatePcscd;
let readers: PcscReaders;
let bridge: TestBridge;
let client: BridgeClient;
let myNumber: TestMyNumberCard;
const inserted: VpcdConnection[] = [];

const challenge = Buffer.from('platform challenge 0123456789').toString('base64url');

async function place(card: VirtualCard, slot: 0 | 1 = 0): Promise<VpcdConnection> {
  const connection = new VpcdConnection(card, pcscd.vpcdPort + slot);
  await connection.insert();
  inserted.push(connection);
  return connection;
}

const cardIn = (reader: string) => (e: { event: string; reader?: string; state?: string }) =>
  e.event === 'card' && e.reader === reader && e.state === 'present';

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  readers = new PcscReaders({ retryMs: 200 });
  bridge = await startTestBridge(readers);
  client = await bridge.pairedClient();
  await client.firstEvent((e) => e.event === 'readers' && e.readers.length === 2);
});
afterEach(async () => {
  await Promise.all(inserted.splice(0).map((c) => c.remove()));
  // Let pcscd see the cards go before the next test places its own.
  await new Promise((resolve) => setTimeout(resolve, 300));
});
afterAll(async () => {
  client?.close();
  await bridge?.close();
  await readers?.close();
  await pcscd?.stop();
});

describe('a My Number card on a real reader', () => {
  beforeAll(async () => {
    myNumber = await makeTestMyNumberCard('2580');
  });

  it('reads the certificate in the fewest APDUs, never selecting a My Number AP', async () => {
    const landed = client.nextEvent(cardIn('Virtual PCD 00 00'));
    await place(myNumber.card);
    await landed;
    const read = await client.request('mynumber.read', { waitMs: 5000 });
    expectExactCertificateRead(read, myNumber);
  });

  it('PIN: tries left first, a wrong PIN costs one try, the right one signs the challenge', async () => {
    await place(myNumber.card);
    expect(await client.request('mynumber.pinTriesLeft', { waitMs: 5000 })).toMatchObject({
      result: { triesLeft: 3 },
    });
    expect(
      await client.request('mynumber.sign', { challenge, pin: '0000', waitMs: 5000 }),
    ).toMatchObject({ ok: false, code: 'PIN_WRONG', triesLeft: 2 });
    expect(myNumber.card.triesLeft).toBe(2);
    const signed = await client.request('mynumber.sign', { challenge, pin: '2580', waitMs: 5000 });
    if (!signed.ok) throw new Error(signed.code);
    const { publicKey } = new X509Certificate(
      Buffer.from(signed.result.certificate as string, 'base64'),
    );
    const signature = Buffer.from(signed.result.signature as string, 'base64');
    expect(verify('sha256', Buffer.from(challenge, 'base64url'), publicKey, signature)).toBe(true);
    expect(myNumber.card.triesLeft).toBe(3);
  });

  it('PIN: three wrong PINs lock the card; the bridge then says PIN_BLOCKED, even to the right PIN', async () => {
    const locked = await makeTestMyNumberCard('1357');
    await place(locked.card);
    for (const [pin, tries] of [
      ['0000', 2],
      ['1111', 1],
    ] as const) {
      expect(await client.request('mynumber.sign', { challenge, pin, waitMs: 5000 })).toMatchObject(
        { code: 'PIN_WRONG', triesLeft: tries },
      );
    }
    expect(
      await client.request('mynumber.sign', { challenge, pin: '2222', waitMs: 5000 }),
    ).toMatchObject({ code: 'PIN_BLOCKED' });
    expect(
      await client.request('mynumber.sign', { challenge, pin: '1357', waitMs: 5000 }),
    ).toMatchObject({ code: 'PIN_BLOCKED' });
    expect(await client.request('mynumber.pinTriesLeft')).toMatchObject({
      result: { triesLeft: 0 },
    });
  });

  it('a card taken off mid-read gives CARD_REMOVED, never a partial certificate', async () => {
    const fresh = await makeTestMyNumberCard();
    let connection: VpcdConnection | undefined;
    let answered = 0;
    // The card leaves the field while the reader waits for its answer to the 2nd READ BINARY.
    const leaving: VirtualCard = {
      atr: fresh.card.atr,
      reset: () => fresh.card.reset(),
      transmit: (apdu) => {
        answered += 1;
        if (answered === 4) void connection?.remove();
        return fresh.card.transmit(apdu);
      },
    };
    connection = await place(leaving);
    const read = await client.request('mynumber.read', { waitMs: 5000 });
    expect(read).toMatchObject({ ok: false, code: 'CARD_REMOVED' });
    expect(JSON.stringify(read)).not.toContain(fresh.issued.base64.slice(0, 40));
  });
});

describe('a service card on a real reader', () => {
  it('gives its IDm as upper-case hex with the technology, and the profile’s service ID', async () => {
    await place(makeTestServiceCard('0114A1B2C3D4E5F6'), 1);
    expect(await client.request('service.read', { waitMs: 5000 })).toMatchObject({
      result: { reader: 'Virtual PCD 00 01', uid: '0114A1B2C3D4E5F6', technology: 'FeliCa' },
    });
    expect(
      await client.request('service.read', { profile: 'felica-idm', waitMs: 5000 }),
    ).toMatchObject({ result: { serviceId: '0114A1B2C3D4E5F6' } });
    expect(await client.request('mynumber.read')).toMatchObject({ code: 'NOT_A_MYNUMBER_CARD' });
  });
});

describe('two readers, each with its role (a shop PC with one for the My Number card, one for service cards)', () => {
  const MY_NUMBER_READER = 'Virtual PCD 00 00';
  const SERVICE_READER = 'Virtual PCD 00 01';

  it('reads each kind of card on its own reader while both readers hold a card', async () => {
    const card = await makeTestMyNumberCard();
    await place(card.card, 0);
    await place(makeTestServiceCard('0114C0C0C0C0C0C0'), 1);
    expect(
      await client.request('mynumber.read', { waitMs: 5000, reader: MY_NUMBER_READER }),
    ).toMatchObject({ result: { reader: MY_NUMBER_READER, myKeyId: card.myKeyId } });
    expect(
      await client.request('service.read', { waitMs: 5000, reader: SERVICE_READER }),
    ).toMatchObject({ result: { reader: SERVICE_READER, uid: '0114C0C0C0C0C0C0' } });
    // The wrong reader for the kind: each says what is on it, and nothing reads the other reader.
    expect(
      await client.request('service.read', { waitMs: 0, reader: MY_NUMBER_READER }),
    ).toMatchObject({ code: 'IS_A_MYNUMBER_CARD' });
    expect(
      await client.request('mynumber.read', { waitMs: 0, reader: SERVICE_READER }),
    ).toMatchObject({ code: 'NOT_A_MYNUMBER_CARD' });
  });

  it('waits on its own reader only, and 【取消】 ends the wait at once', async () => {
    // The service card of the test before must be gone from its reader first (pcscd tells late).
    const empty = async () => {
      const status = (await client.request('status')) as {
        result?: { readers: { name: string; card: string }[] };
      };
      return status.result?.readers.find((r) => r.name === SERVICE_READER)?.card === 'absent';
    };
    await expect.poll(empty).toBe(true);
    const waiting = client.request('service.read', { waitMs: 30_000, reader: SERVICE_READER });
    const target = client.lastRequestId;
    // A card on the other reader is not the one this read waits for.
    const landed = client.nextEvent(cardIn(MY_NUMBER_READER));
    await place((await makeTestMyNumberCard()).card, 0);
    await landed;
    const pending = await Promise.race([
      waiting.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 500)),
    ]);
    expect(pending).toBe('still waiting');
    const started = Date.now();
    expect(await client.request('cancel', { target })).toMatchObject({
      result: { cancelled: true },
    });
    expect(await waiting).toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('many clients', () => {
  it('serves two clients asking at once one after the other, each with its own whole answer', async () => {
    const other = await bridge.pairedClient();
    const card = await makeTestMyNumberCard();
    const log: string[] = [];
    const transmit = card.card.transmit.bind(card.card);
    card.card.transmit = (apdu) => {
      log.push(hex(apdu.slice(0, 2)));
      return transmit(apdu);
    };
    await place(card.card);
    const [first, second] = await Promise.all([
      client.request('mynumber.read', { waitMs: 5000 }),
      other.request('mynumber.read', { waitMs: 5000 }),
    ]);
    expect(first).toMatchObject({ result: { certificate: card.issued.base64 } });
    expect(second).toMatchObject({ result: { certificate: card.issued.base64 } });
    // One whole conversation, then the other: never a SELECT in the middle of the reads.
    const perRead = 2 + Math.ceil(card.issued.certificate.rawData.byteLength / 256);
    const conversation = ['00A4', '00A4', ...Array(perRead - 2).fill('00B0')];
    expect(log).toEqual([...conversation, ...conversation]);
    other.close();
  });

  it('refuses an origin that is not allowed, and gives an unpaired page nothing', async () => {
    await expect(BridgeClient.connect(bridge.url, 'https://evil.example')).rejects.toThrow(/403/);
    const unpaired = await BridgeClient.connect(bridge.url, 'http://127.0.0.1:8787');
    await place(myNumber.card);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await unpaired.request('mynumber.read')).toMatchObject({ code: 'NOT_PAIRED' });
    expect(unpaired.events).toEqual([]);
    unpaired.close();
  });
});

describe('faults the bridge recovers from by itself', () => {
  it('pcscd restarted: readers go, PCSC_UNAVAILABLE meanwhile, then readers and reads come back', async () => {
    await pcscd.stop();
    await client.firstEvent((e) => e.event === 'readers' && e.pcsc === 'unavailable');
    expect(await client.request('mynumber.read')).toMatchObject({ code: 'PCSC_UNAVAILABLE' });
    const back = client.nextEvent(
      (e) => e.event === 'readers' && e.pcsc === 'available' && e.readers.length === 2,
    );
    await pcscd.start();
    await back;
    const card = await makeTestMyNumberCard();
    await place(card.card);
    expect(await client.request('mynumber.read', { waitMs: 5000 })).toMatchObject({
      result: { myKeyId: card.myKeyId },
    });
  });

  it('reader unplugged: the reader list empties, NO_READER, and the reader is used again once back', async () => {
    // Debian's pcscd cannot drop a serial (vpcd) reader while it runs, so the reader leaves with a
    // daemon restart whose configuration lacks it; the bridge sees what a USB unplug shows it:
    // the reader gone from the list.
    // While pcscd stops, its readers end one by one before the daemon itself is lost: wait for
    // the loss, so the empty list awaited next is the one the restarted daemon reports.
    const lost = client.nextEvent((e) => e.event === 'readers' && e.pcsc === 'unavailable');
    await pcscd.stop();
    await lost;
    const gone = client.nextEvent(
      (e) => e.event === 'readers' && e.pcsc === 'available' && e.readers.length === 0,
    );
    await pcscd.start({ withReader: false });
    await gone;
    expect(await client.request('mynumber.read')).toMatchObject({ code: 'NO_READER' });
    const back = client.nextEvent((e) => e.event === 'readers' && e.readers.length === 2);
    await pcscd.restart({ withReader: true });
    await back;
    const card = await makeTestMyNumberCard();
    await place(card.card);
    expect(await client.request('mynumber.read', { waitMs: 5000 })).toMatchObject({
      result: { myKeyId: card.myKeyId },
    });
  });
});
