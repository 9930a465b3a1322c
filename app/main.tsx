import '@digital-go-jp/design-tokens/dist/tokens.css';
import './ui/app.css';
import { render } from 'preact';
import { registerServiceWorker } from './service-worker';
import { startReception } from './state/reception';
import { App } from './ui/App';

/** The bridge listens on this PC; a deployment may set another port with ?bridge=port. */
const bridgePort = new URLSearchParams(location.search).get('bridge') ?? '8789';

render(<App />, document.getElementById('app') as HTMLElement);
void startReception(`ws://127.0.0.1:${bridgePort}/v1/ws`);
registerServiceWorker();
