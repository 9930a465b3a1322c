import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCa,
  randomCn,
  randomString,
  type TestCa,
} from '../../bridge/simulate/jpki-like-ca';
import type { OperationResult } from '../../core/api/sync';
import { registerNewMyKeyId } from '../support/platform-harness';
import { freePort, PlatformProcess } from '../support/platform-process';
import { findPostgresBin, startTestPostgres, type TestPostgres } from '../support/postgres-server';
import { TerminalClient } from '../support/terminal-client';

type SyncAnswer = { results?: OperationResult[]; error?: { code: string } };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL restarted under a running fleet while a terminal drains its outbox: the platform
 * says 503 with Retry-After while the database is away, comes back by itself, and every
 * operation is applied exactly once. A server of its own, so no other test sees the restart.
 */
describe('the platform across a PostgreSQL restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mykey-db-restart-'));
  let server: TestPostgres;
  let url: string;
  let platform: PlatformProcess;
  let ca: TestCa;
  let shop: TerminalClient;

  beforeAll(async () => {
    const bin = findPostgresBin();
    if (bin === undefined)
      throw new Error('PostgreSQL is not installed: sudo apt-get install -y postgresql');
    server = await startTestPostgres(bin);
    url = server.adminUrl;
    ca = await createTestCa();
    const anchorFile = join(dir, 'ca.pem');
    writeFileSync(anchorFile, ca.certificate.toString('pem'));
    platform = new PlatformProcess(
      {
        DATABASE_URL: url,
        MYKEY_DATA_DIR: join(dir, 'platform'),
        MYKEY_TRUST_ANCHORS: anchorFile,
        MYKEY_WORKERS: '2',
      },
      await freePort(),
    );
    await platform.start();
    const token = readFileSync(join(dir, 'platform', 'admin-token'), 'utf8').trim();
    const created = await fetch(`${platform.url}/v1/admin/terminals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ providerCode: 'a1', name: randomCn() }),
    });
    const { enrolmentCode } = (await created.json()) as { enrolmentCode: string };
    shop = await TerminalClient.enrol(platform.url, enrolmentCode);
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down, reconnects, and applies each operation once', async () => {
    const myKeyIds: string[] = [];
    for (let i = 0; i < 60; i += 1) myKeyIds.push(await registerNewMyKeyId(shop, ca));
    // The outbox: 30 batches of 2 registrations, sent in order, each until it is answered.
    const batches = Array.from({ length: 30 }, (_, i) =>
      myKeyIds.slice(i * 2, i * 2 + 2).map((myKeyId) => ({
        operationId: randomUUID(),
        kind: 'registerLink' as const,
        myKeyId,
        serviceCode: 'A-a1-0001',
        serviceId: `PT${randomString(10)}`,
      })),
    );
    const statuses: number[] = [];
    const retryAfters = new Set<string | null>();
    const results: OperationResult[] = [];
    // Why a request got no answer at all (a worker that died closes its sockets: "other side closed").
    const unanswered: string[] = [];
    const drain = (async () => {
      for (const operations of batches) {
        for (;;) {
          const body = JSON.stringify({ operations });
          const headers = await shop.signedHeaders('POST', '/v1/terminal/sync', body);
          const response = await fetch(`${platform.url}/v1/terminal/sync`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(10_000),
          }).catch((error: unknown) => {
            unanswered.push(String((error as Error).cause ?? error));
            return undefined;
          });
          statuses.push(response?.status ?? 0);
          if (response?.status === 200) {
            results.push(...(((await response.json()) as SyncAnswer).results ?? []));
            break;
          }
          if (response?.status === 503) retryAfters.add(response.headers.get('retry-after'));
          await response?.body?.cancel();
          // The outbox honours Retry-After; the test waits less, to meet the outage often.
          await wait(100);
        }
        await wait(20);
      }
    })();
    await wait(150);
    await server.restart(1_500);
    await drain;

    // The outage was met, and answered as an outage: 503 with Retry-After, never a 500.
    expect(statuses).toContain(503);
    expect(retryAfters).toEqual(new Set(['5']));
    expect(unanswered).toEqual([]);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(results.map((r) => (r.status === 'applied' ? r.outcome : r.error.code))).toEqual(
      myKeyIds.map(() => 'registered'),
    );
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const { rows } = await check.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM links WHERE my_key_id = ANY($1) AND service_code = 'A-a1-0001'`,
        [myKeyIds],
      );
      expect(rows).toEqual([{ n: 60 }]);
    } finally {
      await check.end();
    }
    // And it is whole again: a lookup of one of them answers at once.
    expect((await fetch(`${platform.url}/v1/health`)).status).toBe(200);
  }, 90_000);
});
