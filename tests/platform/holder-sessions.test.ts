import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { randomCn, type TestAuthCertificate } from '../../bridge/simulate/jpki-like-ca';
import {
  forgetEndedHolderSessions,
  HOLDER_SESSION_TTL_MS,
} from '../../platform/use-cases/holder-sessions';
import { secondSpelling } from '../support/base64url';
import { databaseKinds } from '../support/databases';
import { holderProof } from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';
import { dumpTables } from '../support/table-dump';

type Session = {
  sessionToken: string;
  myKeyId: string | null;
  kind: string | null;
  reservation: unknown;
  error?: { code: string };
};
type Answer = { error?: { code: string } } & Record<string, unknown>;

/** A kiosk session: one PIN, then the citizen sees and manages only their own ID and links. */
describe.each(databaseKinds())('kiosk sessions on %s', (kind) => {
  const {
    ca,
    platform,
    terminals: { kiosk, otherKiosk, shop },
  } = platformSuite(kind, { kiosk: 'a1', otherKiosk: 'a1', shop: 'a1' });

  const open = async (cert: TestAuthCertificate) =>
    (
      await kiosk.post<Session>('/v1/terminal/holder-sessions', {
        certificate: cert.base64,
        proof: await holderProof(kiosk, cert.privateKey),
      })
    ).body;

  it('one proof opens a session in which the citizen registers, sees and removes links', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const session = await open(cert);
    expect(session).toMatchObject({ myKeyId: null, kind: null, reservation: null });
    const { sessionToken } = session;
    const registered = await kiosk.post<Answer>('/v1/terminal/mykeys/default', {
      certificate: cert.base64,
      sessionToken,
    });
    expect(registered.body).toMatchObject({ outcome: 'registered' });
    const myKeyId = registered.body.myKeyId as string;
    await shop.post('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-a1-0001',
      serviceId: 'PT-1234',
    });

    const links = await kiosk.post<Answer>('/v1/terminal/holder-sessions/links', { sessionToken });
    expect(links.body).toEqual({
      links: [{ serviceCode: 'A-a1-0001', serviceName: '○○商店街ポイントカード' }],
    });
    expect(JSON.stringify(links.body)).not.toContain('PT-1234');

    const remove = (serviceCode: string) =>
      kiosk.post<Answer>('/v1/terminal/holder-sessions/links/remove', {
        sessionToken,
        serviceCode,
      });
    expect((await remove('A-a1-0001')).body).toEqual({ removed: true });
    expect((await remove('A-a1-0001')).body.error?.code).toBe('LINK_NOT_FOUND');
    const lookup = await shop.post<Answer>('/v1/terminal/lookup', {
      certificate: cert.base64,
      serviceCode: 'A-a1-0001',
    });
    expect(lookup.body.error?.code).toBe('LINK_NOT_FOUND');
  });

  it('a session serves only its own terminal and its own certificate, and not after it ends', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const { sessionToken } = await open(cert);
    const elsewhere = await otherKiosk.post<Answer>('/v1/terminal/holder-sessions/links', {
      sessionToken,
    });
    expect(elsewhere.body.error?.code).toBe('HOLDER_SESSION_INVALID');
    const someoneElse = await ca.issue({ cn: randomCn() });
    const borrowed = await kiosk.post<Answer>('/v1/terminal/mykeys/default', {
      certificate: someoneElse.base64,
      sessionToken,
    });
    expect(borrowed.body.error?.code).toBe('HOLDER_SESSION_INVALID');
    await kiosk.post('/v1/terminal/holder-sessions/end', { sessionToken });
    const ended = await kiosk.post<Answer>('/v1/terminal/holder-sessions/links', { sessionToken });
    expect(ended.body.error?.code).toBe('HOLDER_SESSION_INVALID');
  });

  it('a session ended at 【終了】 or card removal is refused under any other spelling of its token', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const { sessionToken } = await open(cert);
    const other = secondSpelling(sessionToken);
    const links = (token: string) =>
      kiosk.post<Answer>('/v1/terminal/holder-sessions/links', { sessionToken: token });
    // Not a session even while the real one is live: only the spelling the platform issued.
    expect((await links(other)).body.error?.code).toBe('HOLDER_SESSION_INVALID');
    expect((await links(sessionToken)).body).toEqual({ links: [] });
    expect(
      (await kiosk.post<Answer>('/v1/terminal/holder-sessions/end', { sessionToken })).body,
    ).toEqual({ ended: true });
    for (const token of [sessionToken, other]) {
      expect((await links(token)).body.error?.code).toBe('HOLDER_SESSION_INVALID');
      const registered = await kiosk.post<Answer>('/v1/terminal/mykeys/default', {
        certificate: cert.base64,
        sessionToken: token,
      });
      expect(registered.body.error?.code).toBe('HOLDER_SESSION_INVALID');
    }
  });

  it('shows a live reservation, and refuses a registration with neither proof nor session', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const { sessionToken } = await open(cert);
    const custom = `K${randomCn().slice(0, 13)}`;
    const reserved = await kiosk.post<Answer>('/v1/terminal/mykeys/custom-reservations', {
      certificate: cert.base64,
      sessionToken,
      myKeyId: custom,
    });
    expect(reserved.body).toMatchObject({ outcome: 'reserved', myKeyId: custom });
    expect((await open(cert)).reservation).toMatchObject({ myKeyId: custom });
    const bare = await kiosk.post<Answer>('/v1/terminal/mykeys/default', {
      certificate: cert.base64,
    });
    expect(bare.body.error?.code).toBe('VALIDATION_FAILED');
  });

  it('leaves no trace of the holder anywhere, and none at all once it would have expired', async () => {
    const cn = randomCn();
    const cert = await ca.issue({ cn });
    const { sessionToken } = await open(cert);
    await kiosk.post('/v1/terminal/holder-sessions/links', { sessionToken });
    await kiosk.post('/v1/terminal/holder-sessions/end', { sessionToken });
    const traces = [cert.serial, cn, sessionToken];
    const rowsWith = async (values: string[]) =>
      [...(await dumpTables(platform))].flatMap(([table, rows]) =>
        rows
          .filter((row) => values.some((v) => row.toUpperCase().includes(v.toUpperCase())))
          .map((row) => `${table}: ${row}`),
      );
    // Ended, not yet expired: one digest of the token, which names neither kiosk nor person.
    const ended = await platform.db.query<{ row: string }>(
      'SELECT row_to_json(e)::text AS row FROM ended_holder_sessions e',
    );
    expect(ended.map((e) => Object.keys(JSON.parse(e.row)).sort())).toContainEqual([
      'forget_after',
      'token_digest',
    ]);
    expect(await rowsWith(traces)).toEqual([]);
    // What the hourly job does once the token would have expired.
    await forgetEndedHolderSessions(platform.db, Date.now() + HOLDER_SESSION_TTL_MS);
    expect(await platform.db.query('SELECT 1 FROM ended_holder_sessions')).toEqual([]);
    if (kind === 'postgres') {
      const serverLog = readFileSync(inject('postgresLogFile'), 'utf8');
      for (const trace of traces) expect(serverLog).not.toContain(trace);
    }
  });
});
