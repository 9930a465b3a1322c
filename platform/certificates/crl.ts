import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { fail, ok, type Result } from '../../core/result';
import type { Database, Queryable } from '../store/database';
import { caKeyOf, type TrustAnchors } from './trust-anchors';

export interface LoadedCrl {
  issuer: string;
  /** The signing CA key (see caKeyOf). */
  caKey: string;
  thisUpdate: string;
  nextUpdate: string | undefined;
  entries: number;
}

/**
 * The largest CRL the platform takes (DER). JPKI's lists are large, and parsing holds about
 * sixteen times the list's size in memory, so this keeps one load well inside the heap.
 */
export const MAX_CRL_BYTES = 128 * 1024 * 1024;

/** DER from what operators hand in: PEM (as text or a file's bytes), base64 text, or DER bytes. */
function derOf(input: string | Uint8Array): Uint8Array | undefined {
  if (typeof input !== 'string') {
    // A PEM file is text; anything else is DER.
    const head = Buffer.from(input.subarray(0, 32)).toString('latin1');
    if (!head.includes('-----BEGIN')) return input;
  }
  const text = (typeof input === 'string' ? input : Buffer.from(input).toString('latin1')).trim();
  try {
    return new Uint8Array(
      text.startsWith('-----BEGIN')
        ? x509.PemConverter.decodeFirst(text)
        : Buffer.from(text, 'base64'),
    );
  } catch {
    return undefined;
  }
}

function parseCrl(input: string | Uint8Array): Result<x509.X509Crl> {
  const der = derOf(input);
  if (der === undefined || der.length === 0) return fail('CRL_INVALID');
  if (der.length > MAX_CRL_BYTES) return fail('CRL_TOO_LARGE');
  try {
    // The ASN.1 parser's default limits (10,000 nodes, 16 MB in one element) stop at a CRL of
    // about 1,600 entries. A DER element takes at least two bytes, so these bounds only say "no
    // more than the bytes allow"; MAX_CRL_BYTES is the real limit.
    const berOptions = { maxNodes: der.length, maxContentLength: der.length };
    return ok(new x509.X509Crl(new Uint8Array(der).slice().buffer, { berOptions }));
  } catch {
    return fail('CRL_INVALID');
  }
}

/**
 * Loads a CRL (PEM as text or bytes, DER as bytes or base64): it must be signed by a trusted
 * CA; that CA key's revoked serials are then replaced in one transaction. An older list than the
 * one loaded is refused, so a replayed stale CRL cannot un-revoke anyone.
 */
export async function loadCrl(
  db: Database,
  anchors: TrustAnchors,
  input: string | Uint8Array,
): Promise<Result<LoadedCrl>> {
  const parsed = parseCrl(input);
  if (!parsed.ok) return parsed;
  const crl = parsed.value;
  let caKey: string | undefined;
  for (const anchor of anchors.all()) {
    const ca = new x509.X509Certificate(new Uint8Array(anchor.raw));
    if (ca.subject !== crl.issuer) continue;
    if (await crl.verify({ publicKey: ca }).catch(() => false)) caKey = caKeyOf(anchor);
  }
  if (caKey === undefined) return fail('CRL_INVALID');
  const serials = crl.entries.map((entry) => entry.serialNumber.toUpperCase());
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ this_update: Date }>(
      'SELECT this_update FROM crls WHERE ca_key = $1 FOR UPDATE',
      [caKey],
    );
    if (current !== undefined && new Date(current.this_update) > crl.thisUpdate)
      return fail('CRL_INVALID');
    await tx.query('DELETE FROM crls WHERE ca_key = $1', [caKey]);
    await tx.query(
      'INSERT INTO crls (ca_key, issuer, this_update, next_update, entries) VALUES ($1, $2, $3, $4, $5)',
      [caKey, crl.issuer, crl.thisUpdate, crl.nextUpdate ?? null, serials.length],
    );
    await tx.query(
      `INSERT INTO revoked_certificates (ca_key, serial)
       SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [caKey, serials],
    );
    return ok({
      issuer: crl.issuer,
      caKey,
      thisUpdate: crl.thisUpdate.toISOString(),
      nextUpdate: crl.nextUpdate?.toISOString(),
      entries: serials.length,
    });
  });
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'no-crl';

/**
 * Whether a certificate is on the CRL of the CA key that issued it (`caKey`, see caKeyOf);
 * `unknown` when that CRL is past its nextUpdate.
 */
export async function revocationStatus(
  db: Queryable,
  certificate: { caKey: string; serial: string },
): Promise<RevocationStatus> {
  const [row] = await db.query<RevocationRow>(`SELECT ${revocationColumns('$1', '$2')}`, [
    certificate.caKey,
    certificate.serial,
  ]);
  return revocationOf(row);
}

/** What `revocationColumns` reads. */
export interface RevocationRow {
  /** Null when no CRL of that CA key is loaded. */
  crl_stale: boolean | null;
  revoked: boolean;
}

/**
 * The columns that tell a certificate's revocation, for a query that reads them beside something
 * else (a lookup: one round trip); `caKey` and `serial` are SQL expressions (a parameter such as
 * `$1`, or a column of the query's own rows).
 */
export function revocationColumns(caKey: string, serial: string): string {
  return `(SELECT c.next_update IS NOT NULL AND c.next_update < now() FROM crls c WHERE c.ca_key = ${caKey}) AS crl_stale,
          EXISTS (SELECT 1 FROM crls c JOIN revoked_certificates r ON r.ca_key = c.ca_key
                  WHERE c.ca_key = ${caKey} AND r.serial = ${serial}) AS revoked`;
}

export function revocationOf(row: RevocationRow | undefined): RevocationStatus {
  if (row === undefined || row.crl_stale === null) return 'no-crl';
  if (row.revoked) return 'revoked';
  return row.crl_stale ? 'unknown' : 'good';
}

/** The lists loaded, for operators: whose, how many entries, and whether past their next update. */
export async function listCrls(db: Queryable): Promise<Array<LoadedCrl & { stale: boolean }>> {
  const rows = await db.query<{
    ca_key: string;
    issuer: string;
    this_update: Date;
    next_update: Date | null;
    entries: number;
    stale: boolean;
  }>(
    `SELECT ca_key, issuer, this_update, next_update, entries,
            next_update IS NOT NULL AND next_update < now() AS stale
     FROM crls ORDER BY issuer, this_update`,
  );
  return rows.map((row) => ({
    issuer: row.issuer,
    caKey: row.ca_key,
    thisUpdate: new Date(row.this_update).toISOString(),
    nextUpdate: row.next_update === null ? undefined : new Date(row.next_update).toISOString(),
    entries: row.entries,
    stale: row.stale,
  }));
}
