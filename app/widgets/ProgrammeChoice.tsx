import type { TerminalProgramme } from '../../core/api/points-counter';

/**
 * Which of the terminal's points programmes a screen is about: a select under its label, shown only
 * when there is more than one to choose from.
 */
export function ProgrammeChoice({
  label,
  name,
  programmes,
  value,
  onChoose,
}: {
  label: string;
  name: string;
  programmes: readonly TerminalProgramme[];
  value: string;
  onChoose: (code: string) => void;
}) {
  if (programmes.length < 2) return null;
  return (
    <label class="inline">
      {label}
      <select name={name} value={value} onChange={(e) => onChoose(e.currentTarget.value)}>
        {programmes.map((p) => (
          <option key={p.code} value={p.code}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
