import type { Language } from '../../core/error-messages';
import type { ReaderRoles } from '../devices/bridge-link';
import { patch, type ReceptionState } from '../store/store';
import { changeReaderRoles } from '../terminal/terminal-state';
import { ui } from './setup-sentences';

/**
 * 端末設定: which reader serves the My Number card and which the service cards, for a PC with two
 * (a contactless one for the My Number card, another for library cards), or any reader. A reader
 * chosen earlier that is unplugged now stays listed, marked, so the choice is not lost with it.
 */
export function ReaderRolesForm({
  state,
}: {
  state: Pick<ReceptionState, 'language' | 'readers' | 'readerRoles'>;
}) {
  const { language, readers, readerRoles } = state;
  const choose = (kind: keyof ReaderRoles, reader: string) => {
    const roles = { ...readerRoles, [kind]: reader === '' ? undefined : reader };
    patch({ readerRoles: roles });
    void changeReaderRoles(roles);
  };
  return (
    <fieldset class="reader-roles" data-testid="reader-roles">
      <legend>{ui('readerRolesTitle', language)}</legend>
      {(['mynumber', 'service'] as const).map((kind) => (
        <label key={kind}>
          {ui(kind === 'mynumber' ? 'readerForMyNumber' : 'readerForService', language)}
          <select
            name={`reader-${kind}`}
            value={readerRoles[kind] ?? ''}
            onChange={(event) => choose(kind, event.currentTarget.value)}
          >
            <option value="">{ui('readerAny', language)}</option>
            {options(readers, readerRoles[kind], language).map((o) => (
              <option key={o.name} value={o.name}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

function options(
  readers: ReceptionState['readers'],
  chosen: string | undefined,
  language: Language,
): Array<{ name: string; label: string }> {
  const listed = readers.map((r) => ({ name: r.name, label: r.name }));
  if (chosen !== undefined && !readers.some((r) => r.name === chosen))
    listed.push({ name: chosen, label: `${chosen} (${ui('readerUnplugged', language)})` });
  return listed;
}
