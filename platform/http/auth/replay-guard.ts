import type { Queryable } from '../../store/database';

/** Expired nonces are deleted at most this often, by whichever request comes after. */
const PURGE_EVERY_MS = 60_000;

interface Pending {
  terminalId: string;
  nonce: string;
  expiresAtSeconds: number;
  settle: (seenBefore: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Remembers every accepted nonce, in the database, for as long as its signature could still be
 * accepted: until `created` plus the allowed clock skew. A captured request is refused after a
 * restart, and by every platform process sharing the database, not only the one that saw it.
 *
 * The nonces of requests that arrive in the same turn of the event loop go to the database in
 * one statement (as a group commit does): one round trip per turn, not per request, and no added
 * wait when requests come one at a time.
 */
export class ReplayGuard {
  private lastPurge = 0;
  private pending: Pending[] = [];

  constructor(
    private readonly db: Queryable,
    private readonly maxSkewSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this terminal used the nonce before; otherwise records it. */
  seenBefore(terminalId: string, nonce: string, createdSeconds: number): Promise<boolean> {
    this.purgeNowAndThen();
    return new Promise((settle, fail) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      // One second past the last moment the skew check accepts `created`.
      const expiresAtSeconds = createdSeconds + this.maxSkewSeconds + 1;
      this.pending.push({ terminalId, nonce, expiresAtSeconds, settle, fail });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const inserted = await this.db.query<{ terminal_id: string; nonce: string }>(
        `INSERT INTO seen_nonces (terminal_id, nonce, expires_at)
         SELECT t, n, to_timestamp(e) FROM unnest($1::text[], $2::text[], $3::float8[]) AS u (t, n, e)
         ON CONFLICT DO NOTHING RETURNING terminal_id, nonce`,
        [
          batch.map((p) => p.terminalId),
          batch.map((p) => p.nonce),
          batch.map((p) => p.expiresAtSeconds),
        ],
      );
      const fresh = new Set(inserted.map((row) => `${row.terminal_id} ${row.nonce}`));
      for (const request of batch) {
        // The same nonce twice in one batch is inserted once: only its first request is fresh.
        const key = `${request.terminalId} ${request.nonce}`;
        request.settle(!fresh.delete(key));
      }
    } catch (error) {
      for (const request of batch) request.fail(error);
    }
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
