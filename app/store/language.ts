import type { Language } from '../../core/error-messages';
import { readLocalSetting, saveLocalSetting } from '../storage/local-settings';
import { store } from './store';

const SAVED_LANGUAGE = 'mykey-language';

/**
 * The screen's language: the store, the page's `lang` (screen readers and fonts follow it) and
 * the next start (where the browser allows storage).
 */
export function setLanguage(language: Language): void {
  store.setState({ language });
  document.documentElement.lang = language;
  saveLocalSetting(SAVED_LANGUAGE, language);
}

/** The language chosen last time on this device, Japanese when none was. */
export function restoreLanguage(): void {
  setLanguage(readLocalSetting(SAVED_LANGUAGE) === 'en' ? 'en' : 'ja');
}
