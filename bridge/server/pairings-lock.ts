import { randomBytes, randomInt } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * The lock every change to the pairings file is made under (`<file>.lock`, created O_EXCL): how
 * long a writer waits for it, and how old a lock is before it counts as left behind. Holding it
 * takes a read and a rename of a small file, so a lock this old is a writer that died, whatever its
 * pid; one whose writer (same host) is gone is taken at once. The wait is longer than the age, so a
 * writer gives up only when others keep taking the lock for all that time.
 */
export const LOCK_WAIT_MS = 15_000;
export const LOCK_STALE_MS = 10_000;
const LOCK_RETRY_MS = 15;

/** What a lock file says: who made it (host, pid) and a nonce of its own. */
const lockText = () => `${hostname()} ${process.pid} ${randomBytes(8).toString('hex')}\n`;

/**
 * Runs `work` holding `<file>.lock`, made with O_EXCL (`wx`): one writer at a time across
 * processes. Waits at most LOCK_WAIT_MS; takes over a lock left by a writer that is gone.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const mine = lockText();
  await takeLock(lock, mine);
  try {
    return await work();
  } finally {
    // Only our own: a lock taken over from us (we were too slow) belongs to its new writer.
    if ((await readFile(lock, 'utf8').catch(() => undefined)) === mine)
      await unlink(lock).catch(() => {});
  }
}

async function takeLock(lock: string, mine: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    if (await created(lock, mine)) return;
    if (await removedIfStale(lock)) continue;
    if (Date.now() > deadline)
      throw new Error(
        `ペアリングのファイルが使用中です / the pairings file stays locked (${lock}); try again`,
      );
    // A little jitter, so two waiters that met once do not keep meeting.
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS + randomInt(0, 10)));
  }
}

/** Makes `lock` holding `text` if nobody holds it; false when another writer does. */
async function created(lock: string, text: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx', 0o600);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
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
    // EPERM: the process is there, it is only someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
