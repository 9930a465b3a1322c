import { useState } from 'preact/hooks';
import { WINDOW_API } from '../../core/api/routes/window';
// The kiosk's and the window's sentences come with these modes, not with the counter's first load.
import { sentenceFor } from '../sentences/messages';
import { StorageProblem } from '../shell/StorageProblem';
import type { ReceptionState } from '../store/store';
import { platformClient } from '../terminal/platform-client';
import { bridgeRequest } from '../terminal/terminal-state';
import { LanguageSwitch } from '../widgets/LanguageSwitch';
import { SimulatedCards } from '../widgets/SimulatedCards';
import { ui } from './window-sentences';

type Finalised = { myKeyId: string; linksMoved: number };

/**
 * 市区町村窓口 (本登録): after reissuing the citizen's certificate with the reserved custom ID in its
 * CN, staff read the card and finalise. Staff sign in with their own administrator credential,
 * kept in this page's memory only.
 */
export function WindowApp({ reception }: { reception: ReceptionState }) {
  const { language } = reception;
  const [token, setToken] = useState('');
  const [signedIn, setSignedIn] = useState(false);
  const [card, setCard] = useState<{ certificate: string; myKeyId: string } | undefined>();
  const [result, setResult] = useState<Finalised | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [reading, setReading] = useState(false);
  const header = (
    <header class="top">
      <h1>{ui('windowTitle', language)}</h1>
      <LanguageSwitch language={language} />
    </header>
  );

  if (!signedIn)
    return (
      <div class="app window">
        {header}
        <main>
          <StorageProblem />
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setSignedIn(token.trim() !== '');
            }}
          >
            <label>
              {ui('windowToken', language)}
              <input
                name="staff-token"
                type="password"
                autocomplete="off"
                value={token}
                onInput={(e) => setToken(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="big primary">
              {ui('windowSignIn', language)}
            </button>
          </form>
        </main>
      </div>
    );

  const read = async () => {
    setResult(undefined);
    setError(undefined);
    setCard(undefined);
    setReading(true);
    const answer = await bridgeRequest('mynumber.read', { waitMs: 30_000 });
    setReading(false);
    if (!answer.ok) return setError(answer.code);
    setCard({ certificate: answer.result.certificate, myKeyId: answer.result.myKeyId });
  };
  const finalise = async () => {
    if (card === undefined) return;
    setError(undefined);
    const staff = platformClient({ kind: 'admin', token: token.trim() });
    const answer = await staff.call(WINDOW_API.finaliseCustomMyKeyId, {
      certificate: card.certificate,
    });
    if (answer.ok) return setResult(answer.value);
    setError(answer.code);
  };

  return (
    <div class="app window">
      {header}
      <main>
        <StorageProblem />
        <p>{ui('windowSteps', language)}</p>
        <button type="button" class="big" disabled={reading} onClick={() => void read()}>
          {ui('read', language)}
        </button>
        {reading && (
          <p class="notice info" role="status" data-testid="window-waiting">
            {ui('windowWaiting', language)}
          </p>
        )}
        <SimulatedCards state={reception} language={language} kinds={['mynumber']} />
        {card !== undefined && (
          <>
            <p>
              {ui('windowReservedId', language)}:{' '}
              <output data-testid="window-mykey-id">{card.myKeyId}</output>
            </p>
            <button type="button" class="big primary" onClick={() => void finalise()}>
              {ui('windowFinalise', language)}
            </button>
          </>
        )}
        {result !== undefined && (
          <p class="notice ok" role="status" data-testid="window-result">
            {ui('windowFinalised', language)} {result.myKeyId} — {ui('windowLinksMoved', language)}:{' '}
            {result.linksMoved}
          </p>
        )}
        {error !== undefined && (
          <p class="notice error" role="alert" data-testid="window-error">
            {sentenceFor(error, language)}
          </p>
        )}
      </main>
    </div>
  );
}
