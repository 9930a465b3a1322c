import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core/errors';
import { databaseKinds } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import type { TerminalClient } from '../support/terminal-client';

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** Valid-looking fields mixed with garbage, so inputs get past the first check now and then. */
/** Sizes are explicit (issue 26): fast-check's default size would keep every string short. */
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3, depthSize: 'small' }),
  fc.constantFrom(
    '1C2410DF79DGEL',
    'A-a1-0001',
    'A-beta1-0001',
    '00000000-0000-4000-8000-000000000001',
    'registerLink',
    '',
  ),
  fc.string({ maxLength: 300, size: 'max' }),
  // What PostgreSQL refuses or a careless parser trips on.
  fc.string({ maxLength: 20, size: 'max' }).map((text) => `${text}\u0000${text}`),
  fc.constantFrom('\u0000', '\u0007', '\ud800', '__proto__', 'constructor', 'toString'),
);
const bodyArb = fc.oneof(
  fc.jsonValue({ maxDepth: 3, depthSize: 'small' }),
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
    { minKeys: 1, maxKeys: 6, size: 'max' },
  ),
  fc.record({
    operations: fc.array(
      fc.dictionary(
        fc.constantFrom('operationId', 'kind', 'myKeyId', 'serviceCode', 'serviceId'),
        fieldValue,
        { maxKeys: 5, size: 'max' },
      ),
      { minLength: 1, maxLength: 5, size: 'max' },
    ),
  }),
);

/** Runs of the route property, and what they must reach (issue 26: a property counts its checks). */
const RUNS = 600;
const MIN_PAST_SCHEMA = 100;
const MIN_DISTINCT_ANSWERS = 4;

describe.each(databaseKinds())('bad input on %s', (kind) => {
  let platform: TestPlatform;
  let shop: TerminalClient;
  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    shop = await platform.terminal('a1');
  });
  afterAll(() => platform.close());

  /** How often each answer came: a code, or `ok` for a 2xx/3xx (the property counts them). */
  const answers = new Map<string, number>();
  const expectCleanRefusal = (status: number, body: unknown, where: string) => {
    expect(status, where).toBeGreaterThanOrEqual(200);
    expect(status, where).toBeLessThan(500);
    let answer = 'ok';
    if (status >= 400) {
      const code = (body as { error?: { code?: string } }).error?.code ?? '';
      expect(KNOWN_CODES.has(code), `${where}: ${JSON.stringify(body)}`).toBe(true);
      answer = code;
    }
    answers.set(answer, (answers.get(answer) ?? 0) + 1);
  };

  /** Every route the platform documents, from its own OpenAPI document. */
  async function routes(): Promise<{ path: string; method: string }[]> {
    const openapi = (await (await fetch(`${platform.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    return Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })),
    );
  }
  /** Path parameters and query strings: well-formed now and then, hostile otherwise. */
  const segmentArb = fc.oneof(
    fc.constant('00000000-0000-4000-8000-000000000001'),
    fc.string({ maxLength: 80, size: 'max' }),
    fc.constantFrom('%00', '..', '__proto__', '%E3%81%82', 'x'.repeat(2_000)),
  );
  const queryArb = fc.oneof(
    fc.constant(''),
    fc
      .dictionary(
        fc.string({ minLength: 1, maxLength: 12, size: 'max' }),
        fc.string({ maxLength: 40, size: 'max' }),
        { minKeys: 1, maxKeys: 3, size: 'max' },
      )
      .map((query) => `?${new URLSearchParams(query).toString()}`),
    fc.constantFrom('?providerCode=%00', '?providerCode=a1&providerCode=b1', '?__proto__=1'),
  );
  const target = (path: string, segment: string, query: string) =>
    `${path.replace(/\{[^}]+\}/g, encodeURIComponent(segment).replace(/%2500/g, '%00'))}${query}`;

  it('every route answers random and hostile input with a stable code, never a crash', async () => {
    const all = await routes();
    // Terminal, admin, enrolment and meta routes: the whole documented surface.
    expect(all.length).toBeGreaterThanOrEqual(20);
    const tried = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...all),
        bodyArb,
        segmentArb,
        queryArb,
        async (route, body, segment, query) => {
          const url = target(route.path, segment, query);
          const payload = route.method === 'GET' ? undefined : body;
          const response = route.path.startsWith('/v1/terminal/')
            ? await shop.request(route.method, url, payload)
            : route.path.startsWith('/v1/admin/')
              ? await platform.admin(route.method, url, payload)
              : await fetch(`${platform.url}${url}`, {
                  method: route.method,
                  ...(payload === undefined
                    ? {}
                    : {
                        headers: { 'content-type': 'application/json' },
                        body: JSON.stringify(payload),
                      }),
                }).then(async (r) => ({
                  status: r.status,
                  body: r.headers.get('content-type')?.includes('json') ? await r.json() : null,
                }));
          expectCleanRefusal(response.status, response.body, `${route.method} ${url}`);
          tried.set(route.path, (tried.get(route.path) ?? 0) + 1);
        },
      ),
      { numRuns: RUNS },
    );
    // Not vacuous: most routes were tried several times, every run reached the check, and the
    // inputs got past the first check often (answers other than VALIDATION_FAILED, of several kinds).
    expect([...tried.values()].filter((n) => n >= 5).length).toBeGreaterThanOrEqual(all.length - 3);
    const counted = [...answers.values()].reduce((a, b) => a + b, 0);
    expect(counted).toBe(RUNS);
    const past = counted - (answers.get('VALIDATION_FAILED') ?? 0);
    expect(past, JSON.stringify(Object.fromEntries(answers))).toBeGreaterThanOrEqual(
      MIN_PAST_SCHEMA,
    );
    expect(answers.size).toBeGreaterThanOrEqual(MIN_DISTINCT_ANSWERS);
  }, 180_000);

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
    // The fuzz knows one well-formed operation id and no registered My Key ID: at most that one
    // operation is remembered, and only as a refusal.
    const operations = await platform.db.query<{ result: { status: string } }>(
      'SELECT result FROM sync_operations',
    );
    expect(operations.length).toBe(counts?.ops);
    expect(operations.length).toBeLessThanOrEqual(1);
    for (const { result } of operations) expect(result.status).toBe('rejected');
  });
});
