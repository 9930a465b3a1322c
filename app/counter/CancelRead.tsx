import type { Language } from '../../core/error-messages';
import { ui } from '../sentences/messages';
import { cancelReads } from '../terminal/terminal-state';

/** 【取消】 while a read waits for a card: staff need not wait out the 30 seconds. */
export function CancelRead({ busy, language }: { busy: boolean; language: Language }) {
  if (!busy) return null;
  return (
    <button type="button" class="secondary" data-testid="cancel-read" onClick={cancelReads}>
      {ui('cancelRead', language)}
    </button>
  );
}
