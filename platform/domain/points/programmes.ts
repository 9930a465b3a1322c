import type { Programme, ProgrammeTotals } from '../../../core/api/point-programmes';
import type { TerminalProgramme } from '../../../core/api/points-counter';
import { fail, ok, type Result } from '../../../core/result';
import type { Database, Queryable } from '../../store/database';
import { lockAll, lockFor } from '../../store/sql';

/**
 * ポイント制度 and their rules. A programme belongs to one municipality and is spent only there
 * (自治体ポイント: 「当該自治体内でのみ利用可能」), so every participant is a provider of that
 * municipality; a municipality has at most one 自治体ポイント.
 */

interface ProgrammeRow {
  code: string;
  name: string;
  kind: 'municipal' | 'provider';
  municipality_code: string;
  owner_provider_code: string | null;
  yen_per_point: number;
  expiry_rule: string;
  daily_cap: number;
  cancel_days: number;
  premium_percent: number;
  redeem_pin_above: number | null;
}

/** Creates a programme, or replaces the rules of one that exists (its owner cannot change). */
export async function putProgramme(
  db: Database,
  programme: Programme,
): Promise<Result<{ outcome: 'created' | 'updated' }>> {
  return db.transaction(async (tx) => {
    await lockFor(tx, `programme:${programme.code}`);
    await lockFor(tx, `municipal-programme:${programme.municipalityCode}`);
    const checked = await checkRules(tx, programme);
    if (!checked.ok) return checked;
    const [existing] = await tx.query<ProgrammeRow>(
      'SELECT * FROM point_programmes WHERE code = $1',
      [programme.code],
    );
    if (existing !== undefined) {
      const sameOwner =
        existing.kind === programme.kind &&
        existing.municipality_code === programme.municipalityCode &&
        existing.owner_provider_code === (programme.ownerProviderCode ?? null);
      if (!sameOwner) return fail('PROGRAMME_INVALID');
      await tx.query(
        `UPDATE point_programmes SET name = $2, yen_per_point = $3, expiry_rule = $4,
           daily_cap = $5, cancel_days = $6, premium_percent = $7, redeem_pin_above = $8
         WHERE code = $1`,
        [
          programme.code,
          programme.name,
          programme.yenPerPoint,
          programme.expiryRule,
          programme.dailyCap,
          programme.cancelDays,
          programme.premiumPercent,
          programme.redeemPinAbove ?? null,
        ],
      );
      await tx.query('DELETE FROM point_participants WHERE programme_code = $1', [programme.code]);
      await tx.query('DELETE FROM point_fixed_awards WHERE programme_code = $1', [programme.code]);
    } else {
      if (programme.kind === 'municipal') {
        const [other] = await tx.query(
          `SELECT 1 FROM point_programmes WHERE municipality_code = $1 AND kind = 'municipal'`,
          [programme.municipalityCode],
        );
        if (other !== undefined) return fail('MUNICIPAL_PROGRAMME_EXISTS');
      }
      await tx.query(
        `INSERT INTO point_programmes (code, name, kind, municipality_code, owner_provider_code,
           yen_per_point, expiry_rule, daily_cap, cancel_days, premium_percent, redeem_pin_above)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          programme.code,
          programme.name,
          programme.kind,
          programme.municipalityCode,
          programme.ownerProviderCode ?? null,
          programme.yenPerPoint,
          programme.expiryRule,
          programme.dailyCap,
          programme.cancelDays,
          programme.premiumPercent,
          programme.redeemPinAbove ?? null,
        ],
      );
      await tx.query(
        `INSERT INTO point_accounts (programme_code, kind) VALUES ($1, 'issue'), ($1, 'expiry')`,
        [programme.code],
      );
    }
    await tx.query(
      `INSERT INTO point_participants (programme_code, provider_code, may_award, may_redeem)
       SELECT $1, * FROM unnest($2::text[], $3::boolean[], $4::boolean[])`,
      [
        programme.code,
        programme.participants.map((p) => p.providerCode),
        programme.participants.map((p) => p.mayAward),
        programme.participants.map((p) => p.mayRedeem),
      ],
    );
    await tx.query(
      `INSERT INTO point_fixed_awards (programme_code, code, name, points)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])`,
      [
        programme.code,
        programme.fixedAwards.map((f) => f.code),
        programme.fixedAwards.map((f) => f.name),
        programme.fixedAwards.map((f) => f.points),
      ],
    );
    return ok({ outcome: existing === undefined ? ('created' as const) : ('updated' as const) });
  });
}

/** The municipality exists; the owner and every participant are providers of it; no duplicates. */
async function checkRules(tx: Queryable, programme: Programme): Promise<Result<true>> {
  const [municipality] = await tx.query('SELECT 1 FROM municipalities WHERE code = $1', [
    programme.municipalityCode,
  ]);
  if (municipality === undefined) return fail('MUNICIPALITY_NOT_FOUND');
  if ((programme.kind === 'municipal') !== (programme.ownerProviderCode === undefined))
    return fail('PROGRAMME_INVALID');
  // Only 自治体ポイント receive converted points, so only they can add a premium to them.
  if (programme.kind !== 'municipal' && programme.premiumPercent > 0)
    return fail('PROGRAMME_INVALID');
  const providers = [
    ...programme.participants.map((p) => p.providerCode),
    ...(programme.ownerProviderCode === undefined ? [] : [programme.ownerProviderCode]),
  ];
  const participants = new Set(programme.participants.map((p) => p.providerCode));
  const activities = new Set(programme.fixedAwards.map((f) => f.code));
  if (participants.size !== programme.participants.length) return fail('PROGRAMME_INVALID');
  if (activities.size !== programme.fixedAwards.length) return fail('PROGRAMME_INVALID');
  // A partner's keys only convert (putPartner refuses a participant the other way round); the
  // partners' locks, as putPartner takes them, so neither change can pass the other's check.
  await lockAll(
    tx,
    programme.participants.map((p) => `partner:${p.providerCode}`),
  );
  const [found] = await tx.query<{ n: number; partners: number }>(
    `SELECT count(DISTINCT code)::int AS n,
       count(DISTINCT code) FILTER (WHERE kind = 'partner' AND code = ANY($3::text[]))::int AS partners
     FROM providers WHERE code = ANY($1::text[]) AND municipality_code = $2`,
    [providers, programme.municipalityCode, [...participants]],
  );
  if (found?.n !== new Set(providers).size) return fail('PROGRAMME_INVALID');
  return found.partners === 0 ? ok(true) : fail('PROGRAMME_PARTICIPANT_IS_PARTNER');
}

export async function listProgrammes(db: Queryable): Promise<Programme[]> {
  const rows = await db.query<ProgrammeRow>('SELECT * FROM point_programmes ORDER BY code');
  const participants = await db.query<{
    programme_code: string;
    provider_code: string;
    may_award: boolean;
    may_redeem: boolean;
  }>('SELECT * FROM point_participants ORDER BY programme_code, provider_code');
  const fixedAwards = await fixedAwardsOf(db, rows);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    kind: row.kind,
    municipalityCode: row.municipality_code,
    ...(row.owner_provider_code === null ? {} : { ownerProviderCode: row.owner_provider_code }),
    yenPerPoint: row.yen_per_point,
    expiryRule: row.expiry_rule,
    dailyCap: row.daily_cap,
    cancelDays: row.cancel_days,
    premiumPercent: row.premium_percent,
    redeemPinAbove: row.redeem_pin_above,
    participants: participants
      .filter((p) => p.programme_code === row.code)
      .map((p) => ({
        providerCode: p.provider_code,
        mayAward: p.may_award,
        mayRedeem: p.may_redeem,
      })),
    fixedAwards: fixedAwards(row.code),
  }));
}

type FixedAward = Programme['fixedAwards'][number];

/** The fixed awards (行政ポイント) of some programmes, in code order, one query for all of them. */
async function fixedAwardsOf(
  db: Queryable,
  programmes: readonly { code: string }[],
): Promise<(programmeCode: string) => FixedAward[]> {
  const rows = await db.query<FixedAward & { programme_code: string }>(
    'SELECT * FROM point_fixed_awards WHERE programme_code = ANY($1::text[]) ORDER BY code',
    [programmes.map((p) => p.code)],
  );
  return (programmeCode) =>
    rows
      .filter((f) => f.programme_code === programmeCode)
      .map((f) => ({ code: f.code, name: f.name, points: f.points }));
}

/** The programmes a provider takes part in, with what its terminals may do in each. */
export async function programmesOfProvider(
  db: Queryable,
  providerCode: string,
): Promise<TerminalProgramme[]> {
  const rows = await db.query<ProgrammeRow & { may_award: boolean; may_redeem: boolean }>(
    `SELECT p.*, pp.may_award, pp.may_redeem FROM point_programmes p
     JOIN point_participants pp ON pp.programme_code = p.code AND pp.provider_code = $1
     ORDER BY p.kind, p.code`,
    [providerCode],
  );
  const fixedAwards = await fixedAwardsOf(db, rows);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    kind: row.kind,
    mayAward: row.may_award,
    mayRedeem: row.may_redeem,
    yenPerPoint: row.yen_per_point,
    dailyCap: row.daily_cap,
    cancelDays: row.cancel_days,
    redeemPinAbove: row.redeem_pin_above,
    fixedAwards: fixedAwards(row.code),
  }));
}

/**
 * A programme's totals, summed from its entries and what compaction carried: issued (net of
 * cancelled awards) plus converted equals what was redeemed, what expired and what people hold.
 */
export async function programmeTotals(
  db: Queryable,
  code: string,
): Promise<Result<ProgrammeTotals>> {
  const [row] = await db.query<{
    known: boolean;
    issued: string | null;
    converted: string | null;
    redeemed: string | null;
    expired: string | null;
    outstanding: string | null;
  }>(
    `WITH figures AS (
       SELECT a.kind, e.amount FROM point_accounts a JOIN point_entries e ON e.account_id = a.id
       WHERE a.programme_code = $1
       UNION ALL
       SELECT a.kind, c.points FROM point_accounts a JOIN point_carried c ON c.account_id = a.id
       WHERE a.programme_code = $1
     )
     SELECT EXISTS (SELECT 1 FROM point_programmes WHERE code = $1) AS known,
       -sum(amount) FILTER (WHERE kind = 'issue') AS issued,
       -((SELECT coalesce(sum(h.amount), 0) FROM point_movements m
           JOIN point_entries h ON h.movement_id = m.id
           JOIN point_accounts ha ON ha.id = h.account_id AND ha.kind = 'holding'
         WHERE m.programme_code = $1 AND m.kind = 'place')
        + (SELECT coalesce(sum(c.points), 0) FROM point_carried c
           JOIN point_accounts ha ON ha.id = c.account_id AND ha.kind = 'holding'
           WHERE c.programme_code = $1)) AS converted,
       sum(amount) FILTER (WHERE kind = 'redemption') AS redeemed,
       sum(amount) FILTER (WHERE kind = 'expiry') AS expired,
       sum(amount) FILTER (WHERE kind = 'holder') AS outstanding
     FROM figures`,
    [code],
  );
  if (row === undefined || !row.known) return fail('PROGRAMME_NOT_FOUND');
  return ok({
    code,
    issued: Number(row.issued ?? 0),
    converted: Number(row.converted ?? 0),
    redeemed: Number(row.redeemed ?? 0),
    expired: Number(row.expired ?? 0),
    outstanding: Number(row.outstanding ?? 0),
  });
}
