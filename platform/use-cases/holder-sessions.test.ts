import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondSpelling } from '../../tests/support/base64url';
import type { Database } from '../store/database';
import { migrate } from '../store/migrate';
import { openPglite } from '../store/pglite';
import {
  forgetEndedHolderSessions,
  HOLDER_SESSION_TTL_MS,
  HolderSessions,
  holderSessionKey,
} from './holder-sessions';

const kiosk = { terminalId: 'kiosk-1', issuer: 'CN=Test JPKI CA', serial: '0A' };

describe('kiosk holder sessions', () => {
  let db: Database;
  const key = holderSessionKey(randomBytes(32));
  const endedCount = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ended_holder_sessions'))[0]?.n;

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(() => db.close());

  it('last ten minutes from the holder proof, and not a moment longer', async () => {
    expect(HOLDER_SESSION_TTL_MS).toBe(600_000);
    const sessions = new HolderSessions(db, key);
    const { token, expiresAt } = sessions.open(kiosk, 1_000);
    expect(expiresAt).toBe(601_000);
    expect(await sessions.find(token, 'kiosk-1', 600_999)).toMatchObject(kiosk);
    expect(await sessions.find(token, 'kiosk-1', 601_000)).toBeUndefined();
  });

  it('are served by any process holding the same key (a fleet), by no other', async () => {
    const { token } = new HolderSessions(db, key).open(kiosk, 0);
    expect(await new HolderSessions(db, key).find(token, 'kiosk-1', 1)).toMatchObject(kiosk);
    const otherKey = holderSessionKey(randomBytes(32));
    expect(await new HolderSessions(db, otherKey).find(token, 'kiosk-1', 1)).toBeUndefined();
  });

  it('name the person only sealed: the token shows neither issuer nor serial, and an altered one is no session', async () => {
    const sessions = new HolderSessions(db, key);
    const { token } = sessions.open({ ...kiosk, serial: 'SERIAL-12345' }, 0);
    const bytes = Buffer.from(token, 'base64url');
    expect(bytes.toString('latin1')).not.toMatch(/SERIAL|Test JPKI|kiosk-1/);
    for (const at of [1, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at] = (altered[at] ?? 0) ^ 1;
      expect(await sessions.find(altered.toString('base64url'), 'kiosk-1', 1)).toBeUndefined();
    }
  });

  it('belong to the kiosk that opened them, and end everywhere when the kiosk ends them', async () => {
    const sessions = new HolderSessions(db, key);
    const { token } = sessions.open(kiosk, Date.now());
    expect(await sessions.find(token, 'kiosk-2')).toBeUndefined();
    await sessions.end(token, 'kiosk-2');
    expect(await sessions.find(token, 'kiosk-1')).toMatchObject(kiosk);
    await sessions.end(token, 'kiosk-1');
    expect(await new HolderSessions(db, key).find(token, 'kiosk-1')).toBeUndefined();
  });

  it('once ended, stay ended under every spelling of their token; no other spelling is a session', async () => {
    const sessions = new HolderSessions(db, key);
    // Serials of three lengths: the token's bytes fall on each length mod 3, so both kinds of
    // second spelling (unused low bits, a character that makes no byte) are tried.
    const residues = new Set<number>();
    for (const serial of ['0A', '0AB', '0ABC', '0ABCD', '0ABCDE']) {
      const { token } = sessions.open({ ...kiosk, serial }, Date.now());
      residues.add(Buffer.from(token, 'base64url').length % 3);
      const other = secondSpelling(token);
      expect(await sessions.find(other, 'kiosk-1')).toBeUndefined();
      expect(await sessions.find(token, 'kiosk-1')).toMatchObject({ serial });
      await sessions.end(token, 'kiosk-1');
      expect(await sessions.find(token, 'kiosk-1')).toBeUndefined();
      expect(await sessions.find(other, 'kiosk-1')).toBeUndefined();
      // Ending it under the other spelling changes nothing either: it is no session.
      const again = sessions.open({ ...kiosk, serial }, Date.now());
      await sessions.end(secondSpelling(again.token), 'kiosk-1');
      expect(await sessions.find(again.token, 'kiosk-1')).toMatchObject({ serial });
    }
    expect([...residues].sort()).toEqual([0, 1, 2]);
  });

  it('leave nothing once they would have expired; tokens that are no session are never stored', async () => {
    await forgetEndedHolderSessions(db, Date.now() + HOLDER_SESSION_TTL_MS);
    const sessions = new HolderSessions(db, key);
    const { token } = sessions.open(kiosk, Date.now());
    await sessions.end(token, 'kiosk-1');
    expect(await endedCount()).toBe(1);
    for (let i = 0; i < 50; i += 1)
      await sessions.end(randomBytes(200).toString('base64url'), 'kiosk-1');
    expect(await endedCount()).toBe(1);
    expect(await forgetEndedHolderSessions(db, Date.now() + HOLDER_SESSION_TTL_MS)).toBe(1);
    expect(await endedCount()).toBe(0);
  });
});
