import type { ReceptionState } from '../state/store';
import { ui } from './messages';

/** Says so when the browser's storage is slow to open or will not open at all. */
export function StorageProblem({ reception }: { reception: ReceptionState }) {
  if (reception.storage !== 'slow' && reception.storage !== 'failed') return null;
  return (
    <p class="notice error" role="alert" data-testid="storage-problem">
      {ui(reception.storage === 'slow' ? 'storageSlow' : 'storageFailed', reception.language)}
    </p>
  );
}
