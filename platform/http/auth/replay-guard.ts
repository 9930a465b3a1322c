import type { Queryable } from '../../store/database';
import { TurnBatch } from '../../store/turn-batch';

/** Expired nonces are deleted at most this often, by whichever request comes after. */
const PURGE_EVERY_MS = 60_000;

interface Nonce {
  terminalId: string;
  nonce: string;
  expiresAtSeconds: number;
}

/**
 * Remembers every accepted nonce, in the database, for as long as its signature could still be
 * accepted: until `created` plus the allowed clock skew. A captured request is refused after a
 * restart, and by every platform process sharing the database, not only the one that saw it.
 *
 * The nonces of requests that arrive in the same turn of the event loop go to the database in
 * one statement (TurnBatch).
 */
export class ReplayGuard {
  private lastPurge = 0;
  private readonly nonces = new TurnBatch<Nonce, boolean>((batch) => this.record(batch));

  constructor(
    private readonly db: Queryable,
    private readonly maxSkewSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this terminal used the nonce before; otherwise records it. */
  seenBefore(terminalId: string, nonce: string, createdSeconds: number): Promise<boolean> {
    this.purgeNowAndThen();
    // One second past the last moment the skew check accepts `created`.
    const expiresAtSeconds = createdSeconds + this.maxSkewSeconds + 1;
    return this.nonces.add({ terminalId, nonce, expiresAtSeconds });
  }

  /** Records a turn's nonces; for each, whether it was seen before. */
  private async record(batch: Nonce[]): Promise<boolean[]> {
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
    // The same nonce twice in one batch is inserted once: only its first request is fresh.
    return batch.map((p) => !fresh.delete(`${p.terminalId} ${p.nonce}`));
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
