import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { authenticateAdmin, countAdmins, createAdmin } from '../domain/admins';
import type { Database } from '../store/database';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * Nothing is open by default: on a database with no administrator, one is created and its token
 * written to `<dataDir>/admin-token` (mode 600) for the operator to pick up.
 */
export async function bootstrapAdmin(
  db: Database,
  dataDir: string,
): Promise<{ tokenFile: string; created: boolean }> {
  const tokenFile = join(dataDir, ADMIN_TOKEN_FILE);
  if ((await countAdmins(db)) > 0) {
    const existing = (await readFile(tokenFile, 'utf8').catch(() => '')).trim();
    // A token file from an earlier database (say, after DATABASE_URL changed) would mislead.
    if (existing !== '' && (await authenticateAdmin(db, existing)) === undefined) {
      await writeFile(tokenFile, '');
    }
    return { tokenFile, created: false };
  }
  const { token } = await createAdmin(db, 'initial administrator');
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  await chmod(tokenFile, 0o600);
  return { tokenFile, created: true };
}
