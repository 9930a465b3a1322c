import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API } from '../../core/api/routes/admin';
import { ADMIN_POINTS_API } from '../../core/api/routes/admin-points';
import { COUNTER_API } from '../../core/api/routes/counter';
import { KIOSK_API } from '../../core/api/routes/kiosk';
import { META_API } from '../../core/api/routes/meta';
import { PARTNER_API } from '../../core/api/routes/partner';
import { POINTS_API } from '../../core/api/routes/points';
import { WINDOW_API } from '../../core/api/routes/window';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';

describe('the OpenAPI document', () => {
  let platform: TestPlatform;
  let doc: {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        { requestBody?: { content: Record<string, { schema: unknown }> }; security?: unknown[] }
      >
    >;
  };
  beforeAll(async () => {
    platform = await startTestPlatform('pglite');
    doc = (await (await fetch(`${platform.url}/v1/openapi.json`)).json()) as typeof doc;
  });
  afterAll(() => platform.close());

  it('is OpenAPI 3.1 and lists every route the platform serves', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/admin/catalogue',
      '/v1/admin/crls',
      '/v1/admin/municipalities',
      '/v1/admin/mykeys/finalise',
      '/v1/admin/partners',
      '/v1/admin/partners/{providerCode}',
      '/v1/admin/point-programmes',
      '/v1/admin/point-programmes/{code}',
      '/v1/admin/point-programmes/{code}/analytics',
      '/v1/admin/point-programmes/{code}/analytics/csv',
      '/v1/admin/point-programmes/{code}/settlements',
      '/v1/admin/point-programmes/{code}/settlements/{period}',
      '/v1/admin/point-programmes/{code}/settlements/{period}/csv',
      '/v1/admin/point-programmes/{code}/totals',
      '/v1/admin/providers',
      '/v1/admin/renewals',
      '/v1/admin/services',
      '/v1/admin/services/{code}/link-pin',
      '/v1/admin/stats',
      '/v1/admin/terminals',
      '/v1/admin/terminals/{terminalId}/enrolment-code',
      '/v1/admin/terminals/{terminalId}/revoke',
      '/v1/health',
      '/v1/partner/conversions',
      '/v1/partner/coupon-batches',
      '/v1/partner/link-codes',
      '/v1/terminal/challenges',
      '/v1/terminal/holder-sessions',
      '/v1/terminal/holder-sessions/coupons',
      '/v1/terminal/holder-sessions/default-municipality',
      '/v1/terminal/holder-sessions/end',
      '/v1/terminal/holder-sessions/holdings',
      '/v1/terminal/holder-sessions/holdings/place',
      '/v1/terminal/holder-sessions/links',
      '/v1/terminal/holder-sessions/links/remove',
      '/v1/terminal/holder-sessions/partner-links',
      '/v1/terminal/holder-sessions/points',
      '/v1/terminal/links',
      '/v1/terminal/lookup',
      '/v1/terminal/mykeys/custom-reservations',
      '/v1/terminal/mykeys/default',
      '/v1/terminal/points/analytics',
      '/v1/terminal/points/award',
      '/v1/terminal/points/balance',
      '/v1/terminal/points/cancel',
      '/v1/terminal/points/programmes',
      '/v1/terminal/points/redeem',
      '/v1/terminal/services',
      '/v1/terminal/sync',
      '/v1/terminals/enrol',
    ]);
  });

  it('serves every call of the app’s route table at its path and method, signed where it says', () => {
    const terminalPaths = Object.keys(doc.paths).filter((path) => /^\/v1\/terminals?\//.test(path));
    const table = [
      ...Object.values(COUNTER_API),
      ...Object.values(KIOSK_API),
      ...Object.values(POINTS_API),
    ];
    expect(table.map((route) => route.path).sort()).toEqual(terminalPaths.sort());
    for (const route of [...table, ...Object.values(WINDOW_API), ...Object.values(PARTNER_API)]) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(Boolean(operation?.security?.length), route.path).toBe(
        route.auth !== 'enrolment-code',
      );
    }
  });

  it('describes request bodies from the core schemas, with their limits', () => {
    const sync =
      doc.paths['/v1/terminal/sync']?.post?.requestBody?.content['application/json']?.schema;
    expect(sync).toMatchObject({
      properties: { operations: { type: 'array', minItems: 1, maxItems: 500 } },
    });
    const lookup = doc.paths['/v1/terminal/lookup']?.post;
    expect(lookup?.requestBody?.content['application/json']?.schema).toMatchObject({
      properties: { certificate: { type: 'string', minLength: 100, maxLength: 8192 } },
    });
    expect(lookup?.security).toEqual([{ terminalSignature: [] }]);
  });

  const everyRoute = [
    ...Object.values(COUNTER_API),
    ...Object.values(KIOSK_API),
    ...Object.values(POINTS_API),
    ...Object.values(PARTNER_API),
    ...Object.values(WINDOW_API),
    ...Object.values(ADMIN_API),
    ...Object.values(ADMIN_POINTS_API),
    ...Object.values(META_API),
  ];
  const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

  it('holds every route the platform serves in the table, and serves every route the table holds', () => {
    const served = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const tabled = everyRoute
      .filter((route) => route.hide !== true)
      .map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(tabled.sort()).toEqual(served.sort());
    expect(new Set(everyRoute.map((route) => route.operationId)).size).toBe(everyRoute.length);
  });

  it('gives every operation an operationId, a summary, its security and its 4XX answers', () => {
    for (const route of everyRoute.filter((entry) => entry.hide !== true)) {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()] as
        | { operationId?: string; summary?: string; security?: unknown[]; responses?: object }
        | undefined;
      const name = `${route.method} ${route.path}`;
      expect(operation?.operationId, name).toBe(route.operationId);
      expect(operation?.summary, name).toBe(route.summary);
      expect(Array.isArray(operation?.security), name).toBe(true);
      const statuses = Object.keys(operation?.responses ?? {});
      expect(
        statuses.some((status) => /^4\d\d$/.test(status)),
        name,
      ).toBe(true);
    }
  });
});
