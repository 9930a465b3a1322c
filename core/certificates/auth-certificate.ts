// @peculiar/x509 resolves its parsers through tsyringe, which needs this polyfill loaded first.
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { fromBase64 } from '../http-signature/signature-base';
import { type AuthCertificateCn, parseAuthCertificateCn } from '../mykey-id';

/**
 * What the bridge reports and the platform keeps from an auth certificate: who issued it, its
 * serial, the CN's My Key parts and its validity; nothing more (the subject carries no name).
 */
export interface AuthCertificateIdentity {
  issuer: string;
  /** Upper-case hex without leading zeros' ambiguity: as the certificate encodes it. */
  serial: string;
  cn: AuthCertificateCn;
  notBefore: Date;
  notAfter: Date;
  certificate: X509Certificate;
}

export type ParsedAuthCertificate =
  | { ok: true; identity: AuthCertificateIdentity }
  | { ok: false; reason: 'NOT_X509' | 'NO_COMMON_NAME' | 'CN_NOT_MYKEY' };

const COMMON_NAME_OID = '2.5.4.3';

export function parseAuthCertificate(der: string | Uint8Array): ParsedAuthCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate((typeof der === 'string' ? fromBase64(der) : der).slice());
  } catch {
    return { ok: false, reason: 'NOT_X509' };
  }
  const commonNames = certificate.subjectName.getField(COMMON_NAME_OID);
  const [commonName] = commonNames;
  if (commonName === undefined || commonNames.length !== 1)
    return { ok: false, reason: 'NO_COMMON_NAME' };
  const parsed = parseAuthCertificateCn(commonName);
  if (!parsed.ok) return { ok: false, reason: 'CN_NOT_MYKEY' };
  return {
    ok: true,
    identity: {
      issuer: certificate.issuer,
      serial: certificate.serialNumber.toUpperCase(),
      cn: parsed.cn,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      certificate,
    },
  };
}
