import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * PGlite is a database inside one process: two processes opening the same directory would
 * corrupt it. The server holds this lock; the CLI does not open a directory a live server holds,
 * and asks the server instead, at the address it announced beside the lock.
 */
const LOCK_FILE = 'platform.pid';
const ADDRESS_FILE = 'platform-address';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function holderOf(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, LOCK_FILE), 'utf8').catch(() => undefined);
  const pid = Number(text);
  return text !== undefined && Number.isInteger(pid) && pid !== process.pid && alive(pid)
    ? pid
    : undefined;
}

export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const holder = await holderOf(dataDir);
  if (holder !== undefined) {
    throw new Error(
      `データディレクトリ ${dataDir} は別のプロセス (PID ${holder}) が使用中です。 / ${dataDir} is in use by process ${holder}.`,
    );
  }
  await writeFile(join(dataDir, LOCK_FILE), String(process.pid));
  return () => rm(join(dataDir, LOCK_FILE), { force: true });
}

/** Says where the server holding this directory answers; the returned function unsays it. */
export async function announceAddress(
  dataDir: string,
  address: string,
): Promise<() => Promise<void>> {
  await writeFile(join(dataDir, ADDRESS_FILE), address, { mode: 0o600 });
  return () => rm(join(dataDir, ADDRESS_FILE), { force: true });
}

/** Where the live server holding this directory answers, if it said so. */
export async function addressOf(dataDir: string): Promise<string | undefined> {
  if ((await holderOf(dataDir)) === undefined) return undefined;
  const text = await readFile(join(dataDir, ADDRESS_FILE), 'utf8').catch(() => undefined);
  return text === undefined || !/^https?:\/\/[^\s]+$/.test(text.trim()) ? undefined : text.trim();
}
