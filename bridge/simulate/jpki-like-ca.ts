import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/**
 * A JPKI-like CA made at run time (no committed keys): RSA-2048, sha256WithRSAEncryption, the
 * real CA's subject layout, and user certificates whose subject is only `C=JP, CN=<14><9>`. Tests
 * make one per run; the simulated reader makes one on first start and keeps it in its data folder.
 */
const crypto = globalThis.crypto;
x509.cryptoProvider.set(crypto);

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const CA_NAME =
  'C=JP, O=JPKI, OU=JPKI for user authentication, OU=Japan Agency for Local Authority Information Systems';

export interface TestCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  /** The one key pair every certificate this CA issues certifies (the card's auth key). */
  holderKeys: CryptoKeyPair;
  issue(options: {
    cn: string;
    serial?: string;
    notBefore?: Date;
    notAfter?: Date;
  }): Promise<TestAuthCertificate>;
  /** A CRL of this CA (PEM) revoking the given serials (hex). */
  issueCrl(options: { revoked: string[]; thisUpdate?: Date; nextUpdate?: Date }): Promise<string>;
}

export interface TestAuthCertificate {
  certificate: x509.X509Certificate;
  /** DER, base64: what the bridge hands to the platform. */
  base64: string;
  serial: string;
  issuer: string;
  /** The holder's private key (the card's auth key, EF 0017). */
  privateKey: CryptoKey;
}

/**
 * A serial as a CA gives one: 8 random bytes, positive (first bit clear) and with no leading
 * zero byte. Two test CAs, or two machines' simulated cards, never share a serial.
 */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

export async function createTestCa(name = CA_NAME): Promise<TestCa> {
  const keys = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 10 * 365 * 86_400_000),
    keys,
    signingAlgorithm: RSA,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  // One holder key serves every certificate a test issues: the platform never sees the key.
  const holderKeys = (await crypto.subtle.generateKey(RSA, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return {
    certificate,
    keys,
    holderKeys,
    async issueCrl({ revoked, thisUpdate, nextUpdate }) {
      const crl = await x509.X509CrlGenerator.create({
        issuer: certificate.subject,
        thisUpdate: thisUpdate ?? new Date(),
        nextUpdate: nextUpdate ?? new Date(Date.now() + 86_400_000),
        entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: new Date() })),
        signingKey: keys.privateKey,
        signingAlgorithm: RSA,
      });
      return crl.toString('pem');
    },
    async issue({ cn, serial, notBefore, notAfter }) {
      const serialNumber = serial ?? randomSerial();
      const issued = await x509.X509CertificateGenerator.create({
        serialNumber,
        subject: `C=JP, CN=${cn}`,
        issuer: certificate.subject,
        notBefore: notBefore ?? new Date(Date.now() - 86_400_000),
        notAfter: notAfter ?? new Date(Date.now() + 5 * 365 * 86_400_000),
        publicKey: holderKeys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: RSA,
        extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
      });
      return {
        certificate: issued,
        base64: Buffer.from(issued.rawData).toString('base64'),
        serial: issued.serialNumber.toUpperCase(),
        issuer: issued.issuer,
        privateKey: holderKeys.privateKey,
      };
    },
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALPHABET[b % 36]).join('');
}

/** A subject CN like a real card's: 14 random characters, then a 9-character desk code. */
export function randomCn(myKeyId = randomString(14), deskCode = randomString(9)): string {
  return `${myKeyId}${deskCode}`;
}
