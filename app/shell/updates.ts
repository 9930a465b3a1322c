import { type ReceptionState, store } from '../store/store';
import { applyUpdate } from './service-worker';

/** A new version is installed only with the queue empty and no registration under way. */
export function canUpdateNow(
  { queue, registration }: Pick<ReceptionState, 'queue' | 'registration'> = store.getState(),
): boolean {
  return (
    queue.pending === 0 &&
    (registration.step === 1 || registration.step === 'done') &&
    !registration.busy
  );
}

/** 更新: never forced, and never in the middle of a registration. */
export function updateNow(): void {
  if (canUpdateNow()) applyUpdate();
}
