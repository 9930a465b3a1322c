import { KeyObject, verify, X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BridgeFailure, CardService } from './card-service';
import { fromHex } from './cards/apdu';
import { createTestCa, randomString } from './simulate/jpki-like-ca';
import { SimulatedReaders } from './simulate/simulated-readers';
import { VirtualJpkiCard } from './simulate/virtual-jpki-card';
import { VirtualServiceCard } from './simulate/virtual-service-card';

const ca = await createTestCa();
const myKeyId = randomString(14);
const issued = await ca.issue({ cn: `${myKeyId}${randomString(9)}` });
const challenge = Buffer.from('a challenge the platform issued').toString('base64url');

let myNumberCard: VirtualJpkiCard;
let serviceCard: VirtualServiceCard;
let readers: SimulatedReaders;
let cards: CardService;

beforeEach(() => {
  myNumberCard = new VirtualJpkiCard({
    authCertificate: new Uint8Array(issued.certificate.rawData),
    authCaCertificate: new Uint8Array(ca.certificate.rawData),
    authKey: KeyObject.from(issued.privateKey),
    pin: '4321',
  });
  serviceCard = new VirtualServiceCard(fromHex('0114A1B2C3D4E5F6'), 'FeliCa');
  readers = new SimulatedReaders({ mynumber: myNumberCard, service: serviceCard });
  cards = new CardService(readers, {
    library: { technologies: ['FeliCa'], encoding: 'hex', prefix: 'LIB-', padTo: 16, suffix: '' },
    mifare: { technologies: ['ISO14443A'], encoding: 'decimal', prefix: '', suffix: '' },
  });
});

// Whatever a test did with the card, nothing ever selected an application holding the My Number.
afterEach(() => {
  expect(myNumberCard.forbiddenSelections).toEqual([]);
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: BridgeFailure) => ({ code: error.code, triesLeft: error.triesLeft }),
  );

