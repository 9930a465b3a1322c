import { describe, expect, it } from 'vitest';
import { randomString } from '../../bridge/simulate/jpki-like-ca';
import { databaseKinds } from '../support/databases';
import { linkProof, registerNewMyKeyId } from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';

describe.each(databaseKinds())('links and lookups on %s', (kind) => {
  const {
    ca,
    terminals: { shop, library },
    registeredCard,
  } = platformSuite(kind, { shop: 'a1', library: 'beta1' });

  const registeredMyKeyId = () => registerNewMyKeyId(shop, ca);

  it('registers a service ID: 「正常に登録されました。」', async () => {
    const myKeyId = await registeredMyKeyId();
    const response = await shop.post('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-a1-0001',
      serviceId: 'POINT-000123',
    });
    expect(response).toEqual({ status: 200, body: { outcome: 'registered' } });
  });

  it('a second registration of the same card to the same person is harmless success', async () => {
    const myKeyId = await registeredMyKeyId();
    const link = { myKeyId, serviceCode: 'A-a1-0001', serviceId: randomString(10) };
    await shop.post('/v1/terminal/links', link);
    expect(await shop.post('/v1/terminal/links', link)).toEqual({
      status: 200,
      body: { outcome: 'already_registered' },
    });
  });

  it('a person who already has a service ID here gets ALREADY_LINKED (「既にサービスID登録済み」)', async () => {
    const myKeyId = await registeredMyKeyId();
    await shop.post('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-a1-0001',
      serviceId: randomString(10),
    });
    const second = await shop.post<{ error: { code: string } }>('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-a1-0001',
      serviceId: randomString(10),
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ALREADY_LINKED');
  });

  it('a service card that belongs to someone else gets SERVICE_ID_TAKEN', async () => {
    const serviceId = randomString(10);
    await shop.post('/v1/terminal/links', {
      myKeyId: await registeredMyKeyId(),
      serviceCode: 'A-a1-0001',
      serviceId,
    });
    const other = await shop.post<{ error: { code: string } }>('/v1/terminal/links', {
      myKeyId: await registeredMyKeyId(),
      serviceCode: 'A-a1-0001',
      serviceId,
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('SERVICE_ID_TAKEN');
  });

  it('a My Key ID nobody registered gets MYKEY_NOT_REGISTERED', async () => {
    const response = await shop.post<{ error: { code: string } }>('/v1/terminal/links', {
      myKeyId: randomString(14),
      serviceCode: 'A-a1-0001',
      serviceId: '123',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('MYKEY_NOT_REGISTERED');
  });

  it('a terminal may not register or look up another provider’s service', async () => {
    const { myKeyId, cert } = await registeredCard(library);
    await library.post('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-beta1-0001',
      serviceId: 'LIB-1',
      proof: await linkProof(library, cert, 'A-beta1-0001'),
    });
    const register = await shop.post<{ error: { code: string } }>('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-beta1-0001',
      serviceId: 'LIB-2',
    });
    expect(register.status).toBe(403);
    expect(register.body.error.code).toBe('SERVICE_NOT_ALLOWED');
    const lookup = await shop.post<{ error: { code: string } }>('/v1/terminal/lookup', {
      certificate: cert.base64,
      serviceCode: 'A-beta1-0001',
    });
    expect(lookup.status).toBe(403);
    expect(lookup.body.error.code).toBe('SERVICE_NOT_ALLOWED');
  });

  it('looks up the service ID for the terminal’s own service by the card’s certificate (マイキーID照会)', async () => {
    const { myKeyId, cert } = await registeredCard(library);
    await library.post('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-beta1-0001',
      serviceId: 'A0012345B',
      proof: await linkProof(library, cert, 'A-beta1-0001'),
    });
    expect(
      await library.post('/v1/terminal/lookup', {
        certificate: cert.base64,
        serviceCode: 'A-beta1-0001',
      }),
    ).toEqual({
      status: 200,
      body: { serviceId: 'A0012345B' },
    });
    const missing = await library.post<{ error: { code: string } }>('/v1/terminal/lookup', {
      certificate: (await registeredCard(library)).cert.base64,
      serviceCode: 'A-beta1-0001',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('LINK_NOT_FOUND');
  });

  it('taps that arrive together are each answered with their own card’s service ID', async () => {
    // Lookups of one turn share one statement (TurnBatch): no answer may go to another's tap.
    const cards = await Promise.all(Array.from({ length: 8 }, () => registeredCard(shop)));
    const linked = cards.slice(0, 6);
    for (const [i, { myKeyId }] of linked.entries())
      await shop.post('/v1/terminal/links', {
        myKeyId,
        serviceCode: 'A-a1-0001',
        serviceId: `TOGETHER-${i}`,
      });
    const answers = await Promise.all(
      cards.map((card) =>
        shop.post<{ serviceId?: string; error?: { code: string } }>('/v1/terminal/lookup', {
          certificate: card.cert.base64,
          serviceCode: 'A-a1-0001',
        }),
      ),
    );
    expect(answers.map((a) => a.body.serviceId ?? a.body.error?.code)).toEqual([
      ...linked.map((_, i) => `TOGETHER-${i}`),
      'LINK_NOT_FOUND',
      'LINK_NOT_FOUND',
    ]);
  });

  it('a terminal sees only its own provider’s services', async () => {
    const response = await library.request<{ services: { code: string }[] }>(
      'GET',
      '/v1/terminal/services',
    );
    expect(response.body.services.map((s) => s.code)).toEqual(['A-beta1-0001']);
  });

  it('a malformed My Key ID gets MYKEY_ID_INVALID with the field named', async () => {
    const response = await shop.post<{ error: { code: string; issues: { path: string }[] } }>(
      '/v1/terminal/links',
      {
        myKeyId: '1c2410df79dgel',
        serviceCode: 'A-a1-0001',
        serviceId: 'POINT-1',
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MYKEY_ID_INVALID');
    expect(response.body.error.issues.map((i) => i.path)).toEqual(['/myKeyId']);
  });
});
