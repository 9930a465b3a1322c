import { createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import type { Service } from '../../core/api/catalogue';
import type { PublicKeyJwk, Terminal } from '../../core/api/terminals';
import { fail, ok, type Result } from '../../core/result';
import type { Queryable } from '../store/database';
import { isoUtc } from '../store/sql';
import { servicesOfProvider } from './catalogue';
import type { ServiceScope } from './links';
import { canonicalEnrolmentCode, hashSecret, newEnrolmentCode } from './secrets';

/** The terminal an operation comes from, with the services it may act on. */
export type OperatingTerminal = ServiceScope & { id: string; providerCode: string };

export const ENROLMENT_CODE_TTL_HOURS = 72;

export async function createTerminal(
  db: Queryable,
  input: { providerCode: string; name: string },
): Promise<Result<{ terminalId: string; enrolmentCode: string; enrolmentExpiresAt: string }>> {
  const provider = await db.query('SELECT 1 FROM providers WHERE code = $1', [input.providerCode]);
  if (provider.length === 0) return fail('PROVIDER_NOT_FOUND');
  const terminalId = randomUUID();
  const enrolmentCode = newEnrolmentCode();
  const [row] = await db.query<{ expires: string }>(
    `INSERT INTO terminals (id, provider_code, name, enrolment_code_hash, enrolment_expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
     RETURNING ${isoUtc('enrolment_expires_at')} AS expires`,
    [
      terminalId,
      input.providerCode,
      input.name,
      hashSecret(enrolmentCode),
      ENROLMENT_CODE_TTL_HOURS,
    ],
  );
  return ok({ terminalId, enrolmentCode, enrolmentExpiresAt: row?.expires ?? '' });
}

/** A new enrolment code for a terminal that lost its key (the old key stops working). */
export async function reissueEnrolmentCode(
  db: Queryable,
  terminalId: string,
): Promise<Result<{ enrolmentCode: string }>> {
  const enrolmentCode = newEnrolmentCode();
  const rows = await db.query(
    `UPDATE terminals SET enrolment_code_hash = $2, public_key_jwk = NULL, enrolled_at = NULL,
       enrolment_expires_at = now() + make_interval(hours => $3)
     WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [terminalId, hashSecret(enrolmentCode), ENROLMENT_CODE_TTL_HOURS],
  );
  return rows.length === 1 ? ok({ enrolmentCode }) : fail('TERMINAL_NOT_FOUND');
}

/**
 * A terminal's key as request checking uses it, or null when the JWK is no P-256 point (checked
 * at enrolment, and again for keys stored before that check existed).
 */
export function importP256Key(jwk: PublicKeyJwk | null): KeyObject | null {
  if (jwk === null) return null;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      ? key
      : null;
  } catch {
    return null;
  }
}

export async function enrolTerminal(
  db: Queryable,
  input: { enrolmentCode: string; publicKey: PublicKeyJwk },
): Promise<Result<{ terminalId: string; providerCode: string; services: Service[] }>> {
  const jwk = {
    kty: input.publicKey.kty,
    crv: input.publicKey.crv,
    x: input.publicKey.x,
    y: input.publicKey.y,
  };
  // Before the code is spent: a point off the curve would enrol a terminal that can never sign.
  if (importP256Key(jwk) === null) return fail('ENROLMENT_KEY_INVALID');
  const [row] = await db.query<{ id: string; provider_code: string }>(
    `UPDATE terminals SET public_key_jwk = $2, enrolled_at = now(),
       enrolment_code_hash = NULL, enrolment_expires_at = NULL
     WHERE enrolment_code_hash = $1 AND enrolment_expires_at > now() AND revoked_at IS NULL
     RETURNING id, provider_code`,
    [hashSecret(canonicalEnrolmentCode(input.enrolmentCode)), JSON.stringify(jwk)],
  );
  if (row === undefined) return fail('ENROLMENT_CODE_INVALID');
  const services = await servicesOfProvider(db, row.provider_code);
  return ok({ terminalId: row.id, providerCode: row.provider_code, services });
}

export async function revokeTerminal(db: Queryable, terminalId: string): Promise<Result<null>> {
  const rows = await db.query(
    `UPDATE terminals SET revoked_at = coalesce(revoked_at, now()), enrolment_code_hash = NULL
     WHERE id = $1 RETURNING id`,
    [terminalId],
  );
  return rows.length === 1 ? ok(null) : fail('TERMINAL_NOT_FOUND');
}

export async function listTerminals(db: Queryable, providerCode?: string): Promise<Terminal[]> {
  return db.query<Terminal>(
    `SELECT id, provider_code AS "providerCode", name,
       CASE WHEN revoked_at IS NOT NULL THEN 'revoked' WHEN enrolled_at IS NOT NULL THEN 'enrolled' ELSE 'pending' END AS state
     FROM terminals WHERE ($1::text IS NULL OR provider_code = $1) ORDER BY created_at, id`,
    [providerCode ?? null],
  );
}

/** What request authentication needs to know about a terminal. */
export interface TerminalCredentials {
  id: string;
  providerCode: string;
  publicKeyJwk: PublicKeyJwk | null;
  revoked: boolean;
  serviceCodes: ReadonlySet<string>;
  /** A partner's key (提携企業): it may convert points and nothing else. */
  partner: boolean;
}

export async function loadTerminalCredentials(
  db: Queryable,
  terminalId: string,
): Promise<TerminalCredentials | undefined> {
  const [row] = await db.query<{
    id: string;
    provider_code: string;
    public_key_jwk: PublicKeyJwk | null;
    revoked: boolean;
    service_codes: string[] | null;
    partner: boolean;
  }>(
    `SELECT t.id, t.provider_code, t.public_key_jwk, t.revoked_at IS NOT NULL AS revoked,
       (SELECT array_agg(code) FROM services s WHERE s.provider_code = t.provider_code) AS service_codes,
       p.kind = 'partner' AS partner
     FROM terminals t JOIN providers p ON p.code = t.provider_code WHERE t.id = $1`,
    [terminalId],
  );
  if (row === undefined) return undefined;
  return {
    id: row.id,
    providerCode: row.provider_code,
    publicKeyJwk: row.public_key_jwk,
    revoked: row.revoked,
    serviceCodes: new Set(row.service_codes ?? []),
    partner: row.partner,
  };
}
