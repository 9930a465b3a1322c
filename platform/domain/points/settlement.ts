import {
  PERIOD_PATTERN,
  SETTLEMENT_LINE_KINDS,
  type Settlement,
} from '../../../core/api/settlement';
import type { ErrorCode } from '../../../core/errors';
import { fail, ok, type Result } from '../../../core/result';
import type { Queryable } from '../../store/database';

/**
 * 精算 (migrations/0010_settlement.sql holds the closing, 0016 its stragglers): close a month, read a
 * closed one. A period is a month of the years 2000 to 9999 (the CLI comes here without the API's
 * schema).
 */

/** Closes a month that has ended (again: the same answer), and gives its settlement. */
export async function closePeriod(
  db: Queryable,
  programmeCode: string,
  period: string,
  today: string,
): Promise<Result<Settlement>> {
  if (!PERIOD_PATTERN.test(period)) return fail('SETTLEMENT_PERIOD_INVALID');
  const [row] = await db.query<{
    answer: { status: 'applied' } | { status: 'rejected'; code: ErrorCode };
  }>('SELECT point_close_period($1, $2, $3::date) AS answer', [programmeCode, period, today]);
  const answer = row?.answer;
  if (answer === undefined) throw new Error('point_close_period gave no answer');
  if (answer.status === 'rejected') return fail(answer.code);
  return readSettlement(db, programmeCode, period);
}

const kindOrder = (kind: string) =>
  SETTLEMENT_LINE_KINDS.indexOf(kind as Settlement['lines'][number]['kind']);

/** A closed month's settlement, as it was closed. */
export async function readSettlement(
  db: Queryable,
  programmeCode: string,
  period: string,
): Promise<Result<Settlement>> {
  if (!PERIOD_PATTERN.test(period)) return fail('SETTLEMENT_PERIOD_INVALID');
  const [head] = await db.query<{ name: string; closed_on: string }>(
    `SELECT p.name, s.closed_on::text FROM point_settlements s
     JOIN point_programmes p ON p.code = s.programme_code
     WHERE s.programme_code = $1 AND s.period = $2`,
    [programmeCode, period],
  );
  if (head === undefined) return fail('SETTLEMENT_NOT_FOUND');
  const rows = await db.query<{
    kind: Settlement['lines'][number]['kind'];
    party_code: string;
    party_name: string;
    points: string;
  }>(
    `SELECT line_kind AS kind, party_code, party_name, points FROM point_settlement_lines
     WHERE programme_code = $1 AND period = $2`,
    [programmeCode, period],
  );
  const lines = rows
    .map((row) => ({
      kind: row.kind,
      ...(row.party_code === '' ? {} : { partyCode: row.party_code, partyName: row.party_name }),
      points: Number(row.points),
    }))
    .sort(
      (a, b) =>
        kindOrder(a.kind) - kindOrder(b.kind) ||
        (a.partyCode ?? '').localeCompare(b.partyCode ?? ''),
    );
  return ok({
    programmeCode,
    programmeName: head.name,
    period,
    closedOn: head.closed_on,
    lines,
    total: lines.reduce((n, line) => n + line.points, 0),
  });
}
