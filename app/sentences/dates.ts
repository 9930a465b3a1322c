import type { Language } from '../../core/error-messages';

/** The locale dates and numbers are written in for a screen language. */
export const localeOf = (language: Language) => (language === 'ja' ? 'ja-JP' : 'en-GB');

/** A calendar day (YYYY-MM-DD) in words: 2027年12月31日, 31 December 2027. */
export const dayInWords = (day: string, language: Language) =>
  new Date(`${day}T00:00:00`).toLocaleDateString(localeOf(language), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
