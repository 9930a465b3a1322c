import type { Queryable } from '../../store/database';

/** Expired nonces are deleted at most this often, by whichever request comes after. */
const PURGE_EVERY_MS = 60_000;

/**
 * Remembers every accepted nonce, in the database, for as long as its signature could still be
 * accepted: until `created` plus the allowed clock skew. A captured request is refused after a
 * restart, and by every platform process sharing the database, not only the one that saw it.
 */
export class ReplayGuard {
  private lastPurge = 0;

  constructor(
    private readonly db: Queryable,
    private readonly maxSkewSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this terminal used the nonce before; otherwise records it. */
  async seenBefore(terminalId: string, nonce: string, createdSeconds: number): Promise<boolean> {
    this.purgeNowAndThen();
    // One second past the last moment the skew check accepts `created`.
    const expiresAtSeconds = createdSeconds + this.maxSkewSeconds + 1;
    const inserted = await this.db.query(
      `INSERT INTO seen_nonces (terminal_id, nonce, expires_at) VALUES ($1, $2, to_timestamp($3))
       ON CONFLICT DO NOTHING RETURNING 1`,
      [terminalId, nonce, expiresAtSeconds],
    );
    return inserted.length === 0;
  }

  /** Deletes the nonces no signature can reuse any more; returns how many. */
  async purgeExpired(): Promise<number> {
    const rows = await this.db.query(
      'DELETE FROM seen_nonces WHERE expires_at < to_timestamp($1) RETURNING 1',
      [this.now() / 1000],
    );
    return rows.length;
  }

  private purgeNowAndThen(): void {
    const now = this.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    // Not awaited: a request never waits for housekeeping; a failed purge is tried next minute.
    this.purgeExpired().catch(() => {});
  }
}
