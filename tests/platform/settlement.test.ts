import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Settlement } from '../../core/api/settlement';
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
    registeredCitizen,
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
    const myKeyId = await registeredCitizen(shop);
    await shop.post('/v1/terminal/points/award', {
      operationId: randomUUID(),
      kind: 'awardPoints',
      myKeyId,
      programmeCode: STREET,
      award: { by: 'purchase', yen: 5000 },
    });
    const redemption = randomUUID();
    await shop.post('/v1/terminal/points/redeem', {
      operationId: redemption,
      kind: 'redeemPoints',
      myKeyId,
      programmeCode: STREET,
      points: 20,
    });
    expect((await close('2026-12')).body.error?.code).toBe('SETTLEMENT_PERIOD_OPEN');

    day = '2027-01-05';
    const cancelled = await shop.post<{ result: { status: string } }>(
      '/v1/terminal/points/cancel',
      { operationId: randomUUID(), kind: 'cancelPoints', cancels: redemption },
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
});
