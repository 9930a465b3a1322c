import { patch } from '../store/store';
import { terminal } from '../terminal/terminal-state';

/** What the 送信待ち screen shows, read again from the outbox. */
export async function refreshQueue(): Promise<void> {
  patch({ queue: await terminal().outbox.status() });
}

/** Sends the outbox now, if this terminal is enrolled; called by every trigger. */
export async function sendNow(): Promise<void> {
  const { identity, sender } = terminal();
  if (identity === undefined) return;
  await sender.drain();
  await refreshQueue();
}

/** Staff have read a refusal: it leaves the list. */
export async function acknowledge(operationId: string): Promise<void> {
  await terminal().outbox.acknowledge(operationId);
  await refreshQueue();
}
