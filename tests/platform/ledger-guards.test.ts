import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putPartner } from '../../platform/domain/points/partners';
import { putProgramme } from '../../platform/domain/points/programmes';
import { closePeriod } from '../../platform/domain/points/settlement';
import type { Database, Queryable } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';

/**
 * The database's own guards on the points ledger (issue 26): every CHECK and trigger on a point_*
 * table, each met by a direct SQL statement that would break it, which must be refused with that
 * guard's error. Each case also proves it is about its guard: with only that guard dropped (in a
 * transaction rolled back), the same statement goes through. A guard added to the schema without a
 * case here fails the last test. A trigger that keeps several columns (NEW.x compared with OLD.x) has a
 * case for each, proved against its own clause: with the trigger's function rewritten without that
 * comparison (rolled back too), the statement goes through; a comparison without a case fails the
 * last test as well. A CHECK of several clauses (each side of an equivalence, each bound) has a case
 * for each too, proved against the whole CHECK only: an equivalence's two directions are not two
 * pieces of its text that could be cut out.
 */
const STREET = 'A-P002';
const CITY = 'A-P001';
const WHO = 'Y0000000000001';

interface Case {
  table: string;
  /** The constraint's or trigger's name, as the catalogue has it. */
  guard: string;
  trigger?: true;
  what: string;
  /** Run in one transaction when more than one; a deferred guard refuses at its commit. */
  statements: string[];
  refused: RegExp;
  /**
   * A trigger's clause this case is about: the text in its function's definition, and what it
   * becomes without it (then the statement goes through).
   */
  without?: [clause: string, instead: string];
}

const holder = `(SELECT id FROM point_accounts WHERE kind = 'holder' AND programme_code = '${STREET}')`;
const issue = `(SELECT id FROM point_accounts WHERE kind = 'issue' AND programme_code = '${STREET}')`;
const expiry = `(SELECT id FROM point_accounts WHERE kind = 'expiry' AND programme_code = '${STREET}')`;
const holding = `(SELECT id FROM point_accounts WHERE kind = 'holding')`;
const partner = `(SELECT id FROM point_accounts WHERE kind = 'partner')`;
const awardMovement = `(SELECT id FROM point_movements WHERE operation_key = 'award')`;
/** A settled movement's column changed: the settled-movement trigger keeps each of them. */
const settled = (what: string, set: string, clause: string): Case => ({
  table: 'point_movements',
  guard: 'point_movements_settled_final',
  trigger: true,
  what,
  statements: [`UPDATE point_movements SET ${set} WHERE operation_key = 'award'`],
  refused: /a settled movement is final/,
  without: [clause, 'false'],
});
const check = (table: string, guard: string, what: string, statement: string): Case => ({
  table,
  guard,
  what,
  statements: [statement],
  refused: new RegExp(`violates check constraint "${guard}"`),
});

