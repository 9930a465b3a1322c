import type { Language } from '../../core/error-messages';
import { type UiKey, ui } from '../sentences/messages';

/**
 * One labelled text field of a form, with the sentence that says what is wrong with its value
 * (and how to put it right) under it when `problem` is set.
 */
export function TextField({
  language,
  label,
  name,
  value,
  onInput,
  numeric = false,
  placeholder,
  problem,
}: {
  language: Language;
  label: UiKey;
  name: string;
  value: string;
  onInput: (value: string) => void;
  numeric?: boolean;
  placeholder?: string;
  problem?: { sentence: UiKey; testId: string } | undefined;
}) {
  return (
    <>
      <label>
        {ui(label, language)}
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
          {ui(problem.sentence, language)}
        </p>
      )}
    </>
  );
}
