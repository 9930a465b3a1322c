import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomCn } from '../../bridge/simulate/jpki-like-ca';
import type { HolderHoldings } from '../../core/api/holder-holdings';
import type { HolderPoints } from '../../core/api/holder-points';
import type { ConversionResponse, CouponBatchResponse, Partner } from '../../core/api/partners';
import type { Programme, ProgrammeTotals } from '../../core/api/point-programmes';
import type { BalanceResponse } from '../../core/api/points-counter';
import {
  COUPON_ALPHABET,
  couponCodeFrom,
  readCouponCode,
  typedCode,
} from '../../core/points/coupon-code';
import { addDays } from '../../core/points/japan-day';
import {
  placeDueHoldings,
  placeHoldings,
  setDefaultMunicipality,
} from '../../platform/domain/points/conversions';
import { expirePoints } from '../../platform/domain/points/expiry';
import { databaseKinds } from '../support/databases';
import { movementsOf } from '../support/ledger';
import { makeCardPartner } from '../support/partner';
import { holderProof } from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';
import { dumpTables, encodingsOf, tablesHolding } from '../support/table-dump';
import type { TerminalClient } from '../support/terminal-client';

/**
 * 地域経済応援ポイント: a partner (here a card company, card1) converts its customers' points into
 * their holding account; they go to A市ポイント (A-P001, 10 % premium in the demo) when the person
 * chooses A市, or when the holding days pass and A市 is their default municipality.
 */
const CITY = 'A-P001';

