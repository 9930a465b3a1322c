import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../platform/http/auth/replay-guard';
import type { Database } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';

const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';
const nonce = (n: number) => `nonce-${String(n).padStart(16, '0')}`;

describe.each(databaseKinds())('the replay guard on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('requests of one turn go as one batch: a nonce repeated inside it is fresh only the first time', async () => {
    const guard = new ReplayGuard(db.unsynced, 300);
    const created = Math.floor(Date.now() / 1000);
    const answers = await Promise.all([
      guard.seenBefore(T1, nonce(1), created),
      guard.seenBefore(T1, nonce(1), created),
      guard.seenBefore(T2, nonce(1), created),
      guard.seenBefore(T1, nonce(2), created),
    ]);
    expect(answers).toEqual([false, true, false, false]);
    // And in a later turn, or in another guard (another process, or after a restart).
    expect(await guard.seenBefore(T1, nonce(2), created)).toBe(true);
    expect(await new ReplayGuard(db.unsynced, 300).seenBefore(T2, nonce(1), created)).toBe(true);
  });

  it('keeps a nonce until its signature expires, then purges it', async () => {
    const clock = { now: Date.now() };
    const guard = new ReplayGuard(db, 300, () => clock.now);
    const created = Math.floor(clock.now / 1000);
    expect(await guard.seenBefore(T1, nonce(9), created)).toBe(false);
    await guard.purgeExpired();
    expect(await guard.seenBefore(T1, nonce(9), created)).toBe(true);
    clock.now += 302_000;
    expect(await guard.purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = await db.query('SELECT 1 FROM seen_nonces WHERE nonce = $1', [nonce(9)]);
    expect(left).toHaveLength(0);
  });
});
