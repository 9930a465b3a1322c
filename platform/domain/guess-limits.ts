import { LRUCache } from 'lru-cache';
import type { Database } from '../store/database';
import type { OperationMacs } from './operation-macs';

/** What is guessed: enrolment codes per client address, coupon and 連携コード per kiosk (one count). */
export type GuessScope = 'enrolment' | 'kiosk-code';

/** How many guesses one key may make in a window that starts with its first counted guess. */
export interface GuessWindow {
  maxGuesses: number;
  windowSeconds: number;
  /**
   * The live rows (windows not ended) the scope may hold, for a scope whose keys a stranger
   * chooses (enrolment: client addresses). Once this process sees that many, a key with no live
   * row of its own is counted under the scope's one overflow key instead of adding a row: the
   * table stays bounded whatever addresses a flood comes from, at the price that during such a
   * flood every new address shares one window (maxGuesses in all) until windows end. Addresses
   * that already had a row keep their own. The count is read at most every second per process
   * (plus this process's own new rows meanwhile), so a fleet can pass it by about one second's
   * new addresses. Unset: no cap (kiosks, which are enrolled terminals).
   */
  maxKeys?: number;
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
/** Refused keys one process remembers; an evicted one only costs its next try a statement. */
export const REFUSED_KEYS_REMEMBERED = 10_000;
/** How often (real time) a process reads a capped scope's live rows again. */
const LIVE_KEYS_READ_EVERY_MS = 1_000;

type CountRow = { count: number; window_ends_ms: number };
const RETURNING = 'RETURNING count, window_ends_ms::float8 AS window_ends_ms';

/**
 * Wrong-code counts in the database every process shares (migrations/0015_guess_limits.sql):
 * each try is counted in one statement before its code is checked, so no burst and no second
 * process gets past the limit. A try over the limit stays counted (it was refused, never
 * checked); one that reached the check and was no guess (a right code, a typo the check
 * character caught, no session) is given back, so only wrong codes use up the window and a
 * busy kiosk or an office enrolling many terminals is never held back by its successes.
 *
 * A key the database refused is remembered in this process until its window ends (a bounded
 * LRU: REFUSED_KEYS_REMEMBERED entries, each dropped when its window ends), and its further tries
 * are refused here without a statement, so a flood of refused tries is no stream of writes on
 * its row. The database stays the judge of every try that is let through: the memo only refuses,
 * and only in a window the database already refused. A try of that key this process gives back
 * forgets the memo (the window may have room again); one given back by another process does
 * not, so there a key can wait until its window ends where the database alone might have let it
 * try again (only when more tries than the limit were sent at once and some were no guesses).
 */
export class GuessCounts {
  private lastForget = 0;
  private readonly refused: LRUCache<string, number>;
  private readonly liveKeys = new Map<GuessScope, { rows: number; readAtMs: number }>();
  private readonly readingLiveKeys = new Map<GuessScope, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly macs: OperationMacs,
    refusedKeysRemembered = REFUSED_KEYS_REMEMBERED,
  ) {
    this.refused = new LRUCache({ max: refusedKeysRemembered });
  }

  /** Counts a try of `key` (an address, a terminal id); refused past the window's limit. */
  async count(
    scope: GuessScope,
    key: string,
    window: GuessWindow,
    nowMs: number,
  ): Promise<TryAnswer> {
    const now = Math.floor(nowMs);
    this.forgetNowAndThen(now);
    const keyMac = this.macs.ofContent({ guessesOf: scope, key });
    const remembered = this.refusedHere(scope, keyMac, window, now);
    if (remembered !== undefined) return remembered;
    if (
      window.maxKeys !== undefined &&
      (await this.liveKeysOf(scope, window.maxKeys, now)) >= window.maxKeys
    ) {
      // Full: a key with a live row counts there; any other shares the overflow key's window.
      const [own] = await this.db.query<CountRow>(
        `UPDATE guess_counts SET count = count + 1
         WHERE scope = $1 AND key_mac = $2 AND window_ends_ms > $3::bigint ${RETURNING}`,
        [scope, keyMac, now],
      );
      if (own !== undefined) return this.answer(scope, keyMac, own, window, now);
      const overflowMac = this.macs.ofContent({ guessesOf: scope, overflow: true });
      return (
        this.refusedHere(scope, overflowMac, window, now) ??
        this.upsert(scope, overflowMac, window, now)
      );
    }
    return this.upsert(scope, keyMac, window, now);
  }

