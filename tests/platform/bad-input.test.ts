import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core/errors';
import { databaseKinds } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import type { TerminalClient } from '../support/terminal-client';

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** Valid-looking fields mixed with garbage, so inputs get past the first check now and then. */
const fieldValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '1C2410DF79DGEL',
    'A-a1-0001',
    'A-beta1-0001',
    '00000000-0000-4000-8000-000000000001',
    'registerLink',
    '',
  ),
  fc.string({ maxLength: 300 }),
);
const bodyArb = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      'myKeyId',
      'serviceCode',
      'serviceId',
      'operations',
      'certificate',
      'code',
      'name',
      'providerCode',
      'municipalityCode',
      'enrolmentCode',
      'publicKey',
      'kind',
      'operationId',
      '__proto__',
      'constructor',
    ),
    fieldValue,
  ),
  fc.record({
    operations: fc.array(
      fc.dictionary(
        fc.constantFrom('operationId', 'kind', 'myKeyId', 'serviceCode', 'serviceId'),
        fieldValue,
      ),
      { maxLength: 5 },
    ),
  }),
);

describe.each(databaseKinds())('bad input on %s', (kind) => {
  let platform: TestPlatform;
  let shop: TerminalClient;
  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    shop = await platform.terminal('a1');
  });
  afterAll(() => platform.close());

  const expectCleanRefusal = (status: number, body: unknown, where: string) => {
    expect(status, where).toBeGreaterThanOrEqual(200);
    expect(status, where).toBeLessThan(500);
    if (status >= 400) {
      const code = (body as { error?: { code?: string } }).error?.code ?? '';
      expect(KNOWN_CODES.has(code), `${where}: ${JSON.stringify(body)}`).toBe(true);
    }
  };

  it('signed terminal endpoints answer random JSON with a stable error code, never a crash', async () => {
    const paths = [
      '/v1/terminal/links',
      '/v1/terminal/lookup',
      '/v1/terminal/sync',
      '/v1/terminal/mykeys/default',
      '/v1/terminal/mykeys/custom-reservations',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), bodyArb, async (path, body) => {
        const response = await shop.post(path, body);
        expectCleanRefusal(response.status, response.body, path);
      }),
      { numRuns: 150 },
    );
  });

  it('admin and enrolment endpoints answer random JSON with a stable error code', async () => {
    const paths = [
      '/v1/admin/municipalities',
      '/v1/admin/providers',
      '/v1/admin/services',
      '/v1/admin/terminals',
      '/v1/admin/mykeys/finalise',
      '/v1/admin/renewals',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), bodyArb, async (path, body) => {
        const response = await platform.admin('POST', path, body);
        expectCleanRefusal(response.status, response.body, path);
      }),
      { numRuns: 120 },
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const response = await fetch(`${platform.url}/v1/terminals/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expectCleanRefusal(response.status, await response.json(), 'enrol');
      }),
      { numRuns: 60 },
    );
  });

  it('broken JSON, wrong content types and oversized bodies get clear codes', async () => {
    const send = async (body: string, contentType: string) => {
      const response = await fetch(`${platform.url}/v1/admin/municipalities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': contentType },
        body,
      });
      return {
        status: response.status,
        code: ((await response.json()) as { error: { code: string } }).error.code,
      };
    };
    expect(await send('{"code": "X", ', 'application/json')).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await send('code=X', 'application/x-www-form-urlencoded')).toEqual({
      status: 415,
      code: 'VALIDATION_FAILED',
    });
    expect(
      await send(JSON.stringify({ code: 'X', name: 'x'.repeat(2_000_000) }), 'application/json'),
    ).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('after all that the platform is healthy and wrote nothing from bad input', async () => {
    const health = await fetch(`${platform.url}/v1/health`);
    expect(health.status).toBe(200);
    const [counts] = await platform.db.query<{ links: number; my_keys: number; ops: number }>(
      `SELECT (SELECT count(*)::int FROM links) AS links, (SELECT count(*)::int FROM my_keys) AS my_keys,
         (SELECT count(*)::int FROM sync_operations) AS ops`,
    );
    expect(counts?.links).toBe(0);
    expect(counts?.my_keys).toBe(0);
  });
});
