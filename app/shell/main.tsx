import '@digital-go-jp/design-tokens/dist/tokens.css';
import './app.css';
import { render } from 'preact';
import { restoreLanguage } from '../store/language';
import { parseBridgePort } from '../terminal/terminal-state';
import { App, useReceptionState } from './App';
import { listenForCards, receptionCardListener, startApp } from './start';

const params = new URLSearchParams(location.search);
/**
 * The bridge listens on this PC, on 8789 unless `?bridge=<port>` says otherwise (kept with the
 * terminal from then on, so the installed app, whose start URL is `/`, finds it too).
 */
const bridgePort = parseBridgePort(params.get('bridge'));
const root = document.getElementById('app') as HTMLElement;
restoreLanguage();

/**
 * A citizen kiosk (?mode=kiosk) or the municipal window (?mode=window), each loaded only there, or
 * the staff's reception app (the default).
 */
// No top-level await: the first chunk holds this module, and the mode's chunk imports that chunk.
if (params.get('mode') === 'window') {
  void import('../window/WindowApp').then(({ WindowApp }) => {
    // The window reads cards when staff press 【読取】, not when a card lands (no listener).
    const Window = () => <WindowApp reception={useReceptionState()} />;
    render(<Window />, root);
  });
} else if (params.get('mode') === 'kiosk') {
  void Promise.all([import('../kiosk/KioskApp'), import('../kiosk/kiosk.css')]).then(
    ([{ KioskApp }]) => {
      const Kiosk = () => <KioskApp reception={useReceptionState()} />;
      render(<Kiosk />, root);
    },
  );
} else {
  listenForCards(receptionCardListener);
  render(<App />, root);
}
void startApp(bridgePort);
