import type { Language } from '../../core/error-messages';
import { store } from './store';

const SAVED_LANGUAGE = 'mykey-language';

/**
 * The screen's language: the store, the page's `lang` (screen readers and fonts follow it) and,
 * where the browser allows storage, the next start.
 */
export function setLanguage(language: Language): void {
  store.setState({ language });
  document.documentElement.lang = language;
  try {
    localStorage.setItem(SAVED_LANGUAGE, language);
  } catch {
    // No storage (an embedding site's frame): the language lasts as long as the page.
  }
}

/** The language chosen last time on this device, Japanese when none was. */
export function restoreLanguage(): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(SAVED_LANGUAGE);
  } catch {
    saved = null;
  }
  setLanguage(saved === 'en' ? 'en' : 'ja');
}
