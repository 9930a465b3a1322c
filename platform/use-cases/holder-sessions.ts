import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/database';

export const HOLDER_SESSION_TTL_MS = 10 * 60_000;

export interface HolderSession {
  terminalId: string;
  issuer: string;
  serial: string;
  expiresAt: number;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The sealing key, derived from the key every process of a fleet shares (operation-key.ts). */
export function holderSessionKey(operationKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', operationKey, '', 'mykey holder sessions v1', 32));
}

/**
 * The bytes of a token, only when it is their one canonical spelling. Node's decoder reads other
 * spellings as the same bytes (the last character's unused low bits, a trailing character that
 * makes no byte, `+`, `/`, `=`), and an ended session is remembered by a digest: a second spelling
 * would be a session nobody ended.
 */
function canonicalBytes(token: string): Buffer | undefined {
  const bytes = Buffer.from(token, 'base64url');
  return bytes.toString('base64url') === token ? bytes : undefined;
}

/** Of the canonical spelling, made from the bytes: the digest of tokens ended before the rule. */
const digestOf = (bytes: Buffer) =>
  createHash('sha256').update(bytes.toString('base64url')).digest();

/**
 * Kiosk sessions after one holder proof. The session is the token the kiosk holds: the terminal,
 * the certificate and the end time, sealed with AES-256-GCM under a key only the platform's
 * processes have. Any process can serve it, and nothing outside the kiosk's memory says that a
 * person used a kiosk (never a table, never a log). A session belongs to one terminal and one
 * certificate, and ends after ten minutes or when the kiosk ends it; an ended one is remembered
 * as a digest of its token (its one canonical spelling: any other is no session), which names
 * nobody, until it would have expired anyway.
 */
export class HolderSessions {
  constructor(
    private readonly db: Queryable,
    private readonly key: Buffer,
  ) {}

  open(
    session: Omit<HolderSession, 'expiresAt'>,
    now = Date.now(),
  ): { token: string; expiresAt: number } {
    const expiresAt = now + HOLDER_SESSION_TTL_MS;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const plain = JSON.stringify([session.terminalId, session.issuer, session.serial, expiresAt]);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const token = Buffer.concat([Buffer.of(VERSION), iv, sealed, cipher.getAuthTag()]);
    return { token: token.toString('base64url'), expiresAt };
  }

  /** The session, if the token is live, unended and belongs to this terminal. */
  async find(
    token: string,
    terminalId: string,
    now = Date.now(),
  ): Promise<HolderSession | undefined> {
    const unsealed = this.unseal(token);
    if (unsealed === undefined) return undefined;
    const { session, bytes } = unsealed;
    if (session.expiresAt <= now || session.terminalId !== terminalId) return undefined;
    const ended = await this.db.query(
      'SELECT 1 FROM ended_holder_sessions WHERE token_digest = $1',
      [digestOf(bytes)],
    );
    return ended.length === 0 ? session : undefined;
  }

  /**
   * Ends a live session of this terminal. A token that is not one (or already expired) changes
   * nothing: what clients send never grows the table.
   */
  async end(token: string, terminalId: string, now = Date.now()): Promise<void> {
    const unsealed = this.unseal(token);
    if (unsealed === undefined) return;
    const { session, bytes } = unsealed;
    if (session.expiresAt <= now || session.terminalId !== terminalId) return;
    await this.db.query(
      `INSERT INTO ended_holder_sessions (token_digest, forget_after)
       VALUES ($1, to_timestamp($2::float8 / 1000)) ON CONFLICT DO NOTHING`,
      [digestOf(bytes), session.expiresAt],
    );
    await forgetEndedHolderSessions(this.db, now);
  }

  /** The session and its token's bytes; undefined for any other spelling than the one issued. */
  private unseal(token: string): { session: HolderSession; bytes: Buffer } | undefined {
    const bytes = canonicalBytes(token);
    if (bytes === undefined || bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION)
      return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(1, 1 + IV_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      const [terminalId, issuer, serial, expiresAt] = JSON.parse(plain) as [
        string,
        string,
        string,
        number,
      ];
      return { session: { terminalId, issuer, serial, expiresAt }, bytes };
    } catch {
      // Not sealed by this fleet's key, or altered: not a session.
      return undefined;
    }
  }
}

/** Deletes the digests of ended sessions whose tokens have expired anyway; returns how many. */
export async function forgetEndedHolderSessions(db: Queryable, now = Date.now()): Promise<number> {
  const rows = await db.query(
    'DELETE FROM ended_holder_sessions WHERE forget_after <= to_timestamp($1::float8 / 1000) RETURNING 1',
    [now],
  );
  return rows.length;
}
