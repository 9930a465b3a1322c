import { randomInt, timingSafeEqual } from 'node:crypto';

export const PAIRING_CODE_TTL_MS = 120_000;
const MAX_ATTEMPTS = 3;
/** The window the pairing rate limit counts codes in. */
const RATE_WINDOW_MS = 60_000;

/**
 * A six-digit code the bridge shows to the person at the PC; the app's user types it in. One
 * code per connection, valid two minutes and for three attempts, so guessing is hopeless
 * (3 in 1,000,000 per code shown, and every code is shown to a person).
 */
export class PairingCode {
  readonly code = randomInt(0, 1_000_000).toString().padStart(6, '0');
  private attempts = 0;
  private readonly expiresAt: number;

  constructor(now = Date.now()) {
    this.expiresAt = now + PAIRING_CODE_TTL_MS;
  }

  /** 'expired' also after the last wrong attempt: the person must ask for a new code. */
  check(typed: string, now = Date.now()): 'ok' | 'wrong' | 'expired' {
    if (now > this.expiresAt || this.attempts >= MAX_ATTEMPTS) return 'expired';
    this.attempts += 1;
    const ok = timingSafeEqual(Buffer.from(typed.padEnd(6)), Buffer.from(this.code));
    return ok ? 'ok' : this.attempts >= MAX_ATTEMPTS ? 'expired' : 'wrong';
  }
}

/** At most `limit` pairing codes a minute across all connections: each one is shown to a person. */
export class PairingRateLimit {
  private recent: number[] = [];

  constructor(private readonly limit = 5) {}

  allow(now = Date.now()): boolean {
    this.recent = this.recent.filter((at) => now - at < RATE_WINDOW_MS);
    if (this.recent.length >= this.limit) return false;
    this.recent.push(now);
    return true;
  }
}
