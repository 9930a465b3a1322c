import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createTestCa,
  randomCn,
  randomString,
  type TestCa,
} from '../../bridge/simulate/jpki-like-ca';
import type { OperationResult } from '../../core/api/sync';
import type { Database } from '../../platform/store/database';
import { bundleCli } from '../support/cli-bundle';
import { openTestDatabase } from '../support/databases';
import { holderProof, registerNewMyKeyId } from '../support/platform-harness';
import { freePort, PlatformProcess } from '../support/platform-process';
import { TerminalClient } from '../support/terminal-client';

type Answer = { error?: { code: string } } & Record<string, unknown>;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks again every `everyMs` until `done`; the answer and how long it took. */
async function within<T>(
  ms: number,
  ask: () => Promise<T>,
  done: (answer: T) => boolean,
  everyMs = 50,
) {
  const started = Date.now();
  for (;;) {
    const answer = await ask();
    if (done(answer) || Date.now() - started > ms) return { answer, ms: Date.now() - started };
    await wait(everyMs);
  }
}

/**
 * Several platform processes on one real PostgreSQL, as behind a load balancer: each test sends
 * its requests to the process it names, so "another process" is certain, not left to chance.
 */
describe('a fleet of platform processes on one PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mykey-fleet-'));
  const cli = bundleCli();
  let db: Database;
  let ca: TestCa;
  let a: PlatformProcess;
  let b: PlatformProcess;
  let adminToken: string;
  let env: NodeJS.ProcessEnv;

  const admin = (process: PlatformProcess, method: string, path: string, body?: unknown) =>
    fetch(`${process.url}/v1/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const newTerminal = async (providerCode = 'a1') => {
    const created = await admin(a, 'POST', '/terminals', { providerCode, name: randomCn() });
    const { enrolmentCode } = (await created.json()) as { enrolmentCode: string };
    return TerminalClient.enrol(a.url, enrolmentCode);
  };
  const runCli = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env, MYKEY_DATA_DIR: join(dir, 'cli') },
    });

  beforeAll(async () => {
    if (inject('postgresAdminUrl') === '')
      throw new Error('the fleet needs PostgreSQL: sudo apt-get install -y postgresql');
    const opened = await openTestDatabase('postgres');
    db = opened;
    ca = await createTestCa();
    const anchorFile = join(dir, 'ca.pem');
    writeFileSync(anchorFile, ca.certificate.toString('pem'));
    env = {
      DATABASE_URL: opened.url,
      // A fleet shares its operation key (README, operations).
      MYKEY_OPERATION_KEY: randomBytes(32).toString('base64'),
      MYKEY_TRUST_ANCHORS: anchorFile,
      MYKEY_WORKERS: '1',
    };
    a = new PlatformProcess({ ...env, MYKEY_DATA_DIR: join(dir, 'a') }, await freePort());
    b = new PlatformProcess({ ...env, MYKEY_DATA_DIR: join(dir, 'b') }, await freePort());
    // Started at once: both meet the same fresh database (migrations, demo catalogue, first admin).
    await Promise.all([a.start(), b.start()]);
    adminToken = [join(dir, 'a'), join(dir, 'b')]
      .map((d) => {
        try {
          return readFileSync(join(d, 'admin-token'), 'utf8').trim();
        } catch {
          return '';
        }
      })
      .filter((t) => t !== '')[0] as string;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a request replayed to another process is refused there, with or without a body', async () => {
    const terminal = await newTerminal();
    const get = await terminal.signedHeaders('GET', '/v1/terminal/services');
    expect((await fetch(`${a.url}/v1/terminal/services`, { headers: get })).status).toBe(200);
    const replayed = await fetch(`${b.url}/v1/terminal/services`, { headers: get });
    expect(((await replayed.json()) as Answer).error?.code).toBe('REQUEST_REPLAYED');

    const card = await ca.issue({ cn: randomCn() });
    const body = JSON.stringify({ certificate: card.base64, serviceCode: 'A-a1-0001' });
    const post = await terminal.signedHeaders('POST', '/v1/terminal/lookup', body);
    const send = async (to: PlatformProcess) =>
      (await (
        await fetch(`${to.url}/v1/terminal/lookup`, {
          method: 'POST',
          headers: { ...post, 'content-type': 'application/json' },
          body,
        })
      ).json()) as Answer;
    expect((await send(b)).error?.code).toBe('LINK_NOT_FOUND');
    expect((await send(a)).error?.code).toBe('REQUEST_REPLAYED');
  });

  it('a kiosk session opened on one process serves on another, and once ended there, nowhere', async () => {
    const kiosk = await newTerminal();
    const cert = await ca.issue({ cn: randomCn() });
    const opened = await kiosk
      .at(a.url)
      .post<Answer & { sessionToken: string }>('/v1/terminal/holder-sessions', {
        certificate: cert.base64,
        proof: await holderProof(kiosk.at(a.url), cert.privateKey),
      });
    const { sessionToken } = opened.body;
    expect(sessionToken).toEqual(expect.any(String));
    const registered = await kiosk
      .at(b.url)
      .post<Answer>('/v1/terminal/mykeys/default', { certificate: cert.base64, sessionToken });
    expect(registered.body).toMatchObject({ outcome: 'registered' });
    const links = await kiosk.at(a.url).post<Answer>('/v1/terminal/holder-sessions/links', {
      sessionToken,
    });
    expect(links.body).toEqual({ links: [] });
    await kiosk.at(b.url).post('/v1/terminal/holder-sessions/end', { sessionToken });
    for (const process of [a, b]) {
      const ended = await kiosk
        .at(process.url)
        .post<Answer>('/v1/terminal/holder-sessions/links', { sessionToken });
      expect(ended.body.error?.code).toBe('HOLDER_SESSION_INVALID');
    }
  });

  it('a terminal revoked through one process is refused by every process within a second', async () => {
    const terminal = await newTerminal();
    // Both processes have it cached (the cache alone would keep it for 5 s).
    for (const process of [a, b])
      expect((await terminal.at(process.url).request('GET', '/v1/terminal/services')).status).toBe(
        200,
      );
    expect((await admin(a, 'POST', `/terminals/${terminal.terminalId}/revoke`, {})).status).toBe(
      200,
    );
    const onB = await within(
      1_000,
      () => terminal.at(b.url).request<Answer>('GET', '/v1/terminal/services'),
      (r) => r.body.error?.code === 'TERMINAL_REVOKED',
    );
    expect(onB.answer.body.error?.code).toBe('TERMINAL_REVOKED');
    expect(onB.ms).toBeLessThan(1_000);
  });

  it('the CLI beside the running fleet revokes a terminal and a window token, everywhere at once', async () => {
    const terminal = await newTerminal();
    for (const process of [a, b])
      expect((await terminal.at(process.url).request('GET', '/v1/terminal/services')).status).toBe(
        200,
      );
    const revoked = runCli('terminal', 'revoke', terminal.terminalId);
    expect(revoked.stderr).toBe('');
    expect(revoked.status).toBe(0);
    for (const process of [a, b]) {
      const refused = await within(
        1_000,
        () => terminal.at(process.url).request<Answer>('GET', '/v1/terminal/services'),
        (r) => r.body.error?.code === 'TERMINAL_REVOKED',
      );
      expect(refused.answer.body.error?.code).toBe('TERMINAL_REVOKED');
    }

    const added = runCli('--json', 'admin', 'add', '窓口1', 'window');
    expect(added.status).toBe(0);
    const windowStaff = JSON.parse(added.stdout) as { id: string; token: string };
    const finalise = (process: PlatformProcess) =>
      fetch(`${process.url}/v1/admin/mykeys/finalise`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${windowStaff.token}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
    // Let in (the empty body is then refused as invalid, not the token).
    expect((await finalise(b)).status).toBe(400);
    expect(runCli('admin', 'revoke', windowStaff.id).status).toBe(0);
    for (const process of [a, b])
      expect(((await (await finalise(process)).json()) as Answer).error?.code).toBe(
        'ADMIN_TOKEN_INVALID',
      );
  });

  it('a process killed in the middle of a batch loses nothing: the resend lands on another, once', async () => {
    const shop = await newTerminal();
    const myKeyIds: string[] = [];
    for (let i = 0; i < 100; i += 1) myKeyIds.push(await registerNewMyKeyId(shop, ca));
    const operations = myKeyIds.map((myKeyId) => ({
      operationId: randomUUID(),
      kind: 'registerLink' as const,
      myKeyId,
      serviceCode: 'A-a1-0001',
      serviceId: `PT${randomString(10)}`,
    }));
    const inFlight = shop
      .at(a.url)
      .post('/v1/terminal/sync', { operations })
      .catch((error: Error) => error);
    // Killed while its transaction is writing the links: PostgreSQL rolls the whole batch back.
    const writing = await within(
      5_000,
      () =>
        db.query(
          `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           WHERE c.relname = 'links' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()`,
        ),
      (rows) => rows.length > 0,
      0,
    );
    expect(writing.answer).not.toEqual([]);
    await a.stop('SIGKILL');
    expect(await inFlight).toBeInstanceOf(Error);
    const linked = () =>
      db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM links WHERE my_key_id = ANY($1) AND service_code = 'A-a1-0001'`,
        [myKeyIds],
      );
    // Nothing of the cut batch stayed: no half batch for the resend to meet.
    expect((await within(2_000, linked, ([row]) => row?.n === 0)).answer).toEqual([{ n: 0 }]);
    // The terminal's outbox sends the same operations again (a new signature), to whichever
    // process the load balancer picks.
    const resent = await shop.at(b.url).post<{ results: OperationResult[] }>('/v1/terminal/sync', {
      operations,
    });
    expect(resent.status).toBe(200);
    expect(
      resent.body.results.map((r) => (r.status === 'applied' ? r.outcome : r.error.code)),
    ).toEqual(operations.map(() => 'registered'));
    const [stored] = await db.query<{ links: number; operations: number }>(
      `SELECT (SELECT count(*)::int FROM links WHERE my_key_id = ANY($1) AND service_code = 'A-a1-0001') AS links,
              (SELECT count(*)::int FROM sync_operations WHERE operation_id = ANY($2::uuid[])) AS operations`,
      [myKeyIds, operations.map((o) => o.operationId)],
    );
    expect(stored).toEqual({ links: 100, operations: 100 });
    await a.start();
  }, 60_000);
});

