import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface StoredPairing {
  origin: string;
  tokenSha256: string;
  pairedAt: string;
}

/**
 * Which web origins have been paired, each with the hash of the token it was given. The token
 * itself lives only in the app (it proves "this page was paired by someone at this PC"); the file
 * holds hashes, so reading it does not let anyone pair.
 */
export class PairingStore {
  private pairings: StoredPairing[] = [];
  /** The file's modification time when last read or written: a change on disk is read again. */
  private seenMtimeMs = 0;

  private constructor(private readonly file: string | undefined) {}

  /** `file` undefined keeps pairings in memory only (tests, one-off runs). */
  static async open(file: string | undefined): Promise<PairingStore> {
    const store = new PairingStore(file);
    if (file !== undefined) {
      try {
        store.pairings = JSON.parse(await readFile(file, 'utf8')) as StoredPairing[];
        store.seenMtimeMs = statSync(file).mtimeMs;
      } catch {
        store.pairings = [];
      }
    }
    return store;
  }

  /**
   * `pairings remove` from the command line writes the file while the bridge runs: the bridge reads
   * it again before it next trusts a token, so a removed origin must pair again.
   */
  private refresh(): void {
    if (this.file === undefined) return;
    try {
      const mtimeMs = statSync(this.file).mtimeMs;
      if (mtimeMs === this.seenMtimeMs) return;
      this.pairings = JSON.parse(readFileSync(this.file, 'utf8')) as StoredPairing[];
      this.seenMtimeMs = mtimeMs;
    } catch {
      // No file (never paired, or all removed by deleting it): nobody is paired.
      this.pairings = [];
    }
  }

  /** The origins paired, each with when (the tokens' hashes stay in the file). */
  list(): Array<{ origin: string; pairedAt: string }> {
    this.refresh();
    return this.pairings.map(({ origin, pairedAt }) => ({ origin, pairedAt }));
  }

  /** Forgets every pairing of `origin`; how many there were. */
  async remove(origin: string): Promise<number> {
    this.refresh();
    const before = this.pairings.length;
    this.pairings = this.pairings.filter((p) => p.origin !== origin);
    const removed = before - this.pairings.length;
    if (removed > 0) await this.save();
    return removed;
  }

  isPaired(origin: string, token: string | undefined): boolean {
    if (token === undefined) return false;
    this.refresh();
    const hash = Buffer.from(sha256(token), 'hex');
    return this.pairings.some(
      (p) => p.origin === origin && timingSafeEqual(Buffer.from(p.tokenSha256, 'hex'), hash),
    );
  }

  async pair(origin: string): Promise<string> {
    this.refresh();
    const token = randomBytes(32).toString('base64url');
    this.pairings.push({ origin, tokenSha256: sha256(token), pairedAt: new Date().toISOString() });
    await this.save();
    return token;
  }

  private async save(): Promise<void> {
    if (this.file === undefined) return;
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    await writeFile(temporary, `${JSON.stringify(this.pairings, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.file);
    this.seenMtimeMs = statSync(this.file).mtimeMs;
  }
}

export const PAIRING_CODE_TTL_MS = 120_000;
const MAX_ATTEMPTS = 3;

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
    this.recent = this.recent.filter((at) => now - at < 60_000);
    if (this.recent.length >= this.limit) return false;
    this.recent.push(now);
    return true;
  }
}