/** The 10 bytes a coupon code was made from (couponCodeFrom's input: its first 16 characters). */
function couponBytesOf(code: string): Uint8Array {
  const bytes: number[] = [];
  let value = 0;
  let bits = 0;
  for (const character of typedCode(code).slice(0, 16)) {
    value = (value << 5) | COUPON_ALPHABET.indexOf(character);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(bytes);
}
const CARD: Partner = {
  providerCode: 'card1',
  serviceCode: 'A-card1-0001',
  // 2 points for every 3 partner points.
  ratePoints: 2,
  ratePer: 3,
  dailyCapPerson: 5000,
  dailyCapPartner: 8000,
  holdingDays: 14,
};

describe.each(databaseKinds())('partner conversion on %s', (kind) => {
  let day = '2026-12-02';
  const {
    platform,
    ca,
    terminals: { shop },
    registeredCard,
  } = platformSuite(kind, { shop: 'a1' }, {}, { today: () => day });
  /** Each customer's card: points at a counter go with the tapped card's certificate. */
  const cards = new Map<string, string>();
  let card: TerminalClient;
  let customer = 0;

  beforeAll(async () => {
    const made = await makeCardPartner(platform, CARD);
    expect(made.put).toMatchObject({ status: 200, body: { outcome: 'created' } });
    card = made.card;
  });

  /** A registered citizen whose card1 membership is linked to their My Key ID (ID連携). */
  async function linkedCustomer(): Promise<{ myKeyId: string; customerId: string }> {
    const { myKeyId, cert } = await registeredCard(shop);
    cards.set(myKeyId, cert.base64);
    const customerId = `C-${kind}-${++customer}`;
    await platform.db.query(`INSERT INTO links VALUES ($1, 'A-card1-0001', $2)`, [
      myKeyId,
      customerId,
    ]);
    return { myKeyId, customerId };
  }
  const convert = (customerId: string, partnerPoints: number, transactionId = randomUUID()) =>
    card.post<ConversionResponse>('/v1/partner/conversions', {
      transactionId,
      customerId,
      partnerPoints,
    });
  const cityBalance = async (myKeyId: string) => {
    const answer = await shop.post<BalanceResponse>('/v1/terminal/points/balance', {
      certificate: cards.get(myKeyId),
      programmeCode: CITY,
    });
    return answer.body.balances[0]?.balance;
  };
  const held = async (myKeyId: string) => {
    const [row] = await platform.db.query<{ balance: string }>(
      `SELECT balance FROM point_accounts WHERE kind = 'holding' AND my_key_id = $1`,
      [myKeyId],
    );
    return Number(row?.balance ?? 0);
  };

  it('credits the holding account at the partner’s rate, rounded down, once per transaction id', async () => {
    const { myKeyId, customerId } = await linkedCustomer();
    const id = randomUUID();
    const first = await convert(customerId, 1000, id);
    expect(first).toEqual({
      status: 200,
      body: {
        transactionId: id,
        result: { status: 'applied', outcome: 'converted', points: 666, holdUntil: '2026-12-16' },
      },
    });
    expect(await convert(customerId, 1000, id)).toEqual(first);
    const reused = await convert(customerId, 999, id);
    expect(reused.body.result).toMatchObject({
      status: 'rejected',
      error: { code: 'OPERATION_ID_REUSED' },
    });
    expect(await held(myKeyId)).toBe(666);
    // Held points are nobody's municipal points yet.
    expect(await cityBalance(myKeyId)).toBe(0);
  });

  it('refuses a customer who has not linked, a conversion under 1 point, and one over a daily cap', async () => {
    const notLinked = await convert('C-nobody', 3000);
    expect(notLinked.body.result).toMatchObject({ error: { code: 'CONVERSION_NOT_LINKED' } });
    const { myKeyId, customerId } = await linkedCustomer();
    expect((await convert(customerId, 1)).body.result).toMatchObject({
      error: { code: 'CONVERSION_TOO_SMALL' },
    });
    // 7,500 partner points = 5,000 points: the person's cap exactly; one more point is refused whole.
    expect((await convert(customerId, 7500)).body.result).toMatchObject({ points: 5000 });
    expect((await convert(customerId, 3)).body.result).toMatchObject({
      error: { code: 'CONVERSION_DAILY_CAP' },
    });
    expect(await held(myKeyId)).toBe(5000);
    // The partner's own cap (8,000 a day, everyone together), on a day of its own.
    day = '2026-12-03';
    try {
      const other = await linkedCustomer();
      expect((await convert(other.customerId, 7500)).body.result).toMatchObject({ points: 5000 });
      const third = await linkedCustomer();
      expect((await convert(third.customerId, 4503)).body.result).toMatchObject({
        error: { code: 'CONVERSION_DAILY_CAP' },
      });
      expect((await convert(third.customerId, 4500)).body.result).toMatchObject({ points: 3000 });
      expect(await held(third.myKeyId)).toBe(3000);
    } finally {
      day = '2026-12-02';
    }
  });

  it('places held points in the chosen municipality with its premium, from its issue account', async () => {
    const { myKeyId, customerId } = await linkedCustomer();
    await convert(customerId, 1500);
    const before = await platform.admin<ProgrammeTotals>(
      'GET',
      `/v1/admin/point-programmes/${CITY}/totals`,
    );
    const placed = await placeHoldings(platform.db, myKeyId, 'A', day);
    expect(placed).toEqual({
      ok: true,
      value: { programmeCode: CITY, points: 1000, premium: 100 },
    });
    expect(await held(myKeyId)).toBe(0);
    expect(await cityBalance(myKeyId)).toBe(1100);
    expect(await placeHoldings(platform.db, myKeyId, 'A', day)).toEqual({
      ok: false,
      code: 'HOLDING_EMPTY',
    });
    const after = await platform.admin<ProgrammeTotals>(
      'GET',
      `/v1/admin/point-programmes/${CITY}/totals`,
    );
    expect(after.body.converted - before.body.converted).toBe(1000);
    expect(after.body.issued - before.body.issued).toBe(100);
    const { issued, converted, redeemed, expired, outstanding } = after.body;
    expect(issued + converted).toBe(redeemed + expired + outstanding);
    // And the shop takes them like any 自治体ポイント.
    const spent = await shop.post<{ result: { status: string } }>('/v1/terminal/points/redeem', {
      operationId: randomUUID(),
      kind: 'redeemPoints',
      certificate: cards.get(myKeyId),
      programmeCode: CITY,
      points: 1100,
    });
    expect(spent.body.result.status).toBe('applied');
  });

  it('moves points held past their days to the default municipality, and keeps them without one', async () => {
    const withDefault = await linkedCustomer();
    const withoutDefault = await linkedCustomer();
    await convert(withDefault.customerId, 300);
    await convert(withoutDefault.customerId, 300);
    expect(await setDefaultMunicipality(platform.db, withDefault.myKeyId, 'A')).toEqual({
      ok: true,
      value: true,
    });
    expect(await setDefaultMunicipality(platform.db, withDefault.myKeyId, 'Z')).toEqual({
      ok: false,
      code: 'MUNICIPAL_PROGRAMME_NOT_FOUND',
    });
    // On the last day to choose, nothing moves; the day after, the default municipality gets them.
    await placeDueHoldings(platform.db, addDays(day, 14));
    expect(await held(withDefault.myKeyId)).toBe(200);
    await placeDueHoldings(platform.db, addDays(day, 15));
    expect(await held(withDefault.myKeyId)).toBe(0);
    expect(await cityBalance(withDefault.myKeyId)).toBe(220);
    expect(await held(withoutDefault.myKeyId)).toBe(200);
    expect(await cityBalance(withoutDefault.myKeyId)).toBe(0);
    // The points expiry leaves held points alone: they wait for a municipality, they do not expire.
    // (Nothing here expires by then: A市ポイント placed on 2026-12-02 lasts longer, and held points
    // never do.)
    expect(await expirePoints(platform.db, addDays(day, 30))).toBe(0);
    expect(await held(withoutDefault.myKeyId)).toBe(200);
  });

  /** A citizen at the kiosk: a holder session after their PIN, and a registered My Key ID. */
  async function atKiosk(kiosk = shop): Promise<{ sessionToken: string; myKeyId: string }> {
    const cert = await ca.issue({ cn: randomCn() });
    const session = await kiosk.post<{ sessionToken: string }>('/v1/terminal/holder-sessions', {
      certificate: cert.base64,
      proof: await holderProof(kiosk, cert.privateKey),
    });
    const { sessionToken } = session.body;
    const registered = await kiosk.post<{ myKeyId: string }>('/v1/terminal/mykeys/default', {
      certificate: cert.base64,
      sessionToken,
    });
    return { sessionToken, myKeyId: registered.body.myKeyId };
  }

  it('shows the holder their held points at the kiosk, where they set a default and place them', async () => {
    const { sessionToken, myKeyId } = await atKiosk();
    await platform.db.query(`INSERT INTO links VALUES ($1, 'A-card1-0001', $2)`, [
      myKeyId,
      `K-${kind}`,
    ]);
    await convert(`K-${kind}`, 600);
    const holdings = () =>
      shop.post<HolderHoldings>('/v1/terminal/holder-sessions/holdings', { sessionToken });
    expect((await holdings()).body).toEqual({
      held: [{ points: 400, partnerName: 'ＸＸカード', holdUntil: '2026-12-16' }],
      municipalities: [
        { code: 'A', name: 'A市', programmeName: 'A市ポイント', premiumPercent: 10 },
      ],
      partners: [{ serviceCode: 'A-card1-0001', partnerName: 'ＸＸカード', linked: true }],
    });
    const setDefault = await shop.post('/v1/terminal/holder-sessions/default-municipality', {
      sessionToken,
      municipalityCode: 'A',
    });
    expect(setDefault).toEqual({ status: 200, body: { municipalityCode: 'A' } });
    expect((await holdings()).body.defaultMunicipalityCode).toBe('A');
    const place = () =>
      shop.post('/v1/terminal/holder-sessions/holdings/place', {
        sessionToken,
        municipalityCode: 'A',
      });
    expect(await place()).toEqual({
      status: 200,
      body: { programmeCode: CITY, points: 400, premium: 40 },
    });
    expect((await holdings()).body.held).toEqual([]);
    expect(await place()).toMatchObject({
      status: 409,
      body: { error: { code: 'HOLDING_EMPTY' } },
    });
    // The kiosk's points list names the placing and its partner.
    const points = await shop.post<HolderPoints>('/v1/terminal/holder-sessions/points', {
      sessionToken,
    });
    expect(points.body.programmes[0]).toMatchObject({
      programmeCode: CITY,
      balance: 440,
      entries: [{ on: day, kind: 'place', shop: 'ＸＸカード', amount: 440 }],
    });
  });

  it('links a customer number at the kiosk only with the partner’s code for it, for 7 days (ID連携)', async () => {
    const customerId = `L-${kind}`;
    const issued = await card.post<{ code: string; validUntil: string }>('/v1/partner/link-codes', {
      customerId,
    });
    expect(issued.status).toBe(200);
    expect(issued.body.validUntil).toBe('2026-12-08');
    expect(readCouponCode(issued.body.code)).toEqual({ ok: true, code: issued.body.code });
    // Derived, not stored: asked again the same day, the same code; nothing in the database.
    expect((await card.post('/v1/partner/link-codes', { customerId })).body).toEqual(issued.body);
    const dump = await platform.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM links WHERE service_id = $1`,
      [customerId],
    );
    expect(dump[0]?.n).toBe(0);
    // A shop's key may not ask for one.
    expect(await shop.post('/v1/partner/link-codes', { customerId })).toMatchObject({
      status: 403,
      body: { error: { code: 'CREDENTIAL_NOT_ALLOWED' } },
    });

    // A kiosk of its own: the wrong codes below count against it, as guesses.
    const kiosk = await platform.terminal('a1');
    const { sessionToken, myKeyId } = await atKiosk(kiosk);
    const link = (body: object) =>
      kiosk.post<{ outcome: string; partnerName: string; error?: { code: string } }>(
        '/v1/terminal/holder-sessions/partner-links',
        { sessionToken, serviceCode: 'A-card1-0001', customerId, code: issued.body.code, ...body },
      );
    // Someone else's number with this code, or a shop's service: refused.
    expect((await link({ customerId: `${customerId}X` })).body.error?.code).toBe(
      'LINK_CODE_INVALID',
    );
    expect((await link({ serviceCode: 'A-a1-0001' })).body.error?.code).toBe('SERVICE_NOT_ALLOWED');
    const mistyped = issued.body.code.replace(/^(.)/, (c) => (c === '7' ? '8' : '7'));
    expect((await link({ code: mistyped })).body.error?.code).toBe('LINK_CODE_MISTYPED');
    // A week later the code is too old.
    day = '2026-12-09';
    try {
      expect((await link({})).body.error?.code).toBe('LINK_CODE_INVALID');
    } finally {
      day = '2026-12-02';
    }
    expect(await link({ code: issued.body.code.toLowerCase() })).toEqual({
      status: 200,
      body: { outcome: 'registered', partnerName: 'ＸＸカード' },
    });
    // Linked: the partner's conversions for that number reach this holder.
    await convert(customerId, 300);
    expect(await held(myKeyId)).toBe(200);
  });

  it('issues coupon codes once per batch id, kept only as hashes, each redeemed once at the kiosk', async () => {
    const batch = { batchId: `B-${kind}`, count: 3, points: 500, validDays: 30 };
    const issued = await card.post<CouponBatchResponse>('/v1/partner/coupon-batches', batch);
    expect(issued.status).toBe(200);
    expect(issued.body.expiresOn).toBe('2026-12-31');
    const codes = issued.body.codes;
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) expect(readCouponCode(code)).toEqual({ ok: true, code });
    expect((await card.post('/v1/partner/coupon-batches', batch)).body).toEqual(issued.body);
    expect(await card.post('/v1/partner/coupon-batches', { ...batch, points: 501 })).toMatchObject({
      status: 409,
      body: { error: { code: 'OPERATION_ID_REUSED' } },
    });
    // Only hashes: no table holds a code in any spelling (as printed, normalised, its UTF-8 bytes
    // or the 10 bytes it was made from, as hex or base64), and each code's SHA-256 is there.
    const dump = await dumpTables(platform);
    for (const code of codes) {
      expect(couponCodeFrom(couponBytesOf(code))).toBe(code);
      const spellings = encodingsOf([code, typedCode(code)], [couponBytesOf(code)]);
      expect(tablesHolding(dump, spellings), code).toEqual([]);
      const hash = createHash('sha256').update(code).digest('hex');
      expect(tablesHolding(dump, [`\\\\x${hash}`]), code).toEqual(['point_coupons']);
    }

    const { sessionToken, myKeyId } = await atKiosk();
    const redeem = (code: string) =>
      shop.post('/v1/terminal/holder-sessions/coupons', { sessionToken, code });
    const first = codes[0] ?? '';
    expect(await redeem(first.toLowerCase())).toEqual({
      status: 200,
      body: { points: 500, partnerName: 'ＸＸカード', holdUntil: '2026-12-16' },
    });
    expect(await held(myKeyId)).toBe(500);
    expect(await redeem(first)).toMatchObject({
      status: 409,
      body: { error: { code: 'COUPON_USED' } },
    });
    const mistyped = `${first.slice(0, 5)}${first.charAt(5) === '7' ? '8' : '7'}${first.slice(6)}`;
    expect(await redeem(mistyped)).toMatchObject({
      status: 422,
      body: { error: { code: 'COUPON_MISTYPED' } },
    });
    day = '2027-01-01';
    try {
      expect(await redeem(codes[1] ?? '')).toMatchObject({
        status: 409,
        body: { error: { code: 'COUPON_EXPIRED' } },
      });
    } finally {
      day = '2026-12-02';
    }
    // Guessing: ten well-formed codes that name nothing, then the kiosk must wait.
    for (let n = 0; n < 10; n += 1)
      expect(await redeem(couponCodeFrom(randomBytes(10)))).toMatchObject({
        status: 404,
        body: { error: { code: 'COUPON_INVALID' } },
      });
    const limited = await redeem(codes[2] ?? '');
    expect(limited).toMatchObject({
      status: 429,
      body: { error: { code: 'COUPON_RATE_LIMITED' } },
    });
    expect(await held(myKeyId)).toBe(500);
  });

  it('lets a partner’s key convert and nothing else, and no counter’s key convert', async () => {
    const lookup = await card.post('/v1/terminal/lookup', {
      myKeyId: 'ABCDEFGHJKLMNP',
      serviceCode: 'A-card1-0001',
    });
    expect(lookup).toMatchObject({
      status: 403,
      body: { error: { code: 'CREDENTIAL_NOT_ALLOWED' } },
    });
    const fromShop = await shop.post('/v1/partner/conversions', {
      transactionId: 'T-1',
      customerId: 'C-1',
      partnerPoints: 100,
    });
    expect(fromShop).toMatchObject({
      status: 403,
      body: { error: { code: 'CREDENTIAL_NOT_ALLOWED' } },
    });
  });

  it('refuses a partner as a programme’s participant, as it refuses a participant as a partner', async () => {
    const programmes = async () =>
      (await platform.admin<{ programmes: Programme[] }>('GET', '/v1/admin/point-programmes')).body
        .programmes;
    const street = (await programmes()).find((p) => p.code === 'A-P002');
    if (street === undefined) throw new Error('the demo has A-P002');
    const withCard = {
      ...street,
      participants: [
        ...street.participants,
        { providerCode: 'card1', mayAward: false, mayRedeem: true },
      ],
    };
    expect(
      await platform.admin('PUT', '/v1/admin/point-programmes/A-P002', withCard),
    ).toMatchObject({ status: 409, body: { error: { code: 'PROGRAMME_PARTICIPANT_IS_PARTNER' } } });
    expect((await programmes()).find((p) => p.code === 'A-P002')).toEqual(street);
    // The other way round (a1 takes part in A-P002): refused as before.
    expect(
      await platform.admin('PUT', '/v1/admin/partners/a1', {
        ...CARD,
        providerCode: 'a1',
        serviceCode: 'A-a1-0001',
      }),
    ).toMatchObject({ status: 422, body: { error: { code: 'PARTNER_INVALID' } } });
  });

  it('keeps every movement balanced and no holding account below zero', async () => {
    // Its own movements (on a day of its own, under the partner's cap): a conversion, a placing
    // with its premium, a redemption.
    const { myKeyId, customerId } = await linkedCustomer();
    day = '2026-12-05';
    try {
      expect((await convert(customerId, 900)).body.result).toMatchObject({ points: 600 });
    } finally {
      day = '2026-12-02';
    }
    expect(await placeHoldings(platform.db, myKeyId, 'A', '2026-12-05')).toMatchObject({
      ok: true,
    });
    const [spent] = await platform.db.query<{ answer: { status: string } }>(
      `SELECT point_redeem($1, 'a1', $2, 100, $3::date, $4) AS answer`,
      [CITY, myKeyId, '2026-12-05', randomUUID()],
    );
    expect(spent?.answer.status).toBe('applied');
    const mine = await movementsOf(platform.db, myKeyId);
    expect(mine).toEqual([
      { kind: 'convert', entries: 2, sum: 0 },
      { kind: 'place', entries: 3, sum: 0 },
      { kind: 'redeem', entries: 2, sum: 0 },
    ]);
    // Each of the person's balances is the sum of their entries, and of their lots.
    const accounts = await platform.db.query<{
      kind: string;
      balance: number;
      entries: number;
      lots: number;
    }>(
      `SELECT a.kind, a.balance::int,
         (SELECT coalesce(sum(amount), 0)::int FROM point_entries WHERE account_id = a.id) AS entries,
         (SELECT coalesce(sum(remaining), 0)::int FROM point_lots WHERE account_id = a.id) AS lots
       FROM point_accounts a WHERE a.my_key_id = $1 ORDER BY a.kind`,
      [myKeyId],
    );
    expect(accounts).toEqual([
      { kind: 'holder', balance: 560, entries: 560, lots: 560 },
      { kind: 'holding', balance: 0, entries: 0, lots: 0 },
    ]);
    const [row] = await platform.db.query<{ unbalanced: number; negative: number }>(
      `SELECT
         (SELECT count(*)::int FROM (SELECT 1 FROM point_entries GROUP BY movement_id
            HAVING sum(amount) <> 0) u) AS unbalanced,
         (SELECT count(*)::int FROM point_accounts WHERE kind IN ('holder', 'holding')
            AND balance < 0) AS negative`,
    );
    expect(row).toEqual({ unbalanced: 0, negative: 0 });
  });
});
