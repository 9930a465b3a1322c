import type { Queryable } from './database';

/**
 * Serialises transactions that touch the same thing (a My Key ID, a certificate, a terminal's
 * batches) until the current transaction ends; PGlite and PostgreSQL alike.
 */
export async function lockFor(tx: Queryable, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/** lockFor of several keys in one round trip, in a fixed order (two callers cannot deadlock). */
export async function lockAll(tx: Queryable, keys: readonly string[]): Promise<void> {
  await tx.query(
    'SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT DISTINCT unnest($1::text[]) AS k ORDER BY 1) keys',
    [keys],
  );
}

/** A timestamptz column as the API's ISO 8601 UTC text, e.g. `2026-11-28T06:43:28Z`. */
export const isoUtc = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
