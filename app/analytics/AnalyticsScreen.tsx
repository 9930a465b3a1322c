import './analytics.css';
import { useEffect, useState } from 'preact/hooks';
import type { ShopAnalytics, WeekRow } from '../../core/api/shop-analytics';
import type { Language } from '../../core/error-messages';
import { localeOf } from '../sentences/dates';
import { fill, sentenceFor } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';
import { ProgrammeChoice } from '../widgets/ProgrammeChoice';
import { ui } from './analytics-sentences';
import { loadAnalytics, saveAnalyticsCsv } from './analytics-state';
import { WeeklyChart } from './WeeklyChart';

type Loaded =
  | { kind: 'loading' }
  | { kind: 'shown'; analytics: ShopAnalytics }
  | { kind: 'failed'; code: string; offline: boolean };

/** The row a week shows for the chosen shop ('' the street); a week it had no customers: none. */
const rowOf = (week: ShopAnalytics['weeks'][number], which: string): WeekRow | undefined =>
  which === '' ? week.street : week.shops.find((s) => s.providerCode === which);

/** A week by its Monday, without the year (11月9日, November 9): the table stays narrow. */
const weekLabel = (day: string, language: Language) =>
  new Date(`${day}T00:00:00`).toLocaleDateString(localeOf(language), {
    month: 'long',
    day: 'numeric',
  });

const cell = (value: number | null | undefined) =>
  value === null ? '—' : value === undefined ? '0' : value.toLocaleString();

const selectPart = (s: ReceptionState) => ({
  language: s.language,
  programmes: s.programmes,
  points: s.points,
});
/** What this screen shows of the store: it renders again when that changes, and only then. */
type Shown = ReturnType<typeof selectPart>;

/**
 * 集計 (顧客分析) for shop staff: a programme's last weeks as a chart and a table, the shop's own
 * and the street's; the association's terminal sees every shop and saves a CSV. Only aggregates
 * arrive here, already stripped of anything about fewer than ten people.
 */
export function AnalyticsScreen() {
  const state: Shown = useReception(selectPart);
  const { language, programmes } = state;
  const [programmeCode, setProgrammeCode] = useState(
    state.points.programmeCode ?? programmes[0]?.code,
  );
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [which, setWhich] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (programmeCode === undefined) return;
    let current = true;
    setLoaded({ kind: 'loading' });
    void loadAnalytics(programmeCode).then((answer) => {
      if (!current) return;
      if (answer.ok) setLoaded({ kind: 'shown', analytics: answer.value });
      else setLoaded({ kind: 'failed', code: answer.code, offline: answer.status === undefined });
    });
    return () => {
      current = false;
    };
  }, [programmeCode, attempt]);

  if (programmeCode === undefined) return null;
  const programme = programmes.find((p) => p.code === programmeCode);
  return (
    <section class="analytics" aria-labelledby="analytics-title">
      <h2 id="analytics-title">
        {ui('analyticsTitle', language)}: {programme?.name ?? programmeCode}
      </h2>
      <ProgrammeChoice
        label={ui('analyticsProgramme', language)}
        name="analytics-programme"
        programmes={programmes}
        value={programmeCode}
        onChoose={(code) => {
          setWhich(undefined);
          setProgrammeCode(code);
        }}
      />
      {loaded.kind === 'loading' && <p role="status">{ui('analyticsLoading', language)}</p>}
      {loaded.kind === 'failed' && (
        <div class="notice error" role="alert" data-testid="analytics-notice">
          {loaded.offline ? ui('analyticsOffline', language) : sentenceFor(loaded.code, language)}{' '}
          <button type="button" class="secondary" onClick={() => setAttempt((n) => n + 1)}>
            {ui('analyticsReload', language)}
          </button>
        </div>
      )}
      {loaded.kind === 'shown' && (
        <Figures
          analytics={loaded.analytics}
          which={which}
          setWhich={setWhich}
          language={language}
        />
      )}
    </section>
  );
}

function Figures({
  analytics,
  which: chosen,
  setWhich,
  language,
}: {
  analytics: ShopAnalytics;
  which: string | undefined;
  setWhich: (which: string) => void;
  language: Language;
}) {
  if (analytics.weeks.length === 0) return <p>{ui('analyticsNone', language)}</p>;
  const shops = new Map<string, string>();
  for (const week of analytics.weeks)
    for (const shop of week.shops) shops.set(shop.providerCode, shop.providerName);
  // A shop's staff start on their own shop; the association on the whole street.
  const which = chosen ?? (analytics.scope === 'shop' ? ([...shops.keys()][0] ?? '') : '');
  const whichName = which === '' ? ui('analyticsStreet', language) : (shops.get(which) ?? which);
  const rows = analytics.weeks.map((week) => ({ week, row: rowOf(week, which) }));
  return (
    <>
      <p>
        {ui(analytics.scope === 'street' ? 'analyticsScopeStreet' : 'analyticsScopeShop', language)}
      </p>
      <div class="analytics-tools">
        <label class="inline">
          {ui('analyticsWhich', language)}
          <select
            name="analytics-shop"
            value={which}
            onChange={(e) => setWhich(e.currentTarget.value)}
          >
            <option value="">{ui('analyticsStreet', language)}</option>
            {[...shops].map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {analytics.scope === 'street' && (
          <button type="button" class="secondary" onClick={() => saveAnalyticsCsv(analytics)}>
            {ui('analyticsCsv', language)}
          </button>
        )}
      </div>
      <WeeklyChart
        language={language}
        label={fill(ui('analyticsChart', language), { which: whichName })}
        weeks={rows.map(({ week, row }) => ({
          weekStart: week.weekStart,
          value: row === undefined ? 0 : row.customers,
        }))}
      />
      {/* Scrolls sideways on its own on a phone; the page never does. */}
      <section
        class="analytics-table-wrap"
        aria-label={ui('analyticsTitle', language)}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable)
        tabIndex={0}
      >
        <table class="analytics-table" data-testid="analytics-table">
          <thead>
            <tr>
              <th scope="col">{ui('analyticsWeek', language)}</th>
              <th scope="col">{ui('analyticsCustomers', language)}</th>
              <th scope="col">{ui('analyticsNew', language)}</th>
              <th scope="col">{ui('analyticsRepeat', language)}</th>
              <th scope="col">
                {ui(which === '' ? 'analyticsStreetMulti' : 'analyticsOtherShops', language)}
              </th>
              <th scope="col">{ui('analyticsAwarded', language)}</th>
              <th scope="col">{ui('analyticsRedeemed', language)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ week, row }) => (
              <tr key={week.weekStart} data-week={week.weekStart}>
                <th scope="row">{weekLabel(week.weekStart, language)}</th>
                <td>{cell(row?.customers)}</td>
                <td>{cell(row?.newCustomers)}</td>
                <td>{cell(row?.repeatCustomers)}</td>
                <td>{cell(row?.otherShopCustomers)}</td>
                <td>{cell(row?.pointsAwarded)}</td>
                <td>{cell(row?.pointsRedeemed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p class="analytics-note">
        {fill(ui('analyticsHidden', language), { n: analytics.minPeople })}
      </p>
    </>
  );
}
