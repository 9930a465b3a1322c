import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal } from '../../platform/domain/terminals';
import { FailureLimit } from '../../platform/http/auth/failure-limit';
import { UnstorableValue } from '../../platform/store/database';
import { databaseKinds } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { TerminalClient } from '../support/terminal-client';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** Sends `count` requests, `parallel` at a time. */
async function flood(count: number, parallel: number, send: () => Promise<unknown>) {
  for (let sent = 0; sent < count; sent += parallel)
    await Promise.all(Array.from({ length: Math.min(parallel, count - sent) }, send));
}

type ErrorAnswer = { error?: { code?: string } };

/** What the adversarial review found (issue: Hardening), each pinned. */
describe.each(databaseKinds())('hardening on %s', (kind) => {
  let platform: TestPlatform;
  let shop: TerminalClient;
  const clock = { now: Date.now() };
  const limit = new FailureLimit({ maxFailures: 5, windowSeconds: 900 }, () => clock.now);

  beforeAll(async () => {
    // Behind a proxy on loopback, so the test can speak for several client addresses.
    platform = await startTestPlatform(
      kind,
      { MYKEY_TRUST_PROXY: '127.0.0.1' },
      { enrolmentLimit: limit },
    );
    shop = await platform.terminal('a1');
  });
  afterAll(() => platform.close());

  const enrol = async (enrolmentCode: string, publicKey: JsonWebKey, from: string) => {
    const response = await fetch(`${platform.url}/v1/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({
        enrolmentCode,
        publicKey: { kty: publicKey.kty, crv: publicKey.crv, x: publicKey.x, y: publicKey.y },
      }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      code: ((await response.json()) as ErrorAnswer).error?.code,
    };
  };
  const newCode = async () => {
    const created = await createTerminal(platform.db, { providerCode: 'a1', name: 'hardening' });
    if (!created.ok) throw new Error(created.code);
    return created.value;
  };
  const goodKey = async () => TerminalClient.publicJwk(await TerminalClient.generateKeys());

  it('1. key ids nobody enrolled, however long, leave nothing behind: no cache entry, the heap within 16 MB', async () => {
    await shop.request('GET', '/v1/terminal/services');
    const cachedBefore = platform.directory.size;
    const heapBefore = heapAfterGc();
    // 14,000-character key ids, as the review sent: refused before any lookup.
    await flood(2_000, 50, async () => {
      const stranger = shop.variant({ terminalId: randomUUID().repeat(389) });
      const answer = await stranger.request<ErrorAnswer>('GET', '/v1/terminal/services');
      // The Signature-Input is past its bound, so it is not even parsed.
      expect(answer.body.error?.code).toBe('SIGNATURE_INVALID');
    });
    // Well-formed ids of terminals that do not exist: looked up, never cached.
    await flood(1_000, 50, async () => {
      const stranger = shop.variant({ terminalId: randomUUID() });
      const answer = await stranger.request<ErrorAnswer>('GET', '/v1/terminal/services');
      expect(answer.body.error?.code).toBe('TERMINAL_UNKNOWN');
    });
    expect(platform.directory.size).toBe(cachedBefore);
    // Before the fix, 2,000 key ids of 14,000 characters stayed reachable: about 28 MB.
    expect(heapAfterGc() - heapBefore).toBeLessThan(16 * 1024 * 1024);
    expect((await shop.request('GET', '/v1/terminal/services')).status).toBe(200);
  }, 120_000);

  it('2. nonces are written without waiting for the disk, and nothing else is', async () => {
    const setting = async (q: { query: TestPlatform['db']['query'] }) =>
      (
        await q.query<{ setting: string; source: string }>(
          `SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'`,
        )
      )[0];
    // A database crash may lose the last fraction of a second of nonces, never a link: only the
    // nonces' connections turn synchronous commit off for themselves.
    expect((await setting(platform.db))?.source).not.toBe('client');
    if (kind === 'postgres')
      expect(await setting(platform.db.unsynced)).toEqual({ setting: 'off', source: 'client' });
  });

  it('4. a public key that is not on P-256 is ENROLMENT_KEY_INVALID and leaves the code usable', async () => {
    const { enrolmentCode, terminalId } = await newCode();
    const key = await goodKey();
    const offCurve = { ...key, y: key.x ?? '' };
    expect(await enrol(enrolmentCode, offCurve, '198.51.100.4')).toMatchObject({
      status: 400,
      code: 'ENROLMENT_KEY_INVALID',
    });
    const listed = await platform.admin<{ terminals: { id: string; state: string }[] }>(
      'GET',
      '/v1/admin/terminals',
    );
    expect(listed.body.terminals.find((t) => t.id === terminalId)?.state).toBe('pending');
    expect(await enrol(enrolmentCode, key, '198.51.100.4')).toMatchObject({ status: 200 });
  });

  it('7. U+0000 in an admin-supplied name is VALIDATION_FAILED, never a 500', async () => {
    for (const [path, body] of [
      ['/v1/admin/terminals', { providerCode: 'a1', name: 'レジ\u00001' }],
      ['/v1/admin/municipalities', { code: 'Z', name: 'Z市\u0000' }],
      ['/v1/admin/providers', { code: 'z1', municipalityCode: 'A', name: '\u0000' }],
      ['/v1/admin/services', { code: 'A-a1-0099', providerCode: 'a1', name: 'x\u0007y' }],
    ] as const) {
      const answer = await platform.admin<ErrorAnswer>('POST', path, body);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error?.code, path).toBe('VALIDATION_FAILED');
    }
    const renewal = await platform.admin<ErrorAnswer>('POST', '/v1/admin/renewals', {
      oldCertificateSerial: '0A',
      oldCertificateIssuer: 'CN=\u0000',
      newCertificate: 'A'.repeat(200),
    });
    expect(renewal.status).toBe(400);
    // Behind the schemas, the store itself refuses such a value before PostgreSQL sees it.
    await expect(platform.db.query('SELECT $1::text', ['a\u0000b'])).rejects.toBeInstanceOf(
      UnstorableValue,
    );
    expect((await fetch(`${platform.url}/v1/health`)).status).toBe(200);
  });

  it('8. wrong enrolment codes from one address are limited: 429 with Retry-After, others unaffected', async () => {
    const { enrolmentCode } = await newCode();
    const key = await goodKey();
    const guesser = '203.0.113.9';
    for (let i = 0; i < 5; i++)
      expect((await enrol('AAAA-AAAA-AAAA', key, guesser)).code).toBe('ENROLMENT_CODE_INVALID');
    // Past the limit even the right code waits: a guesser cannot tell a hit.
    expect(await enrol(enrolmentCode, key, guesser)).toEqual({
      status: 429,
      retryAfter: '900',
      code: 'ENROLMENT_RATE_LIMITED',
    });
    clock.now += 600_000;
    expect((await enrol(enrolmentCode, key, guesser)).retryAfter).toBe('300');
    // Another address is not held back by the guesser.
    const other = await newCode();
    expect((await enrol(other.enrolmentCode, key, '198.51.100.23')).status).toBe(200);
    clock.now += 300_001;
    expect((await enrol(enrolmentCode, key, guesser)).status).toBe(200);
  });
});
