import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomCn } from '../../bridge/simulate/jpki-like-ca';
import type { ProgrammeTotals } from '../../core/api/point-programmes';
import type {
  PointsOperationResponse,
  ProgrammeBalance,
  TerminalProgramme,
} from '../../core/api/points-counter';
import { addDays } from '../../core/points/japan-day';
import { expirePoints } from '../../platform/domain/points/expiry';
import { databaseKinds } from '../support/databases';
import { movementsOf } from '../support/ledger';
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
    registeredCard,
    ca,
  } = platformSuite(
    kind,
    { shop: 'a1', otherShop: 'a1', facility: 'gamma1', library: 'beta1' },
    {},
    { today: () => day },
  );

  /** A citizen's registered card: every points call at the counter sends its certificate. */
  const registeredCitizen = async (terminal: TerminalClient) =>
    (await registeredCard(terminal)).cert.base64;
  const readAt = new Date().toISOString();
  /** A card of a trusted CA whose holder never registered a My Key ID. */
  const unregisteredCard = async () => (await ca.issue({ cn: randomCn() })).base64;

  const award = (
    terminal: TerminalClient,
    card: string,
    programmeCode: string,
    how: { by: 'purchase'; yen: number } | { by: 'activity'; activityCode: string },
    operationId: string = randomUUID(),
  ) =>
    terminal.post<PointsOperationResponse>('/v1/terminal/points/award', {
      operationId,
      kind: 'awardPoints',
      certificate: card,
      // When the card was read: one moment for the suite, so a resend is the same content.
      madeAt: readAt,
      programmeCode,
      award: how,
    });
  const redeem = (
    terminal: TerminalClient,
    card: string,
    programmeCode: string,
    points: number,
    operationId: string = randomUUID(),
  ) =>
    terminal.post<PointsOperationResponse>('/v1/terminal/points/redeem', {
      operationId,
      kind: 'redeemPoints',
      certificate: card,
      programmeCode,
      points,
    });
  const cancel = (terminal: TerminalClient, card: string, cancels: string) =>
    terminal.post<PointsOperationResponse>('/v1/terminal/points/cancel', {
      operationId: randomUUID(),
      kind: 'cancelPoints',
      cancels,
      certificate: card,
    });
  const balance = async (terminal: TerminalClient, card: string, programmeCode: string) => {
    const answer = await terminal.post<{ balances: ProgrammeBalance[] }>(
      '/v1/terminal/points/balance',
      { certificate: card, programmeCode },
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
      outcome(await award(shop, await unregisteredCard(), STREET, { by: 'purchase', yen: 1000 })),
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
    expect(outcome(await redeem(shop, await unregisteredCard(), STREET, 1))).toBe(
      'MYKEY_NOT_REGISTERED',
    );
    expect(outcome(await redeem(library, citizen, STREET, 1))).toBe('POINTS_NOT_ALLOWED');
  });

  it('取消 by the terminal that made it, within the window: the inverse entries, once', async () => {
    day = '2026-12-10';
    const citizen = await registeredCitizen(shop);
    const awarded = randomUUID();
    await award(shop, citizen, STREET, { by: 'purchase', yen: 10_000 }, awarded); // 100
    const spent = randomUUID();
    await redeem(shop, citizen, STREET, 30, spent);
    expect(outcome(await cancel(otherShop, citizen, spent))).toBe('POINTS_CANCEL_NOT_FOUND');
    const undone = await cancel(shop, citizen, spent);
    expect(outcome(undone)).toBe('cancelled 30');
    expect(undone.body.balance?.balance).toBe(100);
    expect(outcome(await cancel(shop, citizen, spent))).toBe('POINTS_ALREADY_CANCELLED');
    // An award whose points are partly spent cannot be taken back.
    await redeem(shop, citizen, STREET, 60);
    expect(outcome(await cancel(shop, citizen, awarded))).toBe('POINTS_INSUFFICIENT');
    expect(outcome(await cancel(shop, citizen, randomUUID()))).toBe('POINTS_CANCEL_NOT_FOUND');
  });

  it('an award can be cancelled, a late cancel is refused, and a refused operation has nothing to cancel', async () => {
    day = '2026-12-10';
    const citizen = await registeredCitizen(shop);
    const awarded = randomUUID();
    await award(shop, citizen, STREET, { by: 'purchase', yen: 2000 }, awarded);
    const undone = await cancel(shop, citizen, awarded);
    expect(outcome(undone)).toBe('cancelled 20');
    expect(undone.body.balance?.balance).toBe(0);
    const refused = randomUUID();
    await redeem(shop, citizen, STREET, 5, refused);
    expect(outcome(await cancel(shop, citizen, refused))).toBe('POINTS_CANCEL_NOT_FOUND');
    const old = randomUUID();
    await award(shop, citizen, STREET, { by: 'purchase', yen: 2000 }, old);
    day = addDays(day, 31);
    expect(outcome(await cancel(shop, citizen, old))).toBe('POINTS_CANCEL_TOO_LATE');
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
    // Its own movements (through the database functions the counter's calls use): two awards, a
    // redemption, a cancel of each kind, and an expiry.
    const { myKeyId } = await registeredCard(shop);
    // The first award's points (months:12) lasted through 2026-10-31.
    const on = '2026-12-20';
    const call = async (sql: string, params: unknown[]) => {
      const [row] = await platform.db.query<{ answer: { status: string } }>(
        `SELECT ${sql} AS answer`,
        params,
      );
      expect(row?.answer.status, sql).toBe('applied');
    };
    const award = `point_award($1, 'a1', $2, $3, NULL, $4::date, $5)`;
    const [first, second, spent] = [randomUUID(), randomUUID(), randomUUID()];
    await call(award, [STREET, myKeyId, 5000, '2025-10-10', first]);
    await call(award, [STREET, myKeyId, 3000, on, second]);
    await call(`point_redeem($1, 'a1', $2, 20, $3::date, $4)`, [STREET, myKeyId, on, spent]);
    await call('point_cancel($1, $2::date)', [spent, on]);
    await call(award, [STREET, myKeyId, 1000, on, randomUUID()]);
    await call('point_cancel($1, $2::date)', [second, on]);
    const [expired] = await platform.db.query<{ points: number }>(
      `SELECT point_expire_account(id, $2::date)::int AS points FROM point_accounts
       WHERE kind = 'holder' AND my_key_id = $1`,
      [myKeyId, on],
    );
    expect(expired?.points).toBe(50);
    const mine = await movementsOf(platform.db, myKeyId);
    expect(mine).toEqual(
      ['award', 'award', 'redeem', 'cancel', 'award', 'cancel', 'expire'].map((kind) => ({
        kind,
        entries: 2,
        sum: 0,
      })),
    );
    const [account] = await platform.db.query<{ balance: number; entries: number; lots: number }>(
      `SELECT a.balance::int,
         (SELECT sum(amount)::int FROM point_entries WHERE account_id = a.id) AS entries,
         (SELECT sum(remaining)::int FROM point_lots WHERE account_id = a.id) AS lots
       FROM point_accounts a WHERE a.kind = 'holder' AND a.my_key_id = $1`,
      [myKeyId],
    );
    expect(account).toEqual({ balance: 10, entries: 10, lots: 10 });
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
