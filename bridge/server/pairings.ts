import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  currentVersion,
  fileVersion,
  parsePairings,
  readPairingsLocked,
  readPairingsNow,
  type StoredPairing,
  watchPairingsFile,
  writePairingsFile,
} from './pairings-file';
import { withFileLock } from './pairings-lock';

// tests/support/bridge-harness.ts takes the rate limit from here, with the store.
export { PairingRateLimit } from './pairing-codes';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * One pairing a connection holds: its origin and its token's hash (never the token). The bridge
 * asks `holds` whether it still stands before it answers, and again whenever the pairings change.
 */
export interface Pairing {
  origin: string;
  tokenSha256: string;
}

export interface PairingStoreOptions {
  /**
   * false: no fs.watch and no polling (as on a file system that says nothing): a change by another
   * process is noticed only by the stat made before each trust decision. Default true.
   */
  watch?: boolean;
  /** Tests only: runs with the lock held, between reading the file and writing it. */
  betweenReadAndWrite?: () => Promise<void>;
}

/**
 * Which web origins have been paired, each with the hash of the token it was given. The token
 * itself lives only in the app (it proves "this page was paired by someone at this PC"); the file
 * holds hashes, so reading it does not let anyone pair.
 *
 * The running bridge (pairing) and `pairings remove` on the command line (another process) both
 * change the file: each change reads the file afresh under the file's lock, and renames a
 * temporary file of its own into place before it lets go, so neither undoes the other.
 */
export class PairingStore {
  private pairings: StoredPairing[] = [];
  /** The file as last read or written (inode, size, mtime): a change on disk is read again. */
  private seen = '';
  private readonly listeners = new Set<() => void>();
  private stopWatching: (() => void) | undefined;

  private constructor(
    private readonly file: string | undefined,
    private readonly options: PairingStoreOptions,
  ) {}

  /** `file` undefined keeps pairings in memory only (tests, one-off runs). */
  static async open(
    file: string | undefined,
    options: PairingStoreOptions = {},
  ): Promise<PairingStore> {
    const store = new PairingStore(file, options);
    if (file !== undefined) {
      try {
        store.pairings = parsePairings(await readFile(file, 'utf8'));
        store.seen = fileVersion(file);
      } catch {
        // Not there yet: the first refresh finds it missing and says so to whoever listens.
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
    const version = currentVersion(this.file);
    if (version === this.seen) return;
    this.seen = version;
    this.pairings = readPairingsNow(this.file);
    this.changed();
  }

  /**
   * Calls `listener` after the pairings changed (here, or in the file by another process), so a
   * running bridge can drop the connections of a removed site at once. The file is watched while
   * anyone listens.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1 && this.file !== undefined && this.options.watch !== false)
      this.stopWatching = watchPairingsFile(this.file, () => this.refresh());
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopWatching?.();
        this.stopWatching = undefined;
      }
    };
  }

  private changed(): void {
    // A copy: a listener may stop listening while it is told.
    for (const listener of [...this.listeners]) listener();
  }

  /** The origins paired, each with when (the tokens' hashes stay in the file). */
  list(): Array<{ origin: string; pairedAt: string }> {
    this.refresh();
    return this.pairings.map(({ origin, pairedAt }) => ({ origin, pairedAt }));
  }

  /** Forgets every pairing of `origin`; how many there were. */
  async remove(origin: string): Promise<number> {
    let removed = 0;
    await this.update((pairings) => {
      const kept = pairings.filter((p) => p.origin !== origin);
      removed = pairings.length - kept.length;
      return removed > 0 ? kept : undefined;
    });
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
      // Constant time: the comparison says nothing about how much of a guessed hash was right.
      return stored.length === hash.length && timingSafeEqual(stored, hash);
    });
  }

  async pair(origin: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const pairing = { origin, tokenSha256: sha256(token), pairedAt: new Date().toISOString() };
    await this.update((pairings) => [...pairings, pairing]);
    return token;
  }

  /**
   * One change: `change` gets the pairings as the file holds them now (read under the lock, never
   * this process's older copy) and answers the new list, or undefined to leave the file as it is.
   * Listeners hear of it when a pairing is gone (removed here, or found removed by another).
   */
  private async update(
    change: (pairings: StoredPairing[]) => StoredPairing[] | undefined,
  ): Promise<void> {
    const file = this.file;
    if (file === undefined) {
      const next = change(this.pairings);
      if (next !== undefined) this.adopt(next, this.seen);
      return;
    }
    await mkdir(dirname(file), { recursive: true });
    await withFileLock(file, async () => {
      const current = await readPairingsLocked(file);
      await this.options.betweenReadAndWrite?.();
      const next = change(current.pairings);
      if (next === undefined) this.adopt(current.pairings, current.version);
      else this.adopt(next, await writePairingsFile(file, next));
    });
  }

  /** Takes `pairings` as the current ones; listeners hear of it if one this store had is gone. */
  private adopt(pairings: StoredPairing[], version: string): void {
    const stands = new Set(pairings.map((p) => `${p.origin} ${p.tokenSha256}`));
    const lost = this.pairings.some((p) => !stands.has(`${p.origin} ${p.tokenSha256}`));
    this.pairings = pairings;
    this.seen = version;
    if (lost) this.changed();
  }
}
