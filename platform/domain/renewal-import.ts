import { renewalRequestSchema } from '../../core/api/mykeys';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import type { ErrorCode } from '../../core/errors';
import type { Database } from '../store/database';
import { renewCertificate } from './mykeys';

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
 * Imports certificate renewals from JSON Lines (one `POST /v1/admin/renewals` body a line): each
 * person's renewal is its own transaction, so one bad line refuses only itself, and importing the
 * same file again changes nothing (already_applied). The report names lines, never IDs.
 */
export async function importRenewals(db: Database, text: string): Promise<RenewalReport> {
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
    const parsed = parseAuthCertificate(request.data.newCertificate);
    if (!parsed.ok) {
      lines.push({ line, outcome: 'refused', code: 'CERTIFICATE_INVALID' });
      continue;
    }
    const result = await renewCertificate(
      db,
      { issuer: request.data.oldCertificateIssuer, serial: request.data.oldCertificateSerial },
      parsed.identity,
    );
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
