import type { X509Certificate } from 'node:crypto';
import { fail, ok, type Result } from '../../core/result';
import type { Queryable } from '../store/database';
import { type RevocationStatus, revocationStatus } from './crl';
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
  const validity = {
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
  };
  if (!withinValidity(validity, options.now)) return fail('CERTIFICATE_EXPIRED');
  const status = await revocationStatus(db, { caKey: caKeyOf(issuer), serial });
  return standingOf(status, options.requireCrl);
}

export function withinValidity(
  certificate: { validFrom: Date; validTo: Date },
  now = new Date(),
): boolean {
  return now >= certificate.validFrom && now <= certificate.validTo;
}

/**
 * What a revocation status means for the holder. A certificate whose revocation cannot be told is
 * refused (REVOCATION_UNKNOWN), never let through.
 */
export function standingOf(status: RevocationStatus, requireCrl: boolean): Result<void> {
  if (status === 'revoked') return fail('CERTIFICATE_REVOKED');
  if (status === 'unknown' || (status === 'no-crl' && requireCrl))
    return fail('REVOCATION_UNKNOWN');
  return ok(undefined);
}