/** `MYKEY_WORKERS=2`: one port, two workers under one primary that keeps them at two. */
describe('MYKEY_WORKERS on PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mykey-workers-'));
  let platform: PlatformProcess;
  let db: Database;
  const workersOf = (pid: number) =>
    spawnSync('ps', ['--ppid', String(pid), '-o', 'pid=,args='], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((line) => line.includes('platform/process/main.ts'))
      .map((line) => Number(line.trim().split(/\s+/)[0]));

  beforeAll(async () => {
    if (inject('postgresAdminUrl') === '')
      throw new Error('MYKEY_WORKERS needs PostgreSQL: sudo apt-get install -y postgresql');
    const opened = await openTestDatabase('postgres');
    db = opened;
    platform = new PlatformProcess(
      { DATABASE_URL: opened.url, MYKEY_DATA_DIR: dir, MYKEY_WORKERS: '2' },
      await freePort(),
    );
    await platform.start();
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves one port from two workers, starts a new worker when one dies, and stops them all', async () => {
    expect(platform.printed).toContain('プロセス / processes: 2 (MYKEY_WORKERS)');
    const primary = platform.pid;
    const workers = workersOf(primary);
    expect(workers).toHaveLength(2);
    process.kill(workers[0] as number, 'SIGKILL');
    // With a time limit, so a connection handed to the dead worker fails the test, not hangs it.
    const health = async () =>
      (await fetch(`${platform.url}/v1/health`, { signal: AbortSignal.timeout(3_000) })).status;
    for (let i = 0; i < 20; i += 1) expect(await health()).toBe(200);
    const replaced = await within(
      10_000,
      async () => workersOf(primary),
      (now) => now.length === 2 && !now.includes(workers[0] as number),
    );
    expect(replaced.answer).toHaveLength(2);
    expect(replaced.answer).toContain(workers[1]);
    await platform.stop('SIGTERM');
    const gone = await within(
      5_000,
      async () => replaced.answer.filter((pid) => alive(pid)),
      (left) => left.length === 0,
    );
    expect(gone.answer).toEqual([]);
  }, 60_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
