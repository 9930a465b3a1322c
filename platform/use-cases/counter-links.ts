import type { LinkOutcome, RegisterLinkRequest } from '../../core/api/links';
import { fail, ok, type Result } from '../../core/result';
import { readCardCertificate } from '../certificates/card-certificate';
import { standingOf, withinValidity } from '../certificates/certificate-standing';
import { revocationOf } from '../certificates/crl';
import { checkLinkProof, type LinkProofPolicy } from '../certificates/link-proof';
import { caKeyOf } from '../certificates/trust-anchors';
import { linkNeedsPin } from '../domain/catalogue';
import { registerLink } from '../domain/links';
import type { OperatingTerminal } from '../domain/terminals';
import type { Queryable } from '../store/database';
import { readTap, type TapRow } from './tap-reads';

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
  const tapped = await tappedCard(db, query.certificate, policy, {
    serviceCode: query.serviceCode,
  });
  if (!tapped.ok) return tapped;
  const { service_id } = tapped.value;
  return service_id == null ? fail('LINK_NOT_FOUND') : ok({ serviceId: service_id });
}

/**
 * The card on a reader, from the certificate a terminal sent (照会, and every points operation at
 * a counter): read, signed by a trusted JPKI CA, within its validity (at `validAt`, by default
 * now) and not revoked; then the My Key ID bound to it (my_keys: issuer and serial) and that ID's
 * link to `serviceCode`, in one round trip shared with the other taps of this turn.
 */
export async function tappedCard(
  db: Queryable,
  certificate: string,
  policy: LinkProofPolicy,
  options: { serviceCode?: string; validAt?: Date } = {},
): Promise<Result<TapRow>> {
  // Only what the answer needs is read from the certificate (a desk taps all day; decoding it whole
  // was most of a lookup's cost, bench/platform-lookup), and the issuer is named as its trusted CA
  // names itself.
  const card = readCardCertificate(Buffer.from(certificate, 'base64'));
  if (card === undefined) return fail('CERTIFICATE_INVALID');
  const anchor = policy.anchors.signerOf(card);
  if (anchor === undefined) return fail('CERTIFICATE_UNTRUSTED');
  if (!withinValidity(card, options.validAt ?? policy.now?.())) return fail('CERTIFICATE_EXPIRED');
  const row = await readTap(db, {
    caKey: caKeyOf(anchor),
    serial: card.serial,
    issuer: policy.anchors.issuerNameOf(anchor),
    serviceCode: options.serviceCode ?? null,
  });
  const standing = standingOf(revocationOf(row), policy.requireCrl);
  return standing.ok ? ok(row) : standing;
}
