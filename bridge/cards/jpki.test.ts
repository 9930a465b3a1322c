import { createHash, KeyObject, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, randomCn, type TestAuthCertificate } from '../simulate/jpki-like-ca';
import { VirtualJpkiCard, type VirtualJpkiCardOptions } from '../simulate/virtual-jpki-card';
import { fromHex, hex } from './apdu';
import { CardChannel, CardError } from './card-channel';
import { derLength, readAuthCertificate } from './jpki';
import { SELECT_JPKI_AP, selectEf, signSha256, verifyAuthPin } from './jpki-commands';

let cert: TestAuthCertificate;
let caDer: Uint8Array;

beforeAll(async () => {
  const ca = await createTestCa();
  cert = await ca.issue({ cn: randomCn() });
  caDer = new Uint8Array(ca.certificate.rawData);
});

function card(options: Partial<VirtualJpkiCardOptions> = {}) {
  const virtual = new VirtualJpkiCard({
    authCertificate: new Uint8Array(cert.certificate.rawData),
    authCaCertificate: caDer,
    authKey: KeyObject.from(cert.privateKey),
    pin: '1234',
    ...options,
  });
  const channel = new CardChannel(async (apdu) => virtual.transmit(apdu));
  return { virtual, channel };
}

describe('reading the auth certificate', () => {
  it('returns the exact DER with the fewest APDUs: select AP, select EF, ⌈length/256⌉ reads', async () => {
    const { virtual, channel } = card();
    const der = await readAuthCertificate(channel);
    expect(hex(der)).toBe(hex(new Uint8Array(cert.certificate.rawData)));
    expect(channel.sent).toBe(2 + Math.ceil(der.length / 256));
    expect(virtual.forbiddenSelections).toEqual([]);
  });

  it('follows 61xx with GET RESPONSE and still returns the exact DER', async () => {
    const { channel } = card({ chainWith61: 100 });
    expect(hex(await readAuthCertificate(channel))).toBe(
      hex(new Uint8Array(cert.certificate.rawData)),
    );
  });

  it('repeats a read with the Le a 6Cxx answer names', async () => {
    const tiny = fromHex('300A0201010201020201030500');
    const { channel } = card({ authCertificate: tiny, shortRead: '6C' });
    expect(hex(await readAuthCertificate(channel))).toBe(hex(tiny.slice(0, 12)));
    expect(channel.sent).toBe(4);
  });

  it('a card removed mid-read gives CARD_REMOVED, never a partial certificate', async () => {
    const { virtual } = card();
    let answers = 0;
    const channel = new CardChannel(async (apdu) => {
      answers += 1;
      if (answers === 4) throw new CardError('CARD_REMOVED', 'card left the field');
      return virtual.transmit(apdu);
    });
    await expect(readAuthCertificate(channel)).rejects.toMatchObject({ code: 'CARD_REMOVED' });
  });

  it('an EF shorter than its DER header says is an error, not a short certificate', async () => {
    const full = new Uint8Array(cert.certificate.rawData);
    const { channel } = card({ authCertificate: full.slice(0, full.length - 300) });
    await expect(readAuthCertificate(channel)).rejects.toMatchObject({ code: 'CARD_ERROR' });
  });

  it('a service card (no JPKI AP) is told apart', async () => {
    const channel = new CardChannel(async () => fromHex('6A82'));
    await expect(readAuthCertificate(channel)).rejects.toMatchObject({
      code: 'NOT_A_MYNUMBER_CARD',
    });
  });

  it('reads DER lengths in all three encodings', () => {
    expect(derLength(fromHex('300A'))).toBe(12);
    expect(derLength(fromHex('308180'))).toBe(131);
    expect(derLength(fromHex('30820500'))).toBe(1284);
    expect(derLength(fromHex('3180'))).toBeUndefined();
  });
});

describe('the virtual card behaves like the JPKI AP', () => {
  const select = (channel: CardChannel, fid: string) => channel.transmit(selectEf(fid));
  const verifyPin = (channel: CardChannel, pin?: string) => channel.transmit(verifyAuthPin(pin));

  it('counts wrong PINs down and locks after three', async () => {
    const { channel } = card();
    await channel.transmit(SELECT_JPKI_AP);
    await select(channel, '0018');
    expect((await verifyPin(channel)).sw).toBe(0x63c3);
    expect((await verifyPin(channel, '0000')).sw).toBe(0x63c2);
    expect((await verifyPin(channel, '1111')).sw).toBe(0x63c1);
    expect((await verifyPin(channel, '2222')).sw).toBe(0x6983);
    expect((await verifyPin(channel, '1234')).sw).toBe(0x6983);
  });

  it('signs a DigestInfo with the auth key only after the PIN, verifiable with the certificate', async () => {
    const { channel } = card();
    const signCommand = signSha256(createHash('sha256').update('challenge').digest());
    await channel.transmit(SELECT_JPKI_AP);
    await select(channel, '0017');
    expect((await channel.transmit(signCommand)).sw).toBe(0x6982);
    await select(channel, '0018');
    expect((await verifyPin(channel, '1234')).sw).toBe(0x9000);
    await select(channel, '0017');
    const signed = await channel.transmit(signCommand);
    expect(signed.sw).toBe(0x9000);
    expect(signed.data.length).toBe(256);
    const publicKey = KeyObject.from(await cert.certificate.publicKey.export());
    expect(verify('sha256', Buffer.from('challenge'), publicKey, signed.data)).toBe(true);
  });
});
