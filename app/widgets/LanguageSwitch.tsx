import type { Language } from '../../core/error-messages';
import { ui } from '../sentences/messages';
import { setLanguage } from '../store/language';

/** Japanese first; one press shows everything in English (and back). */
export function LanguageSwitch({ language }: { language: Language }) {
  return (
    <button
      type="button"
      class="language"
      onClick={() => setLanguage(language === 'ja' ? 'en' : 'ja')}
    >
      {ui('language', language)}
    </button>
  );
}