const CASES: Case[] = [
  // The double entry.
  {
    table: 'point_entries',
    guard: 'point_entries_balance',
    trigger: true,
    what: 'a movement whose entries do not sum to zero is refused at commit',
    statements: [
      `INSERT INTO point_movements (programme_code, kind, provider_code, occurred_on, operation_key)
       VALUES ('${STREET}', 'award', 's1', '2027-02-02', 'unbalanced')`,
      `INSERT INTO point_entries (movement_id, account_id, amount)
       VALUES ((SELECT id FROM point_movements WHERE operation_key = 'unbalanced'), ${holder}, 5)`,
    ],
    refused: /point movement \d+ does not balance/,
  },
  {
    table: 'point_entries',
    guard: 'point_entries_final',
    trigger: true,
    what: 'an entry is never changed',
    statements: [
      `UPDATE point_entries SET amount = amount * 2 WHERE movement_id = ${awardMovement}`,
    ],
    refused: /point entries are final; cancel with inverse entries/,
  },
  {
    table: 'point_entries',
    guard: 'point_entries_final',
    trigger: true,
    what: 'an entry is never changed, not even while compacting',
    statements: [
      `SELECT set_config('mykey.compacting', 'on', true)`,
      `UPDATE point_entries SET amount = amount * 2 WHERE movement_id = ${awardMovement}`,
    ],
    refused: /point entries are final; cancel with inverse entries/,
    without: [`TG_OP = 'DELETE' AND `, ''],
  },
  {
    table: 'point_entries',
    guard: 'point_entries_final',
    trigger: true,
    what: 'an entry is never deleted (outside compaction)',
    statements: [`DELETE FROM point_entries WHERE movement_id = ${awardMovement}`],
    refused: /point entries are final; cancel with inverse entries/,
    without: [`current_setting('mykey.compacting', true) = 'on'`, 'true'],
  },
  {
    table: 'point_entries',
    guard: 'point_entries_post',
    trigger: true,
    what: 'a balanced movement taking more than a holder holds is refused (the balance follows its entries)',
    statements: [
      `WITH m AS (INSERT INTO point_movements (programme_code, kind, provider_code, occurred_on)
         VALUES ('${STREET}', 'redeem', 's1', '2027-02-02') RETURNING id)
       INSERT INTO point_entries (movement_id, account_id, amount)
       SELECT m.id, e.account, e.amount FROM m,
         (VALUES (${holder}, -999), (${expiry}, 999)) AS e (account, amount)`,
    ],
    refused: /violates check constraint "point_accounts_check3"/,
    without: [`'holder', 'holding'`, `'holding'`],
  },
  {
    table: 'point_entries',
    guard: 'point_entries_post',
    trigger: true,
    what: 'a balanced movement taking more than a holding account holds is refused',
    statements: [
      `WITH m AS (INSERT INTO point_movements (programme_code, kind, provider_code, occurred_on)
         VALUES (NULL, 'convert', 'card1', '2027-02-02') RETURNING id)
       INSERT INTO point_entries (movement_id, account_id, amount)
       SELECT m.id, e.account, e.amount FROM m,
         (VALUES (${holding}, -999), (${partner}, 999)) AS e (account, amount)`,
    ],
    refused: /violates check constraint "point_accounts_check3"/,
    without: [`'holder', 'holding'`, `'holder'`],
  },
  check(
    'point_entries',
    'point_entries_amount_check',
    'an entry of 0 points',
    `
    INSERT INTO point_entries (movement_id, account_id, amount) VALUES (${awardMovement}, ${expiry}, 0)`,
  ),
  // Balances never below zero.
  check(
    'point_accounts',
    'point_accounts_check3',
    'a holder balance below zero',
    `
    UPDATE point_accounts SET balance = -1 WHERE kind = 'holder'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check3',
    'a holding balance below zero',
    `
    UPDATE point_accounts SET balance = -1 WHERE kind = 'holding'`,
  ),
  // What an account is.
  check(
    'point_accounts',
    'point_accounts_check',
    'a holder account without a My Key ID',
    `
    UPDATE point_accounts SET my_key_id = NULL WHERE kind = 'holder'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check',
    'a holding account without a My Key ID',
    `
    UPDATE point_accounts SET my_key_id = NULL WHERE kind = 'holding'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check',
    'a My Key ID on an account other than a holder’s or holding',
    `
    UPDATE point_accounts SET my_key_id = '${WHO}' WHERE kind = 'issue' AND programme_code = '${STREET}'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check1',
    'a shop account without its shop',
    `
    UPDATE point_accounts SET provider_code = NULL WHERE kind = 'redemption'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check1',
    'a partner account without its partner',
    `
    UPDATE point_accounts SET provider_code = NULL WHERE kind = 'partner'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check1',
    'a shop on an account other than a shop’s or partner’s',
    `
    UPDATE point_accounts SET provider_code = 's1' WHERE kind = 'issue' AND programme_code = '${STREET}'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check2',
    'an issue account outside any programme',
    `
    UPDATE point_accounts SET programme_code = NULL WHERE kind = 'issue' AND programme_code = '${STREET}'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check2',
    'a holding account in a programme',
    `
    UPDATE point_accounts SET programme_code = '${STREET}' WHERE kind = 'holding'`,
  ),
  check(
    'point_accounts',
    'point_accounts_check2',
    'a partner account in a programme',
    `
    UPDATE point_accounts SET programme_code = '${STREET}' WHERE kind = 'partner'`,
  ),
  check(
    'point_accounts',
    'point_accounts_kind_check',
    'an account of no known kind',
    `
    INSERT INTO point_accounts (programme_code, kind) VALUES ('${STREET}', 'bonus')`,
  ),
  // Movements.
  check(
    'point_movements',
    'point_movements_check',
    'a movement other than a cancel that reverses one',
    `
    UPDATE point_movements SET reverses = ${awardMovement} WHERE operation_key = 'redeem'`,
  ),
  check(
    'point_movements',
    'point_movements_check1',
    'an award outside any programme',
    `
    INSERT INTO point_movements (programme_code, kind, occurred_on) VALUES (NULL, 'award', '2027-02-02')`,
  ),
  check(
    'point_movements',
    'point_movements_check1',
    'a conversion in a programme',
    `
    UPDATE point_movements SET programme_code = '${STREET}' WHERE kind = 'convert'`,
  ),
  check(
    'point_movements',
    'point_movements_kind_check',
    'a movement of no known kind',
    `
    INSERT INTO point_movements (programme_code, kind, occurred_on) VALUES ('${STREET}', 'gift', '2027-02-02')`,
  ),
  // Lots and their uses.
  check(
    'point_lots',
    'point_lots_check',
    'a lot holding more than it was given',
    `
    UPDATE point_lots SET remaining = original + 1 WHERE account_id = ${holder}`,
  ),
  check(
    'point_lots',
    'point_lots_check',
    'a lot below zero',
    `
    UPDATE point_lots SET remaining = -1 WHERE account_id = ${holder}`,
  ),
  check(
    'point_lots',
    'point_lots_original_check',
    'a lot of 0 points',
    `
    UPDATE point_lots SET original = 0, remaining = 0 WHERE account_id = ${holder}`,
  ),
  check(
    'point_lot_uses',
    'point_lot_uses_amount_check',
    'a lot use of 0 points',
    `
    UPDATE point_lot_uses SET amount = 0`,
  ),
  // Programmes' rules.
  check(
    'point_programmes',
    'point_programmes_check',
    'a shop programme without its owner',
    `
    UPDATE point_programmes SET owner_provider_code = NULL WHERE code = '${STREET}'`,
  ),
  check(
    'point_programmes',
    'point_programmes_check',
    'a municipal programme with an owner',
    `
    UPDATE point_programmes SET owner_provider_code = 'kumiai' WHERE code = '${CITY}'`,
  ),
  check(
    'point_programmes',
    'point_programmes_check1',
    'a premium on a shop programme',
    `
    UPDATE point_programmes SET premium_percent = 10 WHERE code = '${STREET}'`,
  ),
  check(
    'point_programmes',
    'point_programmes_kind_check',
    'a programme of no known kind',
    `
    UPDATE point_programmes SET kind = 'street' WHERE code = '${STREET}'`,
  ),
  check(
    'point_programmes',
    'point_programmes_premium_percent_check',
    'a premium above 100 %',
    `
    UPDATE point_programmes SET premium_percent = 101 WHERE code = '${CITY}'`,
  ),
  check(
    'point_programmes',
    'point_programmes_premium_percent_check',
    'a premium below 0 %',
    `
    UPDATE point_programmes SET premium_percent = -1 WHERE code = '${CITY}'`,
  ),
  check(
    'point_programmes',
    'point_programmes_cancel_days_check',
    'a negative cancel window',
    `
    UPDATE point_programmes SET cancel_days = -1`,
  ),
  check(
    'point_programmes',
    'point_programmes_daily_cap_check',
    'a daily cap of 0',
    `
    UPDATE point_programmes SET daily_cap = 0`,
  ),
  check(
    'point_programmes',
    'point_programmes_yen_per_point_check',
    'a negative rate',
    `
    UPDATE point_programmes SET yen_per_point = -1`,
  ),
  check(
    'point_programmes',
    'point_programmes_redeem_pin_above_check',
    'a negative PIN amount',
    `
    UPDATE point_programmes SET redeem_pin_above = -1`,
  ),
  check(
    'point_fixed_awards',
    'point_fixed_awards_points_check',
    'a fixed award of 0 points',
    `
    UPDATE point_fixed_awards SET points = 0`,
  ),
  // Partners and coupons.
  check(
    'point_partners',
    'point_partners_rate_points_check',
    'a rate of 0 points',
    `
    UPDATE point_partners SET rate_points = 0`,
  ),
  check(
    'point_partners',
    'point_partners_rate_per_check',
    'a rate per 0 partner points',
    `
    UPDATE point_partners SET rate_per = 0`,
  ),
  check(
    'point_partners',
    'point_partners_daily_cap_person_check',
    'a person’s cap of 0',
    `
    UPDATE point_partners SET daily_cap_person = 0`,
  ),
  check(
    'point_partners',
    'point_partners_daily_cap_partner_check',
    'a partner’s cap of 0',
    `
    UPDATE point_partners SET daily_cap_partner = 0`,
  ),
  check(
    'point_partners',
    'point_partners_holding_days_check',
    'holding days past 90',
    `
    UPDATE point_partners SET holding_days = 91`,
  ),
  check(
    'point_partners',
    'point_partners_holding_days_check',
    'holding days of 0',
    `
    UPDATE point_partners SET holding_days = 0`,
  ),
  check(
    'point_partner_days',
    'point_partner_days_points_check',
    'a partner’s day below zero',
    `
    UPDATE point_partner_days SET points = -1`,
  ),
  check(
    'point_coupon_batches',
    'point_coupon_batches_count_check',
    'a batch of 1,001 codes',
    `
    UPDATE point_coupon_batches SET count = 1001`,
  ),
  check(
    'point_coupon_batches',
    'point_coupon_batches_count_check',
    'a batch of no codes',
    `
    UPDATE point_coupon_batches SET count = 0`,
  ),
  check(
    'point_coupon_batches',
    'point_coupon_batches_points_check',
    'a batch of 0-point codes',
    `
    UPDATE point_coupon_batches SET points = 0`,
  ),
  check(
    'point_coupons',
    'point_coupons_points_check',
    'a coupon of 0 points',
    `
    UPDATE point_coupons SET points = 0`,
  ),
  // Closed periods.
  check(
    'point_settlements',
    'point_settlements_period_check',
    'month 0000-01',
    `
    INSERT INTO point_settlements VALUES ('${STREET}', '0000-01', '2027-02-01')`,
  ),
  check(
    'point_settlements',
    'point_settlements_period_check',
    'month 13',
    `
    INSERT INTO point_settlements VALUES ('${STREET}', '2027-13', '2027-02-01')`,
  ),
  check(
    'point_settlements',
    'point_settlements_period_check',
    'month 00',
    `
    INSERT INTO point_settlements VALUES ('${STREET}', '2027-00', '2027-02-01')`,
  ),
  check(
    'point_settlement_lines',
    'point_settlement_lines_line_kind_check',
    'a line of no known kind',
    `
    INSERT INTO point_settlement_lines VALUES ('${STREET}', '2027-01', 'bonus', '', '', 0)`,
  ),
  {
    table: 'point_settlements',
    guard: 'point_settlements_final',
    trigger: true,
    what: 'a closed month is not reopened',
    statements: [`DELETE FROM point_settlements WHERE period = '2027-02'`],
    refused: /a closed period is final/,
  },
  {
    table: 'point_settlements',
    guard: 'point_settlements_final',
    trigger: true,
    what: 'a closed month keeps its day',
    statements: [`UPDATE point_settlements SET closed_on = '2027-03-01'`],
    refused: /a closed period is final/,
  },
  {
    table: 'point_settlement_lines',
    guard: 'point_settlement_lines_final',
    trigger: true,
    what: 'a closed month’s figures never change',
    statements: [`UPDATE point_settlement_lines SET points = 0 WHERE line_kind = 'awarded'`],
    refused: /a closed period is final/,
  },
  {
    table: 'point_settlement_lines',
    guard: 'point_settlement_lines_final',
    trigger: true,
    what: 'a closed month’s lines are never deleted',
    statements: [`DELETE FROM point_settlement_lines`],
    refused: /a closed period is final/,
  },
  settled(
    'a settled movement is not unsettled',
    'settled_in = NULL',
    'NEW.settled_in IS DISTINCT FROM OLD.settled_in',
  ),
  settled(
    'a settled movement keeps its day',
    `occurred_on = '2027-02-10'`,
    'NEW.occurred_on <> OLD.occurred_on',
  ),
  settled('a settled movement keeps its kind', `kind = 'expire'`, 'NEW.kind <> OLD.kind'),
  settled(
    'a settled movement keeps its programme',
    `programme_code = '${CITY}'`,
    'NEW.programme_code IS DISTINCT FROM OLD.programme_code',
  ),
  // To no shop: a comparison with <> would let this one through.
  settled(
    'a settled movement keeps its shop',
    'provider_code = NULL',
    'NEW.provider_code IS DISTINCT FROM OLD.provider_code',
  ),
];

