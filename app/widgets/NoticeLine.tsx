import type { Language } from '../../core/error-messages';
import { fill, sentenceFor, type UiKey, ui } from '../sentences/messages';
import { markReadings } from '../sentences/reading-marks';
import type { Notice } from '../shell/store';
import { Ruby } from './Ruby';

const isUiKey = (text: string): text is UiKey => /^[a-z]/.test(text);

/** One clear sentence: what happened, in the screen's language. */
export function NoticeLine({
  notice,
  language,
  testId = 'notice',
  readings,
}: {
  notice: Notice | undefined;
  language: Language;
  testId?: string;
  /** Readings to print over hard words (the kiosk's). */
  readings?: Readonly<Record<string, string>>;
}) {
  if (notice === undefined) return null;
  const text = fill(
    isUiKey(notice.text) ? ui(notice.text, language) : sentenceFor(notice.text, language),
    notice.values,
  );
  return (
    <p
      class={`notice ${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {readings === undefined ? text : <Ruby marked={markReadings(text, readings)} />}
    </p>
  );
}
