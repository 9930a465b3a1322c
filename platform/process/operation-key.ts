import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const OPERATION_KEY_FILE = 'operation-key';

/**
 * The key of the operation MACs (domain/operation-macs.ts), kept outside the database:
 * `MYKEY_OPERATION_KEY` (base64, at least 32 bytes; the same for every process of a fleet), or
 * `<dataDir>/operation-key`, made on first start with mode 600. Losing it loses nothing but the
 * check on operations recorded before: their resends are then trusted as they were before MACs.
 */
export async function loadOperationKey(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const fromEnv = env.MYKEY_OPERATION_KEY?.trim();
  if (fromEnv) return decoded(fromEnv, 'MYKEY_OPERATION_KEY');
  const file = join(dataDir, OPERATION_KEY_FILE);
  const stored = await readFile(file, 'utf8').catch(() => undefined);
  if (stored !== undefined) return decoded(stored.trim(), file);
  const key = randomBytes(32);
  // 'wx': two processes starting at once must not each write a key of their own.
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return decoded((await readFile(file, 'utf8')).trim(), file);
}

function decoded(base64: string, where: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length < 32)
    throw new Error(
      `${where}: 操作鍵は32バイト以上のbase64にしてください / the operation key must be at least 32 bytes, base64`,
    );
  return key;
}
