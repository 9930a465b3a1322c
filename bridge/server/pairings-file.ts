import { randomBytes } from 'node:crypto';
import { type FSWatcher, readFileSync, statSync, unwatchFile, watch, watchFile } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/**
 * One line of the pairings file: a site, the hash of the token it was given (never the token, so
 * reading the file does not let anyone pair), and when.
 */
export interface StoredPairing {
  origin: string;
  tokenSha256: string;
  pairedAt: string;
}

/** The version of a file that is not there (never paired, or all removed by deleting it). */
export const NO_FILE = 'none';

/** How often the file is looked at when the OS does not say it changed (a fallback to fs.watch). */
const POLL_MS = 1_000;

/**
 * The file's text as pairings: anything that is not a JSON array (a file that is not ours) holds
 * no pairing, rather than one that breaks every trust decision after it.
 */
export function parsePairings(text: string): StoredPairing[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as StoredPairing[]) : [];
  } catch {
    return [];
  }
}

/** What tells one version of the file from the next: a rename brings a new inode. */
export function fileVersion(file: string): string {
  const stat = statSync(file);
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/** The file's version now, NO_FILE when it is not there (or cannot be looked at). */
export function currentVersion(file: string): string {
  try {
    return fileVersion(file);
  } catch {
    return NO_FILE;
  }
}

/**
 * The pairings as the file holds them now, read at once (the bridge asks before each trust
 * decision, so this stays synchronous). No file, or one that cannot be read: nobody is paired.
 * (Writers rename a whole file in, so a half-written one is never read.)
 */
export function readPairingsNow(file: string): StoredPairing[] {
  try {
    return parsePairings(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/**
 * The file's pairings and its version, read together under the lock (so nobody writes between).
 * A file that cannot be read for another reason than being absent stops the change.
 */
export async function readPairingsLocked(
  file: string,
): Promise<{ pairings: StoredPairing[]; version: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { pairings: [], version: NO_FILE };
    throw error;
  }
  return { pairings: parsePairings(text), version: fileVersion(file) };
}

/**
 * Puts `pairings` in place as a whole file (a temporary one renamed in) and answers its version.
 * Called with the lock held, so nobody else has written since and this version is this content.
 */
export async function writePairingsFile(file: string, pairings: StoredPairing[]): Promise<string> {
  // A name of this writer's own: the bridge and the command line never write each other's.
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(pairings, null, 2)}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  return fileVersion(file);
}

/**
 * Calls `maybeChanged` whenever the file may have changed; answers how to stop. inotify (or its
 * like) says at once; polling the file's stat covers a directory that was missing or replaced, and
 * file systems that say nothing.
 */
export function watchPairingsFile(file: string, maybeChanged: () => void): () => void {
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
      if (name === null || name === basename(file)) maybeChanged();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined;
  }
  const poll = () => maybeChanged();
  watchFile(file, { persistent: false, interval: POLL_MS }, poll);
  return () => {
    watcher?.close();
    unwatchFile(file, poll);
  };
}
