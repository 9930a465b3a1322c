import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestCa, randomCn } from '../../bridge/simulate/jpki-like-ca';
import type { AnyOperation } from '../../core/api/sync';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import { capAward, pointsForPurchase } from '../../core/points/award';
import { expiresOn } from '../../core/points/expiry';
import { addDays } from '../../core/points/japan-day';
import { TrustAnchors } from '../../platform/certificates/trust-anchors';
import { OperationMacs } from '../../platform/domain/operation-macs';
import { balancesOf } from '../../platform/domain/points/balances';
import { expirePoints } from '../../platform/domain/points/expiry';
import { programmeTotals, putProgramme } from '../../platform/domain/points/programmes';
import type { StoredResult } from '../../platform/domain/stored-result';
import type { OperatingTerminal } from '../../platform/domain/terminals';
import { applyBatch } from '../../platform/use-cases/sync';
import { databaseKinds, openTestDatabase } from '../support/databases';

/**
 * The ledger against a reference model: random awards, redemptions, cancels, resends, days passing
 * and expiry runs, on both databases, end with the model's balances, entries summing to zero, no
 * negative balance, and every operation applied once (a resend gets its first answer). Every
 * operation carries its holder's card, as at a counter; a cancel with the other person's card is
 * refused.
 */

const RULES = { yenPerPoint: 100, months: 12, dailyCap: 500, cancelDays: 30 };
/** Two citizens' cards (made in the test): their My Key IDs, and their certificates. */
const PEOPLE: string[] = [];
const CARDS: string[] = [];
/** When the cards were read: one moment, so a resend is the same content. */
const READ_AT = new Date().toISOString();
/** Each run's steps, and the fewest real checks all runs together must have reached. */
const STEPS = { minLength: 20, maxLength: 60 } as const;

interface Lot {
  id: number;
  expiresOn: string;
  remaining: number;
}
interface Moved {
  kind: 'award' | 'redeem';
  person: string;
  points: number;
  day: string;
  lotId?: number;
  uses: { lot: Lot; amount: number }[];
  reversed: boolean;
}

/** What the ledger should do, written as plainly as possible. */
class Model {
  day = '2026-12-02';
  private lotSeq = 0;
  readonly lots = new Map<string, Lot[]>(PEOPLE.map((p) => [p, []]));
  private readonly moved = new Map<string, Moved>();

  private spendableLots(person: string): Lot[] {
    return (this.lots.get(person) ?? []).filter((l) => l.remaining > 0 && l.expiresOn >= this.day);
  }
  balance(person: string): number {
    return this.spendableLots(person).reduce((n, l) => n + l.remaining, 0);
  }
  /** The points that expire first and their day, as 残高照会 shows them. */
  soonest(person: string): { points: number; expiresOn: string } | undefined {
    const lots = this.spendableLots(person);
    const first = lots.map((l) => l.expiresOn).sort()[0];
    if (first === undefined) return undefined;
    const points = lots.filter((l) => l.expiresOn === first).reduce((n, l) => n + l.remaining, 0);
    return { points, expiresOn: first };
  }
  held(person: string): number {
    return (this.lots.get(person) ?? []).reduce((n, l) => n + l.remaining, 0);
  }

  private take(lots: Lot[], points: number): { lot: Lot; amount: number }[] | undefined {
    const uses: { lot: Lot; amount: number }[] = [];
    let left = points;
    for (const lot of lots) {
      if (left === 0) break;
      const amount = Math.min(lot.remaining, left);
      uses.push({ lot, amount });
      left -= amount;
    }
    if (left > 0) return undefined;
    for (const use of uses) use.lot.remaining -= use.amount;
    return uses;
  }

