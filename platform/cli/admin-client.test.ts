import { describe, expect, it } from 'vitest';
import { ADMIN_API } from '../../core/api/routes/admin';
import { ADMIN_POINTS_API } from '../../core/api/routes/admin-points';
import { AnswerUnreadable, adminCaller } from './admin-client';

/** A fetch that records what was sent and answers with `status` and `body`. */
function answering(status: number, body: unknown) {
  const sent: { url: string; method: string | undefined; body: unknown }[] = [];
  const fetchWith = (async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
  return { sent, call: adminCaller('http://127.0.0.1:1', 'token', fetchWith) };
}

const municipality = { code: 'A', name: 'A市' };

describe("the CLI's HTTP mode calls through the route table", () => {
  it('sends the route’s method and path, its :names filled and encoded, the query without blanks', async () => {
    const { sent, call } = answering(200, { terminals: [] });
    expect(await call(ADMIN_API.listTerminals, { query: { providerCode: undefined } })).toEqual({
      ok: true,
      value: { terminals: [] },
    });
    const settlement = answering(404, { error: { code: 'SETTLEMENT_NOT_FOUND', message: '…' } });
    await settlement.call(ADMIN_POINTS_API.readSettlement, {
      params: { code: 'A-P 1', period: '2026-01' },
    });
    expect(sent[0]).toMatchObject({ url: 'http://127.0.0.1:1/v1/admin/terminals', method: 'GET' });
    expect(settlement.sent[0]?.url).toBe(
      'http://127.0.0.1:1/v1/admin/point-programmes/A-P%201/settlements/2026-01',
    );
  });

  it('reads the answer with the route’s schema, and refuses one that does not fit it', async () => {
    expect(
      await answering(201, municipality).call(ADMIN_API.createMunicipality, { body: municipality }),
    ).toEqual({
      ok: true,
      value: municipality,
    });
    // A proxy's page, another version's answer: said, never passed on as the CLI's data.
    await expect(
      answering(201, { code: 'A' }).call(ADMIN_API.createMunicipality, { body: municipality }),
    ).rejects.toBeInstanceOf(AnswerUnreadable);
    await expect(answering(502, '<html>').call(ADMIN_API.stats)).rejects.toBeInstanceOf(
      AnswerUnreadable,
    );
  });

  it('keeps the platform’s own code for a refusal', async () => {
    const refused = answering(409, { error: { code: 'CODE_TAKEN', message: '…' } });
    expect(await refused.call(ADMIN_API.createMunicipality, { body: municipality })).toEqual({
      ok: false,
      code: 'CODE_TAKEN',
    });
  });

  it('checks the body against the route’s request schema before sending it', async () => {
    const { sent, call } = answering(201, municipality);
    await expect(
      call(ADMIN_API.createMunicipality, { body: { code: 'A' } as typeof municipality }),
    ).rejects.toThrow();
    expect(sent).toHaveLength(0);
  });
});
