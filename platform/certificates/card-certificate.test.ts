import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, randomCn, type TestCa } from '../../bridge/simulate/jpki-like-ca';
import { readCardCertificate } from './card-certificate';
import { TrustAnchors } from './trust-anchors';

describe('reading a tapped card’s certificate from its DER', () => {
  let ca: TestCa;
  let anchors: TrustAnchors;
  const der = async (options: { serial?: string; notAfter?: Date } = {}) =>
    Buffer.from((await ca.issue({ cn: randomCn(), ...options })).base64, 'base64');

  beforeAll(async () => {
    ca = await createTestCa();
    anchors = new TrustAnchors();
    anchors.add(ca.certificate.toString('pem'));
  });

  it('reads serial, validity and issuer as Node (OpenSSL) does, and finds the CA that signed it', async () => {
    for (const serial of ['1F2E3D4C5B6A7988', '00FF01', '7F']) {
      const bytes = await der({ serial, notAfter: new Date('2051-03-01T00:00:00Z') });
      const card = readCardCertificate(bytes);
      const node = new X509Certificate(bytes);
      expect(card?.serial).toBe(node.serialNumber.toUpperCase());
      expect(card?.validFrom).toEqual(new Date(node.validFrom));
      expect(card?.validTo).toEqual(new Date(node.validTo));
      const signer = card && anchors.signerOf(card);
      expect(signer).toBeDefined();
      expect(signer && node.checkIssued(signer)).toBe(true);
    }
  });

  it('finds no signer for a certificate another CA signed, or one whose signed part was changed', async () => {
    const other = await createTestCa();
    const foreign = readCardCertificate(
      Buffer.from((await other.issue({ cn: randomCn() })).base64, 'base64'),
    );
    expect(foreign).toBeDefined();
    expect(foreign && anchors.signerOf(foreign)).toBeUndefined();
    const bytes = await der();
    const card = readCardCertificate(bytes);
    if (card === undefined) throw new Error('unreadable');
    // One bit of the subject, inside the signed part: same lengths, wrong signature.
    const altered = Buffer.from(bytes);
    const at = card.signed.length - 40;
    altered[at] = (altered[at] ?? 0) ^ 0x01;
    const read = readCardCertificate(altered);
    expect(read === undefined || anchors.signerOf(read) === undefined).toBe(true);
  });

  it('is no certificate when cut, extended, or not strict DER', async () => {
    const bytes = await der();
    expect(readCardCertificate(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(readCardCertificate(Buffer.concat([bytes, Buffer.of(0)]))).toBeUndefined();
    expect(readCardCertificate(Buffer.alloc(0))).toBeUndefined();
    const indefinite = Buffer.from(bytes);
    indefinite[1] = 0x80;
    expect(readCardCertificate(indefinite)).toBeUndefined();
    const notASequence = Buffer.from(bytes);
    notASequence[0] = 0x31;
    expect(readCardCertificate(notASequence)).toBeUndefined();
  });

  it('never throws, whatever bytes come, and never reads past them', async () => {
    const bytes = await der();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        (changes) => {
          const mutated = Buffer.from(bytes);
          for (const [at, value] of changes) mutated[at] = value;
          const card = readCardCertificate(mutated);
          if (card !== undefined) {
            expect(card.signed.length).toBeLessThan(mutated.length);
            expect(card.issuer.length).toBeLessThan(card.signed.length);
          }
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (random) => {
        readCardCertificate(Buffer.from(random));
      }),
    );
  });
});
