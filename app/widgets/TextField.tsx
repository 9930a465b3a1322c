import type { Language } from '../../core/error-messages';
import { type SentenceBook, type SharedKey, sharedSentences } from '../sentences/messages';

/**
 * One labelled text field of a form, with the sentence that says what is wrong with its value
 * (and how to put it right) under it when `problem` is set.
 */
export function TextField<K extends string = never>({
  language,
  label,
  name,
  value,
  onInput,
  numeric = false,
  placeholder,
  problem,
  book = sharedSentences,
}: {
  language: Language;
  label: K | SharedKey;
  name: string;
  value: string;
  onInput: (value: string) => void;
  numeric?: boolean;
  placeholder?: string;
  problem?: { sentence: K | SharedKey; testId: string } | undefined;
  /** The feature's sentences, when the label is one of them. */
  book?: SentenceBook<K>;
}) {
  return (
    <>
      <label>
        {book.ui(label, language)}
        <input
          name={name}
          value={value}
          autocomplete="off"
          {...(numeric ? { inputMode: 'numeric' as const } : {})}
          {...(placeholder === undefined ? {} : { placeholder })}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      </label>
      {problem !== undefined && (
        <p class="notice error" data-testid={problem.testId}>
          {book.ui(problem.sentence, language)}
        </p>
      )}
    </>
  );
}
