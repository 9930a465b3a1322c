import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { TerminalClient } from '../support/terminal-client';

type ErrorAnswer = { error: { code: string } };

describe.each(databaseKinds())('terminal enrolment and signed requests on %s', (kind) => {
  let platform: TestPlatform;
  let shop: TerminalClient;

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    shop = await platform.terminal('a1');
  });
  afterAll(() => platform.close());

  async function newEnrolmentCode(): Promise<{ terminalId: string; enrolmentCode: string }> {
    const created = await platform.admin<{ terminalId: string; enrolmentCode: string }>(
      'POST',
      '/v1/admin/terminals',
      {
        providerCode: 'a1',
        name: 'レジ2',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.enrolmentCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    return created.body;
  }

  it('enrols with a one-time code typed in any case, and the code cannot be used twice', async () => {
    const { terminalId, enrolmentCode } = await newEnrolmentCode();
    const terminal = await TerminalClient.enrol(
      platform.url,
      enrolmentCode.toLowerCase().replaceAll('-', ' '),
    );
    expect(terminal.terminalId).toBe(terminalId);
    await expect(TerminalClient.enrol(platform.url, enrolmentCode)).rejects.toThrow(
      /ENROLMENT_CODE_INVALID/,
    );
  });

  it('refuses an unsigned request with SIGNATURE_MISSING', async () => {
    const response = await fetch(`${platform.url}/v1/terminal/services`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe('SIGNATURE_MISSING');
  });

  it('refuses a request whose body was changed after signing with CONTENT_DIGEST_MISMATCH', async () => {
    const body = JSON.stringify({ myKeyId: 'AAAAAAAAAAAAAA', serviceCode: 'A-a1-0001' });
    const headers = await shop.signedHeaders('POST', '/v1/terminal/lookup', body);
    const response = await fetch(`${platform.url}/v1/terminal/lookup`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: body.replace('AAAA', 'BBBB'),
    });
    expect(((await response.json()) as ErrorAnswer).error.code).toBe('CONTENT_DIGEST_MISMATCH');
  });

  it('refuses a request sent to another path than the one signed with SIGNATURE_INVALID', async () => {
    const body = JSON.stringify({
      myKeyId: 'AAAAAAAAAAAAAA',
      serviceCode: 'A-a1-0001',
      serviceId: 'X',
    });
    const headers = await shop.signedHeaders('POST', '/v1/terminal/lookup', body);
    const response = await fetch(`${platform.url}/v1/terminal/links`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses the same signed request sent twice with REQUEST_REPLAYED', async () => {
    const headers = await shop.signedHeaders('GET', '/v1/terminal/services');
    const first = await fetch(`${platform.url}/v1/terminal/services`, { headers });
    expect(first.status).toBe(200);
    const again = await fetch(`${platform.url}/v1/terminal/services`, { headers });
    expect(again.status).toBe(401);
    expect(((await again.json()) as ErrorAnswer).error.code).toBe('REQUEST_REPLAYED');
  });

  it('refuses a signature made with a clock ten minutes off with SIGNATURE_EXPIRED', async () => {
    const response = await shop
      .variant({ clockOffsetSeconds: -600 })
      .request<ErrorAnswer>('GET', '/v1/terminal/services');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('SIGNATURE_EXPIRED');
  });

  it('refuses a terminal claiming another terminal’s id with SIGNATURE_INVALID', async () => {
    const other = await platform.terminal('a1');
    const impostor = shop.variant({ terminalId: other.terminalId });
    const response = await impostor.request<ErrorAnswer>('GET', '/v1/terminal/services');
    expect(response.body.error.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses an id that was never enrolled with TERMINAL_UNKNOWN', async () => {
    const { terminalId } = await newEnrolmentCode();
    const response = await shop
      .variant({ terminalId })
      .request<ErrorAnswer>('GET', '/v1/terminal/services');
    expect(response.body.error.code).toBe('TERMINAL_UNKNOWN');
  });

  it('a revoked terminal is refused at once with TERMINAL_REVOKED', async () => {
    const terminal = await platform.terminal('a1');
    expect((await terminal.request('GET', '/v1/terminal/services')).status).toBe(200);
    const revoked = await platform.admin(
      'POST',
      `/v1/admin/terminals/${terminal.terminalId}/revoke`,
    );
    expect(revoked.status).toBe(200);
    const response = await terminal.request<ErrorAnswer>('GET', '/v1/terminal/services');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('TERMINAL_REVOKED');
  });

  it('a reissued enrolment code retires the old key', async () => {
    const terminal = await platform.terminal('a1');
    const reissued = await platform.admin<{ enrolmentCode: string }>(
      'POST',
      `/v1/admin/terminals/${terminal.terminalId}/enrolment-code`,
    );
    expect(
      (await terminal.request<ErrorAnswer>('GET', '/v1/terminal/services')).body.error.code,
    ).toBe('TERMINAL_UNKNOWN');
    const again = await TerminalClient.enrol(platform.url, reissued.body.enrolmentCode);
    expect((await again.request('GET', '/v1/terminal/services')).status).toBe(200);
  });

  it('checks the signature before the body, so strangers learn nothing from validation', async () => {
    const response = await fetch(`${platform.url}/v1/terminal/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"myKeyId":"bad"}',
    });
    expect(((await response.json()) as ErrorAnswer).error.code).toBe('SIGNATURE_MISSING');
  });
});
