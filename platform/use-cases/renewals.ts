import { X509Certificate } from 'node:crypto';
import type { z } from 'zod';
import { renewalRequestSchema } from '../../core/api/mykeys';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import type { ErrorCode } from '../../core/errors';
import { fail, type Result } from '../../core/result';
import type { TrustAnchors } from '../certificates/trust-anchors';
import { type RenewalOutcome, renewCertificate } from '../domain/mykeys';
import type { Database } from '../store/database';

export type RenewalLineResult =
  | { line: number; outcome: 'moved' | 'unchanged' | 'already_applied'; linksMoved: number }
  | { line: number; outcome: 'refused'; code: ErrorCode };

export interface RenewalReport {
  lines: RenewalLineResult[];
  moved: number;
  unchanged: number;
  alreadyApplied: number;
  refused: number;
}

/**
 * One renewal, from the API or a line of an import: the new certificate must be a JPKI auth
 * certificate from a trusted CA, or the person's ID and links would move to a certificate no card
 * can present. (Its validity and CRL are not checked here: a renewed card that is later lost still
 * carries the person's ID, and the kiosk checks those each time the card is used.)
 */
export async function applyRenewal(
  db: Database,
  anchors: TrustAnchors,
  request: z.infer<typeof renewalRequestSchema>,
): Promise<Result<RenewalOutcome>> {
  const parsed = parseAuthCertificate(request.newCertificate);
  if (!parsed.ok) return fail('CERTIFICATE_INVALID');
  const der = Buffer.from(request.newCertificate, 'base64');
  if (anchors.issuerOf(new X509Certificate(der)) === undefined)
    return fail('CERTIFICATE_UNTRUSTED');
  return renewCertificate(
    db,
    { issuer: request.oldCertificateIssuer, serial: request.oldCertificateSerial },
    parsed.identity,
  );
}

/**
 * Imports certificate renewals from JSON Lines (one `POST /v1/admin/renewals` body a line): each
 * person's renewal is its own transaction, so one bad line refuses only itself, and importing the
 * same file again changes nothing (already_applied). The report names lines, never IDs.
 */
export async function importRenewals(
  db: Database,
  anchors: TrustAnchors,
  text: string,
): Promise<RenewalReport> {
  const lines: RenewalLineResult[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = index + 1;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      lines.push({ line, outcome: 'refused', code: 'VALIDATION_FAILED' });
      continue;
    }
    const request = renewalRequestSchema.safeParse(json);
    if (!request.success) {
      lines.push({ line, outcome: 'refused', code: 'VALIDATION_FAILED' });
      continue;
    }
    const result = await applyRenewal(db, anchors, request.data);
    lines.push(
      result.ok
        ? { line, outcome: result.value.outcome, linksMoved: result.value.linksMoved }
        : { line, outcome: 'refused', code: result.code },
    );
  }
  const count = (outcome: RenewalLineResult['outcome']) =>
    lines.filter((l) => l.outcome === outcome).length;
  return {
    lines,
    moved: count('moved'),
    unchanged: count('unchanged'),
    alreadyApplied: count('already_applied'),
    refused: count('refused'),
  };
}
