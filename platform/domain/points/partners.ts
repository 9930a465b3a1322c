import type { Partner } from '../../../core/api/partners';
import { fail, ok, type Result } from '../../../core/result';
import type { Database } from '../../store/database';
import { lockFor } from '../../store/sql';

/**
 * 提携企業: a provider becomes a partner when the operator gives it conversion rules. From then on
 * its keys (enrolled as a terminal's) may only convert points, and a counter's may not.
 */
export async function putPartner(
  db: Database,
  partner: Partner,
): Promise<Result<{ outcome: 'created' | 'updated' }>> {
  return db.transaction(async (tx) => {
    await lockFor(tx, `partner:${partner.providerCode}`);
    const [provider] = await tx.query<{
      kind: string;
      owns_service: boolean;
      in_programme: boolean;
    }>(
      `SELECT kind,
         EXISTS (SELECT 1 FROM services WHERE code = $2 AND provider_code = p.code) AS owns_service,
         EXISTS (SELECT 1 FROM point_participants WHERE provider_code = p.code) AS in_programme
       FROM providers p WHERE code = $1`,
      [partner.providerCode, partner.serviceCode],
    );
    if (provider === undefined) return fail('PROVIDER_NOT_FOUND');
    // A shop of a programme is no partner: its counter keys would stop working.
    if (!provider.owns_service || provider.in_programme) return fail('PARTNER_INVALID');
    await tx.query(`UPDATE providers SET kind = 'partner' WHERE code = $1`, [partner.providerCode]);
    const [row] = await tx.query<{ created: boolean }>(
      `INSERT INTO point_partners (provider_code, service_code, rate_points, rate_per,
         daily_cap_person, daily_cap_partner, holding_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (provider_code) DO UPDATE SET service_code = $2, rate_points = $3, rate_per = $4,
         daily_cap_person = $5, daily_cap_partner = $6, holding_days = $7
       RETURNING xmax = 0 AS created`,
      [
        partner.providerCode,
        partner.serviceCode,
        partner.ratePoints,
        partner.ratePer,
        partner.dailyCapPerson,
        partner.dailyCapPartner,
        partner.holdingDays,
      ],
    );
    return ok({ outcome: row?.created === true ? 'created' : 'updated' });
  });
}

export async function listPartners(db: Database): Promise<Partner[]> {
  const rows = await db.query<{
    provider_code: string;
    service_code: string;
    rate_points: number;
    rate_per: number;
    daily_cap_person: number;
    daily_cap_partner: string;
    holding_days: number;
  }>('SELECT * FROM point_partners ORDER BY provider_code');
  return rows.map((row) => ({
    providerCode: row.provider_code,
    serviceCode: row.service_code,
    ratePoints: row.rate_points,
    ratePer: row.rate_per,
    dailyCapPerson: row.daily_cap_person,
    dailyCapPartner: Number(row.daily_cap_partner),
    holdingDays: row.holding_days,
  }));
}
