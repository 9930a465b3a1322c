import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { type FSWatcher, readFileSync, statSync, unwatchFile, watch, watchFile } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
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
 * The lock every change to the file is made under (`<file>.lock`, created O_EXCL): how long a
 * writer waits for it, and how old a lock is before it counts as left behind. Holding it takes a
 * read and a rename of a small file, so a lock this old is a writer that died, whatever its pid;
 * one whose writer (same host) is gone is taken at once. The wait is longer than the age, so a
 * writer gives up only when others keep taking the lock for all that time.
 */
export const LOCK_WAIT_MS = 15_000;
export const LOCK_STALE_MS = 10_000;
const LOCK_RETRY_MS = 15;

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
      // paired. (Writers rename a whole file in, so a half-written one is never read.)
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
    if (file === undefined || this.options.watch === false) return;
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
      const current = await readLocked(file);
      await this.options.betweenReadAndWrite?.();
      const next = change(current.pairings);
      if (next === undefined) {
        this.adopt(current.pairings, current.version);
        return;
      }
      // A name of this writer's own: the bridge and the command line never write each other's.
      const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, {
          mode: 0o600,
          flag: 'wx',
        });
        await rename(temporary, file);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
      // Still under the lock: nobody else has written since, so this version is this content.
      this.adopt(next, fileVersion(file));
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

/** The file's pairings and its version, read together (under the lock, so nobody writes between). */
async function readLocked(file: string): Promise<{ pairings: StoredPairing[]; version: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { pairings: [], version: 'none' };
    throw error;
  }
  let pairings: StoredPairing[];
  try {
    const parsed: unknown = JSON.parse(text);
    pairings = Array.isArray(parsed) ? (parsed as StoredPairing[]) : [];
  } catch {
    pairings = [];
  }
  return { pairings, version: fileVersion(file) };
}

/** What a lock file says: who made it (host, pid) and a nonce of its own. */
const lockText = () => `${hostname()} ${process.pid} ${randomBytes(8).toString('hex')}\n`;

/**
 * Runs `work` holding `<file>.lock`, made with O_EXCL (`wx`): one writer at a time across
 * processes. Waits at most LOCK_WAIT_MS; takes over a lock left by a writer that is gone.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const mine = lockText();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      try {
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await removedIfStale(lock)) continue;
    if (Date.now() > deadline)
      throw new Error(
        `ペアリングのファイルが使用中です / the pairings file stays locked (${lock}); try again`,
      );
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS + randomInt(0, 10)));
  }
  try {
    return await work();
  } finally {
    // Only our own: a lock taken over from us (we were too slow) belongs to its new writer.
    if ((await readFile(lock, 'utf8').catch(() => undefined)) === mine)
      await unlink(lock).catch(() => {});
  }
}

/** Removes `lock` if its writer is gone (same host, no such pid) or it is older than LOCK_STALE_MS. */
async function removedIfStale(lock: string): Promise<boolean> {
  let text: string;
  let age: number;
  try {
    text = await readFile(lock, 'utf8');
    age = Date.now() - (await stat(lock)).mtimeMs;
  } catch {
    return true; // gone already: try again at once
  }
  const [host, pid] = text.trim().split(' ');
  const gone = host === hostname() && pid !== undefined && /^\d+$/.test(pid) && !alive(Number(pid));
  if (!gone && age <= LOCK_STALE_MS) return false;
  // The same lock still (not one a writer made since another waiter removed this one).
  if ((await readFile(lock, 'utf8').catch(() => undefined)) !== text) return true;
  await unlink(lock).catch(() => {});
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
