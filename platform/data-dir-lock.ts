import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * PGlite is a database inside one process: two processes opening the same directory would
 * corrupt it. The server holds this lock; the CLI refuses to open a directory a live server holds.
 */
const LOCK_FILE = 'platform.pid';

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
