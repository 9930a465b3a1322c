import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { type FSWatcher, readFileSync, statSync, unwatchFile, watch, watchFile } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface StoredPairing {
  origin: string;
  tokenSha256: string;
  pairedAt: string;
}

/**
 * One pairing a connection holds: its origin and its token's hash (never the token). The bridge
 * asks `holds` whether it still stands before it answers, and again whenever the pairings change.
 */
export interface Pairing {
  origin: string;
  tokenSha256: string;
}

/** How often the file is looked at when the OS does not say it changed (a fallback to fs.watch). */
const POLL_MS = 1_000;

/**
 * Which web origins have been paired, each with the hash of the token it was given. The token
 * itself lives only in the app (it proves "this page was paired by someone at this PC"); the file
 * holds hashes, so reading it does not let anyone pair.
 */
export class PairingStore {
  private pairings: StoredPairing[] = [];
  /** The file as last read or written (inode, size, mtime): a change on disk is read again. */
  private seen = '';
  private readonly listeners = new Set<() => void>();
  private stopWatching: (() => void) | undefined;

  private constructor(private readonly file: string | undefined) {}

  /** `file` undefined keeps pairings in memory only (tests, one-off runs). */
  static async open(file: string | undefined): Promise<PairingStore> {
    const store = new PairingStore(file);
    if (file !== undefined) {
      try {
        store.pairings = JSON.parse(await readFile(file, 'utf8')) as StoredPairing[];
        store.seen = fileVersion(file);
      } catch {
        store.pairings = [];
      }
    }
    return store;
  }

  /**
   * `pairings remove` from the command line writes the file while the bridge runs: the bridge reads
   * it again before it next trusts a token, and as soon as the file changes while anyone listens.
   */
  private refresh(): void {
    if (this.file === undefined) return;
    let version: string;
    try {
      version = fileVersion(this.file);
    } catch {
      version = 'none';
    }
    if (version === this.seen) return;
    let read: StoredPairing[];
    try {
      read = JSON.parse(readFileSync(this.file, 'utf8')) as StoredPairing[];
    } catch {
      // No file (never paired, or all removed by deleting it), or one that is not ours: nobody is
      // paired. (The CLI renames a whole file in, so a half-written one is never read.)
      read = [];
    }
    this.seen = version;
    this.pairings = read;
    this.changed();
  }

  /**
   * Calls `listener` after the pairings changed (here, or in the file by another process), so a
   * running bridge can drop the connections of a removed site at once. The file is watched while
   * anyone listens.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.watch();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopWatching?.();
        this.stopWatching = undefined;
      }
    };
  }

  private watch(): void {
    const file = this.file;
    if (file === undefined) return;
    // inotify (or its like) says at once; polling the file's stat covers a directory that was
    // missing or replaced, and file systems that say nothing.
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(file)) this.refresh();
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = undefined;
    }
    const poll = () => this.refresh();
    watchFile(file, { persistent: false, interval: POLL_MS }, poll);
    this.stopWatching = () => {
      watcher?.close();
      unwatchFile(file, poll);
    };
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
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
    if (removed > 0) {
      await this.save();
      this.changed();
    }
    return removed;
  }

  /** The pairing `token` proves for `origin`, if it is one. */
  pairingOf(origin: string, token: string | undefined): Pairing | undefined {
    if (token === undefined) return undefined;
    const tokenSha256 = sha256(token);
    return this.holds({ origin, tokenSha256 }) ? { origin, tokenSha256 } : undefined;
  }

  isPaired(origin: string, token: string | undefined): boolean {
    return this.pairingOf(origin, token) !== undefined;
  }

  /** Whether `pairing` still stands (it was not removed since it was made or presented). */
  holds(pairing: Pairing): boolean {
    this.refresh();
    const hash = Buffer.from(pairing.tokenSha256, 'hex');
    return this.pairings.some((p) => {
      if (p.origin !== pairing.origin) return false;
      const stored = Buffer.from(p.tokenSha256, 'hex');
      return stored.length === hash.length && timingSafeEqual(stored, hash);
    });
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
    this.seen = fileVersion(this.file);
  }
}

/** What tells one version of the file from the next: a rename brings a new inode. */
function fileVersion(file: string): string {
  const stat = statSync(file);
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
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
