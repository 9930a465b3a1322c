import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase } from '../support/databases';
import { freePort, openToOthers, PlatformProcess } from '../support/platform-process';
import { TerminalClient } from '../support/terminal-client';

/** The platform as a real process: what it leaves on disk, and what survives a restart. */
describe.each(databaseKinds())('the platform process on %s', (kind) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'mykey-process-')), 'platform');
  let platform: PlatformProcess;
  let terminal: TerminalClient;

  beforeAll(async () => {
    const databaseUrl = kind === 'postgres' ? (await openTestDatabase(kind)).url : undefined;
    platform = new PlatformProcess(
      { MYKEY_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' },
      await freePort(),
    );
    const url = await platform.start();
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const created = await fetch(`${url}/v1/admin/terminals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ providerCode: 'a1', name: 'レジ1' }),
    });
    const { enrolmentCode } = (await created.json()) as { enrolmentCode: string };
    terminal = await TerminalClient.enrol(url, enrolmentCode);
  }, 90_000);
  afterAll(async () => {
    await platform.stop();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('a fresh start under umask 022 leaves no file or folder that group or others can open', () => {
    expect(openToOthers(dataDir)).toEqual([]);
    // On PGlite the database itself is there too (its write-ahead log holds link pairs).
    if (kind === 'pglite')
      expect(readFileSync(join(dataDir, 'platform.pid'), 'utf8')).toMatch(/^\d+$/);
  });

  it('a signed request sent again after a restart (and after kill -9) is REQUEST_REPLAYED', async () => {
    const path = '/v1/terminal/services';
    const captured = await terminal.signedHeaders('GET', path);
    const send = async () => {
      const response = await fetch(`${platform.url}${path}`, { headers: captured });
      return {
        status: response.status,
        body: (await response.json()) as { error?: { code: string } },
      };
    };
    expect((await send()).status).toBe(200);
    expect((await send()).body.error?.code).toBe('REQUEST_REPLAYED');

    await platform.stop('SIGTERM');
    await platform.start();
    expect(await send()).toMatchObject({
      status: 401,
      body: { error: { code: 'REQUEST_REPLAYED' } },
    });

    await platform.stop('SIGKILL');
    await platform.start();
    expect(await send()).toMatchObject({
      status: 401,
      body: { error: { code: 'REQUEST_REPLAYED' } },
    });
    // A fresh signature from the same terminal is still welcome.
    expect((await terminal.request('GET', path)).status).toBe(200);
  }, 120_000);

  it('warns at start when the data folder is open to others, and says how to close it', async () => {
    await platform.stop();
    chmodSync(dataDir, 0o755);
    await platform.start();
    expect(platform.printed).toContain(`chmod -R go-rwx ${dataDir}`);
    chmodSync(dataDir, 0o700);
  }, 90_000);
});
