import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, randomCn, type TestCa } from '../../bridge/simulate/jpki-like-ca';
import { reached } from '../../tests/support/reach';
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
    const reach = reached({
      'changed bytes read': 1_000,
      'still read, within its bytes': 100,
      'refused as no certificate': 300,
      'random bytes read': 1_000,
      'random DER-like bytes read': 300,
    });
    // Changes anywhere, and changes in the first 40 bytes, where the outer lengths and tags are.
    const change = fc.tuple(
      fc.oneof(fc.nat(bytes.length - 1), fc.nat(40)),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 6, size: 'max' }), (changes) => {
        const mutated = Buffer.from(bytes);
        for (const [at, value] of changes) mutated[at] = value;
        const card = readCardCertificate(mutated);
        reach.hit('changed bytes read');
        if (card !== undefined) {
          reach.hit('still read, within its bytes');
          expect(card.signed.length).toBeLessThan(mutated.length);
          expect(card.issuer.length).toBeLessThan(card.signed.length);
        } else reach.hit('refused as no certificate');
      }),
      { numRuns: 1_000 },
    );
    // Any bytes, and bytes that start as a DER SEQUENCE (30 82 hi lo) so the reader goes deeper.
    const derLike = fc
      .tuple(fc.nat(0xffff), fc.uint8Array({ maxLength: 300, size: 'max' }))
      .map(([length, rest]) => Uint8Array.from([0x30, 0x82, length >> 8, length & 0xff, ...rest]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300, size: 'max' }), derLike), (random) => {
        reach.hit('random bytes read');
        if (random[0] === 0x30) reach.hit('random DER-like bytes read');
        expect(() => readCardCertificate(Buffer.from(random))).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
    reach.check();
  });
});
