import type { Catalogue, NewService } from '../../core/api/catalogue';
import type { Programme } from '../../core/api/point-programmes';
import { createMunicipality, createProvider, createService } from '../domain/catalogue';
import { putPartner } from '../domain/points/partners';
import { putProgramme } from '../domain/points/programmes';
import type { Database } from '../store/database';

/** The source's table (サービス事業者による利用申請), with ASCII codes for β1 and γ1. */
export const DEMO_CATALOGUE: Omit<Catalogue, 'services'> & { services: NewService[] } = {
  municipalities: [{ code: 'A', name: 'A市' }],
  providers: [
    { code: 'a1', municipalityCode: 'A', name: '商店街組合a1' },
    { code: 'beta1', municipalityCode: 'A', name: '図書館β1' },
    { code: 'gamma1', municipalityCode: 'A', name: '公共施設γ1' },
  ],
  services: [
    // A point card links with a tap; a library card asks for the PIN once (the 2024 rules).
    { code: 'A-a1-0001', providerCode: 'a1', name: '○○商店街ポイントカード', linkNeedsPin: false },
    {
      code: 'A-beta1-0001',
      providerCode: 'beta1',
      name: '△△図書館貸出システム',
      linkNeedsPin: true,
    },
    { code: 'A-gamma1-0001', providerCode: 'gamma1', name: '□□公共施設予約システム' },
  ],
};

/** Loads the demo catalogue into an empty database; does nothing when any municipality exists. */
export async function seedDemoCatalogueIfEmpty(db: Database): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM municipalities');
  if ((row?.n ?? 0) > 0) return false;
  for (const m of DEMO_CATALOGUE.municipalities) await createMunicipality(db, m);
  for (const p of DEMO_CATALOGUE.providers) await createProvider(db, p);
  for (const s of DEMO_CATALOGUE.services) await createService(db, s);
  return true;
}

/**
 * The source's two kinds of points in A市: 自治体ポイント (1 point = 1 yen; 行政ポイント for
 * activities at the public facility, spent at the shopping street and the facility) and the
 * shopping street's own points (1 point per 100 yen, at its shops).
 */
export const DEMO_PROGRAMMES: Programme[] = [
  {
    code: 'A-P001',
    name: 'A市ポイント',
    kind: 'municipal',
    municipalityCode: 'A',
    yenPerPoint: 0,
    expiryRule: 'months:24',
    dailyCap: 1000,
    cancelDays: 30,
    // A市 adds 10 % to partner points placed in it (地域経済応援ポイント).
    premiumPercent: 10,
    participants: [
      { providerCode: 'a1', mayAward: false, mayRedeem: true },
      { providerCode: 'gamma1', mayAward: true, mayRedeem: true },
    ],
    fixedAwards: [
      { code: 'volunteer', name: '地域清掃ボランティア', points: 300 },
      { code: 'health-checkup', name: '健康診断の受診', points: 500 },
      { code: 'sports-class', name: 'スポーツ教室への参加', points: 100 },
    ],
  },
  {
    code: 'A-P002',
    name: '○○商店街ポイント',
    kind: 'provider',
    municipalityCode: 'A',
    ownerProviderCode: 'a1',
    yenPerPoint: 100,
    expiryRule: 'months:12',
    dailyCap: 500,
    cancelDays: 30,
    premiumPercent: 0,
    participants: [{ providerCode: 'a1', mayAward: true, mayRedeem: true }],
    fixedAwards: [],
  },
];

/**
 * Loads the demo programmes when there are none and the demo's providers exist (also into a data
 * folder made before points existed); does nothing otherwise.
 */
export async function seedDemoProgrammesIfNone(db: Database): Promise<boolean> {
  const [row] = await db.query<{ programmes: number; providers: number }>(
    `SELECT (SELECT count(*)::int FROM point_programmes) AS programmes,
       (SELECT count(*)::int FROM providers WHERE municipality_code = 'A'
          AND code IN ('a1', 'gamma1')) AS providers`,
  );
  if (row === undefined || row.programmes > 0 || row.providers < 2) return false;
  for (const programme of DEMO_PROGRAMMES) await putProgramme(db, programme);
  return true;
}

/**
 * The quick tour's partner (提携企業): a card company whose card points become A市ポイント (1 card
 * point → 5 points), held 14 days. Loaded by `npm start` beside the demo catalogue when A市 exists
 * and there is no partner yet; the tests make their own.
 */
export async function seedDemoPartnerIfNone(db: Database): Promise<boolean> {
  const [row] = await db.query<{ ready: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM municipalities WHERE code = 'A')
       AND NOT EXISTS (SELECT 1 FROM point_partners)
       AND NOT EXISTS (SELECT 1 FROM providers WHERE code = 'card1') AS ready`,
  );
  if (!row?.ready) return false;
  await createProvider(db, { code: 'card1', municipalityCode: 'A', name: 'ＸＸカード' });
  await createService(db, { code: 'A-card1-0001', providerCode: 'card1', name: 'ＸＸカード会員' });
  const put = await putPartner(db, {
    providerCode: 'card1',
    serviceCode: 'A-card1-0001',
    ratePoints: 5,
    ratePer: 1,
    dailyCapPerson: 50_000,
    dailyCapPartner: 10_000_000,
    holdingDays: 14,
  });
  return put.ok;
}
