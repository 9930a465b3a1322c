/**
 * The few fields of a tapped card's certificate a lookup needs, read straight from its DER:
 * the signed part and its signature (to check against a trusted CA), the issuer's name as bytes,
 * the serial and the validity. Nothing else is decoded, in particular not the holder's public key:
 * OpenSSL 3 (Node's X509Certificate, ~130 µs here) and asn1js (~140 µs) spend most of a lookup's
 * time decoding a certificate whole, this reader about 2 µs (bench/platform-lookup, BENCHMARKS.md).
 * Any deviation from strict DER (indefinite or overlong lengths, trailing bytes, a wrong tag)
 * makes it no certificate at all; the signature check then decides whether it is a card's.
 */
export interface CardCertificate {
  /** The whole tbsCertificate, tag and length included: what the CA signed. */
  signed: Buffer;
  /** The outer signatureAlgorithm, as DER (must equal the one inside the signed part). */
  signatureAlgorithm: Buffer;
  signature: Buffer;
  /** The issuer Name, as DER (compared with a trusted CA's subject, byte for byte). */
  issuer: Buffer;
  /** Hex, upper case, without leading zero bytes: as Node (OpenSSL) writes it. */
  serial: string;
  validFrom: Date;
  validTo: Date;
}

interface Element {
  tag: number;
  /** Where the element starts (its tag) and where its contents start and end. */
  start: number;
  body: number;
  end: number;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const VERSION_TAG = 0xa0;

/** One DER element at `at`, inside `[at, limit)`; undefined when it does not fit or is not DER. */
function element(der: Buffer, at: number, limit: number): Element | undefined {
  if (at + 2 > limit) return undefined;
  const tag = der[at] ?? 0;
  // Single-byte tags only: every field read here has one.
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = der[at + 1] ?? 0;
  let body = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // No indefinite length, at most 3 length octets (a certificate is far below 16 MB).
    if (octets === 0 || octets > 3 || body + octets > limit) return undefined;
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (der[body + i] ?? 0);
    // DER: the shortest form only.
    if (length < 0x80 || (der[body] ?? 0) === 0) return undefined;
    body += octets;
  }
  const end = body + length;
  return end > limit ? undefined : { tag, start: at, body, end };
}

function time(der: Buffer, field: Element): Date | undefined {
  const text = der.toString('latin1', field.body, field.end);
  const utc = field.tag === UTC_TIME && /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const general =
    field.tag === GENERALIZED_TIME && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const parts = utc || general;
  if (!parts) return undefined;
  const [, y = '', mo = '', d = '', h = '', mi = '', s = ''] = parts;
  // RFC 5280 §4.1.2.5.1: two-digit years 50–99 are 19xx, 00–49 are 20xx.
  const year = utc ? Number(y) + (Number(y) >= 50 ? 1900 : 2000) : Number(y);
  const date = new Date(
    Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The fields above from a DER certificate, or undefined when it is not one. */
export function readCardCertificate(der: Buffer): CardCertificate | undefined {
  const certificate = element(der, 0, der.length);
  if (certificate?.tag !== SEQUENCE || certificate.end !== der.length) return undefined;
  const tbs = element(der, certificate.body, certificate.end);
  if (tbs?.tag !== SEQUENCE) return undefined;
  const outerAlgorithm = element(der, tbs.end, certificate.end);
  if (outerAlgorithm?.tag !== SEQUENCE) return undefined;
  const signature = element(der, outerAlgorithm.end, certificate.end);
  if (signature?.tag !== BIT_STRING || signature.end !== certificate.end) return undefined;
  // A signature's bit string has no unused bits.
  if (signature.body >= signature.end || der[signature.body] !== 0) return undefined;

  let field = element(der, tbs.body, tbs.end);
  if (field?.tag === VERSION_TAG) field = element(der, field.end, tbs.end);
  const serial = field?.tag === INTEGER ? field : undefined;
  const innerAlgorithm = serial && element(der, serial.end, tbs.end);
  const issuer = innerAlgorithm && element(der, innerAlgorithm.end, tbs.end);
  const validity = issuer && element(der, issuer.end, tbs.end);
  if (
    serial === undefined ||
    innerAlgorithm?.tag !== SEQUENCE ||
    issuer?.tag !== SEQUENCE ||
    validity?.tag !== SEQUENCE
  )
    return undefined;
  const notBefore = element(der, validity.body, validity.end);
  const notAfter = notBefore && element(der, notBefore.end, validity.end);
  const validFrom = notBefore && time(der, notBefore);
  const validTo = notAfter && time(der, notAfter);
  if (validFrom === undefined || validTo === undefined || notAfter?.end !== validity.end)
    return undefined;

  const algorithm = der.subarray(outerAlgorithm.start, outerAlgorithm.end);
  if (!algorithm.equals(der.subarray(innerAlgorithm.start, innerAlgorithm.end))) return undefined;
  let first = serial.body;
  while (first < serial.end - 1 && der[first] === 0) first += 1;
  return {
    signed: der.subarray(tbs.start, tbs.end),
    signatureAlgorithm: algorithm,
    signature: der.subarray(signature.body + 1, signature.end),
    issuer: der.subarray(issuer.start, issuer.end),
    serial: der.toString('hex', first, serial.end).toUpperCase(),
    validFrom,
    validTo,
  };
}

/** The subject Name of a certificate (a trusted CA's), as DER; undefined when unreadable. */
export function subjectOf(der: Buffer): Buffer | undefined {
  const certificate = element(der, 0, der.length);
  const tbs = certificate && element(der, certificate.body, certificate.end);
  if (tbs?.tag !== SEQUENCE) return undefined;
  let field = element(der, tbs.body, tbs.end);
  if (field?.tag === VERSION_TAG) field = element(der, field.end, tbs.end);
  // serial, signature algorithm, issuer, validity, then the subject.
  for (let skip = 0; skip < 4 && field !== undefined; skip += 1)
    field = element(der, field.end, tbs.end);
  return field?.tag === SEQUENCE ? der.subarray(field.start, field.end) : undefined;
}

/** The hash of a signature algorithm Node can verify with the CA's key, by its DER. */
export function hashOf(signatureAlgorithm: Buffer): string | undefined {
  return HASHES.get(signatureAlgorithm.toString('hex'));
}

// AlgorithmIdentifier DER for RSA PKCS#1 v1.5 (with NULL parameters) and ECDSA (none).
const HASHES = new Map([
  ['300d06092a864886f70d01010b0500', 'sha256'],
  ['300d06092a864886f70d01010c0500', 'sha384'],
  ['300d06092a864886f70d01010d0500', 'sha512'],
  ['300a06082a8648ce3d040302', 'sha256'],
  ['300a06082a8648ce3d040303', 'sha384'],
  ['300a06082a8648ce3d040304', 'sha512'],
]);
