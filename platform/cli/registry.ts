import type {
  Catalogue,
  Municipality,
  NewService,
  Provider,
  Service,
  Stats,
} from '../../core/api/catalogue';
import type { Partner } from '../../core/api/partners';
import type { Programme, ProgrammeTotals } from '../../core/api/point-programmes';
import { ADMIN_API } from '../../core/api/routes/admin';
import { ADMIN_POINTS_API } from '../../core/api/routes/admin-points';
import type { Settlement } from '../../core/api/settlement';
import type { ShopAnalytics } from '../../core/api/shop-analytics';
import type { Terminal } from '../../core/api/terminals';
import { japanDay } from '../../core/points/japan-day';
import { ok, type Result } from '../../core/result';
import {
  createMunicipality,
  createProvider,
  createService,
  readCatalogue,
  setLinkNeedsPin,
} from '../domain/catalogue';
import { listPartners, putPartner } from '../domain/points/partners';
import { listProgrammes, programmeTotals, putProgramme } from '../domain/points/programmes';
import { closePeriod, readSettlement } from '../domain/points/settlement';
import { shopAnalytics } from '../domain/points/shop-weeks';
import { readStats } from '../domain/stats';
import {
  createTerminal,
  listTerminals,
  reissueEnrolmentCode,
  revokeTerminal,
} from '../domain/terminals';
import type { Database } from '../store/database';
import { adminCaller } from './admin-client';

type NewTerminal = { terminalId: string; enrolmentCode: string; enrolmentExpiresAt: string };

/**
 * The CLI's everyday commands (the catalogue, terminals, points programmes, counts), whichever way the platform is
 * reached: its database directly when nothing else holds it, or the running platform's admin API
 * when it does (PGlite allows one process, so `npm run platform -- terminal add` beside `npm
 * start` goes through the API, with the admin token the platform wrote to its data folder).
 */
export interface Registry {
  addMunicipality(m: Municipality): Promise<Result<Municipality>>;
  addProvider(p: Provider): Promise<Result<Provider>>;
  addService(s: NewService): Promise<Result<Service>>;
  setLinkNeedsPin(serviceCode: string, on: boolean): Promise<Result<Service>>;
  addTerminal(t: { providerCode: string; name: string }): Promise<Result<NewTerminal>>;
  newEnrolmentCode(terminalId: string): Promise<Result<{ enrolmentCode: string }>>;
  revokeTerminal(terminalId: string): Promise<Result<unknown>>;
  terminals(providerCode?: string): Promise<Result<Terminal[]>>;
  catalogue(): Promise<Result<Catalogue>>;
  stats(): Promise<Result<Stats>>;
  programmes(): Promise<Result<Programme[]>>;
  putProgramme(p: Programme): Promise<Result<{ outcome: 'created' | 'updated' }>>;
  programmeTotals(code: string): Promise<Result<ProgrammeTotals>>;
  partners(): Promise<Result<Partner[]>>;
  closePeriod(code: string, period: string): Promise<Result<Settlement>>;
  settlement(code: string, period: string): Promise<Result<Settlement>>;
  putPartner(p: Partner): Promise<Result<{ outcome: 'created' | 'updated' }>>;
  analytics(code: string, weeks: number): Promise<Result<ShopAnalytics>>;
}

export function databaseRegistry(db: Database): Registry {
  return {
    addMunicipality: (m) => createMunicipality(db, m),
    addProvider: (p) => createProvider(db, p),
    addService: (s) => createService(db, s),
    setLinkNeedsPin: (code, on) => setLinkNeedsPin(db, code, on),
    addTerminal: (t) => createTerminal(db, t),
    newEnrolmentCode: (id) => reissueEnrolmentCode(db, id),
    revokeTerminal: (id) => revokeTerminal(db, id),
    terminals: async (providerCode) => ok(await listTerminals(db, providerCode)),
    catalogue: async () => ok(await readCatalogue(db)),
    stats: async () => ok(await readStats(db)),
    programmes: async () => ok(await listProgrammes(db)),
    putProgramme: (p) => putProgramme(db, p),
    programmeTotals: (code) => programmeTotals(db, code),
    partners: async () => ok(await listPartners(db)),
    closePeriod: (code, period) => closePeriod(db, code, period, japanDay()),
    settlement: (code, period) => readSettlement(db, code, period),
    putPartner: (p) => putPartner(db, p),
    analytics: (code, weeks) => shopAnalytics(db, 'operator', code, weeks),
  };
}

/**
 * The same through the running platform's admin API, every call through its route in the table
 * (core/api/routes/admin*.ts): its answer read with the route's schema; a refusal keeps the
 * platform's own error code.
 */
export function apiRegistry(address: string, adminToken: string): Registry {
  const call = adminCaller(address, adminToken);
  const A = ADMIN_API;
  const P = ADMIN_POINTS_API;
  const value = <T, V>(answer: Result<T>, pick: (t: T) => V): Result<V> =>
    answer.ok ? ok(pick(answer.value)) : answer;
  return {
    addMunicipality: (m) => call(A.createMunicipality, { body: m }),
    addProvider: (p) => call(A.createProvider, { body: p }),
    addService: (s) => call(A.createService, { body: s }),
    setLinkNeedsPin: (code, on) =>
      call(A.setLinkNeedsPin, { params: { code }, body: { linkNeedsPin: on } }),
    addTerminal: (t) => call(A.createTerminal, { body: t }),
    newEnrolmentCode: (terminalId) => call(A.reissueEnrolmentCode, { params: { terminalId } }),
    revokeTerminal: (terminalId) => call(A.revokeTerminal, { params: { terminalId } }),
    terminals: async (providerCode) =>
      value(await call(A.listTerminals, { query: { providerCode } }), (t) => t.terminals),
    catalogue: () => call(A.catalogue),
    stats: () => call(A.stats),
    programmes: async () => value(await call(P.listProgrammes), (p) => p.programmes),
    putProgramme: (p) => call(P.putProgramme, { params: { code: p.code }, body: p }),
    programmeTotals: (code) => call(P.programmeTotals, { params: { code } }),
    closePeriod: (code, period) => call(P.closeSettlement, { params: { code }, body: { period } }),
    settlement: (code, period) => call(P.readSettlement, { params: { code, period } }),
    partners: async () => value(await call(P.listPartners), (p) => p.partners),
    putPartner: (p) => call(P.putPartner, { params: { providerCode: p.providerCode }, body: p }),
    analytics: (code, weeks) => call(P.analytics, { params: { code }, query: { weeks } }),
  };
}
