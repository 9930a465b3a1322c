import { createHash, randomBytes } from 'node:crypto';

export const HOLDER_SESSION_TTL_MS = 10 * 60_000;

export interface HolderSession {
  terminalId: string;
  issuer: string;
  serial: string;
  expiresAt: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Kiosk sessions after one holder proof, in this process's memory only (never a table or a log:
 * nothing may record that a person used a kiosk). A session belongs to one terminal and one
 * certificate, ends when the kiosk says so or after ten minutes.
 */
export class HolderSessions {
  private readonly sessions = new Map<string, HolderSession>();

  open(
    session: Omit<HolderSession, 'expiresAt'>,
    now = Date.now(),
  ): { token: string; expiresAt: number } {
    this.sweep(now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + HOLDER_SESSION_TTL_MS;
    this.sessions.set(hash(token), { ...session, expiresAt });
    return { token, expiresAt };
  }

  /** The session, if the token is live and belongs to this terminal. */
  find(token: string, terminalId: string, now = Date.now()): HolderSession | undefined {
    const session = this.sessions.get(hash(token));
    if (session === undefined || session.expiresAt <= now || session.terminalId !== terminalId)
      return undefined;
    return session;
  }

  end(token: string): void {
    this.sessions.delete(hash(token));
  }

  private sweep(now: number): void {
    for (const [key, session] of this.sessions)
      if (session.expiresAt <= now) this.sessions.delete(key);
  }
}
