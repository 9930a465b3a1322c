import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProgrammeTotals } from '../../core/api/point-programmes';
import type {
  PointsOperationResponse,
  ProgrammeBalance,
  TerminalProgramme,
} from '../../core/api/points-counter';
import { addDays } from '../../core/points/japan-day';
import { expirePoints } from '../../platform/domain/point-expiry';
import { databaseKinds } from '../support/databases';
import { platformSuite } from '../support/platform-suite';
import type { TerminalClient } from '../support/terminal-client';

/** The demo's programmes: A-P001 A市ポイント (自治体ポイント), A-P002 ○○商店街ポイント (1 per 100 yen). */
const CITY = 'A-P001';
const STREET = 'A-P002';

describe.each(databaseKinds())('points at the counter on %s', (kind) => {
  let day = '2026-12-02';
  const {
    platform,
    terminals: { shop, otherShop, facility, library },
    registeredCitizen,
  } = platformSuite(
    kind,
    { shop: 'a1', otherShop: 'a1', facility: 'gamma1', library: 'beta1' },
    {},
    { today: () => day },
  );

  const award = (
    terminal: TerminalClient,
    myKeyId: string,
    programmeCode: string,
    how: { by: 'purchase'; yen: number } | { by: 'activity'; activityCode: string },
    operationId: string = randomUUID(),
  ) =>
    terminal.post<PointsOperationResponse>('/v1/terminal/points/award', {
      operationId,
      kind: 'awardPoints',
      myKeyId,
      programmeCode,
      award: how,
    });
  const redeem = (
    terminal: TerminalClient,
    myKeyId: string,
    programmeCode: string,
    points: number,
    operationId: string = randomUUID(),
  ) =>
    terminal.post<PointsOperationResponse>('/v1/terminal/points/redeem', {
      operationId,
      kind: 'redeemPoints',
      myKeyId,
      programmeCode,
      points,
    });
  const cancel = (terminal: TerminalClient, cancels: string) =>
    terminal.post<PointsOperationResponse>('/v1/terminal/points/cancel', {
      operationId: randomUUID(),
      kind: 'cancelPoints',
      cancels,
    });
  const balance = async (terminal: TerminalClient, myKeyId: string, programmeCode: string) => {
    const answer = await terminal.post<{ balances: ProgrammeBalance[] }>(
      '/v1/terminal/points/balance',
      { myKeyId, programmeCode },
    );
    return answer.body.balances[0];
  };
  const outcome = (answer: { body: PointsOperationResponse }) => {
    const { result } = answer.body;
    return result.status === 'applied' ? `${result.outcome} ${result.points}` : result.error.code;
  };

  it('a terminal learns the programmes its provider takes part in, with its rights in each', async () => {
    const shopProgrammes = await shop.request<{ programmes: TerminalProgramme[] }>(
      'GET',
      '/v1/terminal/points/programmes',
    );
    expect(
      shopProgrammes.body.programmes.map((p) => [p.code, p.mayAward, p.mayRedeem, p.yenPerPoint]),
    ).toEqual([
      [CITY, false, true, 0],
      [STREET, true, true, 100],
    ]);
    const none = await library.request<{ programmes: TerminalProgramme[] }>(
      'GET',
      '/v1/terminal/points/programmes',
    );
    expect(none.body.programmes).toEqual([]);
  });

  it('付与: one point per 100 yen, the balance and the soonest expiry in the answer, once however often it is sent', async () => {
    day = '2026-12-02';
    const citizen = await registeredCitizen(shop);
    const id = randomUUID();
    const first = await award(shop, citizen, STREET, { by: 'purchase', yen: 1980 }, id);
    expect(outcome(first)).toBe('awarded 19');
    // months:12 → the end of the month twelve months after the award.
    expect(first.body.balance).toEqual({
      programmeCode: STREET,
      programmeName: '○○商店街ポイント',
      balance: 19,
      soonest: { points: 19, expiresOn: '2027-12-31' },
    });
    const again = await award(shop, citizen, STREET, { by: 'purchase', yen: 1980 }, id);
    expect(again.body).toEqual(first.body);
    const reused = await award(shop, citizen, STREET, { by: 'purchase', yen: 9999 }, id);
    expect(outcome(reused)).toBe('OPERATION_ID_REUSED');
    expect((await balance(shop, citizen, STREET))?.balance).toBe(19);
  });

  it('a fixed award (行政ポイント) at the public facility; refusals say why', async () => {
    const citizen = await registeredCitizen(shop);
    expect(
      outcome(await award(facility, citizen, CITY, { by: 'activity', activityCode: 'volunteer' })),
    ).toBe('awarded 300');
    expect(
      outcome(await award(facility, citizen, CITY, { by: 'activity', activityCode: 'karaoke' })),
    ).toBe('POINTS_ACTIVITY_NOT_FOUND');
    // The shop may spend 自治体ポイント but not give them; the library takes no part.
    expect(outcome(await award(shop, citizen, CITY, { by: 'purchase', yen: 1000 }))).toBe(
      'POINTS_NOT_ALLOWED',
    );
    expect(outcome(await award(library, citizen, STREET, { by: 'purchase', yen: 1000 }))).toBe(
      'POINTS_NOT_ALLOWED',
    );
    expect(outcome(await award(shop, citizen, STREET, { by: 'purchase', yen: 99 }))).toBe(
      'POINTS_AWARD_ZERO',
    );
    expect(outcome(await award(shop, citizen, 'A-P999', { by: 'purchase', yen: 1000 }))).toBe(
      'PROGRAMME_NOT_FOUND',
    );
    expect(
      outcome(await award(shop, 'ZZZZZZZZZZZZZZ', STREET, { by: 'purchase', yen: 1000 })),
    ).toBe('MYKEY_NOT_REGISTERED');
    // No balance of a programme the terminal takes no part in, whatever it sends.
    const refused = await award(library, citizen, CITY, {
      by: 'activity',
      activityCode: 'volunteer',
    });
    expect(refused.body.balance).toBeUndefined();
  });

  it('the daily cap: an award over it gives what is left under it and says so; tomorrow starts again', async () => {
    day = '2026-12-03';
    const citizen = await registeredCitizen(shop);
    expect(outcome(await award(shop, citizen, STREET, { by: 'purchase', yen: 40_000 }))).toBe(
      'awarded 400',
    );
    const capped = await award(shop, citizen, STREET, { by: 'purchase', yen: 20_000 });
    expect(capped.body.result).toMatchObject({
      status: 'applied',
      outcome: 'awarded',
      points: 100,
      notice: { code: 'POINTS_DAILY_CAP' },
    });
    expect(outcome(await award(shop, citizen, STREET, { by: 'purchase', yen: 100 }))).toBe(
      'POINTS_DAILY_CAP',
    );
    day = '2026-12-04';
    expect(outcome(await award(shop, citizen, STREET, { by: 'purchase', yen: 100 }))).toBe(
      'awarded 1',
    );
    expect((await balance(shop, citizen, STREET))?.balance).toBe(501);
  });

  it('利用 never overdraws, spends the lots that expire first, and answers with the balance after', async () => {
    day = '2026-12-02';
    const citizen = await registeredCitizen(shop);
    await award(shop, citizen, STREET, { by: 'purchase', yen: 3000 }); // 30, to 2027-12-31
    day = '2027-01-05';
    await award(shop, citizen, STREET, { by: 'purchase', yen: 5000 }); // 50, to 2028-01-31
    const tooMuch = await redeem(shop, citizen, STREET, 81);
    expect(outcome(tooMuch)).toBe('POINTS_INSUFFICIENT');
    expect(tooMuch.body.balance?.balance).toBe(80);
    const spent = await redeem(shop, citizen, STREET, 40);
    expect(outcome(spent)).toBe('redeemed 40');
    expect(spent.body.balance).toMatchObject({
      balance: 40,
      soonest: { points: 40, expiresOn: '2028-01-31' },
    });
    expect(outcome(await redeem(shop, 'ZZZZZZZZZZZZZZ', STREET, 1))).toBe('POINTS_INSUFFICIENT');
    expect(outcome(await redeem(library, citizen, STREET, 1))).toBe('POINTS_NOT_ALLOWED');
  });

  it('取消 by the terminal that made it, within the window: the inverse entries, once', async () => {
    day = '2026-12-10';
    const citizen = await registeredCitizen(shop);
    const awarded = randomUUID();
    await award(shop, citizen, STREET, { by: 'purchase', yen: 10_000 }, awarded); // 100
    const spent = randomUUID();
    await redeem(shop, citizen, STREET, 30, spent);
    expect(outcome(await cancel(otherShop, spent))).toBe('POINTS_CANCEL_NOT_FOUND');
    const undone = await cancel(shop, spent);
    expect(outcome(undone)).toBe('cancelled 30');
    expect(undone.body.balance?.balance).toBe(100);
    expect(outcome(await cancel(shop, spent))).toBe('POINTS_ALREADY_CANCELLED');
    // An award whose points are partly spent cannot be taken back.
    await redeem(shop, citizen, STREET, 60);
    expect(outcome(await cancel(shop, awarded))).toBe('POINTS_INSUFFICIENT');
    expect(outcome(await cancel(shop, randomUUID()))).toBe('POINTS_CANCEL_NOT_FOUND');
  });

  it('an award can be cancelled, a late cancel is refused, and a refused operation has nothing to cancel', async () => {
    day = '2026-12-10';
    const citizen = await registeredCitizen(shop);
    const awarded = randomUUID();
    await award(shop, citizen, STREET, { by: 'purchase', yen: 2000 }, awarded);
    const undone = await cancel(shop, awarded);
    expect(outcome(undone)).toBe('cancelled 20');
    expect(undone.body.balance?.balance).toBe(0);
    const refused = randomUUID();
    await redeem(shop, citizen, STREET, 5, refused);
    expect(outcome(await cancel(shop, refused))).toBe('POINTS_CANCEL_NOT_FOUND');
    const old = randomUUID();
    await award(shop, citizen, STREET, { by: 'purchase', yen: 2000 }, old);
    day = addDays(day, 31);
    expect(outcome(await cancel(shop, old))).toBe('POINTS_CANCEL_TOO_LATE');
  });

  it('expired points never count, and the daily job moves them to the expiry account', async () => {
    day = '2026-12-15';
    const citizen = await registeredCitizen(shop);
    await award(shop, citizen, STREET, { by: 'purchase', yen: 1200 }); // 12, to 2027-12-31
    day = '2028-01-01';
    expect(await balance(shop, citizen, STREET)).toEqual({
      programmeCode: STREET,
      programmeName: '○○商店街ポイント',
      balance: 0,
    });
    expect(outcome(await redeem(shop, citizen, STREET, 1))).toBe('POINTS_INSUFFICIENT');
    const before = await platform.admin<ProgrammeTotals>(
      'GET',
      `/v1/admin/point-programmes/${STREET}/totals`,
    );
    expect(await expirePoints(platform.db, day)).toBeGreaterThanOrEqual(12);
    expect(await expirePoints(platform.db, day)).toBe(0);
    const after = await platform.admin<ProgrammeTotals>(
      'GET',
      `/v1/admin/point-programmes/${STREET}/totals`,
    );
    expect(after.body.expired - before.body.expired).toBeGreaterThanOrEqual(12);
    expect(after.body.outstanding).toBeLessThanOrEqual(before.body.outstanding - 12);
    const { issued, redeemed, expired, outstanding } = after.body;
    expect(issued).toBe(redeemed + expired + outstanding);
  });

  it('50 redemptions of 1 point at once from two terminals on a balance of 10: exactly 10 succeed', async () => {
    day = '2026-12-20';
    const citizen = await registeredCitizen(shop);
    await award(shop, citizen, STREET, { by: 'purchase', yen: 1000 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        redeem(i % 2 === 0 ? shop : otherShop, citizen, STREET, 1),
      ),
    );
    const outcomes = answers.map(outcome);
    expect(outcomes.filter((o) => o === 'redeemed 1')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'POINTS_INSUFFICIENT')).toHaveLength(40);
    expect((await balance(shop, citizen, STREET))?.balance).toBe(0);
  });

  it('every movement’s entries sum to zero, and every holder’s balance is the sum of their entries and of their lots', async () => {
    const unbalanced = await platform.db.query(
      'SELECT movement_id FROM point_entries GROUP BY movement_id HAVING sum(amount) <> 0',
    );
    expect(unbalanced).toEqual([]);
    const drifted = await platform.db.query(
      `SELECT a.id FROM point_accounts a LEFT JOIN point_entries e ON e.account_id = a.id
       WHERE a.kind = 'holder'
       GROUP BY a.id, a.balance HAVING a.balance <> coalesce(sum(e.amount), 0)`,
    );
    expect(drifted).toEqual([]);
    const lots = await platform.db.query(
      `SELECT a.id FROM point_accounts a LEFT JOIN point_lots l ON l.account_id = a.id
       WHERE a.kind = 'holder' GROUP BY a.id, a.balance HAVING a.balance <> coalesce(sum(l.remaining), 0)`,
    );
    expect(lots).toEqual([]);
  });
});