  /**
   * Gives a try back to its own window (not to a later one that began meanwhile). A row back to
   * nothing is deleted, so a right code leaves no row saying when a kiosk was used.
   */
  async giveBack(counted: CountedTry): Promise<void> {
    this.refused.delete(memoKey(counted.scope, counted.keyMac));
    const where = 'scope = $1 AND key_mac = $2 AND window_ends_ms = $3::bigint';
    const params = [counted.scope, counted.keyMac, counted.windowEndsMs];
    const deleted = await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ count: number }>(
        `SELECT count FROM guess_counts WHERE ${where} FOR UPDATE`,
        params,
      );
      if (row === undefined) return false;
      if (row.count > 1) {
        await tx.query(`UPDATE guess_counts SET count = count - 1 WHERE ${where}`, params);
        return false;
      }
      await tx.query(`DELETE FROM guess_counts WHERE ${where}`, params);
      return true;
    });
    const live = this.liveKeys.get(counted.scope);
    if (deleted && live !== undefined) live.rows = Math.max(0, live.rows - 1);
  }

  /** Counts a try under `keyMac`, starting its window afresh if the last one has ended. */
  private async upsert(
    scope: GuessScope,
    keyMac: string,
    window: GuessWindow,
    now: number,
  ): Promise<TryAnswer> {
    const [row] = await this.db.query<CountRow>(
      `INSERT INTO guess_counts AS g (scope, key_mac, window_ends_ms, count)
       VALUES ($1, $2, $3::bigint + $4::bigint, 1)
       ON CONFLICT (scope, key_mac) DO UPDATE SET
         window_ends_ms = CASE WHEN g.window_ends_ms <= $3::bigint
                               THEN EXCLUDED.window_ends_ms ELSE g.window_ends_ms END,
         count = CASE WHEN g.window_ends_ms <= $3::bigint THEN 1 ELSE g.count + 1 END
       ${RETURNING}`,
      [scope, keyMac, now, window.windowSeconds * 1000],
    );
    if (row === undefined) throw new Error('guess_counts gave no row');
    // A count of 1 is a row new or begun afresh: one more live row in the scope.
    const live = this.liveKeys.get(scope);
    if (row.count === 1 && live !== undefined) live.rows += 1;
    return this.answer(scope, keyMac, row, window, now);
  }

  private answer(
    scope: GuessScope,
    keyMac: string,
    row: CountRow,
    window: GuessWindow,
    now: number,
  ): TryAnswer {
    if (row.count <= window.maxGuesses)
      return { counted: true, attempt: { scope, keyMac, windowEndsMs: row.window_ends_ms } };
    this.refused.set(memoKey(scope, keyMac), row.window_ends_ms, {
      ttl: Math.max(1, row.window_ends_ms - now),
    });
    return { counted: false, retryAfterSeconds: retryAfter(row.window_ends_ms, window, now) };
  }

  /** The refusal this process remembers for the key's window, if it has not ended. */
  private refusedHere(
    scope: GuessScope,
    keyMac: string,
    window: GuessWindow,
    now: number,
  ): TryAnswer | undefined {
    const key = memoKey(scope, keyMac);
    const until = this.refused.get(key);
    if (until === undefined) return undefined;
    if (until <= now) {
      this.refused.delete(key);
      return undefined;
    }
    return { counted: false, retryAfterSeconds: retryAfter(until, window, now) };
  }

  /** The scope's live rows as this process knows them: read again at most every second. */
  private async liveKeysOf(scope: GuessScope, cap: number, now: number): Promise<number> {
    const known = this.liveKeys.get(scope);
    if (known === undefined) await this.readLiveKeys(scope, cap, now);
    else if (performance.now() - known.readAtMs >= LIVE_KEYS_READ_EVERY_MS)
      // Not awaited: until it answers, this process's own count serves.
      this.readLiveKeys(scope, cap, now).catch(() => {});
    return this.liveKeys.get(scope)?.rows ?? 0;
  }

  private readLiveKeys(scope: GuessScope, cap: number, now: number): Promise<void> {
    const reading = this.readingLiveKeys.get(scope);
    if (reading !== undefined) return reading;
    const read = this.db
      .query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM guess_counts
         WHERE scope = $1 AND window_ends_ms > $2::bigint LIMIT $3) AS live`,
        [scope, now, cap],
      )
      .then(([row]) => {
        this.liveKeys.set(scope, { rows: row?.n ?? 0, readAtMs: performance.now() });
      })
      .finally(() => this.readingLiveKeys.delete(scope));
    this.readingLiveKeys.set(scope, read);
    return read;
  }

  private forgetNowAndThen(nowMs: number): void {
    if (nowMs - this.lastForget < FORGET_EVERY_MS) return;
    this.lastForget = nowMs;
    // Not awaited: a try never waits for housekeeping; a failed purge is tried next minute.
    forgetEndedGuessWindows(this.db, nowMs).catch(() => {});
  }
}

const memoKey = (scope: GuessScope, keyMac: string) => `${scope}\u0000${keyMac}`;

/**
 * Seconds until `windowEndsMs`: at least 1, and capped (a try whose clock was read just before
 * the window's first try's could say 601).
 */
const retryAfter = (windowEndsMs: number, window: GuessWindow, now: number) =>
  Math.min(window.windowSeconds, Math.max(1, Math.ceil((windowEndsMs - now) / 1000)));

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
