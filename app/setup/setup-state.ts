import { COUNTER_API } from '../../core/api/routes/counter';
import { sendNow } from '../outbox/queue-state';
import { patch } from '../store/store';
import { enrolTerminal } from '../terminal/terminal-identity';
import { terminal } from '../terminal/terminal-state';

/** The services this terminal's provider offers, for 端末設定's choice. */
export async function loadServices(): Promise<void> {
  const answer = await terminal().platform.call(COUNTER_API.services, {});
  if (answer.ok) patch({ services: answer.value.services });
  // Points come in their own chunk: a terminal without a programme never shows the screen.
  await import('../shell/programmes').then((points) => points.loadProgrammes());
}

export async function enrol(code: string): Promise<void> {
  const running = terminal();
  const result = await enrolTerminal(running.db, code.trim());
  if (!result.ok) return patch({ setupNotice: { tone: 'error', text: result.code } });
  running.identity = result.identity;
  patch({
    terminalId: result.identity.terminalId,
    setupNotice: { tone: 'ok', text: 'enrolDone' },
  });
  await loadServices();
  // A terminal enrolled again after a refusal: what waited goes now, signed with the new key.
  void sendNow();
}

export async function chooseService(serviceCode: string): Promise<void> {
  await terminal().db.put('meta', serviceCode, 'service-code');
  patch({ serviceCode });
}

export const beginPairing = () => terminal().link.beginPairing();
export const confirmPairing = (code: string) => terminal().link.confirmPairing(code);
