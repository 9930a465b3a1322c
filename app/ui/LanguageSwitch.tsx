import type { Language } from '../../core/error-messages';
import { ui } from '../sentences/messages';
import { store } from '../state/store';

/** Japanese first; one press shows everything in English (and back). */
export function LanguageSwitch({ language }: { language: Language }) {
  return (
    <button
      type="button"
      class="language"
      onClick={() => store.setState({ language: language === 'ja' ? 'en' : 'ja' })}
    >
      {ui('language', language)}
    </button>
  );
}
