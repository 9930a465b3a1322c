import type { Catalogue } from '../core/api/catalogue';
import { createMunicipality, createProvider, createService } from './domain/catalogue';
import type { Database } from './store/database';

/** The source's table (サービス事業者による利用申請), with ASCII codes for β1 and γ1. */
export const DEMO_CATALOGUE: Catalogue = {
  municipalities: [{ code: 'A', name: 'A市' }],
  providers: [
    { code: 'a1', municipalityCode: 'A', name: '商店街組合a1' },
    { code: 'beta1', municipalityCode: 'A', name: '図書館β1' },
    { code: 'gamma1', municipalityCode: 'A', name: '公共施設γ1' },
  ],
  services: [
    { code: 'A-a1-0001', providerCode: 'a1', name: '○○商店街ポイントカード' },
    { code: 'A-beta1-0001', providerCode: 'beta1', name: '△△図書館貸出システム' },
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
