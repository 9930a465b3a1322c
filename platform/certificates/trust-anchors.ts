import { createHash, type KeyObject, verify, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { X509Certificate as PeculiarCertificate } from '@peculiar/x509';
import { type CardCertificate, hashOf, subjectOf } from './card-certificate';

/**
 * The JPKI user-authentication CA certificates the platform trusts. Operators point
 * MYKEY_TRUST_ANCHORS at files or folders of PEM or DER certificates; tests add a test CA.
 */
export class TrustAnchors {
  private readonly anchors: X509Certificate[] = [];
  private readonly names = new WeakMap<X509Certificate, string>();
  private readonly keys = new WeakMap<
    X509Certificate,
    { subject: Buffer | undefined; key: KeyObject }
  >();

  static fromPaths(paths: readonly string[]): TrustAnchors {
    const store = new TrustAnchors();
    for (const path of paths) {
      const files = statSync(path).isDirectory()
        ? readdirSync(path)
            .filter((name) => /\.(pem|crt|cer|der)$/i.test(name))
            .map((name) => join(path, name))
        : [path];
      for (const file of files) store.add(readFileSync(file));
    }
    return store;
  }

  /** Adds a CA certificate (PEM text or DER bytes); a PEM file may hold several. */
  add(certificate: string | Uint8Array): void {
    const text =
      typeof certificate === 'string' ? certificate : Buffer.from(certificate).toString('latin1');
    const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (pems !== null) for (const pem of pems) this.anchors.push(new X509Certificate(pem));
    else this.anchors.push(new X509Certificate(Buffer.from(certificate)));
  }

  get size(): number {
    return this.anchors.length;
  }

  /** The anchor that issued and signed `certificate`, if any. */
  issuerOf(certificate: X509Certificate): X509Certificate | undefined {
    return this.anchors.find(
      (anchor) => certificate.checkIssued(anchor) && certificate.verify(anchor.publicKey),
    );
  }

  /**
   * The trusted CA that signed a tapped card's certificate (read by card-certificate.ts): its
   * subject is the card's issuer, byte for byte, and its key verifies the signature.
   */
  signerOf(card: CardCertificate): X509Certificate | undefined {
    const hash = hashOf(card.signatureAlgorithm);
    if (hash === undefined) return undefined;
    return this.anchors.find((anchor) => {
      const known = this.decoded(anchor);
      return (
        known.subject?.equals(card.issuer) === true &&
        verify(hash, card.signed, known.key, card.signature)
      );
    });
  }

  /** An anchor's subject and key, decoded once (OpenSSL 3 decodes a key slowly). */
  private decoded(anchor: X509Certificate): { subject: Buffer | undefined; key: KeyObject } {
    let known = this.keys.get(anchor);
    if (known === undefined) {
      known = { subject: subjectOf(anchor.raw), key: anchor.publicKey };
      this.keys.set(anchor, known);
    }
    return known;
  }

  /**
   * The name of the anchor that issued a certificate, as the platform files issuers (the way
   * @peculiar/x509 writes names, which is how the certificates were filed when registered): a
   * certificate that `issuerOf` found names its issuer exactly as the anchor names itself, so a
   * lookup needs no second parse of the certificate.
   */
  issuerNameOf(anchor: X509Certificate): string {
    let name = this.names.get(anchor);
    if (name === undefined) {
      name = new PeculiarCertificate(anchor.raw).subject;
      this.names.set(anchor, name);
    }
    return name;
  }

  /** The anchor whose subject is `issuer` as @peculiar/x509 writes names (for CRLs). */
  all(): readonly X509Certificate[] {
    return this.anchors;
  }
}

/**
 * Which CA key a certificate is (hex SHA-256 of its SubjectPublicKeyInfo): JPKI keeps one name
 * across key generations, so CRLs are filed by key, not by name.
 */
export function caKeyOf(ca: X509Certificate): string {
  let key = caKeys.get(ca);
  if (key === undefined) {
    key = createHash('sha256')
      .update(ca.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .toUpperCase();
    caKeys.set(ca, key);
  }
  return key;
}

// Worked out once per anchor: every lookup checks its card against one (about 0.2 ms each time).
const caKeys = new WeakMap<X509Certificate, string>();