  award(key: string, person: string, yen: number): StoredResult {
    const requested = pointsForPurchase(yen, RULES.yenPerPoint);
    if (requested < 1) return { status: 'rejected', code: 'POINTS_AWARD_ZERO' };
    const today = [...this.moved.values()]
      .filter((m) => m.kind === 'award' && m.person === person && m.day === this.day && !m.reversed)
      .reduce((n, m) => n + m.points, 0);
    const award = capAward(requested, today, RULES.dailyCap);
    if (award.points < 1) return { status: 'rejected', code: 'POINTS_DAILY_CAP' };
    const lot = {
      id: ++this.lotSeq,
      expiresOn: expiresOn(this.day, { kind: 'monthsAfter', months: RULES.months }),
      remaining: award.points,
    };
    this.lots.get(person)?.push(lot);
    this.moved.set(key, {
      kind: 'award',
      person,
      points: award.points,
      day: this.day,
      lotId: lot.id,
      uses: [],
      reversed: false,
    });
    return { status: 'applied', outcome: 'awarded', points: award.points, capped: award.capped };
  }

  redeem(key: string, person: string, points: number): StoredResult {
    const lots = this.spendableLots(person).sort((a, b) =>
      a.expiresOn === b.expiresOn ? a.id - b.id : a.expiresOn < b.expiresOn ? -1 : 1,
    );
    if (this.balance(person) < points) return { status: 'rejected', code: 'POINTS_INSUFFICIENT' };
    const uses = this.take(lots, points) ?? [];
    this.moved.set(key, { kind: 'redeem', person, points, day: this.day, uses, reversed: false });
    return { status: 'applied', outcome: 'redeemed', points };
  }

  cancel(targetKey: string, person: string): StoredResult {
    const target = this.moved.get(targetKey);
    if (target === undefined) return { status: 'rejected', code: 'POINTS_CANCEL_NOT_FOUND' };
    if (target.person !== person) return { status: 'rejected', code: 'POINTS_NOT_THIS_CARD' };
    if (target.reversed) return { status: 'rejected', code: 'POINTS_ALREADY_CANCELLED' };
    const age = (Date.parse(this.day) - Date.parse(target.day)) / 86_400_000;
    if (age > RULES.cancelDays) return { status: 'rejected', code: 'POINTS_CANCEL_TOO_LATE' };
    if (target.kind === 'award') {
      const lots = this.spendableLots(target.person).sort((a, b) => {
        if ((a.id === target.lotId) !== (b.id === target.lotId))
          return a.id === target.lotId ? -1 : 1;
        return a.expiresOn === b.expiresOn ? b.id - a.id : a.expiresOn > b.expiresOn ? -1 : 1;
      });
      if (this.balance(target.person) < target.points)
        return { status: 'rejected', code: 'POINTS_INSUFFICIENT' };
      this.take(lots, target.points);
    } else {
      for (const use of target.uses) use.lot.remaining += use.amount;
    }
    target.reversed = true;
    return { status: 'applied', outcome: 'cancelled', points: target.points };
  }

  expired = 0;

  expire(): number {
    let points = 0;
    for (const lots of this.lots.values())
      for (const lot of lots)
        if (lot.expiresOn < this.day) {
          points += lot.remaining;
          lot.remaining = 0;
        }
    this.expired += points;
    return points;
  }
}

