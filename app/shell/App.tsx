import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LookupScreen } from '../counter/LookupScreen';
import { RegisterScreen } from '../counter/RegisterScreen';
import { QueueScreen } from '../queue/QueueScreen';
import { ui } from '../sentences/messages';
import { type ReceptionState, type Screen, store } from '../store/store';
import { useReception } from '../store/use-reception';
import { LanguageSwitch } from '../widgets/LanguageSwitch';
import { ConnectionLine } from './ConnectionLine';
import { StorageProblem } from './StorageProblem';
import { showScreen } from './start';
import { canUpdateNow, updateNow } from './updates';

const TABS: Array<{
  screen: Screen;
  label: 'tabRegister' | 'tabLookup' | 'tabPoints' | 'tabAnalytics' | 'tabQueue' | 'tabSetup';
}> = [
  { screen: 'register', label: 'tabRegister' },
  { screen: 'lookup', label: 'tabLookup' },
  { screen: 'points', label: 'tabPoints' },
  { screen: 'analytics', label: 'tabAnalytics' },
  { screen: 'queue', label: 'tabQueue' },
  { screen: 'setup', label: 'tabSetup' },
];

type ScreenComponent = () => JSX.Element | null;

/**
 * A screen in its own chunk, fetched when first shown: ポイント and 集計 (only terminals that take
 * part in a programme show them) and 端末設定 (a terminal that is set up rarely opens it again).
 */
function lazyScreen(load: () => Promise<ScreenComponent>) {
  let loaded: ScreenComponent | undefined;
  return function LazyScreen() {
    const [component, setComponent] = useState(() => loaded);
    useEffect(() => {
      if (component === undefined)
        void load().then((screen) => {
          loaded = screen;
          setComponent(() => screen);
        });
    }, [component]);
    const Screen = component;
    return Screen === undefined ? null : <Screen />;
  };
}

const LazyPointsScreen = lazyScreen(() =>
  import('../points/PointsScreen').then((m) => m.PointsScreen),
);
const LazyAnalyticsScreen = lazyScreen(() =>
  import('../analytics/AnalyticsScreen').then((m) => m.AnalyticsScreen),
);
const LazySetupScreen = lazyScreen(() => import('../setup/SetupScreen').then((m) => m.SetupScreen));

/** The whole store, for the kiosk and the window (each one screen that shows most of it). */
export function useReceptionState(): ReceptionState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    const unsubscribe = store.subscribe(setState);
    // A change between the first render and this effect would otherwise never reach the screen.
    setState(store.getState());
    return unsubscribe;
  }, []);
  return state;
}

const selectBanner = (s: ReceptionState) => ({
  language: s.language,
  screen: s.screen,
  withPoints: s.programmes.length > 0,
  pending: s.queue.pending,
  bridge: s.bridge,
  bridgePermission: s.bridgePermission,
  online: s.online,
  sender: s.sender,
  updateReady: s.updateReady,
  // The update waits for an empty queue and no registration under way: the banner hears both.
  canUpdate: canUpdateNow(s),
});

/** The banner: the tabs and where everything stands, seen from every screen. */
function Banner() {
  const state = useReception(selectBanner);
  const { language } = state;
  return (
    <header class="top">
      <h1>{ui('appName', language)}</h1>
      <nav aria-label="screens">
        {TABS.filter(
          (tab) => (tab.screen !== 'points' && tab.screen !== 'analytics') || state.withPoints,
        ).map((tab) => (
          <button
            type="button"
            key={tab.screen}
            class={state.screen === tab.screen ? 'tab current' : 'tab'}
            aria-current={state.screen === tab.screen ? 'page' : undefined}
            onClick={() => showScreen(tab.screen)}
          >
            {ui(tab.label, language)}
            {tab.screen === 'queue' && state.pending > 0 ? ` (${state.pending})` : ''}
          </button>
        ))}
      </nav>
      <LanguageSwitch language={language} />
      {/* Where everything stands belongs to the banner, seen from every screen. */}
      <div class="standing">
        <StorageProblem />
        {state.bridgePermission === 'denied' && state.bridge.kind !== 'ready' && (
          <p class="notice error" role="alert" data-testid="bridge-blocked">
            {ui('bridgeBlocked', language)}
          </p>
        )}
        <ConnectionLine language={language} />
        <div class="status" role="status">
          {!state.online && <span class="badge warn">{ui('offline', language)}</span>}
          {state.online && state.sender.kind === 'waiting' && (
            <span class="badge warn" data-testid="platform-unreachable">
              {ui('platformUnreachable', language)}
            </span>
          )}
          {state.bridge.kind === 'ready' && state.bridge.simulated && (
            <span class="badge sim" data-testid="simulated">
              {ui('simulated', language)}
            </span>
          )}
          {state.bridge.kind === 'unreachable' && state.bridgePermission !== 'denied' && (
            <span class="badge warn">{ui('bridgeUnreachable', language)}</span>
          )}
        </div>
        {state.updateReady && (
          <div class="update" role="status">
            {ui('updateReady', language)}{' '}
            <button type="button" disabled={!state.canUpdate} onClick={updateNow}>
              {ui('update', language)}
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

const selectScreen = (s: ReceptionState) => s.screen;

/**
 * The counter: the banner and the screen on show. Each subscribes to the part of the store it
 * shows, so a change re-renders what shows it (the queue's count, the banner; a read, its screen).
 */
export function App() {
  const screen = useReception(selectScreen);
  return (
    <div class="app">
      <Banner />
      <main>
        {screen === 'register' && <RegisterScreen />}
        {screen === 'lookup' && <LookupScreen />}
        {screen === 'points' && <LazyPointsScreen />}
        {screen === 'analytics' && <LazyAnalyticsScreen />}
        {screen === 'queue' && <QueueScreen />}
        {screen === 'setup' && <LazySetupScreen />}
      </main>
    </div>
  );
}
