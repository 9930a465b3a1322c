import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COUNTER_API } from '../../core/api/routes/counter';
import { platformClient, readAnswer } from './platform-client';

const lookup = COUNTER_API.lookup;

describe('an answer from the platform', () => {
  it('is the typed value when a 2xx matches the route’s answer', () => {
    expect(
      readAnswer(lookup, { status: 200, retryAfter: null, body: { serviceId: 'LB0001' } }),
    ).toEqual({ ok: true, value: { serviceId: 'LB0001' } });
  });

  it('is ANSWER_UNREADABLE when a 2xx does not match, with its status kept', () => {
    expect(readAnswer(lookup, { status: 200, retryAfter: null, body: { id: 'LB0001' } })).toEqual({
      ok: false,
      code: 'ANSWER_UNREADABLE',
      status: 200,
      retryAfter: null,
    });
  });

  it('is the platform’s own code on an error body, with Retry-After kept', () => {
    expect(
      readAnswer(lookup, {
        status: 429,
        retryAfter: '7',
        body: { error: { code: 'ENROLMENT_RATE_LIMITED', message: '…' } },
      }),
    ).toEqual({ ok: false, code: 'ENROLMENT_RATE_LIMITED', status: 429, retryAfter: '7' });
  });

  it('is ANSWER_UNREADABLE for a proxy’s page or a code this version does not know', () => {
    expect(readAnswer(lookup, { status: 502, retryAfter: null, body: null })).toMatchObject({
      code: 'ANSWER_UNREADABLE',
      status: 502,
    });
    expect(
      readAnswer(lookup, {
        status: 409,
        retryAfter: null,
        body: { error: { code: 'A_CODE_FROM_THE_FUTURE', message: '' } },
      }),
    ).toMatchObject({ code: 'ANSWER_UNREADABLE', status: 409 });
  });
});

/** Not parsed by the client: any base64 the schema accepts. */
const CERTIFICATE = 'A'.repeat(120);

describe('a call', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is NETWORK_UNREACHABLE, with no status, when nothing answers', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const client = platformClient({ kind: 'none' });
    expect(
      await client.call(lookup, { certificate: CERTIFICATE, serviceCode: 'A-a1-0001' }),
    ).toEqual({
      ok: false,
      code: 'NETWORK_UNREACHABLE',
      status: undefined,
      retryAfter: null,
    });
  });

  it('is NETWORK_UNREACHABLE when the platform holds the connection without answering', async () => {
    const server = createServer(() => {
      // Never answers: a process that died holding the connection looks like this.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = platformClient({ kind: 'none' }, `http://127.0.0.1:${port}`, 200);
      const started = Date.now();
      const answer = await client.call(lookup, {
        certificate: CERTIFICATE,
        serviceCode: 'A-a1-0001',
      });
      expect(answer).toMatchObject({ ok: false, code: 'NETWORK_UNREACHABLE' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('goes to the route’s path with its method, a JSON body, and a Bearer token for staff', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ serviceId: 'LB0001' }), { status: 200 });
    });
    const client = platformClient({ kind: 'admin', token: 'mka_x' }, 'http://platform.test');
    const answer = await client.call(lookup, {
      certificate: CERTIFICATE,
      serviceCode: 'A-a1-0001',
    });
    expect(answer).toEqual({ ok: true, value: { serviceId: 'LB0001' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('http://platform.test/v1/terminal/lookup');
    expect(seen[0]?.init.method).toBe('POST');
    expect(seen[0]?.init.headers).toMatchObject({
      authorization: 'Bearer mka_x',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({
      certificate: CERTIFICATE,
      serviceCode: 'A-a1-0001',
    });
  });
});
