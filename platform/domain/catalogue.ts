import {
  type Catalogue,
  type Municipality,
  type NewService,
  type Provider,
  type Service,
  serviceSchema,
} from '../../core/api/catalogue';
import { serviceCodeBelongsTo } from '../../core/catalogue-codes';
import { fail, ok, type Result } from '../../core/result';
import type { Queryable } from '../store/database';

export async function createMunicipality(
  db: Queryable,
  m: Municipality,
): Promise<Result<Municipality>> {
  const rows = await db.query(
    'INSERT INTO municipalities (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING code',
    [m.code, m.name],
  );
  return rows.length === 1 ? ok(m) : fail('CODE_TAKEN');
}

export async function createProvider(db: Queryable, p: Provider): Promise<Result<Provider>> {
  const municipality = await db.query('SELECT 1 FROM municipalities WHERE code = $1', [
    p.municipalityCode,
  ]);
  if (municipality.length === 0) return fail('MUNICIPALITY_NOT_FOUND');
  const rows = await db.query(
    'INSERT INTO providers (code, municipality_code, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING code',
    [p.code, p.municipalityCode, p.name],
  );
  return rows.length === 1 ? ok(p) : fail('CODE_TAKEN');
}

export async function createService(db: Queryable, given: NewService): Promise<Result<Service>> {
  const s = serviceSchema.parse(given);
  const [provider] = await db.query<{ municipality_code: string }>(
    'SELECT municipality_code FROM providers WHERE code = $1',
    [s.providerCode],
  );
  if (provider === undefined) return fail('PROVIDER_NOT_FOUND');
  if (!serviceCodeBelongsTo(s.code, provider.municipality_code, s.providerCode)) {
    return fail('SERVICE_CODE_MISMATCH');
  }
  const rows = await db.query(
    `INSERT INTO services (code, provider_code, name, link_needs_pin) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING code`,
    [s.code, s.providerCode, s.name, s.linkNeedsPin],
  );
  return rows.length === 1 ? ok(s) : fail('CODE_TAKEN');
}

/** The operator turns "linking needs the holder's PIN" on or off for one service. */
export async function setLinkNeedsPin(
  db: Queryable,
  serviceCode: string,
  on: boolean,
): Promise<Result<Service>> {
  const [row] = await db.query<Service>(
    `UPDATE services SET link_needs_pin = $2 WHERE code = $1 RETURNING ${SERVICE_COLUMNS}`,
    [serviceCode, on],
  );
  return row === undefined ? fail('SERVICE_NOT_FOUND') : ok(row);
}

/** Whether linking a service needs the holder's PIN; undefined when there is no such service. */
export async function linkNeedsPin(
  db: Queryable,
  serviceCode: string,
): Promise<boolean | undefined> {
  const [row] = await db.query<{ on: boolean }>(
    'SELECT link_needs_pin AS on FROM services WHERE code = $1',
    [serviceCode],
  );
  return row?.on;
}

const SERVICE_COLUMNS =
  'code, provider_code AS "providerCode", name, link_needs_pin AS "linkNeedsPin"';

export async function servicesOfProvider(db: Queryable, providerCode: string): Promise<Service[]> {
  return db.query<Service>(
    `SELECT ${SERVICE_COLUMNS} FROM services WHERE provider_code = $1 ORDER BY code`,
    [providerCode],
  );
}

export async function readCatalogue(db: Queryable): Promise<Catalogue> {
  const [municipalities, providers, services] = await Promise.all([
    db.query<Municipality>('SELECT code, name FROM municipalities ORDER BY code'),
    db.query<Provider>(
      'SELECT code, municipality_code AS "municipalityCode", name FROM providers ORDER BY code',
    ),
    db.query<Service>(`SELECT ${SERVICE_COLUMNS} FROM services ORDER BY code`),
  ]);
  return { municipalities, providers, services };
}
