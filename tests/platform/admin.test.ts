import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../platform/domain/admins';
import { databaseKinds } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';

type ErrorAnswer = { error: { code: string } };

describe.each(databaseKinds())('administration on %s', (kind) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(kind);
  });
  afterAll(() => platform.close());

  /** Every admin route, as the OpenAPI document lists it. */
  async function adminRoutes() {
    const openapi = (await (await fetch(`${platform.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    return Object.entries(openapi.paths)
      .filter(([path]) => path.startsWith('/v1/admin/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ path, method })));
  }

  it('every admin route refuses a missing or wrong token', async () => {
    const routes = await adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const { path, method } of routes) {
      const url = path.replace('{terminalId}', '00000000-0000-4000-8000-000000000000');
      for (const token of [undefined, 'mka_wrongwrongwrongwrong']) {
        const response = await fetch(`${platform.url}${url}`, {
          method: method.toUpperCase(),
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(((await response.json()) as ErrorAnswer).error.code).toBe('ADMIN_TOKEN_INVALID');
      }
    }
  });

  it('window staff reach 本登録 only: every other admin route is ADMIN_ROLE_FORBIDDEN', async () => {
    const { token } = await createAdmin(platform.db, '窓口 山田', 'window');
    for (const { path, method } of await adminRoutes()) {
      const url = path.replace('{terminalId}', '00000000-0000-4000-8000-000000000000');
      const response = await fetch(`${platform.url}${url}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'get' ? null : '{}',
      });
      const answer = (await response.json()) as ErrorAnswer;
      if (path === '/v1/admin/mykeys/finalise') {
        // Past the role check: only the empty body is wrong.
        expect(answer.error.code, path).toBe('VALIDATION_FAILED');
      } else {
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(answer.error.code, path).toBe('ADMIN_ROLE_FORBIDDEN');
      }
    }
  });

  it('the demo catalogue follows the source’s table', async () => {
    const catalogue = await platform.admin<{ services: { code: string; name: string }[] }>(
      'GET',
      '/v1/admin/catalogue',
    );
    expect(catalogue.body.services).toEqual([
      // The point card links with a tap; the library and the facility ask for the PIN once.
      {
        code: 'A-a1-0001',
        providerCode: 'a1',
        name: '○○商店街ポイントカード',
        linkNeedsPin: false,
      },
      {
        code: 'A-beta1-0001',
        providerCode: 'beta1',
        name: '△△図書館貸出システム',
        linkNeedsPin: true,
      },
      {
        code: 'A-gamma1-0001',
        providerCode: 'gamma1',
        name: '□□公共施設予約システム',
        linkNeedsPin: true,
      },
    ]);
  });

  it('adds a municipality, provider and service, and refuses a taken code', async () => {
    expect(
      (await platform.admin('POST', '/v1/admin/municipalities', { code: 'B', name: 'B町' })).status,
    ).toBe(201);
    expect(
      (
        await platform.admin('POST', '/v1/admin/providers', {
          code: 'b1',
          municipalityCode: 'B',
          name: '商店会b1',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await platform.admin('POST', '/v1/admin/services', {
          code: 'B-b1-0001',
          providerCode: 'b1',
          name: 'ポイント',
        })
      ).status,
    ).toBe(201);
    const again = await platform.admin<ErrorAnswer>('POST', '/v1/admin/services', {
      code: 'B-b1-0001',
      providerCode: 'b1',
      name: 'x',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CODE_TAKEN');
  });

  it('refuses a service code that does not name its provider', async () => {
    const response = await platform.admin<ErrorAnswer>('POST', '/v1/admin/services', {
      code: 'A-a1-0002',
      providerCode: 'beta1',
      name: '図書館',
    });
    expect(response.body.error.code).toBe('SERVICE_CODE_MISMATCH');
  });

  it('refuses a provider of an unknown municipality', async () => {
    const response = await platform.admin<ErrorAnswer>('POST', '/v1/admin/providers', {
      code: 'z9',
      municipalityCode: 'ZZ',
      name: '?',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('MUNICIPALITY_NOT_FOUND');
  });

  it('counts without anything per person', async () => {
    await platform.terminal('a1');
    const stats = await platform.admin<Record<string, unknown>>('GET', '/v1/admin/stats');
    expect(stats.body).toMatchObject({
      services: expect.any(Number),
      terminals: { enrolled: 1 },
      links: 0,
    });
  });
});