/** January 2027 at s1 (A-P002), a conversion from card1, a coupon batch; January and February (empty) closed. */
async function setUp(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO municipalities VALUES ('A', 'A市');
    INSERT INTO providers (code, municipality_code, name) VALUES ('kumiai', 'A', '○○商店街振興組合'),
      ('s1', 'A', '店s1'), ('card1', 'A', 'カード会社');
    INSERT INTO services VALUES ('A-card1-0001', 'card1', 'カード会員');
    INSERT INTO my_keys VALUES ('${WHO}', 'default', 'test', '${WHO}');
    INSERT INTO links VALUES ('${WHO}', 'A-card1-0001', 'C1');
  `);
  for (const code of [STREET, CITY]) {
    const street = code === STREET;
    const put = await putProgramme(db, {
      code,
      name: street ? '○○商店街ポイント' : 'A市ポイント',
      kind: street ? 'provider' : 'municipal',
      municipalityCode: 'A',
      ...(street ? { ownerProviderCode: 'kumiai' } : {}),
      yenPerPoint: 100,
      expiryRule: 'months:6',
      dailyCap: 300,
      cancelDays: 30,
      premiumPercent: street ? 0 : 10,
      participants: [{ providerCode: 's1', mayAward: true, mayRedeem: true }],
      fixedAwards: street ? [{ code: 'clean', name: '清掃', points: 50 }] : [],
    });
    expect(put.ok).toBe(true);
  }
  const partner = await putPartner(db, {
    providerCode: 'card1',
    serviceCode: 'A-card1-0001',
    ratePoints: 1,
    ratePer: 2,
    dailyCapPerson: 5000,
    dailyCapPartner: 100_000,
    holdingDays: 14,
  });
  expect(partner.ok).toBe(true);
  const answers = await db.query<{ answer: { status: string } }>(`
    SELECT point_award('${STREET}', 's1', '${WHO}', 10000, NULL, '2027-01-10', 'award') AS answer
    UNION ALL SELECT point_redeem('${STREET}', 's1', '${WHO}', 30, '2027-01-11', 'redeem')
    UNION ALL SELECT point_convert('card1', 'T1', 'mac', 'C1', 200, '2027-01-12') -> 'result'`);
  expect(answers.map((a) => a.answer.status)).toEqual(['applied', 'applied', 'applied']);
  await db.exec(`
    INSERT INTO point_coupon_batches VALUES ('card1', 'B1', 'mac', 1, 500, '2027-03-01');
    INSERT INTO point_coupons (code_hash, provider_code, batch_id, points, expires_on)
      VALUES ('\\x00', 'card1', 'B1', 500, '2027-03-01');
  `);
  expect((await closePeriod(db, STREET, '2027-01', '2027-02-01')).ok).toBe(true);
  expect((await closePeriod(db, STREET, '2027-02', '2027-03-01')).ok).toBe(true);
}

/** The definition (CREATE OR REPLACE FUNCTION …) of the function a trigger runs. */
async function functionOf(db: Queryable, table: string, trigger: string): Promise<string> {
  const [row] = await db.query<{ definition: string }>(
    `SELECT pg_get_functiondef(tgfoid) AS definition FROM pg_trigger
     WHERE tgrelid = '${table}'::regclass AND tgname = '${trigger}'`,
  );
  if (!row) throw new Error(`no trigger ${trigger} on ${table}`);
  return row.definition;
}

async function run(db: Database | Queryable, statements: string[]): Promise<void> {
  for (const statement of statements) await db.query(statement);
}

/** Work in a transaction that is always rolled back. */
async function rolledBack(db: Database, work: (tx: Queryable) => Promise<void>): Promise<void> {
  const rollBack = new Error('rolled back on purpose');
  await expect(
    db.transaction(async (tx) => {
      await work(tx);
      throw rollBack;
    }),
  ).rejects.toBe(rollBack);
}

describe.each(databaseKinds())('the ledger’s database guards on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await setUp(db);
  });
  afterAll(() => db.close());

  it.each(CASES.map((c) => [`${c.guard}: ${c.what}`, c] as const))(
    '%s',
    async (_, { table, guard, trigger, statements, refused, without }) => {
      const attempt =
        statements.length === 1 ? run(db, statements) : db.transaction((tx) => run(tx, statements));
      await expect(attempt).rejects.toThrow(refused);
      // The refusal is this guard's: without it (and only it), the statement goes through.
      await rolledBack(db, async (tx) => {
        await tx.query(
          trigger
            ? `DROP TRIGGER ${guard} ON ${table}`
            : `ALTER TABLE ${table} DROP CONSTRAINT ${guard}`,
        );
        await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
        await run(tx, statements);
      });
      if (!without) return;
      // And it is this clause's: with the trigger's function rewritten without it, it goes through.
      const [clause, instead] = without;
      const definition = await functionOf(db, table, guard);
      expect(definition.split(clause).length - 1, `${guard} has ${clause} once`).toBe(1);
      await rolledBack(db, async (tx) => {
        await tx.query(definition.replace(clause, instead));
        await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
        await run(tx, statements);
      });
    },
  );

  it('an entry posted directly moves the holder’s balance, and compaction may still delete entries', async () => {
    await rolledBack(db, async (tx) => {
      const before = await tx.query<{ balance: number }>(
        `SELECT balance::int FROM point_accounts WHERE id = ${holder}`,
      );
      await tx.query(`
        WITH m AS (INSERT INTO point_movements (programme_code, kind, provider_code, occurred_on)
          VALUES ('${STREET}', 'award', 's1', '2027-02-02') RETURNING id)
        INSERT INTO point_entries (movement_id, account_id, amount)
        SELECT m.id, e.account, e.amount FROM m,
          (VALUES (${issue}, -5), (${holder}, 5)) AS e (account, amount)`);
      await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
      expect(
        await tx.query(`SELECT balance::int FROM point_accounts WHERE id = ${holder}`),
      ).toEqual([{ balance: (before[0]?.balance ?? Number.NaN) + 5 }]);
      // Compaction (point_fold) deletes a settled movement's entries while it compacts.
      await tx.query(`SELECT set_config('mykey.compacting', 'on', true)`);
      await tx.query(`DELETE FROM point_entries WHERE movement_id = ${awardMovement}`);
    });
  });

  it('every CHECK and trigger on a point_* table has a case above', async () => {
    const guards = await db.query<{ guard: string }>(
      `SELECT conrelid::regclass::text || '.' || conname AS guard FROM pg_constraint
       WHERE contype = 'c' AND conrelid::regclass::text LIKE 'point\\_%'
       UNION SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger
       WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'point\\_%'`,
    );
    expect(guards.map((g) => g.guard).sort()).toEqual(
      [...new Set(CASES.map((c) => `${c.table}.${c.guard}`))].sort(),
    );
  });

  it('every column a trigger keeps on a point_* table has a case of its own above', async () => {
    const triggers = await db.query<{ table: string; trigger: string }>(
      `SELECT tgrelid::regclass::text AS "table", tgname AS "trigger" FROM pg_trigger
       WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'point\\_%'`,
    );
    const kept: string[] = [];
    for (const { table, trigger } of triggers) {
      const definition = await functionOf(db, table, trigger);
      for (const [comparison] of definition.matchAll(
        /NEW\.(\w+) (?:<>|IS DISTINCT FROM) OLD\.\1\b/g,
      )) {
        kept.push(`${table}.${trigger}: ${comparison}`);
      }
    }
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept.sort()).toEqual(
      CASES.filter((c) => c.without?.[0].startsWith('NEW.'))
        .map((c) => `${c.table}.${c.guard}: ${c.without?.[0]}`)
        .sort(),
    );
  });
});
