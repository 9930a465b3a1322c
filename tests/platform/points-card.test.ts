import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCa,
  randomCn,
  type TestAuthCertificate,
  type TestCa,
} from '../../bridge/simulate/jpki-like-ca';
import type { PointsOperationResponse, ProgrammeBalance } from '../../core/api/points-counter';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import { pointsProofBytes } from '../../core/link-proof/statement';
import { databaseKinds } from '../support/databases';
import { platformSuite } from '../support/platform-suite';
import type { TerminalClient } from '../support/terminal-client';

/** ○○商店街ポイント (1 per 100 yen at a1), and this suite's own programme with a PIN threshold. */
const STREET = 'A-P002';
const PIN_PROGRAMME = 'A-P010';
const PIN_ABOVE = 100;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

type Body = PointsOperationResponse & { error?: { code: string } };
type SyncAnswer = { results: PointsOperationResponse['result'][] };

// Issue 26, gap 6: points at a counter go with the card. Every call carries the tapped card's
// certificate; the platform moves the points of the My Key ID bound to it, once the card is in
// good standing (a trusted CA, within its validity, not revoked), and a programme may ask for the
// holder's PIN (the card's signature) above an amount.
describe.each(databaseKinds())('points go with the card on %s', (kind) => {
  const {
    platform,
    ca,
    terminals: { shop, otherShop },
    registeredCard,
  } = platformSuite(kind, { shop: 'a1', otherShop: 'a1' });
  // Before any test: the platform keeps a provider's programmes for a few seconds.
  let pinCa: TestCa | undefined;
  beforeAll(async () => {
    const put = await platform.admin('PUT', `/v1/admin/point-programmes/${PIN_PROGRAMME}`, {
      code: PIN_PROGRAMME,
      name: '暗証番号つき商店街ポイント',
      kind: 'provider',
      municipalityCode: 'A',
      ownerProviderCode: 'a1',
      yenPerPoint: 10,
      expiryRule: 'months:12',
      dailyCap: 10_000,
      cancelDays: 30,
      redeemPinAbove: PIN_ABOVE,
      participants: [{ providerCode: 'a1', mayAward: true, mayRedeem: true }],
      fixedAwards: [],
    });
    expect(put.status).toBeLessThan(300);
    // A second trusted CA: its cards' keys are not the first CA's.
    pinCa = await createTestCa();
    platform.trustCa(pinCa);
  });

  const award = (
    terminal: TerminalClient,
    certificate: string,
    yen: number,
    options: { operationId?: string; madeAt?: Date; programmeCode?: string } = {},
  ) => ({
    operationId: options.operationId ?? randomUUID(),
    kind: 'awardPoints',
    certificate,
    madeAt: (options.madeAt ?? new Date()).toISOString(),
    programmeCode: options.programmeCode ?? STREET,
    award: { by: 'purchase', yen },
    terminal,
  });
  const send = <T = Body>(
    path: string,
    op: { terminal: TerminalClient } & Record<string, unknown>,
  ) => {
    const { terminal, ...body } = op;
    return terminal.post<T>(`/v1/terminal/points/${path}`, body);
  };
  const awarded = async (terminal: TerminalClient, certificate: string, yen: number) =>
    outcome(await send('award', award(terminal, certificate, yen)));
  const redeem = (
    terminal: TerminalClient,
    certificate: string,
    points: number,
    extra: { operationId?: string; programmeCode?: string; proof?: unknown } = {},
  ) =>
    send('redeem', {
      terminal,
      operationId: extra.operationId ?? randomUUID(),
      kind: 'redeemPoints',
      certificate,
      programmeCode: extra.programmeCode ?? STREET,
      points,
      ...(extra.proof === undefined ? {} : { proof: extra.proof }),
    });
  const cancel = (
    terminal: TerminalClient,
    certificate: string,
    cancels: string,
    operationId = randomUUID(),
  ) => send('cancel', { terminal, operationId, kind: 'cancelPoints', cancels, certificate });
  const balance = async (certificate: string, programmeCode = STREET) => {
    const answer = await shop.post<{ balances?: ProgrammeBalance[]; error?: { code: string } }>(
      '/v1/terminal/points/balance',
      { certificate, programmeCode },
    );
    return answer.body.balances?.[0]?.balance ?? answer.body.error?.code;
  };
  const outcome = (answer: { status: number; body: Body }) => {
    if (answer.body.error !== undefined) return `${answer.status} ${answer.body.error.code}`;
    const { result } = answer.body;
    return result.status === 'applied' ? `${result.outcome} ${result.points}` : result.error.code;
  };
  const sync = (terminal: TerminalClient, operations: unknown[]) =>
    terminal.post<SyncAnswer>('/v1/terminal/sync', { operations });
  const codeOf = (result: PointsOperationResponse['result'] | undefined) =>
    result === undefined
      ? undefined
      : result.status === 'applied'
        ? `${result.outcome} ${result.points}`
        : result.error.code;

  /** A card bound to a My Key ID straight in the database (its validity is then up to the test). */
  const bindCard = async (cert: TestAuthCertificate) => {
    const parsed = parseAuthCertificate(cert.base64);
    if (!parsed.ok) throw new Error(parsed.reason);
    await platform.db.query(
      `INSERT INTO my_keys (my_key_id, kind, certificate_issuer, certificate_serial)
       VALUES ($1, 'default', $2, $3)`,
      [parsed.identity.cn.myKeyId, parsed.identity.issuer, parsed.identity.serial],
    );
  };

  it('a bare My Key ID is refused: balance, award, redeem and cancel must send the card', async () => {
    const { myKeyId, cert } = await registeredCard(shop);
    expect(await awarded(shop, cert.base64, 5000)).toBe('awarded 50');
    const bare = [
      ['balance', { myKeyId, programmeCode: STREET }],
      [
        'redeem',
        {
          operationId: randomUUID(),
          kind: 'redeemPoints',
          myKeyId,
          programmeCode: STREET,
          points: 1,
        },
      ],
      ['cancel', { operationId: randomUUID(), kind: 'cancelPoints', cancels: randomUUID() }],
      [
        'award',
        {
          operationId: randomUUID(),
          kind: 'awardPoints',
          myKeyId,
          programmeCode: STREET,
          award: { by: 'purchase', yen: 100 },
        },
      ],
    ] as const;
    for (const [path, body] of bare) {
      const answer = await shop.post<Body>(`/v1/terminal/points/${path}`, body);
      expect([path, answer.status, answer.body.error?.code]).toEqual([
        path,
        400,
        'VALIDATION_FAILED',
      ]);
    }
    // Naming an ID beside a card is refused too: the holder is the card's, never the terminal's word.
    const both = await shop.post<Body>('/v1/terminal/points/redeem', {
      operationId: randomUUID(),
      kind: 'redeemPoints',
      certificate: cert.base64,
      myKeyId,
      programmeCode: STREET,
      points: 1,
    });
    expect([both.status, both.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await balance(cert.base64)).toBe(50);
  });

  it('the card on the reader decides whose points move: another person’s card spends only its own', async () => {
    const holder = await registeredCard(shop);
    const stranger = await registeredCard(shop);
    expect(await awarded(shop, holder.cert.base64, 10_000)).toBe('awarded 100');
    expect(outcome(await redeem(shop, stranger.cert.base64, 50))).toBe('POINTS_INSUFFICIENT');
    expect(await balance(stranger.cert.base64)).toBe(0);
    expect(await balance(holder.cert.base64)).toBe(100);
    expect(outcome(await redeem(shop, holder.cert.base64, 50))).toBe('redeemed 50');
    expect(await balance(holder.cert.base64)).toBe(50);
  });

  it('a card not bound to a My Key ID, a forged or unreadable certificate: refused with their codes, nothing moves', async () => {
    const holder = await registeredCard(shop);
    expect(await awarded(shop, holder.cert.base64, 10_000)).toBe('awarded 100');
    const unregistered = (await ca.issue({ cn: randomCn() })).base64;
    // The holder's issuer name and serial, signed by a CA the platform does not trust.
    const forger = await createTestCa();
    const forged = (await forger.issue({ cn: randomCn(), serial: holder.cert.serial })).base64;
    const unreadable = Buffer.alloc(300, 7).toString('base64');
    const refusals = [];
    for (const card of [unregistered, forged, unreadable])
      refusals.push([
        await balance(card),
        outcome(await redeem(shop, card, 1)),
        await awarded(shop, card, 100),
      ]);
    expect(refusals).toEqual([
      ['MYKEY_NOT_REGISTERED', 'MYKEY_NOT_REGISTERED', 'MYKEY_NOT_REGISTERED'],
      ['CERTIFICATE_UNTRUSTED', 'CERTIFICATE_UNTRUSTED', 'CERTIFICATE_UNTRUSTED'],
      ['CERTIFICATE_INVALID', 'CERTIFICATE_INVALID', 'CERTIFICATE_INVALID'],
    ]);
    expect(await balance(holder.cert.base64)).toBe(100);
  });

  it('取消 needs the card of the holder whose points moved (POINTS_NOT_THIS_CARD); the same id then works with it', async () => {
    const holder = await registeredCard(shop);
    const stranger = await registeredCard(shop);
    const spent = randomUUID();
    expect(await awarded(shop, holder.cert.base64, 10_000)).toBe('awarded 100');
    expect(outcome(await redeem(shop, holder.cert.base64, 30, { operationId: spent }))).toBe(
      'redeemed 30',
    );
    const cancelId = randomUUID();
    expect(outcome(await cancel(shop, stranger.cert.base64, spent, cancelId))).toBe(
      'POINTS_NOT_THIS_CARD',
    );
    expect(await balance(holder.cert.base64)).toBe(70);
    // The refusal was not recorded: the same cancel with the holder's card goes through.
    expect(outcome(await cancel(shop, holder.cert.base64, spent, cancelId))).toBe('cancelled 30');
    expect(await balance(holder.cert.base64)).toBe(100);
  });

  it('an expired card is refused for every operation (CERTIFICATE_EXPIRED)', async () => {
    const expired = await ca.issue({
      cn: randomCn(),
      notBefore: hoursAgo(24 * 365 * 5),
      notAfter: hoursAgo(1),
    });
    await bindCard(expired);
    expect([
      await balance(expired.base64),
      outcome(await redeem(shop, expired.base64, 1)),
      await awarded(shop, expired.base64, 100),
      outcome(await cancel(shop, expired.base64, randomUUID())),
    ]).toEqual(Array(4).fill('CERTIFICATE_EXPIRED'));
  });

  it('a revoked card is refused for every operation (CERTIFICATE_REVOKED), everyone else’s still works', async () => {
    const lost = await registeredCard(shop);
    const other = await registeredCard(shop);
    const made = randomUUID();
    const op = award(shop, lost.cert.base64, 10_000, { operationId: made });
    expect(outcome(await send('award', op))).toBe('awarded 100');
    const loaded = await platform.admin('POST', '/v1/admin/crls', {
      crl: await ca.issueCrl({ revoked: [lost.cert.serial] }),
    });
    expect(loaded.status).toBe(200);
    expect([
      await balance(lost.cert.base64),
      outcome(await redeem(shop, lost.cert.base64, 1)),
      await awarded(shop, lost.cert.base64, 100),
      outcome(await cancel(shop, lost.cert.base64, made)),
    ]).toEqual(Array(4).fill('CERTIFICATE_REVOKED'));
    // An operation recorded before keeps its answer when sent again.
    expect(outcome(await send('award', op))).toBe('awarded 100');
    expect(await awarded(shop, other.cert.base64, 100)).toBe('awarded 1');
    expect(await balance(other.cert.base64)).toBe(1);
  });

  it('judges an online award’s card now, whatever madeAt says: a card expired an hour ago gets nothing', async () => {
    const card = await ca.issue({
      cn: randomCn(),
      notBefore: hoursAgo(24 * 365 * 5),
      notAfter: hoursAgo(1),
    });
    await bindCard(card);
    // Read (the terminal says) while it was still valid; sent online, it is on the reader now.
    const op = award(shop, card.base64, 3000, { madeAt: hoursAgo(2) });
    expect(outcome(await send('award', op))).toBe('CERTIFICATE_EXPIRED');
    // The same award queued offline is judged when it was read (the batch test below).
    const { terminal: _, ...queued } = award(shop, card.base64, 3000, { madeAt: hoursAgo(2) });
    expect((await sync(shop, [queued])).body.results.map(codeOf)).toEqual(['awarded 30']);
  });

  describe('offline awards from a batch', () => {
    it('checks the card of each award when the batch arrives, and a resent batch gets the same answers', async () => {
      const good = await registeredCard(shop);
      const unregistered = (await ca.issue({ cn: randomCn() })).base64;
      const forged = (
        await (await createTestCa()).issue({ cn: randomCn(), serial: good.cert.serial })
      ).base64;
      const operations = [
        award(shop, good.cert.base64, 2000, { madeAt: hoursAgo(20) }),
        award(shop, unregistered, 2000),
        award(shop, forged, 2000),
        // Read 73 hours ago: past the outbox window a card's reading is trusted for.
        award(shop, good.cert.base64, 2000, { madeAt: hoursAgo(73) }),
        // A terminal clock far ahead.
        award(shop, good.cert.base64, 2000, { madeAt: hoursAgo(-1) }),
      ].map(({ terminal: _, ...op }) => op);
      const first = await sync(shop, operations);
      expect(first.status).toBe(200);
      expect(first.body.results.map(codeOf)).toEqual([
        'awarded 20',
        'MYKEY_NOT_REGISTERED',
        'CERTIFICATE_UNTRUSTED',
        'POINTS_TAP_TOO_OLD',
        'POINTS_TAP_TOO_OLD',
      ]);
      const again = await sync(shop, operations);
      expect(again.body.results).toEqual(first.body.results);
      expect(await balance(good.cert.base64)).toBe(20);
    });

    it('judges the card’s validity when the award was made: a card that expired while the shop was offline keeps its points', async () => {
      const card = await ca.issue({
        cn: randomCn(),
        notBefore: hoursAgo(24 * 365 * 5),
        notAfter: hoursAgo(2),
      });
      await bindCard(card);
      const [before, after] = [hoursAgo(3), hoursAgo(1)].map((madeAt) =>
        award(shop, card.base64, 3000, { madeAt }),
      );
      const answer = await sync(
        shop,
        [before, after].map((op) => {
          const { terminal: _, ...rest } = op ?? {};
          return rest;
        }),
      );
      expect(answer.body.results.map(codeOf)).toEqual(['awarded 30', 'CERTIFICATE_EXPIRED']);
    });

    it('refuses a batch award of a revoked card (CERTIFICATE_REVOKED)', async () => {
      const lost = await registeredCard(shop);
      const before = await balance(lost.cert.base64);
      expect(before).toBe(0);
      await platform.admin('POST', '/v1/admin/crls', {
        crl: await ca.issueCrl({ revoked: [lost.cert.serial] }),
      });
      const { terminal: _, ...op } = award(shop, lost.cert.base64, 3000, { madeAt: hoursAgo(5) });
      const answer = await sync(shop, [op]);
      expect(answer.body.results.map(codeOf)).toEqual(['CERTIFICATE_REVOKED']);
    });
  });

  describe('a programme that asks for the PIN above an amount', () => {
    const setUp = async () => {
      if (pinCa === undefined) throw new Error('made in beforeAll');
      return pinCa;
    };
    /** The card's signature over the terminal's statement, as the bridge makes it after the PIN. */
    const pinProof = async (
      terminal: TerminalClient,
      key: CryptoKey,
      statement: { points: number; operationId: string; madeAt?: Date; programmeCode?: string },
    ) => {
      const madeAt = (statement.madeAt ?? new Date()).toISOString();
      const bytes = pointsProofBytes({
        terminalId: terminal.terminalId,
        programmeCode: statement.programmeCode ?? PIN_PROGRAMME,
        points: statement.points,
        madeAt,
        operationId: statement.operationId,
      });
      const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new Uint8Array(bytes));
      return { madeAt, signature: Buffer.from(signature).toString('base64') };
    };
    const funded = async () => {
      await setUp();
      const card = await registeredCard(shop);
      const op = award(shop, card.cert.base64, 5000, { programmeCode: PIN_PROGRAMME });
      expect(outcome(await send('award', op))).toBe('awarded 500');
      return card;
    };
    const spend = (
      card: string,
      points: number,
      extra: { operationId?: string; proof?: unknown } = {},
    ) => redeem(shop, card, points, { programmeCode: PIN_PROGRAMME, ...extra });

    it('the programmes say where the PIN starts', async () => {
      await setUp();
      const programmes = await shop.request<{
        programmes: { code: string; redeemPinAbove: number | null }[];
      }>('GET', '/v1/terminal/points/programmes');
      expect(
        Object.fromEntries(programmes.body.programmes.map((p) => [p.code, p.redeemPinAbove])),
      ).toMatchObject({ [STREET]: null, [PIN_PROGRAMME]: PIN_ABOVE });
    });

    it('up to the amount a tap is enough; above it, POINTS_NEED_PIN and nothing is taken', async () => {
      const { cert } = await funded();
      expect(outcome(await spend(cert.base64, PIN_ABOVE))).toBe(`redeemed ${PIN_ABOVE}`);
      expect(outcome(await spend(cert.base64, PIN_ABOVE + 1))).toBe('POINTS_NEED_PIN');
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(500 - PIN_ABOVE);
    });

    it('with the card’s proof it is taken once: the same redemption sent again gets its first answer, and the proof works for nothing else', async () => {
      const { cert } = await funded();
      const operationId = randomUUID();
      const proof = await pinProof(shop, cert.privateKey, { points: 150, operationId });
      const first = await spend(cert.base64, 150, { operationId, proof });
      expect(outcome(first)).toBe('redeemed 150');
      // The answer was lost and staff press 【結果を確認】: the same operation, its first answer.
      const again = await spend(cert.base64, 150, { operationId, proof });
      expect(again.body).toEqual(first.body);
      // The same proof for another redemption: used up.
      expect(outcome(await spend(cert.base64, 150, { proof }))).toBe('POINTS_PIN_REPLAYED');
      expect(outcome(await spend(cert.base64, 200, { operationId: randomUUID(), proof }))).toBe(
        'POINTS_PIN_REPLAYED',
      );
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(350);
    });

    it('a used proof is refused (POINTS_PIN_REPLAYED) even once its operation id is forgotten', async () => {
      const { cert } = await funded();
      const operationId = randomUUID();
      const proof = await pinProof(shop, cert.privateKey, { points: 120, operationId });
      expect(outcome(await spend(cert.base64, 120, { operationId, proof }))).toBe('redeemed 120');
      // As if the platform had purged the operation id: only the used proof stands in the way.
      await platform.db.query('DELETE FROM sync_operations WHERE operation_id = $1', [operationId]);
      expect(outcome(await spend(cert.base64, 120, { operationId, proof }))).toBe(
        'POINTS_PIN_REPLAYED',
      );
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(380);
    });

    it('counts the day: five redemptions of 100 at a threshold of 100 need the PIN from the second on', async () => {
      const { cert } = await funded();
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(outcome(await spend(cert.base64, PIN_ABOVE)));
      expect(answers).toEqual([`redeemed ${PIN_ABOVE}`, ...Array(4).fill('POINTS_NEED_PIN')]);
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(400);
      // With the card's proof, under the same operation id the refusal left free, it goes through.
      const operationId = randomUUID();
      expect(outcome(await spend(cert.base64, 1, { operationId }))).toBe('POINTS_NEED_PIN');
      const proof = await pinProof(shop, cert.privateKey, { points: 1, operationId });
      expect(outcome(await spend(cert.base64, 1, { operationId, proof }))).toBe('redeemed 1');
      // A cancelled redemption no longer counts: the day is back at or under the threshold.
      const first = randomUUID();
      const other = await funded();
      expect(outcome(await spend(other.cert.base64, 60, { operationId: first }))).toBe(
        'redeemed 60',
      );
      expect(outcome(await spend(other.cert.base64, 60))).toBe('POINTS_NEED_PIN');
      expect(outcome(await cancel(shop, other.cert.base64, first))).toBe('cancelled 60');
      expect(outcome(await spend(other.cert.base64, 60))).toBe('redeemed 60');
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(399);
    });

    it('ten redemptions of 30 at once pass at most 100 points without the PIN', async () => {
      const { cert } = await funded();
      const answers = await Promise.all(
        Array.from({ length: 10 }, async () => outcome(await spend(cert.base64, 30))),
      );
      // Decided one after the other under the holder's lock: 30, 60, 90, then 120 > 100.
      expect(answers.filter((a) => a === 'redeemed 30')).toHaveLength(3);
      expect(answers.filter((a) => a === 'POINTS_NEED_PIN')).toHaveLength(7);
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(500 - 90);
    });

    it('a proof is used in the ledger’s transaction: when the ledger fails, the proof stays unused and works again', async () => {
      const { cert } = await funded();
      const operationId = randomUUID();
      const proof = await pinProof(shop, cert.privateKey, { points: 150, operationId });
      const digest = createHash('sha256').update(Buffer.from(proof.signature, 'base64')).digest();
      // The ledger fails after the proof was checked and recorded: a movement cannot be written.
      await platform.db.exec(`
        CREATE FUNCTION points_card_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the ledger is failing on purpose'; END $$;
        CREATE TRIGGER points_card_test_fail BEFORE INSERT ON point_movements FOR EACH ROW
        WHEN (NEW.programme_code = '${PIN_PROGRAMME}' AND NEW.kind = 'redeem')
        EXECUTE FUNCTION points_card_test_fail();`);
      let failed: { status: number };
      try {
        failed = await spend(cert.base64, 150, { operationId, proof });
      } finally {
        await platform.db.exec(`
          DROP TRIGGER points_card_test_fail ON point_movements;
          DROP FUNCTION points_card_test_fail();`);
      }
      expect(failed.status).toBe(500);
      const used = await platform.db.query('SELECT 1 FROM used_link_proofs WHERE digest = $1', [
        digest,
      ]);
      expect(used).toHaveLength(0);
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(500);
      expect(outcome(await spend(cert.base64, 150, { operationId, proof }))).toBe('redeemed 150');
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(350);
    });

    it('refuses a proof by another card, for another terminal, programme, amount or redemption, or too old', async () => {
      const { cert } = await funded();
      const ca2 = await setUp();
      // A card of another CA: its key is not this card's.
      const otherCard = await ca2.issue({ cn: randomCn() });
      const refusals = [];
      for (const make of [
        (id: string) => pinProof(shop, otherCard.privateKey, { points: 101, operationId: id }),
        (id: string) => pinProof(otherShop, cert.privateKey, { points: 101, operationId: id }),
        (id: string) =>
          pinProof(shop, cert.privateKey, { points: 101, operationId: id, programmeCode: STREET }),
        (id: string) => pinProof(shop, cert.privateKey, { points: 102, operationId: id }),
        () => pinProof(shop, cert.privateKey, { points: 101, operationId: randomUUID() }),
        (id: string) =>
          pinProof(shop, cert.privateKey, { points: 101, operationId: id, madeAt: hoursAgo(73) }),
      ]) {
        const operationId = randomUUID();
        refusals.push(
          outcome(await spend(cert.base64, 101, { operationId, proof: await make(operationId) })),
        );
      }
      expect(refusals).toEqual([
        'HOLDER_SIGNATURE_INVALID',
        'HOLDER_SIGNATURE_INVALID',
        'HOLDER_SIGNATURE_INVALID',
        'HOLDER_SIGNATURE_INVALID',
        'HOLDER_SIGNATURE_INVALID',
        'POINTS_PIN_TOO_OLD',
      ]);
      expect(await balance(cert.base64, PIN_PROGRAMME)).toBe(500);
    });
  });
});
