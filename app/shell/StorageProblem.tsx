import { ui } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';

const selectPart = (s: ReceptionState) => ({ storage: s.storage, language: s.language });

/**
 * Says so when the browser's storage is slow to open or will not open at all. In a frame, the
 * likely cause is the embedding page being another site (third-party storage blocked), so the
 * sentence names that and its remedy instead of the browser's settings.
 */
export function StorageProblem() {
  const reception = useReception(selectPart);
  if (reception.storage !== 'slow' && reception.storage !== 'failed') return null;
  const embedded = window.top !== window;
  return (
    <p class="notice error" role="alert" data-testid="storage-problem">
      {ui(
        reception.storage === 'slow'
          ? 'storageSlow'
          : embedded
            ? 'storageFailedEmbedded'
            : 'storageFailed',
        reception.language,
      )}
    </p>
  );
}
