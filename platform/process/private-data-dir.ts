import { mkdir, stat } from 'node:fs/promises';

/**
 * The data folder holds the database (whose write-ahead log has My Key ID ↔ service ID pairs),
 * the admin token and the operation key: only the platform's own user may read it. Whatever the
 * umask, what this process creates from now on is 0600 / 0700. Returns a warning (to print) when
 * an existing folder is open to others, with the command that closes it.
 */
export async function preparePrivateDataDir(dataDir: string): Promise<string | undefined> {
  process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { mode } = await stat(dataDir);
  if ((mode & 0o077) === 0) return undefined;
  return [
    `⚠ データフォルダ ${dataDir} を他のユーザーが読めます (${(mode & 0o777).toString(8)})。次のコマンドで閉じてください: chmod -R go-rwx ${dataDir}`,
    `⚠ ${dataDir} is open to other users (mode ${(mode & 0o777).toString(8)}); close it with: chmod -R go-rwx ${dataDir}`,
  ].join('\n');
}
