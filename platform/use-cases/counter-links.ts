import type { LinkOutcome, RegisterLinkRequest } from '../../core/api/links';
import { checkCertificateStanding } from '../certificates/certificate-standing';
import { checkLinkProof, type LinkProofPolicy, nodeCertificate } from '../certificates/link-proof';
import { linkNeedsPin } from '../domain/catalogue';
import { registerLink } from '../domain/links';
import { fail, ok, type Result } from '../domain/result';
import type { OperatingTerminal } from '../domain/sync';
import type { Queryable } from '../store/database';

/**
 * サービスID登録 at a counter, online or from a batch: when the service's operator asks for the
 * holder's PIN, the link must carry the card's proof (checkLinkProof) before it is made.
 */
export async function registerLinkAtCounter(
  db: Queryable,
  terminal: OperatingTerminal,
  link: RegisterLinkRequest & { operationId?: string },
  policy: LinkProofPolicy,
): Promise<Result<LinkOutcome>> {
  if (!terminal.serviceCodes.has(link.serviceCode)) return fail('SERVICE_NOT_ALLOWED');
  if ((await linkNeedsPin(db, link.serviceCode)) === true) {
    const proven = await checkLinkProof(db, { ...link, terminalId: terminal.id }, policy);
    if (!proven.ok) return proven;
  }
  return registerLink(db, terminal, link);
}

/**
 * マイキーID照会 by a tap: the card's certificate must be in good standing (a trusted CA, within
 * its validity, not revoked) before its My Key ID's service ID is told; an expired or revoked card
 * gets its own answer at the desk instead.
 */
export async function lookUpByCard(
  db: Queryable,
  terminal: OperatingTerminal,
  query: { certificate: string; serviceCode: string },
  policy: LinkProofPolicy,
): Promise<Result<{ serviceId: string }>> {
  if (!terminal.serviceCodes.has(query.serviceCode)) return fail('SERVICE_NOT_ALLOWED');
  // One parse, by Node: the issuer is named as its trusted anchor names itself (a desk taps all
  // day, and the parse is most of a lookup's cost; bench/platform-lookup).
  const certificate = nodeCertificate(query.certificate);
  if (certificate === undefined) return fail('CERTIFICATE_INVALID');
  const anchor = policy.anchors.issuerOf(certificate);
  if (anchor === undefined) return fail('CERTIFICATE_UNTRUSTED');
  const issuer = policy.anchors.issuerNameOf(anchor);
  const serial = certificate.serialNumber.toUpperCase();
  const standing = await checkCertificateStanding(
    db,
    certificate,
    serial,
    {
      anchors: policy.anchors,
      requireCrl: policy.requireCrl,
      ...(policy.now === undefined ? {} : { now: policy.now() }),
    },
    anchor,
  );
  if (!standing.ok) return standing;
  const [row] = await db.query<{ service_id: string }>(
    `SELECT l.service_id FROM my_keys k
     JOIN links l ON l.my_key_id = k.my_key_id AND l.service_code = $3
     WHERE k.certificate_issuer = $1 AND k.certificate_serial = $2`,
    [issuer, serial, query.serviceCode],
  );
  return row === undefined ? fail('LINK_NOT_FOUND') : ok({ serviceId: row.service_id });
}
