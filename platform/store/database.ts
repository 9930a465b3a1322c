import type { NotificationHandler } from './notifications';

/**
 * One SQL dialect, two connections: PGlite (embedded, the default) and PostgreSQL (production).
 * Domain code only sees these interfaces.
 */
export interface Queryable {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Writes whose commit need not wait for the disk (PostgreSQL's synchronous_commit off): they
   * are seen by every session at once and survive any restart of the platform or a clean one of
   * the database; only a crash of the database server itself may lose the last fraction of a
   * second of them. For the replay guard's nonces, which are written on every signed request.
   */
  readonly unsynced: Queryable;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Notifications on a channel (PostgreSQL LISTEN), from this and every other process sharing the
   * database, for as long as the process runs; returns the stop.
   */
  listen(channel: string, handler: NotificationHandler): () => Promise<void>;
  close(): Promise<void>;
}

/**
 * A value PostgreSQL would refuse with an error that quotes it (text with U+0000). Raised before
 * the query is sent, so no database log ever holds the value; the API answers VALIDATION_FAILED.
 */
export class UnstorableValue extends Error {
  constructor() {
    super('a parameter contains U+0000, which PostgreSQL text cannot hold');
  }
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some(holdsNul);
}

/** Every query goes through this, on both connections: the last line behind the schemas. */
export function checkParams(params: readonly unknown[]): void {
  if (params.some(holdsNul)) throw new UnstorableValue();
}
