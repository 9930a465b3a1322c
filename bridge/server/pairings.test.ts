import { describe, expect, it } from 'vitest';
import { PAIRING_CODE_TTL_MS, PairingCode, PairingRateLimit } from './pairings';

describe('pairing codes', () => {
  it('work for two minutes from when they were shown, and not a moment after', () => {
    const shownAt = 1_000_000;
    expect(PAIRING_CODE_TTL_MS).toBe(120_000);
    const inTime = new PairingCode(shownAt);
    expect(inTime.check(inTime.code, shownAt + 119_999)).toBe('ok');
    const late = new PairingCode(shownAt);
    expect(late.check(late.code, shownAt + 120_001)).toBe('expired');
  });

  it('are six digits, and a wrong one does not spend the code until the third', () => {
    const pairing = new PairingCode(0);
    expect(pairing.code).toMatch(/^\d{6}$/);
    const wrong = pairing.code === '000000' ? '000001' : '000000';
    expect(pairing.check(wrong, 1)).toBe('wrong');
    expect(pairing.check(pairing.code, 2)).toBe('ok');
  });
});

describe('the pairing rate limit as shipped', () => {
  it('shows at most five codes a minute across all connections, then again after the minute', () => {
    const limit = new PairingRateLimit();
    const start = 5_000_000;
    for (let i = 0; i < 5; i++) expect(limit.allow(start + i * 1_000)).toBe(true);
    expect(limit.allow(start + 10_000)).toBe(false);
    expect(limit.allow(start + 59_999)).toBe(false);
    expect(limit.allow(start + 60_000)).toBe(true);
  });
});
