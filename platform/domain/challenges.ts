import { randomBytes, randomUUID } from 'node:crypto';
import { fail, ok, type Result } from '../../core/result';
import type { Queryable } from '../store/database';
import { isoUtc } from '../store/sql';

/** How long a citizen has between the challenge and the card's signature (PIN typed). */
export const CHALLENGE_TTL_SECONDS = 300;

export async function issueChallenge(
  db: Queryable,
  terminalId: string,
): Promise<{ challengeId: string; challenge: Uint8Array; expiresAt: string }> {
  const challengeId = randomUUID();
  const challenge = new Uint8Array(randomBytes(32));
  const [row] = await db.query<{ expires_at: string }>(
    `INSERT INTO auth_challenges (id, terminal_id, challenge, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))
     RETURNING ${isoUtc('expires_at')} AS expires_at`,
    [challengeId, terminalId, challenge, CHALLENGE_TTL_SECONDS],
  );
  return { challengeId, challenge, expiresAt: row?.expires_at ?? '' };
}

/**
 * Uses a challenge up: it is deleted whatever happens next, so it can never serve twice, and
 * only the terminal that asked for it can use it.
 */
export async function consumeChallenge(
  db: Queryable,
  terminalId: string,
  challengeId: string,
): Promise<Result<Uint8Array>> {
  const [row] = await db.query<{ challenge: Uint8Array; live: boolean }>(
    `DELETE FROM auth_challenges WHERE id = $1 AND terminal_id = $2
     RETURNING challenge, expires_at > now() AS live`,
    [challengeId, terminalId],
  );
  if (row === undefined) return fail('CHALLENGE_INVALID');
  if (!row.live) return fail('CHALLENGE_EXPIRED');
  return ok(new Uint8Array(row.challenge));
}

export async function purgeExpiredChallenges(db: Queryable): Promise<void> {
  await db.query('DELETE FROM auth_challenges WHERE expires_at <= now()');
}