type Step =
  | { t: 'award'; who: number; terminal: number; yen: number }
  | { t: 'redeem'; who: number; terminal: number; points: number }
  | { t: 'cancel'; who: number; terminal: number; target: number }
  | { t: 'resend'; target: number }
  | { t: 'advance'; days: number }
  | { t: 'expire' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('award' as const),
      who: fc.nat(1),
      terminal: fc.nat(1),
      yen: fc.integer({ min: 1, max: 30_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('redeem' as const),
      who: fc.nat(1),
      terminal: fc.nat(1),
      points: fc.integer({ min: 1, max: 300 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('cancel' as const),
      // -1: the card of the holder whose points moved; -2: the other person's; else either one.
      who: fc.oneof(
        { weight: 2, arbitrary: fc.constant(-1) },
        { weight: 1, arbitrary: fc.constant(-2) },
        { weight: 1, arbitrary: fc.nat(1) },
      ),
      // -1: at the terminal that made the operation (as at a counter); else either one.
      terminal: fc.oneof(fc.constant(-1), fc.nat(1)),
      // 0: the operation just made (as at a counter); otherwise any earlier one.
      target: fc.oneof(fc.constant(0), fc.nat()),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('resend' as const), target: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('advance' as const),
      days: fc.oneof(fc.nat(3), fc.nat(400)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('expire' as const) }) },
);

describe.each(databaseKinds())('the points ledger against a model on %s', (kind) => {
  const RUNS = kind === 'pglite' ? 20 : 15;
  it('random awards, redemptions, cancels, resends and expiries end as the model says', async () => {
    const db = await openTestDatabase(kind);
    await db.exec(`
      INSERT INTO municipalities VALUES ('A', 'A市');
      INSERT INTO providers VALUES ('a1', 'A', '商店街');
      INSERT INTO terminals (id, provider_code, name) VALUES ('t0', 'a1', 'レジ1'), ('t1', 'a1', 'レジ2');
    `);
    const ca = await createTestCa();
    const anchors = new TrustAnchors();
    anchors.add(ca.certificate.toString('pem'));
    PEOPLE.length = 0;
    CARDS.length = 0;
    for (let i = 0; i < 2; i += 1) {
      const card = (await ca.issue({ cn: randomCn() })).base64;
      const parsed = parseAuthCertificate(card);
      if (!parsed.ok) throw new Error(parsed.reason);
      const { cn, issuer, serial } = parsed.identity;
      await db.query(`INSERT INTO my_keys VALUES ($1, 'default', $2, $3)`, [
        cn.myKeyId,
        issuer,
        serial,
      ]);
      PEOPLE.push(cn.myKeyId);
      CARDS.push(card);
    }
    const cardOf = (person: string) => CARDS[PEOPLE.indexOf(person)] ?? '';
    const terminal = (id: string): OperatingTerminal => ({
      id,
      providerCode: 'a1',
      serviceCodes: new Set<string>(),
    });
    const terminals = [terminal('t0'), terminal('t1')] as const;
    const macs = OperationMacs.ephemeral();
    let run = 0;
    // How often the runs reached their real checks: an operation's answer against the model, a
    // resend's against its first answer, and the ledger's own answers of each kind.
    const reached = { answers: 0, resends: 0, redeemed: 0, cancelled: 0, notThisCard: 0 };

    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { ...STEPS, size: 'max' }), async (steps) => {
        // A fresh programme per run: the ledger's entries are final, so nothing is wiped.
        const code = `A-P${String(++run).padStart(3, '0')}`;
        const put = await putProgramme(db, {
          code,
          name: `model ${run}`,
          kind: 'provider',
          municipalityCode: 'A',
          ownerProviderCode: 'a1',
          yenPerPoint: RULES.yenPerPoint,
          expiryRule: `months:${RULES.months}`,
          dailyCap: RULES.dailyCap,
          cancelDays: RULES.cancelDays,
          premiumPercent: 0,
          participants: [{ providerCode: 'a1', mayAward: true, mayRedeem: true }],
          fixedAwards: [],
        });
        expect(put.ok).toBe(true);
        const model = new Model();
        const sent: { terminal: number; op: AnyOperation; first: StoredResult }[] = [];
        const send = async (terminal: number, op: AnyOperation) => {
          const [answer] = await applyBatch(
            db,
            terminals[terminal === 1 ? 1 : 0],
            [op],
            macs,
            { anchors, requireCrl: false },
            model.day,
          );
          return answer?.result;
        };
        for (const step of steps) {
          if (step.t === 'advance') model.day = addDays(model.day, step.days);
          else if (step.t === 'expire') {
            // Earlier runs' programmes expire too: count this programme's expiry account only.
            await expirePoints(db, model.day);
            model.expire();
            const totals = await programmeTotals(db, code);
            expect(totals.ok && totals.value.expired).toBe(model.expired);
          } else if (step.t === 'resend') {
            const earlier = sent[step.target % Math.max(1, sent.length)];
            if (earlier !== undefined) {
              expect(await send(earlier.terminal, earlier.op)).toEqual(earlier.first);
              reached.resends += 1;
            }
          } else {
            const operationId = randomUUID();
            const key = (terminal: number, id: string) => `${terminal}:${id}`;
            let at = step.terminal;
            let op: AnyOperation;
            let expected: StoredResult;
            if (step.t === 'award') {
              const person = PEOPLE[step.who] ?? '';
              op = {
                operationId,
                kind: 'awardPoints',
                certificate: cardOf(person),
                madeAt: READ_AT,
                programmeCode: code,
                award: { by: 'purchase', yen: step.yen },
              };
              expected = model.award(key(step.terminal, operationId), person, step.yen);
            } else if (step.t === 'redeem') {
              const person = PEOPLE[step.who] ?? '';
              op = {
                operationId,
                kind: 'redeemPoints',
                certificate: cardOf(person),
                programmeCode: code,
                points: step.points,
              };
              expected = model.redeem(key(step.terminal, operationId), person, step.points);
            } else {
              const target =
                step.target === 0
                  ? sent[sent.length - 1]
                  : sent[step.target % Math.max(1, sent.length)];
              const cancels = target?.op.operationId ?? randomUUID();
              const targetPerson =
                target !== undefined && 'certificate' in target.op
                  ? PEOPLE[CARDS.indexOf(target.op.certificate)]
                  : undefined;
              const person =
                PEOPLE[step.who] ??
                (step.who === -2 ? PEOPLE.find((p) => p !== targetPerson) : targetPerson) ??
                PEOPLE[0] ??
                '';
              if (at === -1) at = target?.terminal ?? 0;
              op = { operationId, kind: 'cancelPoints', cancels, certificate: cardOf(person) };
              expected = model.cancel(key(at, cancels), person);
            }
            const result = await send(at, op);
            expect(result).toEqual(expected);
            reached.answers += 1;
            if (result?.status === 'applied' && result.outcome === 'redeemed')
              reached.redeemed += 1;
            if (result?.status === 'applied' && result.outcome === 'cancelled')
              reached.cancelled += 1;
            if (result?.status === 'rejected' && result.code === 'POINTS_NOT_THIS_CARD')
              reached.notThisCard += 1;
            sent.push({ terminal: at, op, first: expected });
          }
          // After every step, 残高照会 shows what the model holds: which lots a redemption took
          // shows in the soonest expiry at once, long before an expiry would reveal it.
          for (const person of PEOPLE) {
            const [shown] = await balancesOf(db, person, [code], model.day);
            const soonest = model.soonest(person);
            expect(shown).toEqual({
              programmeCode: code,
              programmeName: `model ${run}`,
              balance: model.balance(person),
              ...(soonest === undefined ? {} : { soonest }),
            });
          }
        }
        for (const person of PEOPLE) {
          const [balance] = await balancesOf(db, person, [code], model.day);
          expect(balance?.balance).toBe(model.balance(person));
          const [held] = await db.query<{ balance: string }>(
            `SELECT balance FROM point_accounts WHERE programme_code = $1 AND my_key_id = $2`,
            [code, person],
          );
          expect(Number(held?.balance ?? 0)).toBe(model.held(person));
        }
        const [sums] = await db.query<{
          unbalanced: number;
          negative: number;
          total: string | null;
        }>(
          `SELECT
             (SELECT count(*)::int FROM (SELECT 1 FROM point_entries GROUP BY movement_id HAVING sum(amount) <> 0) u) AS unbalanced,
             (SELECT count(*)::int FROM point_accounts WHERE kind = 'holder' AND balance < 0) AS negative,
             (SELECT sum(amount) FROM point_entries) AS total`,
        );
        expect({ ...sums, total: Number(sums?.total ?? 0) }).toEqual({
          unbalanced: 0,
          negative: 0,
          total: 0,
        });
      }),
      { numRuns: RUNS },
    );
    // At fast-check's default size the runs averaged 5.6 steps: these sizes give tens per run.
    expect(reached.answers).toBeGreaterThanOrEqual(RUNS * STEPS.minLength * 0.5);
    expect(reached.resends).toBeGreaterThanOrEqual(RUNS * 2);
    expect(reached.redeemed).toBeGreaterThanOrEqual(RUNS);
    expect(reached.cancelled).toBeGreaterThanOrEqual(RUNS / 5);
    expect(reached.notThisCard).toBeGreaterThanOrEqual(2);
    process.stdout.write(`points model on ${kind}: ${JSON.stringify(reached)} in ${RUNS} runs\n`);
    await db.close();
  }, 240_000);
});
