import type { X509Certificate } from 'node:crypto';
import { fail, ok, type Result } from '../domain/result';
import type { Queryable } from '../store/database';
import { revocationStatus } from './crl';
import { caKeyOf, type TrustAnchors } from './trust-anchors';

export interface StandingOptions {
  anchors: TrustAnchors;
  /** Refuse when no CRL is loaded for the certificate's issuer (production); else accept. */
  requireCrl: boolean;
  now?: Date;
}

/**
 * A JPKI auth certificate in good standing: issued and signed by a trusted JPKI CA, within its
 * validity, and not on that CA key's CRL. A certificate whose revocation cannot be told is refused
 * too (REVOCATION_UNKNOWN), never let through.
 */
export async function checkCertificateStanding(
  db: Queryable,
  certificate: X509Certificate,
  /** The serial as the platform files it (from the parsed identity), as CRL entries are filed. */
  serial: string,
  options: StandingOptions,
  /** The anchor that issued it, when the caller found it already (one RSA verification less). */
  issuer: X509Certificate | undefined = options.anchors.issuerOf(certificate),
): Promise<Result<void>> {
  if (issuer === undefined) return fail('CERTIFICATE_UNTRUSTED');
  const now = options.now ?? new Date();
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo))
    return fail('CERTIFICATE_EXPIRED');
  const status = await revocationStatus(db, { caKey: caKeyOf(issuer), serial });
  if (status === 'revoked') return fail('CERTIFICATE_REVOKED');
  if (status === 'unknown' || (status === 'no-crl' && options.requireCrl))
    return fail('REVOCATION_UNKNOWN');
  return ok(undefined);
}
