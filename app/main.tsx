import '@digital-go-jp/design-tokens/dist/tokens.css';
import './ui/app.css';
import { render } from 'preact';
import { BRIDGE_WEBSOCKET_PATH } from '../core/bridge/protocol';
import { restoreLanguage } from './state/language';
import { listenForCards, receptionCardListener, startApp } from './state/start';
import { App, useReceptionState } from './ui/App';

const params = new URLSearchParams(location.search);
/** The bridge listens on this PC; a deployment may set another port with ?bridge=port. */
const bridgePort = params.get('bridge') ?? '8789';
const root = document.getElementById('app') as HTMLElement;
restoreLanguage();

/**
 * A citizen kiosk (?mode=kiosk) or the municipal window (?mode=window), each loaded only there, or
 * the staff's reception app (the default).
 */
if (params.get('mode') === 'window') {
  const { WindowApp } = await import('./ui/window/WindowApp');
  // The window reads cards when staff press 【読取】, not when a card lands (no listener).
  const Window = () => <WindowApp reception={useReceptionState()} />;
  render(<Window />, root);
} else if (params.get('mode') === 'kiosk') {
  const { KioskApp } = await import('./ui/kiosk/KioskApp');
  await import('./ui/kiosk/kiosk.css');
  const Kiosk = () => <KioskApp reception={useReceptionState()} />;
  render(<Kiosk />, root);
} else {
  listenForCards(receptionCardListener);
  render(<App />, root);
}
void startApp(`ws://127.0.0.1:${bridgePort}${BRIDGE_WEBSOCKET_PATH}`);