describe('the My Number card', () => {
  it('gives the certificate, the default My Key ID and desk code, in 2 + ⌈n/256⌉ APDUs', async () => {
    readers.place('mynumber');
    const read = await cards.readMyNumberCard(0);
    expect(read.myKeyId).toBe(myKeyId);
    expect(read.certificate).toBe(issued.base64);
    expect(read.serialNumber).toBe(issued.serial);
    expect(read.issuer).toBe(ca.certificate.subject);
    const length = issued.certificate.rawData.byteLength;
    expect(read.apdus).toBe(2 + Math.ceil(length / 256));
    expect(myNumberCard.forbiddenSelections).toEqual([]);
  });

  it('tells the tries left before the PIN is typed, without spending one', async () => {
    readers.place('mynumber');
    expect((await cards.pinTriesLeft(0)).triesLeft).toBe(3);
    expect((await cards.pinTriesLeft(0)).triesLeft).toBe(3);
  });

  it('signs the challenge with the auth key after the right PIN; the certificate verifies it', async () => {
    readers.place('mynumber');
    const signed = await cards.signChallenge(challenge, '4321', 0);
    const { publicKey } = new X509Certificate(Buffer.from(signed.certificate, 'base64'));
    expect(
      verify(
        'sha256',
        Buffer.from(challenge, 'base64url'),
        publicKey,
        Buffer.from(signed.signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('signs a base64url challenge without padding (any length the protocol accepts)', async () => {
    readers.place('mynumber');
    const unpadded = Buffer.from('twenty-six bytes challenge').toString('base64url');
    expect(unpadded.length % 4).not.toBe(0);
    const signed = await cards.signChallenge(unpadded, '4321', 0);
    const { publicKey } = new X509Certificate(Buffer.from(signed.certificate, 'base64'));
    const verified = verify(
      'sha256',
      Buffer.from(unpadded, 'base64url'),
      publicKey,
      Buffer.from(signed.signature, 'base64'),
    );
    expect(verified).toBe(true);
  });

  it('a wrong PIN costs exactly one try, is never retried, and says how many are left', async () => {
    readers.place('mynumber');
    expect(await failureOf(cards.signChallenge(challenge, '0000', 0))).toEqual({
      code: 'PIN_WRONG',
      triesLeft: 2,
    });
    expect(myNumberCard.triesLeft).toBe(2);
    expect((await cards.pinTriesLeft(0)).triesLeft).toBe(2);
  });

  it('after three wrong PINs the card is blocked, and even the right PIN gets PIN_BLOCKED', async () => {
    readers.place('mynumber');
    await failureOf(cards.signChallenge(challenge, '0000', 0));
    expect(await failureOf(cards.signChallenge(challenge, '1111', 0))).toMatchObject({
      triesLeft: 1,
    });
    expect(await failureOf(cards.signChallenge(challenge, '2222', 0))).toMatchObject({
      code: 'PIN_BLOCKED',
    });
    expect(await failureOf(cards.signChallenge(challenge, '4321', 0))).toMatchObject({
      code: 'PIN_BLOCKED',
    });
    expect((await cards.pinTriesLeft(0)).triesLeft).toBe(0);
  });

  it('sends no PIN to a card other than the one read before (CARD_CHANGED), and signs on the same one', async () => {
    readers.place('mynumber');
    const other = await ca.issue({ cn: `${randomString(14)}${randomString(9)}` });
    const otherBase64 = Buffer.from(other.certificate.rawData).toString('base64');
    expect(await failureOf(cards.signChallenge(challenge, '0000', 0, otherBase64))).toMatchObject({
      code: 'CARD_CHANGED',
    });
    // Refused before VERIFY: the wrong PIN above cost this card nothing.
    expect(myNumberCard.triesLeft).toBe(3);
    const own = Buffer.from(issued.certificate.rawData).toString('base64');
    const signed = await cards.signChallenge(challenge, '4321', 0, own);
    expect(signed.certificate).toBe(own);
  });

  it('the verified PIN does not outlive the request: the card is reset afterwards', async () => {
    readers.place('mynumber');
    await cards.signChallenge(challenge, '4321', 0);
    // Right after a signature, VERIFY with no data must again report tries (63Cx), not 9000.
    expect((await cards.pinTriesLeft(0)).triesLeft).toBe(3);
  });

  it('a service card on the My Number step is NOT_A_MYNUMBER_CARD', async () => {
    readers.place('service');
    expect(await failureOf(cards.readMyNumberCard(0))).toMatchObject({
      code: 'NOT_A_MYNUMBER_CARD',
    });
  });
});

describe('service cards', () => {
  it('gives the IDm as upper-case hex with the technology', async () => {
    readers.place('service');
    expect(await cards.readServiceCard(undefined, 0)).toMatchObject({
      uid: '0114A1B2C3D4E5F6',
      technology: 'FeliCa',
    });
  });

  it("turns the IDm into the service's ID format through a card profile", async () => {
    readers.place('service');
    expect(await cards.readServiceCard('library', 0)).toMatchObject({
      serviceId: 'LIB-0114A1B2C3D4E5F6',
      profile: 'library',
    });
  });

  it('refuses a card of another technology than the profile expects, and an unknown profile', async () => {
    readers.place('service');
    expect(await failureOf(cards.readServiceCard('mifare', 0))).toMatchObject({
      code: 'CARD_PROFILE_MISMATCH',
    });
    expect(await failureOf(cards.readServiceCard('nope', 0))).toMatchObject({
      code: 'UNKNOWN_CARD_PROFILE',
    });
  });

  it('answers UNKNOWN_CARD_PROFILE for the names of Object.prototype members', async () => {
    readers.place('service');
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(await failureOf(cards.readServiceCard(name, 0))).toMatchObject({
        code: 'UNKNOWN_CARD_PROFILE',
      });
    }
  });

  it('refuses a My Number card on the service step', async () => {
    readers.place('mynumber');
    expect(await failureOf(cards.readServiceCard(undefined, 0))).toMatchObject({
      code: 'IS_A_MYNUMBER_CARD',
    });
  });
});

describe('waiting and queueing', () => {
  it('waits for a card to be placed, up to waitMs', async () => {
    const read = cards.readServiceCard(undefined, 5000);
    setTimeout(() => readers.place('service'), 50);
    expect((await read).uid).toBe('0114A1B2C3D4E5F6');
  });

  it('answers NO_CARD at once with no wait, and TIMEOUT when no card comes in time', async () => {
    expect(await failureOf(cards.readMyNumberCard(0))).toMatchObject({ code: 'NO_CARD' });
    expect(await failureOf(cards.readMyNumberCard(50))).toMatchObject({ code: 'TIMEOUT' });
  });

  it('a card taken off mid-read gives CARD_REMOVED, never a partial certificate', async () => {
    readers.place('mynumber');
    const transmit = myNumberCard.transmit.bind(myNumberCard);
    myNumberCard.transmit = (apdu) => {
      if (myNumberCard.received === 3) readers.remove();
      return transmit(apdu);
    };
    expect(await failureOf(cards.readMyNumberCard(0))).toMatchObject({ code: 'CARD_REMOVED' });
  });

  it("a request waiting for a card does not hold back another's answer", async () => {
    const waiting = cards.readMyNumberCard(60_000);
    let waitingSettled = false;
    void waiting
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        waitingSettled = true;
      });
    // The other connection asks with no wait: it is answered while the first still waits.
    expect(await failureOf(cards.pinTriesLeft(0))).toMatchObject({ code: 'NO_CARD' });
    expect(waitingSettled).toBe(false);
    // And when a card lands, both get whole answers.
    const other = cards.readServiceCard(undefined, 60_000);
    readers.place('service');
    expect((await other).uid).toBe('0114A1B2C3D4E5F6');
    expect(await failureOf(waiting)).toMatchObject({ code: 'NOT_A_MYNUMBER_CARD' });
  });

  it('a card taken off while a request queues for the reader is waited for again', async () => {
    readers.place('mynumber');
    // The citizen lifts the card the moment the first read ends, while the second is queued.
    const connect = readers.connect.bind(readers);
    readers.connect = async (name) => {
      const connection = await connect(name);
      readers.connect = connect;
      return {
        ...connection,
        disconnect: async (reset) => {
          await connection.disconnect(reset);
          readers.remove();
          setTimeout(() => readers.place('mynumber'), 20);
        },
      };
    };
    const [first, second] = await Promise.all([
      cards.readMyNumberCard(0),
      cards.readMyNumberCard(60_000),
    ]);
    expect(first.myKeyId).toBe(myKeyId);
    expect(second.myKeyId).toBe(myKeyId);
  });

  it('serves requests one at a time: interleaved asks each get their own whole answer', async () => {
    readers.place('mynumber');
    const answers = await Promise.all([
      cards.readMyNumberCard(0),
      cards.pinTriesLeft(0),
      cards.readMyNumberCard(0),
      cards.signChallenge(challenge, '4321', 0),
    ]);
    expect(answers[0]).toMatchObject({ myKeyId });
    expect(answers[1]).toMatchObject({ triesLeft: 3 });
    expect(answers[2]).toMatchObject({ certificate: issued.base64 });
    expect(answers[3]).toMatchObject({ algorithm: 'RSASSA-PKCS1-v1_5-SHA256' });
  });
});
