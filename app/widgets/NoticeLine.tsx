import type { Language } from '../../core/error-messages';
import { fill, type SentenceBook, sentenceFor, sharedSentences } from '../sentences/messages';
import { markReadings } from '../sentences/reading-marks';
import { Ruby } from './Ruby';

/** A sentence's key starts in lower case; an error code is in capitals. */
const isSentenceKey = (text: string) => /^[a-z]/.test(text);

/** What a notice says (shell/store.ts's Notice): a sentence's key or an error code. */
interface NoticeShown {
  tone: 'ok' | 'info' | 'error';
  text: string;
  values?: Readonly<Record<string, string | number>> | undefined;
}

/** One clear sentence: what happened, in the screen's language. */
export function NoticeLine({
  notice,
  language,
  testId = 'notice',
  readings,
  book = sharedSentences,
}: {
  notice: NoticeShown | undefined;
  language: Language;
  testId?: string;
  /** Readings to print over hard words (the kiosk's). */
  readings?: Readonly<Record<string, string>>;
  /** The feature's sentences, when the notice is one of them. */
  book?: SentenceBook<string>;
}) {
  if (notice === undefined) return null;
  const text = fill(
    isSentenceKey(notice.text)
      ? book.ui(notice.text as never, language)
      : sentenceFor(notice.text, language),
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
