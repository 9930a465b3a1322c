import { describe, expect, it } from 'vitest';
import { HOLDER_SESSION_TTL_MS, HolderSessions } from './holder-sessions';

const kiosk = { terminalId: 'kiosk-1', issuer: 'CN=Test JPKI CA', serial: '0A' };

describe('kiosk holder sessions', () => {
  it('last ten minutes from the holder proof, and not a moment longer', () => {
    expect(HOLDER_SESSION_TTL_MS).toBe(600_000);
    const sessions = new HolderSessions();
    const { token, expiresAt } = sessions.open(kiosk, 1_000);
    expect(expiresAt).toBe(601_000);
    expect(sessions.find(token, 'kiosk-1', 600_999)).toMatchObject(kiosk);
    expect(sessions.find(token, 'kiosk-1', 601_000)).toBeUndefined();
  });

  it('belong to the kiosk that opened them, and end when the kiosk ends them', () => {
    const sessions = new HolderSessions();
    const { token } = sessions.open(kiosk, 0);
    expect(sessions.find(token, 'kiosk-2', 1)).toBeUndefined();
    sessions.end(token);
    expect(sessions.find(token, 'kiosk-1', 2)).toBeUndefined();
  });

  it('are forgotten, not only refused, once expired: the next opening sweeps them', () => {
    const sessions = new HolderSessions();
    const old = sessions.open(kiosk, 0);
    sessions.open({ ...kiosk, serial: '0B' }, HOLDER_SESSION_TTL_MS + 1);
    const held = (sessions as unknown as { sessions: Map<string, unknown> }).sessions;
    expect(held.size).toBe(1);
    expect(sessions.find(old.token, 'kiosk-1', 0)).toBeUndefined();
  });
});
