import type { Database } from '../store/database';
import type { OperationMacs } from './operation-macs';

/** What is guessed: enrolment codes per client address, coupon and 連携コード per kiosk (one count). */
export type GuessScope = 'enrolment' | 'kiosk-code';

/** How many guesses one key may make in a window that starts with its first counted guess. */
export interface GuessWindow {
  maxGuesses: number;
  windowSeconds: number;
}

/** A try counted in its window: given back when it turns out not to be a guess. */
export interface CountedTry {
  scope: GuessScope;
  keyMac: string;
  windowEndsMs: number;
}

export type TryAnswer =
  | { counted: true; attempt: CountedTry }
  | { counted: false; retryAfterSeconds: number };

/** Expired windows are deleted at most this often, by whichever try comes after. */
const FORGET_EVERY_MS = 60_000;

/**
 * Wrong-code counts in the database every process shares (migrations/0015_guess_limits.sql):
 * each try is counted in one statement before its code is checked, so no burst and no second
 * process gets past the limit. A try over the limit stays counted (it was refused, never
 * checked); one that reached the check and was no guess (a right code, a typo the check
 * character caught, no session) is given back, so only wrong codes use up the window and a
 * busy kiosk or an office enrolling many terminals is never held back by its successes.
 */
export class GuessCounts {
  private lastForget = 0;

  constructor(
    private readonly db: Database,
    private readonly macs: OperationMacs,
  ) {}

  /** Counts a try of `key` (an address, a terminal id); refused past the window's limit. */
  async count(
    scope: GuessScope,
    key: string,
    window: GuessWindow,
    nowMs: number,
  ): Promise<TryAnswer> {
    this.forgetNowAndThen(nowMs);
    const keyMac = this.macs.ofContent({ guessesOf: scope, key });
    const [row] = await this.db.query<{ count: number; window_ends_ms: number }>(
      `INSERT INTO guess_counts AS g (scope, key_mac, window_ends_ms, count)
       VALUES ($1, $2, $3::bigint + $4::bigint, 1)
       ON CONFLICT (scope, key_mac) DO UPDATE SET
         window_ends_ms = CASE WHEN g.window_ends_ms <= $3::bigint
                               THEN EXCLUDED.window_ends_ms ELSE g.window_ends_ms END,
         count = CASE WHEN g.window_ends_ms <= $3::bigint THEN 1 ELSE g.count + 1 END
       RETURNING count, window_ends_ms::float8 AS window_ends_ms`,
      [scope, keyMac, Math.floor(nowMs), window.windowSeconds * 1000],
    );
    if (row === undefined) throw new Error('guess_counts gave no row');
    if (row.count <= window.maxGuesses)
      return { counted: true, attempt: { scope, keyMac, windowEndsMs: row.window_ends_ms } };
    return {
      counted: false,
      // Capped: a try whose clock was read just before the window's first try's could say 601.
      retryAfterSeconds: Math.min(
        window.windowSeconds,
        Math.max(1, Math.ceil((row.window_ends_ms - nowMs) / 1000)),
      ),
    };
  }

  /**
   * Gives a try back to its own window (not to a later one that began meanwhile). A row back to
   * nothing is deleted, so a right code leaves no row saying when a kiosk was used.
   */
  async giveBack(counted: CountedTry): Promise<void> {
    const where = 'scope = $1 AND key_mac = $2 AND window_ends_ms = $3::bigint';
    const params = [counted.scope, counted.keyMac, counted.windowEndsMs];
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ count: number }>(
        `SELECT count FROM guess_counts WHERE ${where} FOR UPDATE`,
        params,
      );
      if (row === undefined) return;
      if (row.count <= 1) await tx.query(`DELETE FROM guess_counts WHERE ${where}`, params);
      else await tx.query(`UPDATE guess_counts SET count = count - 1 WHERE ${where}`, params);
    });
  }

  private forgetNowAndThen(nowMs: number): void {
    if (nowMs - this.lastForget < FORGET_EVERY_MS) return;
    this.lastForget = nowMs;
    // Not awaited: a try never waits for housekeeping; a failed purge is tried next minute.
    forgetEndedGuessWindows(this.db, nowMs).catch(() => {});
  }
}

/** Deletes the windows that have ended (the minute's purge and the hourly job); returns how many. */
export async function forgetEndedGuessWindows(
  db: Pick<Database, 'query'>,
  nowMs = Date.now(),
): Promise<number> {
  const rows = await db.query(
    'DELETE FROM guess_counts WHERE window_ends_ms <= $1::bigint RETURNING 1',
    [Math.floor(nowMs)],
  );
  return rows.length;
}
