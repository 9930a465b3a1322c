import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Settlement } from '../../core/api/settlement';
import { closePeriod, readSettlement } from '../../platform/domain/points/settlement';
import { databaseKinds } from '../support/databases';
import { platformSuite } from '../support/platform-suite';

/**
 * 精算 of the demo's ○○商店街ポイント (A-P002, awarded and spent at a1): a month closes into lines
 * that sum to zero, a cancel made after the month ended goes into the next one, months close in
 * order, and a closed month exports the same CSV bytes every time.
 */
const STREET = 'A-P002';

describe.each(databaseKinds())('settlement on %s', (kind) => {
  let day = '2026-12-20';
  const {
    platform,
    terminals: { shop },
    registeredCard,
  } = platformSuite(kind, { shop: 'a1' }, {}, { today: () => day });

  const close = (period: string) =>
    platform.admin<Settlement & { error?: { code: string } }>(
      'POST',
      `/v1/admin/point-programmes/${STREET}/settlements`,
      { period },
    );
  const csv = async (period: string) => {
    const response = await fetch(
      `${platform.url}/v1/admin/point-programmes/${STREET}/settlements/${period}/csv`,
      { headers: { authorization: `Bearer ${platform.adminToken}` } },
    );
    return {
      type: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  it('closes a month into lines summing to zero; a late cancel goes into the next month', async () => {
    // Points at a counter go with the tapped card's certificate.
    const certificate = (await registeredCard(shop)).cert.base64;
    await shop.post('/v1/terminal/points/award', {
      operationId: randomUUID(),
      kind: 'awardPoints',
      certificate,
      madeAt: new Date().toISOString(),
      programmeCode: STREET,
      award: { by: 'purchase', yen: 5000 },
    });
    const redemption = randomUUID();
    await shop.post('/v1/terminal/points/redeem', {
      operationId: redemption,
      kind: 'redeemPoints',
      certificate,
      programmeCode: STREET,
      points: 20,
    });
    expect((await close('2026-12')).body.error?.code).toBe('SETTLEMENT_PERIOD_OPEN');

    day = '2027-01-05';
    const cancelled = await shop.post<{ result: { status: string } }>(
      '/v1/terminal/points/cancel',
      { operationId: randomUUID(), kind: 'cancelPoints', cancels: redemption, certificate },
    );
    expect(cancelled.body.result.status).toBe('applied');
    const december = await close('2026-12');
    expect(december).toEqual({
      status: 200,
      body: {
        programmeCode: STREET,
        programmeName: '○○商店街ポイント',
        period: '2026-12',
        closedOn: '2027-01-05',
        lines: [
          { kind: 'awarded', partyCode: 'a1', partyName: '商店街組合a1', points: -50 },
          { kind: 'redeemed', partyCode: 'a1', partyName: '商店街組合a1', points: 20 },
          { kind: 'held', points: 30 },
        ],
        total: 0,
      },
    });

    day = '2027-03-01';
    expect((await close('2027-02')).body.error?.code).toBe('SETTLEMENT_EARLIER_OPEN');
    const january = await close('2027-01');
    expect(january.body.lines).toEqual([
      { kind: 'redeemed', partyCode: 'a1', partyName: '商店街組合a1', points: -20 },
      { kind: 'held', points: 20 },
    ]);
    expect(january.body.total).toBe(0);
    expect((await close('2027-02')).body.lines).toEqual([]);
    // Closing again changes nothing, and says the same.
    expect(await close('2026-12')).toEqual(december);
  });

  it('exports a closed month as CSV for Excel, the same bytes every time', async () => {
    const first = await csv('2026-12');
    expect(first.type).toBe('text/csv; charset=utf-8');
    expect([...first.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(first.bytes.toString('utf8')).toBe(
      '\uFEFF精算 / settlement,A-P002,○○商店街ポイント,2026-12\r\n' +
        '締め日 / closed on,2027-01-05,,\r\n' +
        '区分 / kind,相手コード / party,相手 / name,ポイント / points\r\n' +
        '付与 / awarded,a1,商店街組合a1,-50\r\n' +
        '利用 / redeemed,a1,商店街組合a1,20\r\n' +
        '残高の増減 / held,,,30\r\n' +
        '合計 / total,,,0\r\n',
    );
    // A renamed shop does not change a closed month.
    await platform.db.query(`UPDATE providers SET name = '新しい名前' WHERE code = 'a1'`);
    expect((await csv('2026-12')).bytes.equals(first.bytes)).toBe(true);
    expect((await csv('2026-11')).type).toContain('application/json');
  });

  it('refuses a period that is no month of 2000–9999: in the API, in the domain (the CLI’s way) and in the database', async () => {
    day = '2027-03-01';
    for (const period of ['0000-01', '1999-12', '2027-13', '2027-00', '10000-01', '2027-1']) {
      expect(await close(period), period).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(await closePeriod(platform.db, STREET, period, day), period).toEqual({
        ok: false,
        code: 'SETTLEMENT_PERIOD_INVALID',
      });
      expect(await readSettlement(platform.db, STREET, period), period).toEqual({
        ok: false,
        code: 'SETTLEMENT_PERIOD_INVALID',
      });
      const [row] = await platform.db.query<{ answer: unknown }>(
        'SELECT point_close_period($1, $2, $3::date) AS answer',
        [STREET, period, day],
      );
      expect(row?.answer, period).toEqual({
        status: 'rejected',
        code: 'SETTLEMENT_PERIOD_INVALID',
      });
    }
    expect(
      await platform.admin('GET', `/v1/admin/point-programmes/${STREET}/settlements/0000-01`),
    ).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(
      await platform.db.query(`SELECT period FROM point_settlements WHERE period < '2000-01'`),
    ).toEqual([]);
    // The range's ends are months: 9999-12 has not ended, 2000-01 has (and, empty, closes).
    expect(await closePeriod(platform.db, STREET, '9999-12', day)).toEqual({
      ok: false,
      code: 'SETTLEMENT_PERIOD_OPEN',
    });
    expect(await closePeriod(platform.db, STREET, '2000-01', day)).toMatchObject({
      ok: true,
      value: { period: '2000-01', lines: [], total: 0 },
    });
  });
});
