import type {
  Catalogue,
  Municipality,
  NewService,
  Provider,
  Service,
  Stats,
} from '../../core/api/catalogue';
import { errorBodySchema } from '../../core/api/common';
import type { Partner } from '../../core/api/partners';
import type { Programme, ProgrammeTotals } from '../../core/api/point-programmes';
import type { Settlement } from '../../core/api/settlement';
import type { ShopAnalytics } from '../../core/api/shop-analytics';
import type { Terminal } from '../../core/api/terminals';
import { japanDay } from '../../core/points/japan-day';
import { fail, ok, type Result } from '../../core/result';
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

/** The same through `<address>/v1/admin/…`; a refusal keeps the platform's own error code. */
export function apiRegistry(address: string, adminToken: string): Registry {
  const call = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    let response: Response;
    try {
      response = await fetch(`${address}/v1/admin${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Error(
        `動作中のプラットフォーム (${address}) に接続できません。起動しているか確かめてください。 / ` +
          `cannot reach the running platform at ${address}; check that it is up. (${(error as Error).message})`,
      );
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.ok) return ok(answer as T);
    const refusal = errorBodySchema.safeParse(answer);
    return fail<T>(refusal.success ? refusal.data.error.code : 'INTERNAL_ERROR');
  };
  return {
    addMunicipality: (m) => call('POST', '/municipalities', m),
    addProvider: (p) => call('POST', '/providers', p),
    addService: (s) => call('POST', '/services', s),
    setLinkNeedsPin: (code, on) =>
      call('PUT', `/services/${encodeURIComponent(code)}/link-pin`, { linkNeedsPin: on }),
    addTerminal: (t) => call('POST', '/terminals', t),
    newEnrolmentCode: (id) =>
      call('POST', `/terminals/${encodeURIComponent(id)}/enrolment-code`, {}),
    revokeTerminal: (id) => call('POST', `/terminals/${encodeURIComponent(id)}/revoke`, {}),
    terminals: async (providerCode) => {
      const query =
        providerCode === undefined ? '' : `?providerCode=${encodeURIComponent(providerCode)}`;
      const answer = await call<{ terminals: Terminal[] }>('GET', `/terminals${query}`);
      return answer.ok ? ok(answer.value.terminals) : answer;
    },
    catalogue: () => call('GET', '/catalogue'),
    stats: () => call('GET', '/stats'),
    programmes: async () => {
      const answer = await call<{ programmes: Programme[] }>('GET', '/point-programmes');
      return answer.ok ? ok(answer.value.programmes) : answer;
    },
    putProgramme: (p) => call('PUT', `/point-programmes/${encodeURIComponent(p.code)}`, p),
    programmeTotals: (code) => call('GET', `/point-programmes/${encodeURIComponent(code)}/totals`),
    closePeriod: (code, period) =>
      call('POST', `/point-programmes/${encodeURIComponent(code)}/settlements`, { period }),
    settlement: (code, period) =>
      call(
        'GET',
        `/point-programmes/${encodeURIComponent(code)}/settlements/${encodeURIComponent(period)}`,
      ),
    partners: async () => {
      const answer = await call<{ partners: Partner[] }>('GET', '/partners');
      return answer.ok ? ok(answer.value.partners) : answer;
    },
    putPartner: (p) => call('PUT', `/partners/${encodeURIComponent(p.providerCode)}`, p),
    analytics: (code, weeks) =>
      call('GET', `/point-programmes/${encodeURIComponent(code)}/analytics?weeks=${weeks}`),
  };
}
